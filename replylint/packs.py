"""Compiling a language's pattern files into one matcher (a "pack").

All token patterns of a language — rules, signals, their antipatterns and per-pattern
exceptions — go into one requirement filter (requirement_filter.py: a bit per group of
required words), so a reply is scanned once and each sentence only tries the patterns that
can occur in it.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import regex

from . import pack_cache
from .languages import Language, get_language
from .pattern_files import (
    Condition,
    LanguageData,
    PatternEntry,
    PatternFile,
    PatternFileError,
    expand_defines,
    read_language_folder,
)
from .phrase_filter import PhraseFilter
from .regex_budget import CPU_BUDGET, SlowPatternError
from .regex_prefilter import RegexPrefilter
from .requirement_filter import RequirementFilter
from .token_patterns import PatternContext, PatternSyntaxError, TokenPattern, compile_pattern

__all__ = ["CompiledPattern", "LanguagePack", "Role", "SlowPatternError", "Target", "get_pack"]


class Role(Enum):
    """What a pattern's matches do."""

    MATCH = "match"  # report the target (a rule's finding, a signal's presence)
    ANTI = "antipattern"  # cancel the target's matches it overlaps
    EXCEPTION = "exception"  # cancel only its parent pattern's matches it overlaps


@dataclass(frozen=True)
class Target:
    """What a pattern looks for: a rule (``kind="rule"``) or a signal (``kind="signal"``)."""

    kind: str
    name: str

    @classmethod
    def rule(cls, name: str) -> Target:
        return cls("rule", name)

    @classmethod
    def signal(cls, name: str) -> Target:
        return cls("signal", name)


@dataclass(eq=False)  # identity: hits are grouped by the pattern object that found them
class CompiledPattern:
    target: Target
    role: Role
    entry: PatternEntry
    path: Path
    id: str  # "<lang>/<file>#<pattern id>", e.g. "en/not-my-job#only-handle"
    order: int = 0  # position in its language's files: breaks ties between equal hits the same way every run
    tokens: TokenPattern | None = None
    regex: regex.Pattern | None = None
    exceptions: list[CompiledPattern] = field(default_factory=list)
    # An antipattern's ``for:``: it drops only these patterns' matches (empty: all of its
    # target's). The patterns themselves, not ids: a team's file for the same rule may reuse an id.
    only_for: frozenset[CompiledPattern] = frozenset()

    @property
    def where(self) -> str:
        return f"{self.path}:{self.entry.line}" if self.entry.line else str(self.path)

    def slow(self, detail: str = "") -> SlowPatternError:
        """The error for a search of this pattern that ran out of its CPU budget."""
        return SlowPatternError(f"{self.where}: pattern {self.entry.source!r} took more than {CPU_BUDGET}s "
                                f"of CPU time{detail} (catastrophic backtracking?)")


@dataclass
class LanguagePack:
    """A language's compiled patterns, filed for matching."""

    language: Language
    files: list[PatternFile]
    patterns: list[CompiledPattern]  # every pattern, exceptions included
    regex_patterns: list[CompiledPattern]
    rule_unless: dict[str, list[Condition]]  # a rule file's replacement for the catalogue's conditions
    signal_unless: dict[str, list[Condition]] = field(default_factory=dict)  # a signal file's own conditions
    token_patterns: list[CompiledPattern] = field(default_factory=list)
    literals: frozenset[str] = frozenset()  # words the segmenter learns (Chinese), again when loaded from the cache
    # The one-pass structures (built once, cached with the pack): which phrase-anchored token
    # patterns a sentence text can meet (phrase_filter.py), which token patterns a sentence's
    # words and text can hold (requirement_filter.py), which regex rules a text can meet
    # (regex_prefilter.py).
    phrase_filter: PhraseFilter = field(init=False)
    requirements: RequirementFilter = field(init=False)
    regex_prefilter: RegexPrefilter = field(init=False)

    def __post_init__(self) -> None:
        self.token_patterns = [p for p in self.patterns if p.tokens is not None]
        self.phrase_filter = PhraseFilter(p.tokens for p in self.token_patterns if p.tokens is not None)
        self.requirements = RequirementFilter(self.token_patterns)
        self.regex_prefilter = RegexPrefilter([p.regex for p in self.regex_patterns if p.regex is not None],
                                              eager=pack_cache.cache_dir() is not None)

    @property
    def lang(self) -> str:
        return self.language.code


class _Compiler:
    """Compiles one language's entries, qualifying each pattern's id by its file."""

    def __init__(self, lang: str, ctx: PatternContext, defines: dict[str, str], folders: list[Path]):
        self.lang, self.ctx, self.defines, self.folders = lang, ctx, defines, folders
        self.patterns: list[CompiledPattern] = []

    def file_key(self, path: Path) -> str:
        for folder in self.folders:
            try:
                return f"{self.lang}/{path.resolve().relative_to(folder).with_suffix('').as_posix()}"
            except ValueError:
                continue
        return f"{self.lang}/{path.stem}"

    def compile(self, target: Target, role: Role, entry: PatternEntry, path: Path,
                parent_id: str | None = None, number: int = 0) -> CompiledPattern:
        own = getattr(entry, "id", None) or f"line-{entry.line}"
        pattern_id = f"{parent_id}~{number}" if parent_id else f"{self.file_key(path)}#{own}"
        compiled = CompiledPattern(target, role, entry, path, pattern_id)
        try:
            if entry.kind == "regex":
                if entry.not_after or entry.not_before:
                    raise PatternFileError(path, entry.line, "not_after / not_before are for token patterns, "
                                                             "not a regex (write a lookbehind or lookahead)")
                source = expand_defines(entry.source, self.defines, path, entry.line)
                compiled.regex = regex.compile(source, regex.I | regex.V1)
            else:
                compiled.tokens = compile_pattern(entry.source, self.ctx, entry.not_after, entry.not_before)
        except PatternSyntaxError as exc:
            raise PatternFileError(path, entry.line, f"pattern {entry.source!r}: {exc}") from None
        except regex.error as exc:
            raise PatternFileError(path, entry.line, f"regex {entry.source!r} does not compile: {exc}") from None
        compiled.order = len(self.patterns)
        self.patterns.append(compiled)
        for n, sub in enumerate(entry.unless, 1):
            compiled.exceptions.append(self.compile(target, Role.EXCEPTION, sub, path, pattern_id, n))
        return compiled


def compile_pack(lang: str, folders: list[Path], extra_lists: dict[str, list[str]],
                 known_rules: set[str]) -> LanguagePack:
    data = LanguageData(lang)
    for folder in folders:
        if folder.is_dir():
            read_language_folder(folder, data)
    for name, words in extra_lists.items():
        data.lists.setdefault(name, []).extend(words)
    language = get_language(lang)
    ctx = PatternContext(lang=lang, concatenative=language.concatenative, split_literal=language.phrase_norms,
                         lists=data.lists, forms=language.forms if language.has_morphology else None)
    compiler = _Compiler(lang, ctx, data.defines, [f.resolve() for f in folders])
    rule_unless: dict[str, list[Condition]] = {}
    signal_unless: dict[str, list[Condition]] = {}
    for pf in data.files:
        if pf.rule is not None and pf.rule not in known_rules:
            raise PatternFileError(pf.path, 1, f"unknown rule {pf.rule!r} (not in rules.yaml)")
        target = Target.rule(pf.rule) if pf.rule else Target.signal(pf.signal or "")
        if pf.rule and pf.unless is not None:
            rule_unless[pf.rule] = pf.unless
        elif pf.signal and pf.unless:
            signal_unless.setdefault(pf.signal, []).extend(pf.unless)
        by_id = {entry.id: compiler.compile(target, Role.MATCH, entry, pf.path) for entry in pf.patterns}
        for entry in pf.antipatterns:
            anti = compiler.compile(target, Role.ANTI, entry, pf.path)
            anti.only_for = frozenset(by_id[i] for i in entry.only_for)
    if ctx.literals:
        language.add_words(ctx.literals)
    regex_patterns = [cp for cp in compiler.patterns if cp.regex is not None]
    return LanguagePack(language, data.files, compiler.patterns, regex_patterns, rule_unless,
                        signal_unless, literals=frozenset(ctx.literals))


# Packs of recent configurations; a long-running process (the language server) that sees
# many configurations (each settings change with other jargon) keeps only the newest few.
MAX_CACHED_PACKS = 16
_cache: OrderedDict[tuple, LanguagePack] = OrderedDict()
_cache_locks: dict[tuple, threading.Lock] = {}
_locks_lock = threading.Lock()


def get_pack(lang: str, folders: tuple[Path, ...], extra_lists: dict[str, list[str]],
             known_rules: set[str]) -> LanguagePack:
    """A compiled pack, shared by every linter with the same pattern folders and lists.

    Each pack compiles under its own lock, so loading one language never waits for another."""
    key = (lang, folders, tuple(sorted((k, tuple(v)) for k, v in extra_lists.items())), tuple(sorted(known_rules)))
    pack = _cache.get(key)
    if pack is None:
        with _locks_lock:
            lock = _cache_locks.setdefault(key, threading.Lock())
        with lock:
            pack = _cache.get(key)
            if pack is None:
                pack = _load_or_compile(lang, folders, extra_lists, known_rules, key)
                with _locks_lock:
                    _cache[key] = pack
                    while len(_cache) > MAX_CACHED_PACKS:
                        old, _ = _cache.popitem(last=False)
                        _cache_locks.pop(old, None)
    return pack


def _load_or_compile(lang: str, folders: tuple[Path, ...], extra_lists: dict[str, list[str]],
                     known_rules: set[str], key: tuple) -> LanguagePack:
    """The pack from the disk cache (pack_cache.py) when it was compiled from the same files
    before, else compiled now and cached."""
    disk_key = pack_cache.pack_key(lang, folders, key[2], key[3])
    pack = pack_cache.load(lang, disk_key)
    if pack is not None:
        language = get_language(lang)
        pack.language = language
        if pack.literals:
            language.add_words(pack.literals)
        return pack
    pack = compile_pack(lang, list(folders), extra_lists, known_rules)
    pack_cache.store(lang, disk_key, pack)
    return pack

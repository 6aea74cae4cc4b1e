"""Compiling a language's pattern files into one fast matcher (a "pack").

All token patterns of a language — rules, signals and their antipatterns — go into
one index keyed by the words their first token can be, so a reply is scanned once
and each position only tries the patterns that can start there.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .analyzers import Analyzer, get_analyzer
from .pattern_files import (Condition, LanguageData, PatternEntry, PatternFile, PatternFileError,
                            expand_defines, read_language_folder)
from .token_patterns import PatternContext, PatternSyntaxError, TokenPattern, compile_pattern

REGEX_TIMEOUT = 0.25  # seconds per regex search: a runaway user pattern is reported, not a hang


class SlowPatternError(RuntimeError):
    """A regex pattern exceeded its time limit on some input."""


@dataclass
class CompiledEntry:
    owner: str  # "rule:<id>", "signal:<name>", "anti:<owner>", or "unless:<n>"
    entry: PatternEntry
    path: Path
    tokens: TokenPattern | None = None
    regex: regex.Pattern | None = None
    unless: list["CompiledEntry"] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.entry.line}" if self.entry.line else str(self.path)


@dataclass
class LanguagePack:
    lang: str
    analyzer: Analyzer
    files: list[PatternFile]
    entries: list[CompiledEntry]
    index: dict[str, list[CompiledEntry]]
    unindexed: list[CompiledEntry]
    regex_entries: list[CompiledEntry]
    rule_unless: dict[str, list[Condition]]
    token_entries: list[CompiledEntry] = field(default_factory=list)


def _compile_entry(owner: str, entry: PatternEntry, path: Path, ctx: PatternContext,
                   defines: dict[str, str], counter: list[int]) -> CompiledEntry:
    compiled = CompiledEntry(owner, entry, path)
    try:
        if entry.kind == "regex":
            source = expand_defines(entry.source, defines, path, entry.line)
            compiled.regex = regex.compile(source, regex.I | regex.V1)
        else:
            compiled.tokens = compile_pattern(entry.source, ctx)
    except PatternSyntaxError as exc:
        raise PatternFileError(path, entry.line, f"pattern {entry.source!r}: {exc}") from None
    except regex.error as exc:
        raise PatternFileError(path, entry.line, f"regex {entry.source!r} does not compile: {exc}") from None
    for sub in entry.unless:
        counter[0] += 1
        compiled.unless.append(_compile_entry(f"unless:{counter[0]}", sub, path, ctx, defines, counter))
    return compiled


def compile_pack(lang: str, folders: list[Path], extra_lists: dict[str, list[str]],
                 known_rules: set[str]) -> LanguagePack:
    data = LanguageData(lang)
    for folder in folders:
        if folder.is_dir():
            read_language_folder(folder, data)
    for name, words in extra_lists.items():
        data.lists.setdefault(name, []).extend(words)
    analyzer = get_analyzer(lang)
    ctx = PatternContext(lang=lang, split_literal=analyzer.phrase_norms, lists=data.lists)
    entries: list[CompiledEntry] = []
    rule_unless: dict[str, list[Condition]] = {}
    counter = [0]
    for pf in data.files:
        if pf.rule is not None and pf.rule not in known_rules:
            raise PatternFileError(pf.path, 1, f"unknown rule {pf.rule!r} (not in rules.yaml)")
        owner = f"rule:{pf.rule}" if pf.rule else f"signal:{pf.signal}"
        if pf.rule and pf.unless is not None:
            rule_unless[pf.rule] = pf.unless
        for entry in pf.patterns:
            entries.append(_compile_entry(owner, entry, pf.path, ctx, data.defines, counter))
        for entry in pf.antipatterns:
            entries.append(_compile_entry(f"anti:{owner}", entry, pf.path, ctx, data.defines, counter))
    if ctx.literals:
        analyzer.add_words(ctx.literals)
    index: dict[str, list[CompiledEntry]] = {}
    unindexed: list[CompiledEntry] = []
    regex_entries: list[CompiledEntry] = []

    def place(ce: CompiledEntry) -> None:
        if ce.regex is not None:
            regex_entries.append(ce)
        elif ce.tokens.index_keys is None:
            unindexed.append(ce)
        else:
            for key in ce.tokens.index_keys:
                index.setdefault(key, []).append(ce)

    for ce in entries:
        place(ce)
        for sub in ce.unless:
            place(sub)
    token_entries = [ce for ce in entries for ce in (ce, *ce.unless) if ce.tokens is not None]
    return LanguagePack(lang, analyzer, data.files, entries, index, unindexed, regex_entries,
                        rule_unless, token_entries)


_cache: dict[tuple, LanguagePack] = {}
_cache_lock = threading.Lock()


def get_pack(lang: str, folders: tuple[Path, ...], extra_lists: dict[str, list[str]],
             known_rules: set[str]) -> LanguagePack:
    """A compiled pack, shared by every linter with the same pattern folders and lists."""
    key = (lang, folders, tuple(sorted((k, tuple(v)) for k, v in extra_lists.items())), tuple(sorted(known_rules)))
    pack = _cache.get(key)
    if pack is None:
        with _cache_lock:
            pack = _cache.get(key)
            if pack is None:
                pack = compile_pack(lang, list(folders), extra_lists, known_rules)
                _cache[key] = pack
    return pack

"""The linter: one pipeline per reply, over rules and languages that load on first use.

    Document (masking, suppressions)
      → paragraphs and their languages            langdetect.paragraph_languages
      → sentences and raw hits, per paragraph     matching.match_paragraph (cached)
      → filters                                   filters.drop_cancelled, apply_conditions
      → diagnostics                               findings
    all gathered in one ReplyAnalysis (analysis.py), which surfaces reuse.

Which rules exist, their levels and selection come from a RuleSet (ruleset.py); each
language's compiled patterns from a pack (packs.py); everything language-specific from a
Language (languages/).
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from . import langdetect
from .analysis import Paragraph, ParagraphMatches, ReplyAnalysis, Sentence
from .config import Config
from .diagnostic import Diagnostic
from .document import Document, paragraphs
from .filters import apply_conditions, drop_cancelled
from .findings import AllowList, document_diagnostics, phrase_diagnostics, reported
from .matching import match_paragraph
from .packs import LanguagePack, Target, get_pack
from .pattern_files import Condition
from .ruleset import RuleSet

PARAGRAPH_CACHE_SIZE = 256


class Linter:
    """Reusable, thread-safe linter. Languages load on first use."""

    def __init__(self, config: Config | None = None, *, builtin_patterns: bool = True, strict: bool = True):
        """``builtin_patterns=False`` keeps the rule catalogue but uses only the configured
        pattern folders (for testing a team's own pack in isolation). ``strict`` raises
        :class:`ConfigError` for a rule the configuration names that does not exist (the
        language server passes False and warns instead)."""
        self.config = config or Config()
        self.rules = RuleSet(self.config)
        if strict:
            self.rules.validate()
        self._rule_ids = set(self.rules)
        self._builtin_patterns = builtin_patterns
        self._packs: dict[str, LanguagePack] = {}
        self._paragraph_cache = lru_cache(maxsize=PARAGRAPH_CACHE_SIZE)(self._match_paragraph)
        self._allow = AllowList(self.config.allow)

    # ----------------------------------------------------------------- languages
    def pack(self, lang: str) -> LanguagePack:
        """The compiled patterns of ``lang`` (compiled on first use, then shared)."""
        pack = self._packs.get(lang)
        if pack is None:
            builtin = (self.rules.patterns_dir / lang,) if self._builtin_patterns else ()
            folders = builtin + tuple(d / lang for d in self.config.pattern_dirs)
            pack = get_pack(lang, folders, self.config.lists.get(lang, {}), self._rule_ids)
            self._packs[lang] = pack
        return pack

    def clear_cache(self) -> None:
        """Forget cached paragraph results and language evidence (benchmarks use it to time
        unseen text: without the second, every round after the first skips detection)."""
        self._paragraph_cache.cache_clear()
        langdetect.clear_cache()

    def preload(self, langs: Iterable[str] = langdetect.LANGUAGES) -> None:
        """Load languages now rather than on first use (servers call this in the background)."""
        for lang in langs:
            self.pack(lang)

    # --------------------------------------------------------------------- lint
    def lint(self, text: str, *, lang: str | None = None) -> list[Diagnostic]:
        """Check one reply; diagnostics sorted by position."""
        if not isinstance(text, str):
            raise TypeError(f"replylint.lint() needs text as str, not {type(text).__name__}")
        _check_lang(lang)
        if not text.strip():
            return []
        return self.lint_document(Document.from_text(text), lang=lang)

    def lint_document(self, doc: Document, *, lang: str | None = None) -> list[Diagnostic]:
        """Check a reply whose masking was prepared by a file reader."""
        return self.check(doc, lang=lang).diagnostics

    def check(self, doc: Document, *, lang: str | None = None) -> ReplyAnalysis:
        """The whole pipeline for one reply; the analysis holds diagnostics and languages."""
        _check_lang(lang)
        analysis = self.analyze(doc, lang=lang)
        found = phrase_diagnostics(analysis, self.rules, self._allow) + document_diagnostics(analysis, self.rules)
        analysis.diagnostics = reported(analysis, found, self.rules)
        return analysis

    # ----------------------------------------------------------------- analysis
    def detect_languages(self, masked: str, lang: str | None) -> list[tuple[int, int, str]]:
        """(start, end, language) of each paragraph of a masked text."""
        return langdetect.paragraph_languages(masked, paragraphs(masked), lang, self.config.lang)

    def analyze(self, doc: Document, *, lang: str | None = None) -> ReplyAnalysis:
        """Paragraphs, sentences and filtered hits of one reply (no diagnostics yet)."""
        analysis = ReplyAnalysis(doc)
        for number, (start, end, block_lang) in enumerate(self.detect_languages(doc.masked, lang)):
            analysis.paragraphs.append(Paragraph(start, end, block_lang))
            local = self._paragraph_cache(block_lang, doc.masked[start:end])
            first_sentence = len(analysis.sentences)
            analysis.sentences.extend(Sentence(s + start, e + start, number) for s, e in local.sentences)
            analysis.hits.extend_shifted(local.hits, start, first_sentence)
        drop_cancelled(analysis)
        apply_conditions(analysis, self._rule_ids, self._conditions)
        return analysis

    def _match_paragraph(self, lang: str, text: str) -> ParagraphMatches:
        """Raw hits of one paragraph, offsets relative to it. Cached: an editor re-checks the
        whole reply on every pause, but usually only one paragraph has changed."""
        return match_paragraph(self.pack(lang), text)

    def _conditions(self, target: Target, lang: str) -> list[Condition]:
        """A rule's ``unless`` list from the catalogue (a language's rule file may replace it);
        a signal's from its own signal file."""
        pack = self.pack(lang)
        if target.kind == "signal":
            return pack.signal_unless.get(target.name, [])
        return pack.rule_unless.get(target.name, self.rules[target.name].unless)


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in langdetect.LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(langdetect.LANGUAGES)} or None")

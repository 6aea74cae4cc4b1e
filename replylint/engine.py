"""The linter: masks the reply, finds each paragraph's language, runs the rules.

Phrase rules report the spans their patterns match, minus antipatterns and minus
matches a rule's ``unless`` signals excuse (an alternative right after a dead end,
a concrete time beside a vague one). Document rules look at the whole reply: a
problem without an apology, a promise without a concrete time.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from dataclasses import dataclass, field

import regex

from . import langdetect
from .analyzers import normalize
from .catalogue import Rule, builtin_patterns_dir, load_catalogue
from .config import Config
from .diagnostic import Diagnostic
from .document import Document, paragraphs
from .packs import REGEX_TIMEOUT, CompiledEntry, LanguagePack, SlowPatternError, get_pack
from .token_patterns import token_keys

MIN_WORDS_FOR_OWN_LANGUAGE = 3
PARAGRAPH_CACHE_SIZE = 256
_CJK_SENTENCE = regex.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;…]+|(?=\n)|$)|[。！？!?；;…]+")
_NOTHING: frozenset = frozenset()
MIN_CONFIDENCE = 0.34


@dataclass
class Hit:
    owner: str
    entry: CompiledEntry
    start: int
    end: int
    sentence: int  # global sentence number within the reply


@dataclass
class Sentence:
    start: int
    end: int
    block: int


@dataclass
class Analysis:
    """What the patterns found in one reply, before it becomes diagnostics."""

    sentences: list[Sentence] = field(default_factory=list)
    hits: dict[str, list[Hit]] = field(default_factory=dict)  # owner -> hits
    langs: list[tuple[int, int, str]] = field(default_factory=list)  # paragraph spans

    def signal(self, name: str) -> list[Hit]:
        return self.hits.get(f"signal:{name}", [])

    def rule(self, rule: str) -> list[Hit]:
        return self.hits.get(f"rule:{rule}", [])

    def lang_at(self, offset: int) -> str:
        """The language of the paragraph at ``offset`` (paragraph spans are sorted and do not
        overlap, so a binary search: a long reply has thousands of them)."""
        i = bisect.bisect_right(self.langs, offset, key=lambda span: span[0]) - 1
        for start, end, lang in self.langs[max(i - 1, 0):i + 1]:
            if start <= offset <= end:
                return lang
        return self.langs[0][2] if self.langs else "en"


class _Spans:
    """Hits as half-open spans, to ask "does any of them overlap this one?" in O(log n)
    (a 10 MB reply has hundreds of thousands of hits: comparing each pair is too slow)."""

    def __init__(self, hits: list[Hit]):
        ordered = sorted(hits, key=lambda h: h.start)
        self.starts = [h.start for h in ordered]
        self.max_end: list[int] = []  # the furthest end among the first k spans
        furthest = -1
        for h in ordered:
            furthest = max(furthest, h.end)
            self.max_end.append(furthest)

    def overlaps(self, hit: Hit) -> bool:
        k = bisect.bisect_left(self.starts, hit.end)  # spans starting before the hit ends
        return k > 0 and self.max_end[k - 1] > hit.start


class _Places:
    """The sentences and paragraphs where a signal was found, for scope checks in O(1)."""

    def __init__(self, hits: list[Hit], sentences: list["Sentence"]):
        self.any = bool(hits)
        self.sentences = {h.sentence for h in hits}
        self.blocks = {sentences[h.sentence].block for h in hits}

    def in_scope(self, hit: Hit, scope: str, sentences: list["Sentence"]) -> bool:
        s, found = hit.sentence, self.sentences
        if scope == "sentence":
            return s in found
        if scope == "next":
            return s in found or s + 1 in found
        if scope == "previous":
            return s - 1 in found or s in found
        if scope == "around":
            return s - 1 in found or s in found or s + 1 in found
        if scope == "paragraph":
            return sentences[s].block in self.blocks
        return self.any


class Linter:
    """Reusable, thread-safe linter. Languages load on first use."""

    def __init__(self, config: Config | None = None, *, builtin_patterns: bool = True):
        """``builtin_patterns=False`` keeps the rule catalogue but uses only the
        configured pattern folders (for testing a team's own pack in isolation)."""
        self.config = config or Config()
        self._builtin_patterns = builtin_patterns
        self._patterns_dir = builtin_patterns_dir()
        self.rules: dict[str, Rule] = load_catalogue(self._patterns_dir / "rules.yaml")
        for folder in self.config.pattern_dirs:
            extra = folder / "rules.yaml"
            if extra.is_file():
                self.rules.update(load_catalogue(extra))
        self._packs: dict[str, LanguagePack] = {}
        self._paragraph_cache = lru_cache(maxsize=PARAGRAPH_CACHE_SIZE)(self._analyze_paragraph)
        allow = [normalize(a) for a in self.config.allow]
        self._allow = regex.compile(
            r"(?<!\w)(?:" + "|".join(regex.escape(a) for a in sorted(allow, key=len, reverse=True)) + r")(?!\w)"
        ) if allow else None

    # ----------------------------------------------------------------- languages
    def pack(self, lang: str) -> LanguagePack:
        """The compiled patterns of ``lang`` (compiled on first use, then shared)."""
        pack = self._packs.get(lang)
        if pack is None:
            builtin = (self._patterns_dir / lang,) if self._builtin_patterns else ()
            folders = builtin + tuple(d / lang for d in self.config.pattern_dirs)
            pack = get_pack(lang, folders, self.config.lists.get(lang, {}), set(self.rules))
            self._packs[lang] = pack
        return pack

    def clear_cache(self) -> None:
        """Forget cached paragraph results (benchmarks use it to time unseen text)."""
        self._paragraph_cache.cache_clear()

    def preload(self, langs=langdetect.LANGUAGES) -> None:
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
        _check_lang(lang)
        analysis = self.analyze(doc, lang=lang)
        diagnostics = self._phrase_diagnostics(doc, analysis) + self._document_diagnostics(doc, analysis)
        out = []
        for d in diagnostics:
            if not self.config.rule_enabled(d.rule):
                continue
            if doc.suppressions.silences(d.rule, doc.line_of(d.start)):
                continue
            out.append(d)
        out.sort(key=Diagnostic.sort_key)
        return out

    # ----------------------------------------------------------------- analysis
    def detect_languages(self, masked: str, lang: str | None) -> list[tuple[int, int, str]]:
        spans = paragraphs(masked)
        if lang:
            return [(s, e, lang) for s, e in spans]
        doc_lang, _ = langdetect.detect(masked, default=self.config.lang)
        if len(spans) == 1 and doc_lang:
            return [(spans[0][0], spans[0][1], doc_lang)]  # one paragraph: the reply's language
        out = []
        for start, end in spans:
            block = masked[start:end]
            guess, confidence = langdetect.detect(block, default=doc_lang)
            words = len(block.split()) if guess != "zh" else len(block)
            if doc_lang and (confidence < MIN_CONFIDENCE or words < MIN_WORDS_FOR_OWN_LANGUAGE):
                if langdetect.script_counts(block)[0] == 0 or doc_lang == "zh":
                    guess = doc_lang if _same_script(guess, doc_lang) else guess
            if guess:
                out.append((start, end, guess))
        return out

    def analyze(self, doc: Document, *, lang: str | None = None) -> Analysis:
        analysis = Analysis()
        analysis.langs = self.detect_languages(doc.masked, lang)
        for block_no, (start, end, block_lang) in enumerate(analysis.langs):
            self._analyze_block(doc.masked, start, end, block_lang, block_no, analysis)
        self._filter(analysis)
        return analysis

    def _analyze_block(self, masked: str, start: int, end: int, lang: str, block_no: int,
                       analysis: Analysis) -> None:
        """Add one paragraph's sentences and raw hits, shifted to where it stands in the reply."""
        local = self._paragraph_cache(lang, masked[start:end])
        base = len(analysis.sentences)
        for sentence in local.sentences:
            analysis.sentences.append(Sentence(sentence.start + start, sentence.end + start, block_no))
        for owner, hits in local.hits.items():
            analysis.hits.setdefault(owner, []).extend(
                Hit(owner, h.entry, h.start + start, h.end + start, h.sentence + base) for h in hits)

    def _analyze_paragraph(self, lang: str, text: str) -> Analysis:
        """Raw hits of one paragraph, offsets relative to it. Cached: an editor re-checks the
        whole reply on every pause, but usually only one paragraph has changed."""
        pack = self.pack(lang)
        local = Analysis()
        if lang == "zh":
            sentence_starts = self._match_chinese(pack, text, local)
        else:
            sentence_starts = self._match_tokens(pack, text, local)
        self._match_regexes(pack, text, sentence_starts, local)
        return local

    # The three matchers below see one paragraph on its own (offsets from 0, paragraph 0);
    # _analyze_block shifts what they find to where the paragraph stands in the reply.
    def _match_tokens(self, pack: LanguagePack, text: str, analysis: Analysis) -> list[int]:
        """Tokenize the paragraph, split it into sentences at sentence-ending tokens, match."""
        tokens = pack.analyzer.tokenize(text)
        bounds: list[tuple[int, int]] = []
        lo = 0
        for i, tok in enumerate(tokens):
            if tok.ends_sentence:
                bounds.append((lo, i + 1))
                lo = i + 1
        if lo < len(tokens):
            bounds.append((lo, len(tokens)))
        for lo, hi in bounds:
            sentence = len(analysis.sentences)
            analysis.sentences.append(Sentence(tokens[lo].start, tokens[hi - 1].end, 0))
            self._match_sentence(pack, tokens, lo, hi, sentence, "", analysis)
        return [tokens[lo].start for lo, _ in bounds]

    def _match_chinese(self, pack: LanguagePack, text: str, analysis: Analysis) -> list[int]:
        """Split at Chinese sentence punctuation; segment only sentences a pattern could match.

        Every Chinese pattern needs some phrase to occur in the sentence, which is a
        substring test, so jieba (the slow step) runs only where a match is possible.
        """
        starts = []
        for m in _CJK_SENTENCE.finditer(text):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s == e:
                continue
            sentence = len(analysis.sentences)
            analysis.sentences.append(Sentence(s, e, 0))
            starts.append(s)
            joined = "".join(normalize(text[s:e]).split())
            if any(ce.tokens.possible(_NOTHING, joined) for ce in pack.token_entries):
                tokens = pack.analyzer.tokenize(text[s:e], s)
                self._match_sentence(pack, tokens, 0, len(tokens), sentence, joined, analysis)
        return starts

    def _match_sentence(self, pack: LanguagePack, tokens, lo: int, hi: int, sentence: int,
                        sentence_text: str, analysis: Analysis) -> None:
        """Try the patterns that can occur in tokens[lo:hi] (one sentence)."""
        hits = analysis.hits
        index, lang_code = pack.index, pack.lang
        keys = [token_keys(tokens[i], lang_code) for i in range(lo, hi)]
        present = set().union(*keys)
        candidates: dict[int, CompiledEntry] = {id(ce): ce for ce in pack.unindexed}
        for key in present:
            for ce in index.get(key, ()):
                candidates[id(ce)] = ce
        positions: dict[str, list[int]] = {}
        for i, token_key_set in enumerate(keys, lo):
            for key in token_key_set:
                positions.setdefault(key, []).append(i)
        every_position = range(lo, hi)
        for ce in candidates.values():
            pattern = ce.tokens
            if not pattern.possible(present, sentence_text):
                continue
            first = pattern.keys
            if first is None:
                starts = every_position
            else:
                starts = sorted({i for key in first & present for i in positions[key]})
            for i in starts:
                try:
                    j = pattern.match_at(tokens, i, hi)
                except TimeoutError:
                    raise SlowPatternError(f"{ce.where}: pattern {ce.entry.source!r} took longer than "
                                           f"{REGEX_TIMEOUT}s on one word (catastrophic backtracking?)") from None
                if j is not None:
                    hits.setdefault(ce.owner, []).append(
                        Hit(ce.owner, ce, tokens[i].start, tokens[j - 1].end, sentence))

    def _match_regexes(self, pack: LanguagePack, text: str, sentence_starts: list[int],
                       analysis: Analysis) -> None:
        if not sentence_starts:
            return
        hits = analysis.hits
        for ce in pack.regex_entries:
            try:
                for m in ce.regex.finditer(text, timeout=REGEX_TIMEOUT):
                    if m.end() == m.start():
                        continue
                    pos = bisect.bisect_right(sentence_starts, m.start()) - 1
                    hits.setdefault(ce.owner, []).append(Hit(ce.owner, ce, m.start(), m.end(), max(pos, 0)))
            except TimeoutError:
                raise SlowPatternError(f"{ce.where}: pattern {ce.entry.source!r} took longer than "
                                       f"{REGEX_TIMEOUT}s (catastrophic backtracking?)") from None

    def _filter(self, analysis: Analysis) -> None:
        """Apply antipatterns and per-pattern exceptions; keep the longest of overlapping hits.

        Near-linear in the number of hits (sorted spans, sets of sentences), so a huge
        reply costs time in proportion to its size."""
        hits = analysis.hits
        spans: dict[str, _Spans] = {}

        def spans_of(owner: str) -> _Spans:
            if owner not in spans:
                spans[owner] = _Spans(hits.get(owner, []))
            return spans[owner]

        for owner in [o for o in hits if o.startswith(("rule:", "signal:"))]:
            anti = spans_of(f"anti:{owner}")
            kept = []
            for h in hits[owner]:
                if anti.overlaps(h):
                    continue
                if h.entry.unless and any(spans_of(sub.owner).overlaps(h) for sub in h.entry.unless):
                    continue
                kept.append(h)
            kept.sort(key=lambda h: (h.start, -(h.end - h.start)))
            merged: list[Hit] = []
            for h in kept:
                if merged and h.start < merged[-1].end:
                    continue
                merged.append(h)
            hits[owner] = merged
        places: dict[str, _Places] = {}

        def places_of(signal: str) -> _Places:
            if signal not in places:
                places[signal] = _Places(analysis.signal(signal), analysis.sentences)
            return places[signal]

        for owner, rule_id in [(o, o[5:]) for o in hits if o.startswith("rule:")]:
            rule = self.rules.get(rule_id)
            if rule is None:
                continue
            hits[owner] = [h for h in hits[owner] if not any(
                places_of(c.signal).in_scope(h, c.scope, analysis.sentences)
                for c in self._conditions(rule, analysis.lang_at(h.start)))]

    def _conditions(self, rule: Rule, lang: str):
        """A language's rule file may replace the catalogue's ``unless`` list."""
        return self.pack(lang).rule_unless.get(rule.id, rule.unless)

    # -------------------------------------------------------------- diagnostics
    def _level(self, rule: Rule) -> str:
        return self.config.levels.get(rule.id, rule.level)

    def _phrase_diagnostics(self, doc: Document, analysis: Analysis) -> list[Diagnostic]:
        out = []
        for rule in self.rules.values():
            if rule.kind != "phrase":
                continue
            for h in analysis.rule(rule.id):
                matched = doc.text[h.start:h.end]
                if self._allow and self._allow.search(normalize(matched)):
                    continue
                template = h.entry.entry.message or rule.message
                out.append(Diagnostic(rule.id, self._level(rule), _format(template, matched),
                                      h.start, h.end, analysis.lang_at(h.start), list(h.entry.entry.suggest)))
        return out

    def _document_diagnostics(self, doc: Document, analysis: Analysis) -> list[Diagnostic]:
        out = []
        for rule in self.rules.values():
            if rule.kind != "document":
                continue
            triggers = [h for s in rule.when for h in analysis.signal(s)]
            triggers += [h for r in rule.when_rules for h in analysis.rule(r)]
            if not triggers or any(analysis.signal(s) for s in rule.satisfied_by):
                continue
            first = min(triggers, key=lambda h: h.start)
            sentence = analysis.sentences[first.sentence]
            out.append(Diagnostic(rule.id, self._level(rule), _format(rule.message, ""),
                                  sentence.start, sentence.end, analysis.lang_at(first.start), []))
        return out


def _format(template: str, matched: str) -> str:
    shown = " ".join(matched.split())
    if len(shown) > 60:
        shown = shown[:57] + "…"
    return template.replace("{match}", shown)


def _same_script(a: str | None, b: str | None) -> bool:
    cyrillic = {"ru", "bg"}
    return a == b or (a in cyrillic and b in cyrillic)


def _check_lang(lang: str | None) -> None:
    if lang is not None and lang not in langdetect.LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(langdetect.LANGUAGES)} or None")

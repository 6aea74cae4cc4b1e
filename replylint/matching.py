"""Matching one paragraph against a language's pack: sentences, then token and regex patterns.

A paragraph is matched on its own (offsets from its start, sentences numbered from 0), so
its result can be cached and reused wherever the paragraph stands in a reply; the pipeline
shifts it into place.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence

from .analysis import Hit, Hits, ParagraphMatches
from .languages import Token
from .packs import LanguagePack
from .regex_budget import PatternBudgetExceeded, findall


def match_paragraph(pack: LanguagePack, text: str) -> ParagraphMatches:
    """Raw hits of every pattern of ``pack`` in one paragraph (no filtering yet)."""
    language = pack.language
    hits = Hits()
    sentences: list[tuple[int, int]] = []
    for number, sentence in enumerate(language.sentences(text)):
        sentences.append((sentence.start, sentence.end))
        if sentence.tokens is None and not _phrase_possible(pack, sentence.surface):
            continue  # tokenized lazily, and no pattern's phrases occur in it
        tokens = language.tokens_of(text, sentence)
        _match_sentence(pack, tokens, number, sentence.surface, hits)
    _match_regexes(pack, text, [s for s, _ in sentences], hits)
    return ParagraphMatches(sentences, hits)


def _phrase_possible(pack: LanguagePack, surface: str) -> bool:
    """Whether any token pattern's required phrases all occur in a sentence's text (one
    Aho-Corasick pass, phrase_filter.py; the same answer as asking each pattern)."""
    return pack.phrase_filter.any_possible(surface)


def _match_sentence(pack: LanguagePack, tokens: Sequence[Token], sentence: int, surface: str, hits: Hits) -> None:
    """Try the patterns that can occur in one sentence's tokens.

    The requirement filter (requirement_filter.py) gives the candidates and, per token, the
    bits that say which patterns may start there; each candidate is then run once over all its
    starts at the same time (``TokenPattern.reach``), and only a pattern that ends somewhere is
    asked start by start for its longest match and its ``[ … ]`` span."""
    if not tokens:
        return
    prefilter_keys = pack.language.prefilter_keys
    masks, candidates = pack.requirements.sentence([(prefilter_keys(t), t.norm) for t in tokens], surface)
    hi = len(tokens)
    every_position = range(hi)
    for candidate in candidates:
        start_bit = candidate.start
        starts: Sequence[int] = [i for i, m in enumerate(masks) if m & start_bit] if start_bit else every_position
        if not starts:
            continue
        cp = candidate.pattern
        pattern = cp.tokens
        assert pattern is not None
        try:
            if not pattern.reach(tokens, starts, hi):
                continue
            for i in starts:
                found = pattern.span_at(tokens, i, hi)
                if found is not None:
                    j, mark_lo, mark_hi = found
                    hits.add(Hit(cp, tokens[i].start, tokens[j - 1].end, sentence,
                                 tokens[mark_lo].start, tokens[mark_hi - 1].end))
        except PatternBudgetExceeded:
            raise cp.slow(" on one word") from None


def _match_regexes(pack: LanguagePack, text: str, sentence_starts: list[int], hits: Hits) -> None:
    if not sentence_starts:
        return
    patterns = pack.regex_patterns
    for k in pack.regex_prefilter.candidates(text):  # only the rules that can match (regex_prefilter.py)
        cp = patterns[k]
        assert cp.regex is not None
        try:
            for m in findall(cp.regex, text):
                if m.end() == m.start():
                    continue
                pos = bisect.bisect_right(sentence_starts, m.start()) - 1
                mark = m.span("mark") if "mark" in m.re.groupindex and m.start("mark") >= 0 else m.span()
                hits.add(Hit(cp, m.start(), m.end(), max(pos, 0), *mark))
        except PatternBudgetExceeded:
            raise cp.slow() from None

"""The straightforward matcher the compiled one is checked against (tests only).

Every sentence is tokenized, every token pattern is asked at every token position with its
plain one-start reader (``TokenPattern.match_span``, built on ``Node.ends``), and every regex
rule is searched in every paragraph: no requirement filter, no anchored starts, no
set-at-a-time runs, no phrase or regex prefilter. ``tests/test_compiled_matcher.py`` compares
:func:`replylint.matching.match_paragraph` with this on random texts, the dev set and the pattern
examples: the hits must be identical. Kept deliberately simple and slow; nothing in the linter
calls it.
"""
from __future__ import annotations

import bisect

from .analysis import Hit, Hits, ParagraphMatches
from .packs import LanguagePack
from .regex_budget import findall


def reference_match_paragraph(pack: LanguagePack, text: str) -> ParagraphMatches:
    """Raw hits of every pattern of ``pack`` in one paragraph, every pattern asked everywhere."""
    language = pack.language
    hits = Hits()
    sentences: list[tuple[int, int]] = []
    for number, sentence in enumerate(language.sentences(text)):
        sentences.append((sentence.start, sentence.end))
        tokens = language.tokens_of(text, sentence)
        hi = len(tokens)
        for cp in pack.patterns:
            if cp.tokens is None:
                continue
            for i in range(hi):
                found = cp.tokens.match_span(tokens, i, hi)
                if found is not None:
                    j, mark_lo, mark_hi = found
                    hits.add(Hit(cp, tokens[i].start, tokens[j - 1].end, number,
                                 tokens[mark_lo].start, tokens[mark_hi - 1].end))
    starts = [s for s, _ in sentences]
    if starts:
        for cp in pack.patterns:
            if cp.regex is None:
                continue
            for m in findall(cp.regex, text):
                if m.end() == m.start():
                    continue
                pos = bisect.bisect_right(starts, m.start()) - 1
                mark = m.span("mark") if "mark" in m.re.groupindex and m.start("mark") >= 0 else m.span()
                hits.add(Hit(cp, m.start(), m.end(), max(pos, 0), *mark))
    return ParagraphMatches(sentences, hits)

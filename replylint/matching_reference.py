"""The straightforward matcher the one-pass prefilters are checked against (tests only).

This is the matching path as it was before the prefilters: every token pattern is asked in
turn whether a lazily tokenized sentence's text can hold it, and every regex rule is searched
in every paragraph. ``tests/test_compiled_matcher.py`` compares :func:`match_paragraph`
(matching.py) with this on random texts, the dev set and the pattern examples: the hits must be
identical. Kept deliberately simple and slow; nothing in the linter calls it.
"""
from __future__ import annotations

import bisect

from .analysis import Hit, Hits, ParagraphMatches
from .matching import _match_sentence
from .packs import LanguagePack
from .regex_budget import findall

_NOTHING: frozenset[str] = frozenset()


def reference_match_paragraph(pack: LanguagePack, text: str) -> ParagraphMatches:
    """Raw hits of every pattern of ``pack`` in one paragraph, without any one-pass prefilter."""
    language = pack.language
    hits = Hits()
    sentences: list[tuple[int, int]] = []
    for number, sentence in enumerate(language.sentences(text)):
        sentences.append((sentence.start, sentence.end))
        if sentence.tokens is None and not any(p.tokens.possible(_NOTHING, sentence.surface)
                                               for p in pack.token_patterns if p.tokens is not None):
            continue
        _match_sentence(pack, language.tokens_of(text, sentence), number, sentence.surface, hits)
    starts = [s for s, _ in sentences]
    if starts:
        for cp in pack.regex_patterns:
            assert cp.regex is not None
            for m in findall(cp.regex, text):
                if m.end() == m.start():
                    continue
                pos = bisect.bisect_right(starts, m.start()) - 1
                mark = m.span("mark") if "mark" in m.re.groupindex and m.start("mark") >= 0 else m.span()
                hits.add(Hit(cp, m.start(), m.end(), max(pos, 0), *mark))
    return ParagraphMatches(sentences, hits)

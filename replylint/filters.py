"""Dropping hits that should not count: antipatterns, per-pattern exceptions, overlaps,
and a rule's ``unless`` conditions (a signal found in a scope around the hit).

Near-linear in the number of hits (sorted spans, sets of sentences), so a huge reply
costs time in proportion to its size.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable

import regex

from .analysis import Hit, ReplyAnalysis
from .packs import CompiledPattern, Target
from .pattern_files import Condition

# The conditions that apply to a target's hit in a language (a rule's come from the
# catalogue, which a language's rule file may replace; a signal's from its signal file).
ConditionsFor = Callable[[Target, str], list[Condition]]


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
        return self.overlaps_range(hit.start, hit.end)

    def overlaps_range(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)  # spans starting before the range ends
        return k > 0 and self.max_end[k - 1] > start


# Where a clause ends inside a sentence (``scope: clause``): a semicolon, a colon or an em
# dash, full-width too (zh ；：). A colon between digits is a time or a ratio ("10:30"), not a
# clause end. Only conditions use this: sentences are still split as before for matching.
CLAUSE_END = regex.compile(r"[;—；：]|(?<!\d):|:(?!\d)")


class _Clauses:
    """The clause ends of the reply's sentences, found on first use of each sentence (only
    sentences that hold both a hit and the signal are ever asked about)."""

    def __init__(self, analysis: ReplyAnalysis):
        self.analysis = analysis
        self.ends: dict[int, list[int]] = {}

    def bounds(self, sentence: int, start: int, end: int) -> tuple[int, int]:
        """The part of the sentence from the clause where ``start`` is to the clause where
        ``end`` is (a match that runs over a clause end covers both clauses)."""
        s = self.analysis.sentences[sentence]
        ends = self.ends.get(sentence)
        if ends is None:
            text = self.analysis.document.masked
            ends = self.ends[sentence] = [m.start() for m in CLAUSE_END.finditer(text, s.start, s.end)]
        lo = bisect.bisect_left(ends, start)  # clause ends before the hit starts
        hi = bisect.bisect_left(ends, end)
        return (ends[lo - 1] + 1 if lo else s.start), (ends[hi] if hi < len(ends) else s.end)


class _Places:
    """The sentences and paragraphs where a signal was found, for scope checks in O(1)."""

    def __init__(self, hits: list[Hit], analysis: ReplyAnalysis, clauses: _Clauses):
        self.any = bool(hits)
        self.sentences = {h.sentence for h in hits}
        self.paragraphs = {analysis.sentence_block(h.sentence) for h in hits}
        self.clauses = clauses
        self.hits = hits
        self._spans: _Spans | None = None  # the signal's hits as spans, for scope: clause

    def in_scope(self, hit: Hit, scope: str, analysis: ReplyAnalysis) -> bool:
        s, found = hit.sentence, self.sentences
        if scope == "sentence":
            return s in found
        if scope == "clause":
            return s in found and self._in_clause(hit)
        if scope == "next":
            return s in found or s + 1 in found
        if scope == "previous":
            return s - 1 in found or s in found
        if scope == "around":
            return s - 1 in found or s in found or s + 1 in found
        if scope == "paragraph":
            return analysis.sentence_block(s) in self.paragraphs
        return self.any

    def _in_clause(self, hit: Hit) -> bool:
        """Whether one of the signal's hits overlaps the clause (or clauses) of ``hit``."""
        if self._spans is None:
            self._spans = _Spans(self.hits)
        return self._spans.overlaps_range(*self.clauses.bounds(hit.sentence, hit.start, hit.end))


def drop_cancelled(analysis: ReplyAnalysis) -> None:
    """Drop matches overlapped by their target's antipatterns or by their own pattern's
    exceptions; of overlapping matches of one target keep the longest (then the first)."""
    hits = analysis.hits
    exception_spans: dict[object, _Spans] = {}

    def exception_overlaps(hit: Hit) -> bool:
        for exception in hit.pattern.exceptions:
            if exception not in exception_spans:
                exception_spans[exception] = _Spans(hits.exceptions.get(exception, []))
            if exception_spans[exception].overlaps(hit):
                return True
        return False

    for target, found in hits.matches.items():
        anti_hits = hits.anti.get(target, [])
        anti = _Spans([h for h in anti_hits if not h.pattern.only_for])
        scoped = _scoped_spans(anti_hits)
        kept = [h for h in found if not anti.overlaps(h) and not (h.pattern.exceptions and exception_overlaps(h))
                and not (scoped and h.pattern in scoped and scoped[h.pattern].overlaps(h))]
        # Longest first; between equal spans the earlier pattern (candidates come from a set,
        # whose order changes from run to run, and patterns may underline different words).
        kept.sort(key=lambda h: (h.start, -(h.end - h.start), h.pattern.order))
        merged: list[Hit] = []
        for h in kept:
            if merged and h.start < merged[-1].end:
                continue
            merged.append(h)
        hits.matches[target] = merged


def _scoped_spans(anti_hits: list[Hit]) -> dict[CompiledPattern, _Spans]:
    """The hits of antipatterns with ``for:``, by each pattern they drop."""
    by_pattern: dict[CompiledPattern, list[Hit]] = {}
    for h in anti_hits:
        for pattern in h.pattern.only_for:
            by_pattern.setdefault(pattern, []).append(h)
    return {pattern: _Spans(found) for pattern, found in by_pattern.items()}


def apply_conditions(analysis: ReplyAnalysis, known_rules: set[str], conditions_for: ConditionsFor) -> None:
    """Drop a target's hits where one of its ``unless`` signals is in scope: signals first
    (an invitation that waits on the customer is no promise), then rules, which see the
    signals as they are left."""
    matches = analysis.hits.matches
    signals = sorted((t for t in matches if t.kind == "signal"), key=lambda t: t.name)
    rules = [t for t in matches if t.kind == "rule" and t.name in known_rules]
    for stage in (signals, rules):
        _apply_stage(analysis, stage, conditions_for)


def _apply_stage(analysis: ReplyAnalysis, targets: list[Target], conditions_for: ConditionsFor) -> None:
    """One stage of :func:`apply_conditions`; signal places are computed once per stage."""
    matches = analysis.hits.matches
    places: dict[str, _Places] = {}
    clauses = _Clauses(analysis)

    def places_of(signal: str) -> _Places:
        if signal not in places:
            places[signal] = _Places(analysis.signal(signal), analysis, clauses)
        return places[signal]

    def holds(c: Condition, h: Hit) -> bool:
        if c.combine == "all":
            return all(holds(part, h) for part in c.parts)
        if c.combine == "any":
            return any(holds(part, h) for part in c.parts)
        return places_of(c.signal).in_scope(h, c.scope, analysis)

    for target in targets:
        matches[target] = [h for h in matches[target] if not any(
            holds(c, h) for c in conditions_for(target, analysis.lang_at(h.start)))]

"""The typed values that pass between the stages of checking one reply.

    Document ──paragraphs──▶ Paragraph[] ──sentences/matching──▶ Hits ──filters──▶ Hits
             ──findings──▶ Diagnostic[]        (all gathered in a ReplyAnalysis)

Offsets are always into the whole reply (the masked text has the original's length).
"""
from __future__ import annotations

import bisect
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TypeVar

from .diagnostic import Diagnostic
from .document import Document
from .packs import CompiledPattern, Role, Target

_Key = TypeVar("_Key", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    lang: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index into ReplyAnalysis.paragraphs


@dataclass(slots=True)  # not frozen: a reply makes many hits, and frozen dataclasses are slow to build
class Hit:
    """One match of one pattern. ``start``/``end`` span the whole match (what overlaps are
    judged on); ``mark_start``/``mark_end`` the part a finding underlines (the pattern's
    marker, else the whole match)."""

    pattern: CompiledPattern
    start: int
    end: int
    sentence: int  # index into ReplyAnalysis.sentences
    mark_start: int
    mark_end: int

    def shifted(self, chars: int, sentences: int) -> Hit:
        return Hit(self.pattern, self.start + chars, self.end + chars, self.sentence + sentences,
                   self.mark_start + chars, self.mark_end + chars)


@dataclass
class Hits:
    """Hits by what found them: a target's matches, its antipatterns', and each exception
    pattern's (exceptions cancel only their parent pattern's matches)."""

    matches: dict[Target, list[Hit]] = field(default_factory=dict)
    anti: dict[Target, list[Hit]] = field(default_factory=dict)
    exceptions: dict[CompiledPattern, list[Hit]] = field(default_factory=dict)

    def add(self, hit: Hit) -> None:
        pattern = hit.pattern
        if pattern.role is Role.MATCH:
            self.matches.setdefault(pattern.target, []).append(hit)
        elif pattern.role is Role.ANTI:
            self.anti.setdefault(pattern.target, []).append(hit)
        else:
            self.exceptions.setdefault(pattern, []).append(hit)

    def extend_shifted(self, other: Hits, chars: int, sentences: int) -> None:
        _extend_shifted(self.matches, other.matches, chars, sentences)
        _extend_shifted(self.anti, other.anti, chars, sentences)
        _extend_shifted(self.exceptions, other.exceptions, chars, sentences)

    def of(self, target: Target) -> list[Hit]:
        return self.matches.get(target, [])


def _extend_shifted(mine: dict[_Key, list[Hit]], theirs: dict[_Key, list[Hit]], chars: int, sentences: int) -> None:
    """Add ``theirs`` to ``mine``, each hit moved by ``chars`` characters and ``sentences`` sentences."""
    for key, hits in theirs.items():
        mine.setdefault(key, []).extend(h.shifted(chars, sentences) for h in hits)


@dataclass
class ParagraphMatches:
    """What matching found in one paragraph on its own (offsets from its start)."""

    sentences: list[tuple[int, int]]
    hits: Hits


@dataclass
class ReplyAnalysis:
    """Everything checking one reply found, for surfaces that need more than diagnostics
    (statistics want the reply's languages; the examples checker wants signals)."""

    document: Document
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    hits: Hits = field(default_factory=Hits)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # diagnostics of enabled rules that an inline directive silenced (for unused-suppression reports)
    silenced: list[Diagnostic] = field(default_factory=list)

    def signal(self, name: str) -> list[Hit]:
        return self.hits.of(Target.signal(name))

    def rule_hits(self, rule: str) -> list[Hit]:
        return self.hits.of(Target.rule(rule))

    def lang_at(self, offset: int) -> str:
        """The language of the paragraph at ``offset`` (paragraphs are sorted and do not
        overlap, so a binary search: a long reply has thousands of them)."""
        paragraphs = self.paragraphs
        i = bisect.bisect_right(paragraphs, offset, key=lambda p: p.start) - 1
        for p in paragraphs[max(i - 1, 0):i + 1]:
            if p.start <= offset <= p.end:
                return p.lang
        return paragraphs[0].lang if paragraphs else "en"

    def main_language(self) -> str | None:
        """The language covering most of the reply (for statistics)."""
        sizes: dict[str, int] = {}
        for p in self.paragraphs:
            sizes[p.lang] = sizes.get(p.lang, 0) + p.end - p.start
        return max(sizes, key=lambda k: sizes[k]) if sizes else None

    def sentence_block(self, sentence: int) -> int:
        return self.sentences[sentence].paragraph

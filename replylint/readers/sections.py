"""Splitting a document file (Markdown, HTML) into the replies it holds.

A team that keeps canned responses in one Markdown or HTML file writes one reply per section.
Linting the whole file as one reply lets one section's apology or time hide another's missing
one, so the file is cut where the readers find a *split point*:

* a heading of the **split level**: the shallowest heading level that occurs at least twice
  (``# Refund`` … ``# Shipping``, or ``## Refund`` … ``## Shipping`` under a ``# Title``). A
  file with a single heading of each level is one reply with a title, not a collection;
* a thematic break (``---`` in Markdown, ``<hr>`` in HTML).

Each part is a reply named by its heading (``part N`` after a break). The heading itself is
the reply's name, not its text, so it is masked (headings shallower than the split level, the
file's title, too). Text before the first split point is a reply of its own when it holds more
than titles. ``split = "none"`` in the configuration keeps every file whole.

The readers give the text to lint (for HTML: tags kept, entities decoded, script/style blanked)
with the source offset of each character; this module only cuts it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..document import Document
from ..positions import LineIndex, SourceMap
from ..suppressions import find_directives
from . import Reply

PREAMBLE = "(preamble)"


@dataclass(frozen=True)
class Heading:
    """A heading in the extracted text: its level, name, and the span to mask."""

    level: int
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Break:
    """A thematic break: the next part starts at ``end``."""

    start: int
    end: int


@dataclass
class Extracted:
    """The text a reader extracted from a file, and where each character came from."""

    text: str
    starts: Sequence[int]  # source offset of each character of ``text``
    ends: Sequence[int]
    headings: list[Heading] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)
    masks: list[tuple[int, int]] = field(default_factory=list)  # always masked (e.g. front matter)


def split_level(headings: Sequence[Heading]) -> int | None:
    """The shallowest heading level that occurs at least twice (None: no heading splits)."""
    counts: dict[int, int] = {}
    for h in headings:
        counts[h.level] = counts.get(h.level, 0) + 1
    repeated = [level for level, n in counts.items() if n >= 2]
    return min(repeated) if repeated else None


def file_rules(text: str) -> frozenset[str] | None:
    """What ``replylint-disable-file`` directives anywhere in the file silence, so that each
    part of a split file honours them (None: every rule)."""
    rules: frozenset[str] | None = frozenset()
    for d in find_directives(text):
        if d.verb == "disable" and d.scope == "file":
            rules = None if rules is None or d.rules is None else rules | d.rules
    return rules


def split_replies(path: str, source: str, extracted: Extracted, split: str = "headings") -> list[Reply]:
    """The replies of one document file: one per part, or the whole text when it does not split."""
    index = LineIndex(source)
    text = extracted.text
    level = split_level(extracted.headings) if split == "headings" else None
    breaks = extracted.breaks if split == "headings" else []
    if level is None and not breaks:
        return [_part(path, index, extracted, 0, len(text), "", list(extracted.masks), frozenset())]
    # (start of the part, its name, the heading span to mask)
    cuts: list[tuple[int, str | None, tuple[int, int] | None]] = []
    title_masks = [(h.start, h.end) for h in extracted.headings if level is not None and h.level < level]
    for h in extracted.headings:
        if h.level == level:
            cuts.append((h.start, h.name, (h.start, h.end)))
    for b in breaks:
        cuts.append((b.end, None, (b.start, b.end)))
    cuts.sort(key=lambda c: c[0])
    silenced = file_rules(source)
    bounds = [(0, PREAMBLE, None), *cuts]
    replies: list[Reply] = []
    for number, (start, name, own_mask) in enumerate(bounds):
        end = bounds[number + 1][0] if number + 1 < len(bounds) else len(text)
        if own_mask is not None and own_mask[0] < start:  # a break: its own line ends the previous part
            start = own_mask[1]
        if number + 1 < len(bounds):
            next_mask = bounds[number + 1][2]
            if next_mask is not None and next_mask[0] < end:
                end = next_mask[0]
        masks = [m for m in (*extracted.masks, *title_masks, *([own_mask] if own_mask else []))
                 if m[0] < end and m[1] > start]
        part_name = name if name else f"part {number}" if number else PREAMBLE
        reply = _part(path, index, extracted, start, end, part_name, masks, silenced)
        if _has_text(reply):
            replies.append(reply)
    return replies


def _has_text(reply: Reply) -> bool:
    """Whether anything is left to lint once tags, comments and titles are masked."""
    return bool(Document.from_text(reply.text, extra_masks=reply.masks).masked.strip())


def _part(path: str, index: LineIndex, extracted: Extracted, start: int, end: int, name: str,
          masks: list[tuple[int, int]], silenced: frozenset[str] | None) -> Reply:
    source_map = SourceMap(index, extracted.starts[start:end], extracted.ends[start:end],
                           extracted.starts[start] if start < len(extracted.starts) else
                           (extracted.ends[-1] if len(extracted.ends) else 0))
    local = [(max(a, start) - start, min(b, end) - start) for a, b in masks]
    return Reply(path=path, text=extracted.text[start:end], locate=source_map.start, locate_end=source_map.end,
                 name=name, masks=local, file_rules=silenced)

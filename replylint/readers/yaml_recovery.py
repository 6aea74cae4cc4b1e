"""Reading osTicket's own language packs, which are not quite YAML.

osTicket's ``premade.yaml`` in bg, ru and zh-CN has a line that starts at column 0 with a
placeholder inside an indented block scalar::

    response: |
      Ваша заявка #%{ticket.number} создана %{ticket.create_date} в отделе
    %{ticket.dept.name} department.

A YAML parser must refuse it (``%`` at the start of a line is a directive), and PyYAML does, so
the whole file used to be skipped. osTicket's loader reads the line as text of the block, as a
person reading the file does. :func:`recover` does the same: when parsing fails on such a line,
it is indented like the line above it and parsing is tried again. Only lines the parser refused
are touched, so a valid file is never changed; each recovered line is reported as a warning.
The added blanks are indentation (never part of a value), and :class:`Inserted` maps offsets in
the mended text back to the file.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

MAX_RECOVERED_LINES = 100
_PLACEHOLDER_LINE = regex.compile(r"%\{")


@dataclass
class Inserted:
    """Blanks inserted into a text: ``at`` (offsets in the mended text), ``counts`` per place."""

    at: list[int] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)  # running total of blanks up to each place
    lines: list[int] = field(default_factory=list)  # 1-based lines of the file that were mended

    def original(self, offset: int) -> int:
        """The file's offset of ``offset`` in the mended text."""
        k = bisect.bisect_right(self.at, offset)
        return offset - (self.counts[k - 1] if k else 0)


def _line_start(text: str, offset: int) -> int:
    """Where the line holding ``offset`` starts (any YAML line break ends a line)."""
    return max(text.rfind(c, 0, offset) for c in "\r\n\x85\u2028\u2029") + 1


def mend(text: str, offset: int, inserted: Inserted) -> str | None:
    """``text`` with the line at ``offset`` (a ``%{`` placeholder at column 0, where the parser
    stopped) indented like the nearest non-blank line above it; None when it is not such a line."""
    if len(inserted.lines) >= MAX_RECOVERED_LINES:
        return None
    start = _line_start(text, offset)
    if start == 0 or not _PLACEHOLDER_LINE.match(text, start):
        return None
    above = text[:start].rstrip("\r\n ").rsplit("\n", 1)[-1]
    indent = above[:len(above) - len(above.lstrip(" "))]
    if not indent:
        return None
    # record in mended-text offsets: everything after ``start`` moves by len(indent)
    total = (inserted.counts[-1] if inserted.counts else 0) + len(indent)
    k = bisect.bisect_right(inserted.at, start)
    inserted.at.insert(k, start + len(indent))
    inserted.counts.insert(k, total)
    for i in range(k + 1, len(inserted.at)):  # later places shift too (mending goes top-down in practice)
        inserted.at[i] += len(indent)
        inserted.counts[i] += len(indent)
    inserted.lines.append(text.count("\n", 0, start) + 1)
    return text[:start] + indent + text[start:]

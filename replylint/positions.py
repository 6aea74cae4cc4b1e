"""The one place that converts offsets.

Diagnostics carry Python ``str`` offsets. Text reporters want 1-based line and
column (counted in characters), the language server wants UTF-16 or UTF-8 code
units, and readers of structured files want a position in the source file. All of
those conversions live here so no surface re-implements them.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Protocol


class LineIndex:
    """Maps string offsets to (line, column) and back, for one text."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            self.line_starts.append(i + 1)
            i = find("\n", i + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        """0-based line and 0-based character column of ``offset``."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line, offset - self.line_starts[line]

    def offset(self, line: int, col: int) -> int:
        """Inverse of :meth:`line_col` (clamped to the text)."""
        if line < 0:
            return 0
        if line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.text)
        return min(start + max(col, 0), end)

    def line_text(self, line: int) -> str:
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end]


def code_units(text: str, encoding: str = "utf-16") -> int:
    """Length of ``text`` in the code units of ``encoding`` (utf-16, utf-8 or utf-32)."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def char_to_units(line_text: str, col: int, encoding: str = "utf-16") -> int:
    """Convert a character column in ``line_text`` to a code-unit column."""
    return code_units(line_text[:col], encoding)


def units_to_char(line_text: str, units: int, encoding: str = "utf-16") -> int:
    """Convert a code-unit column to a character column (clamped, never mid-character)."""
    if encoding == "utf-32":
        return max(0, min(units, len(line_text)))
    count = 0
    for i, ch in enumerate(line_text):
        width = code_units(ch, encoding)
        if count + width > units:
            return i
        count += width
    return len(line_text)


class Lines(Protocol):
    """What a :class:`SourceMap` needs of its file: (0-based line, column) of an offset.
    A :class:`LineIndex`, or a reader's lighter stand-in (a CSV row counted from its own line)."""

    def line_col(self, offset: int) -> tuple[int, int]: ...


class SourceMap:
    """Where each character of a string taken out of a file (a YAML scalar, an escaped
    JSON string, a CSV field) sits in that file.

    ``starts[i]``/``ends[i]`` are the source offsets where character ``i`` of the
    extracted string begins and ends (``\\n`` in JSON is one character spanning two
    source characters). Lines and columns come back 1-based, columns in characters.
    """

    def __init__(self, index: Lines, starts: Sequence[int], ends: Sequence[int], empty_at: int = 0):
        self.index = index
        self.starts = starts
        self.ends = ends
        self.empty_at = empty_at  # source offset an empty string points at

    @classmethod
    def identity(cls, index: Lines, start: int, end: int) -> SourceMap:
        """A string copied verbatim from ``source[start:end]``."""
        return cls(index, range(start, end), range(start + 1, end + 1), start)  # ranges: no memory per character

    def _line_col(self, source_offset: int) -> tuple[int, int]:
        line, col = self.index.line_col(source_offset)
        return line + 1, col + 1

    def start(self, offset: int) -> tuple[int, int]:
        """Source (line, column) of the character at ``offset`` (clamped)."""
        if not self.starts:
            return self._line_col(self.empty_at)
        if offset >= len(self.starts):
            return self._line_col(self.ends[-1])
        return self._line_col(self.starts[max(offset, 0)])

    def end(self, offset: int) -> tuple[int, int]:
        """Source (line, column) just after the character before ``offset``: an exclusive end."""
        if not self.starts:
            return self._line_col(self.empty_at)
        if offset <= 0:
            return self._line_col(self.starts[0])
        return self._line_col(self.ends[min(offset, len(self.ends)) - 1])



# ------------------------------------------------------------ language server
# LSP positions are (0-based line, column in code units of the negotiated
# encoding: "utf-16" by default, "utf-8" or "utf-32" when agreed).


def to_lsp_position(index: LineIndex, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
    """String offset -> LSP (line, code-unit column)."""
    line, col = index.line_col(offset)
    return line, char_to_units(index.line_text(line), col, encoding)


def from_lsp_position(index: LineIndex, line: int, units: int, encoding: str = "utf-16") -> int:
    """LSP (line, code-unit column) -> string offset (clamped to the text, never mid-character)."""
    if line < 0:
        return 0
    if line >= len(index.line_starts):
        return len(index.text)
    return index.offset(line, units_to_char(index.line_text(line), units, encoding))


def line_count(index: LineIndex) -> int:
    """Number of lines (a text ending in a newline has an empty last line)."""
    return len(index.line_starts)

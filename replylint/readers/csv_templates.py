"""CSV and TSV files of saved replies, with a header row (``.csv``, ``.tsv``).

The reply column is ``--column NAME`` or the first header among ``reply``, ``response``,
``body``, ``text``, ``message`` (then the configured template keys). Each non-empty
cell of that column is a reply, named by the row's ``title``/``name``/``subject`` cell
or ``row N``. ``.tsv`` is tab-separated; a ``.csv`` file's delimiter is the one of
``, ; | TAB`` that occurs most in its header line. Quoted fields (``""`` for a quote,
line breaks inside) are scanned here rather than by :mod:`csv`, to keep every
character's position in the file.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..positions import LineIndex, Lines, SourceMap
from . import ReaderError, ReadSettings, Reply, register, register_parts

GUESSED_COLUMNS = ("reply", "response", "body", "text", "message")
TITLE_COLUMNS = ("title", "name", "subject")


@dataclass
class Field:
    start: int  # source span of the field, quotes included
    end: int
    quoted: bool

    def value(self, source: str) -> str:
        if not self.quoted:
            return source[self.start:self.end]
        return source[self.start + 1:self.end - 1].replace('""', '"')

    def source_map(self, source: str, index: Lines) -> SourceMap:
        if not self.quoted:
            return SourceMap.identity(index, self.start, self.end)
        starts = array("q")  # 8 bytes per character, not a list of int objects
        ends = array("q")
        i, stop = self.start + 1, self.end - 1
        while i < stop:
            width = 2 if source.startswith('""', i) else 1
            starts.append(i)
            ends.append(i + width)
            i += width
        return SourceMap(index, starts, ends, self.start + 1)


def _line(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def scan(source: str, delimiter: str, start: int = 0, stop: int | None = None) -> Iterator[list[Field]]:
    """Records of ``source`` one at a time (blank lines skipped), those that begin in
    ``[start, stop)`` (both at record starts: a :class:`Part`'s bounds); raises
    :class:`ReaderError` on a quoted field that never closes or text right after a closing quote."""
    i, n = start, len(source)
    stop = n if stop is None else stop
    while i < stop:
        if source[i] in "\r\n":  # blank line
            i += 1
            continue
        row: list[Field] = []
        while True:
            if i < n and source[i] == '"':
                j = i + 1
                while True:
                    close = source.find('"', j)
                    if close < 0:
                        raise ReaderError("invalid CSV: a quoted field is never closed", _line(source, i),
                                          i - source.rfind("\n", 0, i))
                    if source.startswith('""', close):
                        j = close + 2
                        continue
                    break
                row.append(Field(i, close + 1, True))
                i = close + 1
                if i < n and source[i] not in delimiter + "\r\n":
                    raise ReaderError(f"invalid CSV: {source[i]!r} right after a closing quote",
                                      _line(source, i), i - source.rfind("\n", 0, i))
            else:
                j = i
                while j < n and source[j] != delimiter and source[j] not in "\r\n":
                    j += 1
                row.append(Field(i, j, False))
                i = j
            if i < n and source[i] == delimiter:
                i += 1
                continue
            break
        if i < n and source[i] == "\r":
            i += 1
        if i < n and source[i] == "\n":
            i += 1
        yield row


def guess_delimiter(source: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    end = source.find("\n")
    header = source if end < 0 else source[:end]  # not split(): that copies the rest of the file
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _names(header: list[str]) -> str:
    """The header's column names for a one-line message (odd characters shown escaped)."""
    return ", ".join(h if h.isprintable() else repr(h) for h in header)


def _column_index(header: list[str], settings: ReadSettings) -> int:
    names = [h.strip().lower() for h in header]
    if settings.column is not None:
        wanted = settings.column.strip().lower()
        if wanted in names:
            return names.index(wanted)
        raise ReaderError(f"no column {settings.column!r} (columns: {_names(header)})", 1)
    for candidate in GUESSED_COLUMNS + tuple(k.lower() for k in settings.keys):
        if candidate in names:
            return names.index(candidate)
    raise ReaderError(f"cannot tell which column holds the replies; name it with --column "
                      f"(columns: {_names(header)})", 1)


@dataclass(frozen=True)
class Part:
    """A run of rows of one CSV/TSV file, for one worker (``--jobs``): ``[start, stop)`` are
    character offsets of record starts, ``first`` the number of its first row (``row N``)."""

    start: int
    stop: int
    first: int
    line: int  # 0-based line of ``start``, and the offset where that line begins
    line_start: int


@dataclass(frozen=True)
class _Layout:
    delimiter: str
    header: list[str]
    column: int
    title_col: int | None


def _layout(path: Path, text: str, settings: ReadSettings) -> tuple[_Layout, Iterator[list[Field]]] | None:
    """The file's header (which column holds the replies) and the records after it; None for an empty file."""
    delimiter = guess_delimiter(text, path.suffix.lower())
    rows = scan(text, delimiter)
    first = next(rows, None)
    if first is None:
        return None
    header = [f.value(text) for f in first]
    column = _column_index(header, settings)
    lowered = [h.strip().lower() for h in header]
    title_col = next((lowered.index(c) for c in TITLE_COLUMNS if c in lowered), None)
    return _Layout(delimiter, header, column, title_col), rows


def _check_width(text: str, row: list[Field], header: list[str]) -> None:
    if len(row) != len(header):
        line = _line(text, row[0].start)
        raise ReaderError(f"invalid CSV: {len(row)} fields, but the header has {len(header)}", line)


class _RowLines:
    """Line and column of offsets in one row, counted from the row's own line: what a
    :class:`LineIndex` of the whole file would say, without a line table that grows with
    the file (a reply is located only when it has a finding)."""

    __slots__ = ("text", "line", "line_start")

    def __init__(self, text: str, line: int, line_start: int):
        self.text, self.line, self.line_start = text, line, line_start

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        if offset < self.line_start:  # pragma: no cover - a row's spans start in the row
            return LineIndex(self.text).line_col(offset)
        newlines = self.text.count("\n", self.line_start, offset)
        if not newlines:
            return self.line, offset - self.line_start
        return self.line + newlines, offset - self.text.rfind("\n", self.line_start, offset) - 1


class _LineCounter:
    """The line of each record start, counted as the records go by (each text once)."""

    def __init__(self, text: str, offset: int = 0, line: int = 0, line_start: int = 0):
        self.text, self.offset, self.line, self.line_start = text, offset, line, line_start

    def at(self, offset: int) -> tuple[int, int]:
        newlines = self.text.count("\n", self.offset, offset)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return self.line, self.line_start


def _row_replies(path: Path, text: str, layout: _Layout, rows: Iterator[list[Field]], first: int,
                 lines: _LineCounter) -> Iterator[Reply]:
    for number, row in enumerate(rows, start=first):
        _check_width(text, row, layout.header)
        line, line_start = lines.at(row[0].start)
        field = row[layout.column]
        value = field.value(text)
        if not value.strip():
            continue
        title = row[layout.title_col].value(text).strip() if layout.title_col is not None else ""
        name = f"{' '.join(title.split())} (row {number})" if title else f"row {number}"
        yield _lazily_mapped_reply(str(path), value, field, text, _RowLines(text, line, line_start), name)


def read_csv(path: Path, text: str, settings: ReadSettings) -> Iterator[Reply]:
    """The replies of a CSV/TSV text, row by row: beyond ``text`` itself (the caller's, whole)
    only the row being linted is held, so nothing else grows with the number of rows."""
    found = _layout(path, text, settings)
    if found is None:
        return
    layout, rows = found
    yield from _row_replies(path, text, layout, rows, 1, _LineCounter(text))


def plan_parts(path: Path, text: str, settings: ReadSettings, rows_per_part: int) -> list[Part]:
    """The file cut into parts of ``rows_per_part`` rows, after checking it all as
    :func:`read_csv` would: the same first :class:`ReaderError` is raised here, before
    anything is linted, so a split file reports exactly what a serial run reports."""
    found = _layout(path, text, settings)
    if found is None:
        return []
    layout, rows = found
    starts: list[tuple[int, int, int, int]] = []  # offset, row number, line, line start of each part
    lines = _LineCounter(text)
    for number, row in enumerate(rows, start=1):
        _check_width(text, row, layout.header)
        if (number - 1) % rows_per_part == 0:
            starts.append((row[0].start, number, *lines.at(row[0].start)))
    stops = [start[0] for start in starts[1:]] + [len(text)]
    return [Part(offset, stop, number, line, line_start)
            for (offset, number, line, line_start), stop in zip(starts, stops, strict=True)]


def read_part(path: Path, text: str, settings: ReadSettings, part: Part) -> Iterator[Reply]:
    """The replies of one :class:`Part` of a file :func:`plan_parts` has checked: named and
    located exactly as :func:`read_csv` names and locates them."""
    found = _layout(path, text, settings)
    assert found is not None, "a planned file has a header"
    layout, _ = found
    rows = scan(text, layout.delimiter, part.start, part.stop)
    lines = _LineCounter(text, part.start, part.line, part.line_start)
    yield from _row_replies(path, text, layout, rows, part.first, lines)


def _lazily_mapped_reply(path: str, value: str, field: Field, text: str, index: Lines,
                         name: str) -> Reply:
    """A reply whose source map is built only if a finding needs a position (a quoted
    multi-megabyte field would otherwise cost two integers per character up front)."""
    built: list[SourceMap] = []

    def source_map() -> SourceMap:
        if not built:
            built.append(field.source_map(text, index))
        return built[0]

    return Reply(path=path, text=value, name=name, locate=lambda offset: source_map().start(offset),
                 locate_end=lambda offset: source_map().end(offset))


register((".csv", ".tsv"), read_csv)
register_parts((".csv", ".tsv"), plan_parts, read_part)

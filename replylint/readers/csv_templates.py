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

from ..positions import LineIndex, SourceMap
from . import ReaderError, ReadSettings, Reply, register

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

    def source_map(self, source: str, index: LineIndex) -> SourceMap:
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


def scan(source: str, delimiter: str) -> Iterator[list[Field]]:
    """Records of ``source`` one at a time (blank lines skipped); raises :class:`ReaderError`
    on a quoted field that never closes or text right after a closing quote."""
    i, n = 0, len(source)
    while i < n:
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
    header = source.split("\n", 1)[0]
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


def read_csv(path: Path, text: str, settings: ReadSettings) -> Iterator[Reply]:
    """The replies of a CSV/TSV text, row by row: only the row being linted is held (and
    the line index of the text), so memory does not grow with the number of rows."""
    rows = scan(text, guess_delimiter(text, path.suffix.lower()))
    first = next(rows, None)
    if first is None:
        return
    header = [f.value(text) for f in first]
    column = _column_index(header, settings)
    lowered = [h.strip().lower() for h in header]
    title_col = next((lowered.index(c) for c in TITLE_COLUMNS if c in lowered), None)
    index = LineIndex(text)
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            line = _line(text, row[0].start)
            raise ReaderError(f"invalid CSV: {len(row)} fields, but the header has {len(header)}", line)
        field = row[column]
        value = field.value(text)
        if not value.strip():
            continue
        title = row[title_col].value(text).strip() if title_col is not None else ""
        name = f"{' '.join(title.split())} (row {number})" if title else f"row {number}"
        yield _lazily_mapped_reply(str(path), value, field, text, index, name)


def _lazily_mapped_reply(path: str, value: str, field: Field, text: str, index: LineIndex, name: str) -> Reply:
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

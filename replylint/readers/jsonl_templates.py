"""JSON Lines exports (``.jsonl``, ``.ndjson``): one JSON value per line, read line by line.

Each line is a record read as a small JSON file of templates (the configured template keys,
``text``, ``body``, ``reply``…; see :mod:`templates`), so a record ``{"title": "Refund",
"text": "…"}`` is one reply named ``Refund (line 3)``, a bare string one named ``line 3``.
A JSON record never holds a raw line break, so a reply's characters are located on its own
line: nothing is kept per line but the line being linted. Blank lines are skipped; a line
that is not valid JSON makes the file unreadable (``invalid JSON`` at its line and column),
as a bad row does a CSV file. Big files are cut into parts of lines for ``--jobs`` workers.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import ReaderError, ReadSettings, Reply, register, register_parts
from .json_templates import _VALIDATOR, parse_json
from .templates import Text, find_templates, template_replies


class _OneLine:
    """The :class:`~replylint.positions.Lines` of one record: every offset is on its line."""

    __slots__ = ("line",)

    def __init__(self, line: int):
        self.line = line

    def line_col(self, offset: int) -> tuple[int, int]:
        return self.line, max(0, offset)


def _records(text: str, start: int = 0, stop: int | None = None,
             line: int = 0) -> Iterator[tuple[int, int, str]]:
    """(0-based line, offset, text) of each non-blank line starting in ``[start, stop)``."""
    stop = len(text) if stop is None else stop
    i = start
    while i < stop:
        end = text.find("\n", i)
        end = len(text) if end < 0 else end
        record = text[i:end]
        if record.endswith("\r"):
            record = record[:-1]
        if record.strip():
            yield line, i, record
        line += 1
        i = end + 1


def _validate(record: str, line: int) -> None:
    try:
        _VALIDATOR.decode(record)
    except ValueError as exc:  # json.JSONDecodeError
        msg, col = getattr(exc, "msg", str(exc)), getattr(exc, "colno", None)
        raise ReaderError(f"invalid JSON: {msg}", line + 1, col) from None
    except RecursionError:
        raise ReaderError("JSON nested too deeply", line + 1) from None


def _line_replies(path: Path, line: int, record: str, settings: ReadSettings) -> Iterator[Reply]:
    _validate(record, line)
    tree = parse_json(record, _OneLine(line))
    if isinstance(tree, Text):  # a bare string: the record is the reply
        if tree.value.strip():
            yield Reply(str(path), tree.value, tree.locate, f"line {line + 1}", locate_end=tree.locate_end)
        return
    for reply in template_replies(str(path), find_templates(tree, settings.keys)):
        where = f"line {line + 1}"
        reply.name = f"{reply.name} ({where})" if reply.name else where
        yield reply


def read_jsonl(path: Path, text: str, settings: ReadSettings) -> Iterator[Reply]:
    """The replies of a JSON Lines text, record by record."""
    for line, _, record in _records(text):
        yield from _line_replies(path, line, record, settings)


@dataclass(frozen=True)
class Part:
    """A run of lines of one file for one worker: ``[start, stop)`` offsets of line starts,
    ``line`` the 0-based line of ``start``."""

    start: int
    stop: int
    line: int


def plan_parts(path: Path, text: str, settings: ReadSettings, lines_per_part: int) -> list[Part]:
    """The file cut into parts of ``lines_per_part`` records, every line checked first (so
    a bad line is reported before anything is linted, as :func:`read_jsonl` reports it)."""
    starts: list[tuple[int, int]] = []
    for number, (line, offset, record) in enumerate(_records(text)):
        _validate(record, line)
        if number % lines_per_part == 0:
            starts.append((offset, line))
    stops = [offset for offset, _ in starts[1:]] + [len(text)]
    return [Part(offset, stop, line) for (offset, line), stop in zip(starts, stops, strict=True)]


def read_part(path: Path, text: str, settings: ReadSettings, part: Part) -> Iterator[Reply]:
    for line, _, record in _records(text, part.start, part.stop, part.line):
        yield from _line_replies(path, line, record, settings)


register((".jsonl", ".ndjson"), read_jsonl)
register_parts((".jsonl", ".ndjson"), plan_parts, read_part)

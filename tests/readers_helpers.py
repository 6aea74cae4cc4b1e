"""Helpers shared by the reader tests: where a piece of a reply sits in its source file."""
from __future__ import annotations

from pathlib import Path

from replylint.readers import ReadSettings, Reply, reader_for


def read(tmp_path: Path, name: str, source: str, **settings) -> list[Reply]:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    reader = reader_for(path)
    assert reader is not None, name
    return list(reader(path, source, ReadSettings(**settings)))


def source_position(source: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle`` in ``source``."""
    offset = -1
    for _ in range(nth + 1):
        offset = source.index(needle, offset + 1)
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def reply_named(replies: list[Reply], name: str) -> Reply:
    matches = [r for r in replies if r.name == name]
    assert len(matches) == 1, [r.name for r in replies]
    return matches[0]


def locate(reply: Reply, needle: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Source (start, exclusive end) of ``needle`` within the reply's text."""
    start = reply.text.index(needle)
    end_locate = reply.locate_end or reply.locate
    return reply.locate(start), end_locate(start + len(needle))

"""JSON files of templates (``.json``): Zendesk macro exports and any JSON with reply keys.

The file is first validated with :func:`json.loads` (its messages give line and column);
a small scanner then walks the same text and keeps, for every string, the source span
of each decoded character, so ``\\n``, ``\\"`` and ``\\uXXXX`` escapes (surrogate pairs
included) map back to the exact column.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..positions import LineIndex, Lines, SourceMap
from . import ReaderError, ReadSettings, Reply, register
from .templates import Text, find_templates, template_replies

_TOKEN = re.compile(r"""
    [ \t\n\r]*
    (?:
      (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<punct>[{}\[\]:,])
    | (?P<atom>[^ \t\n\r{}\[\]:,"]+)
    )""", re.X | re.S)
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def decode_string(source: str, start: int, end: int) -> tuple[str, list[int], list[int]]:
    """Decode the JSON string token ``source[start:end]`` (quotes included), with the
    source start/end offset of every decoded character."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, stop = start + 1, end - 1
    while i < stop:
        c = source[i]
        if c != "\\":
            chars.append(c)
            starts.append(i)
            ends.append(i + 1)
            i += 1
            continue
        kind = source[i + 1]
        if kind != "u":
            chars.append(_SIMPLE_ESCAPES[kind])
            starts.append(i)
            ends.append(i + 2)
            i += 2
            continue
        code = int(source[i + 2:i + 6], 16)
        length = 6
        if 0xD800 <= code <= 0xDBFF and source.startswith("\\u", i + 6):
            low = int(source[i + 8:i + 12], 16)
            if 0xDC00 <= low <= 0xDFFF:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                length = 12
        chars.append(chr(code))
        starts.append(i)
        ends.append(i + length)
        i += length
    return "".join(chars), starts, ends


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


class _Strings:
    """The strings of one JSON text: a string's map is built from its opening quote's offset."""

    def __init__(self, source: str, index: Lines):
        self.source, self.index = source, index

    def source_map(self, start: int) -> SourceMap:
        m = _STRING.match(self.source, start)
        assert m is not None, "a Text always starts at a string token"
        end = m.end()
        if "\\" not in m.group():
            return SourceMap.identity(self.index, start + 1, end - 1)
        _, starts, ends = decode_string(self.source, start, end)
        return SourceMap(self.index, starts, ends, start + 1)


def _text(strings: _Strings, start: int, end: int) -> Text:
    raw = strings.source[start + 1:end - 1]
    value = raw if "\\" not in raw else decode_string(strings.source, start, end)[0]
    return Text(value, strings, start)


def _drop(pairs: list) -> None:
    return None


# Validates with the C parser but keeps no objects (each is dropped as soon as it is parsed):
# json.loads built a second full tree of the file, the peak of memory for a big file.
_VALIDATOR = json.JSONDecoder(object_pairs_hook=_drop)


def parse_json(text: str, index: Lines | None = None) -> Any:
    """The template tree of a JSON text (validated first, so the scanner sees valid JSON);
    ``index`` locates its offsets (default: the text's own lines; a JSONL record's line)."""
    try:
        _VALIDATOR.decode(text)
    except json.JSONDecodeError as exc:
        raise ReaderError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise ReaderError("JSON nested too deeply") from None
    strings = _Strings(text, LineIndex(text) if index is None else index)
    stack: list[Any] = []  # open containers; a dict is followed by its pending key
    keys: list[str | None] = []
    root: Any = None
    done = False

    def add(value: Any) -> None:
        nonlocal root, done
        if not stack:
            root, done = value, True
        elif isinstance(stack[-1], list):
            stack[-1].append(value)
        else:
            stack[-1][keys[-1]] = value

    pos = 0
    expect_key = False
    while not done:
        m = _TOKEN.match(text, pos)
        # the text is valid JSON (checked above), so a token follows until the root value is complete
        assert m is not None, f"JSON scanner stuck at offset {pos}"
        pos = m.end()
        if m.group("str") is not None:
            if expect_key:
                keys[-1] = sys.intern(json.loads(m.group("str")))  # a million "body" keys: one string
                expect_key = False
            else:
                add(_text(strings, m.start("str"), m.end("str")))
        elif m.group("atom") is not None:
            add(None)
        else:
            p = m.group("punct")
            if p in "[{":
                container: Any = [] if p == "[" else {}
                add(container)
                done = False
                stack.append(container)
                keys.append(None)
                expect_key = p == "{"
            elif p in "]}":
                stack.pop()
                keys.pop()
                done = not stack
            elif p == ",":
                expect_key = isinstance(stack[-1], dict)
    return root


def read_json(path: Path, text: str, settings: ReadSettings) -> Iterator[Reply]:
    if not text.strip():  # an empty file holds no replies (as an empty YAML, CSV or text file)
        return iter(())
    # parsed now (a syntax error is raised here, before any reply is linted); replies made lazily
    return template_replies(str(path), find_templates(parse_json(text), settings.keys))


register((".json",), read_json)

"""HTML files (``.html``, ``.htm``): the text a customer reads, one reply per section.

Parsed with the standard library's :class:`html.parser.HTMLParser`, which reports where each
tag, text run and character reference starts (line and column), so every character keeps its
place in the file. Compared with selectolax and lxml (``benchmarks/html_parsers.py``), it is the
only one of the three that gives source positions for text at all; it also needs no
dependency. What the reader changes, before the reply is masked like any other:

* the content of ``<script>``, ``<style>``, ``<title>``, ``<head>``, ``<template>`` and ``<svg>``
  is blanked (line breaks kept): never linted, never counted as an apology;
* character references are decoded (``can&#39;t`` is ``can't``, one word), each decoded
  character mapped to the whole reference in the file;
* tags and comments stay: the linter masks them (block tags end a paragraph) and reads the
  ``<!-- replylint-… -->`` directives in comments, so the lines are the file's lines.

Headings ``<h1>``–``<h6>`` and ``<hr>`` split the file as described in :mod:`.sections`.
"""
from __future__ import annotations

import bisect
import html
from array import array
from html.parser import HTMLParser
from pathlib import Path

import regex

from ..positions import LineIndex
from . import ReadSettings, Reply, register
from .sections import Break, Extracted, Heading, split_replies

SKIPPED = frozenset({"script", "style", "title", "head", "template", "svg"})
_REFERENCE = regex.compile(r"&(?:#[xX]?[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?")


class _Scanner(HTMLParser):
    """Collects, in source offsets, what to blank, what to decode, and the split points."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.index = LineIndex(source)
        self.edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in order
        self.headings: list[tuple[int, int, int, list[str]]] = []  # level, start, end, words
        self.breaks: list[tuple[int, int]] = []
        self._skip: list[tuple[str, int]] = []  # open skipped elements: name, start offset
        self._heading: tuple[int, int, list[str]] | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.index.offset(line - 1, col)

    def _tag_end(self, start: int) -> int:
        raw = self.get_starttag_text() or ""
        return start + len(raw)

    def handle_starttag(self, tag: str, attrs) -> None:
        start = self._offset()
        if tag == "body" and self._skip and self._skip[0][0] == "head":
            self._close_skip(start)  # a <head> never closed ends where <body> begins
        if self._skip:
            if tag == self._skip[-1][0]:
                self._skip.append((tag, start))
            return
        if tag in SKIPPED:
            self._skip.append((tag, start))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = (int(tag[1]), start, [])
        elif tag == "hr":
            self.breaks.append((start, self._tag_end(start)))

    def handle_startendtag(self, tag: str, attrs) -> None:
        if not self._skip and tag == "hr":
            start = self._offset()
            self.breaks.append((start, self._tag_end(start)))

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        close = self.source.find(">", start)
        end = len(self.source) if close < 0 else close + 1
        if self._skip:
            if tag == self._skip[-1][0]:
                name, opened = self._skip.pop()
                if not self._skip:
                    self.edits.append((opened, end, _blanks(self.source[opened:end])))
            return
        if self._heading is not None and tag == f"h{self._heading[0]}":
            level, opened, words = self._heading
            self.headings.append((level, opened, end, words))
            self._heading = None

    def _close_skip(self, at: int) -> None:
        opened = self._skip[0][1]
        self.edits.append((opened, at, _blanks(self.source[opened:at])))
        self._skip.clear()

    def handle_data(self, data: str) -> None:
        if self._heading is not None and not self._skip:
            self._heading[2].append(data)

    def _reference(self) -> None:
        start = self._offset()
        m = _REFERENCE.match(self.source, start)
        if m is None:  # pragma: no cover - the parser reported a reference that is not there
            return
        decoded = html.unescape(m.group())
        if self._heading is not None and not self._skip:
            self._heading[2].append(decoded)
        if not self._skip and decoded != m.group():
            self.edits.append((start, m.end(), decoded))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()


def _blanks(text: str) -> str:
    return "".join(c if c in "\r\n" else " " for c in text)


def extract(source: str) -> Extracted:
    scanner = _Scanner(source)
    scanner.feed(source)
    scanner.close()
    if scanner._skip:  # an element never closed (a <head> without </head>): blank to the end
        opened = scanner._skip[0][1]
        scanner.edits.append((opened, len(source), _blanks(source[opened:])))
    chars: list[str] = []
    starts, ends = array("q"), array("q")
    shifts: list[tuple[int, int]] = []  # (source offset, text offset) at each edit boundary
    pos = 0
    for start, end, replacement in sorted(scanner.edits):
        if start < pos:  # pragma: no cover - overlapping edits (a reference inside a blanked element)
            continue
        chars.append(source[pos:start])
        starts.extend(range(pos, start))
        ends.extend(range(pos + 1, start + 1))
        shifts.append((start, len(starts)))
        if len(replacement) == end - start:  # blanked: character by character
            chars.append(replacement)
            starts.extend(range(start, end))
            ends.extend(range(start + 1, end + 1))
        else:  # a decoded reference: each character spans the whole reference
            chars.append(replacement)
            starts.extend([start] * len(replacement))
            ends.extend([end] * len(replacement))
        shifts.append((end, len(starts)))
        pos = end
    chars.append(source[pos:])
    starts.extend(range(pos, len(source)))
    ends.extend(range(pos + 1, len(source) + 1))

    boundaries = [src for src, _ in shifts]

    def to_text(offset: int) -> int:
        """The text offset of a source offset outside any decoded reference (binary search:
        a page has a boundary per reference)."""
        k = bisect.bisect_right(boundaries, offset)
        base_src, base_txt = shifts[k - 1] if k else (0, 0)
        return base_txt + (offset - base_src)

    extracted = Extracted("".join(chars), starts, ends)
    for level, start, end, words in scanner.headings:
        extracted.headings.append(Heading(level, " ".join("".join(words).split()), to_text(start), to_text(end)))
    extracted.breaks = [Break(to_text(a), to_text(b)) for a, b in scanner.breaks]
    return extracted


def read_html(path: Path, text: str, settings: ReadSettings) -> list[Reply]:
    return split_replies(str(path), text, extract(text), settings.split)


register((".html", ".htm", ".xhtml"), read_html)

"""Markdown files (``.md``, ``.markdown``): one reply per section.

Parsed with markdown-it-py (CommonMark), whose block tokens carry their source lines
(``token.map``), so a ``#`` inside a fenced code block or a ``---`` under a paragraph (a
setext heading) is told apart from a real heading or break exactly as a Markdown renderer
does. The text of each reply is the file's own text (code, quotes and HTML are masked later
as in any reply), so positions are the file's positions. YAML front matter (``---`` … ``---``
at the top) is metadata, not reply text: masked. See :mod:`.sections` for the convention.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from ..positions import LineIndex
from . import ReadSettings, Reply, register
from .sections import Break, Extracted, Heading, split_replies

FRONT_MATTER = regex.compile(r"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", regex.S | regex.M)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def _markdown() -> MarkdownIt:
    """The CommonMark parser, made on first use: a plain-text check does not import markdown-it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _inline_text(token) -> str:
    """A heading's words without their Markdown markup."""
    parts = [child.content for child in token.children or () if child.type in ("text", "code_inline")]
    return " ".join("".join(parts).split()) or " ".join(token.content.split())


def extract(text: str) -> Extracted:
    """The file's text with its top-level headings, breaks and front matter located."""
    index = LineIndex(text)
    front = FRONT_MATTER.match(text)
    masks = [(0, front.end())] if front else []
    # The front matter's lines are parsed as blank lines, so line numbers stay the file's.
    parsed = ("\n" * text.count("\n", 0, front.end()) + text[front.end():]) if front else text
    extracted = Extracted(text, range(len(text)), range(1, len(text) + 1), masks=masks)
    tokens = _markdown().parse(parsed)

    def span(lines: list[int]) -> tuple[int, int]:
        start = index.offset(lines[0], 0)
        end = index.line_starts[lines[1]] if lines[1] < len(index.line_starts) else len(text)
        return start, end

    for i, token in enumerate(tokens):
        if token.level != 0 or token.map is None:  # only the document's own blocks, not quoted ones
            continue
        if token.type == "heading_open":
            start, end = span(token.map)
            extracted.headings.append(Heading(int(token.tag[1]), _inline_text(tokens[i + 1]), start, end))
        elif token.type == "hr":
            start, end = span(token.map)
            extracted.breaks.append(Break(start, end))
    return extracted


def read_markdown(path: Path, text: str, settings: ReadSettings) -> list[Reply]:
    return split_replies(str(path), text, extract(text), settings.split)


register((".md", ".markdown"), read_markdown)

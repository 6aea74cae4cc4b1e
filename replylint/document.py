"""The reply as the linter sees it: the agent's own words, with everything else masked.

Masking replaces a region with blanks of the same length, so every offset into the
masked text is also an offset into the original. Masked regions are never flagged
and never count as an apology or a time:

* customer quotes: lines starting with ``>`` and text inside quotation marks
  (reported speech);
* template placeholders: ``{{ … }}``, ``{% … %}``, ``%{ … }``, ``{name}``;
* markup: HTML tags and comments, Markdown code spans and fenced blocks;
* addresses: URLs, e-mail addresses, ``@handles``;
* inline suppression directives (parsed into :class:`Suppressions` first, see
  :mod:`replylint.suppressions`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import regex

from .positions import LineIndex
from .suppressions import Suppressions, parse_suppressions

__all__ = ["MAX_PARAGRAPH", "Document", "Suppressions", "paragraphs", "parse_suppressions"]

# Block-level HTML tags end a paragraph, so their mask starts with a blank line.
_BLOCK_TAGS = r"(?:br|p|div|li|ul|ol|tr|td|th|table|h[1-6]|hr|blockquote|section|article)"

def _liquid_spans(text: str) -> Iterator[tuple[int, int]]:
    """``{{ … }}`` and ``{% … %}``: the matches of ``\\{\\{.*?\\}\\}|\\{%.*?%\\}`` (dot matching line
    breaks), found in linear time. The regex scans to the end of the text for every unclosed
    opening, so ``"{{" * n`` was quadratic (57 s at 320 kB); here, once no closing mark is left
    after an opening, later openings of that kind are not searched again."""
    closing = {"{": "}}", "%": "%}"}
    exhausted: set[str] = set()
    pos = 0
    while len(exhausted) < 2:
        at = text.find("{", pos)
        if at < 0 or at + 1 >= len(text):
            return
        kind = text[at + 1]
        if kind in closing and kind not in exhausted:
            end = text.find(closing[kind], at + 2)
            if end >= 0:
                yield at, end + 2
                pos = end + 2
                continue
            exhausted.add(kind)
        pos = at + 1


class _Spans:
    """A mask found by a function rather than a regex (same ``finditer`` interface)."""

    def __init__(self, find: Callable[[str], Iterator[tuple[int, int]]]):
        self._find = find

    def finditer(self, text: str) -> Iterator[_Span]:
        return (_Span(start, end) for start, end in self._find(text))


@dataclass(frozen=True, slots=True)
class _Span:
    _start: int
    _end: int

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


_MASKS: list[tuple[str, regex.Pattern | _Spans]] = [
    # Lone surrogates (possible in a Python str, never in real text) cannot be encoded
    # by the tokenizers; NUL and other C0 controls are not words either.
    ("unencodable", regex.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")),
    ("fenced-code", regex.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", regex.M | regex.S)),
    ("html-comment", regex.compile(r"<!--.*?(?:-->|\Z)", regex.S)),
    ("block-tag", regex.compile(r"</?" + _BLOCK_TAGS + r"\b[^<>]{0,2000}>", regex.I)),
    ("html-tag", regex.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,2000})?/?>")),
    ("html-entity", regex.compile(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,10});")),
    ("liquid", _Spans(_liquid_spans)),
    ("osticket", regex.compile(r"%\{[^{}\n]{0,200}\}")),
    ("format", regex.compile(r"\{[A-Za-z_][\w.\[\]-]{0,100}(?:![rsa])?(?::[^{}\n]{0,50})?\}")),
    ("inline-code", regex.compile(r"`[^`\n]{1,500}`")),
    ("url", regex.compile(r"\b(?:https?://|www\.)[^\s<>\"'«»“”]+", regex.I)),
    ("email", regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("handle", regex.compile(r"(?<![\w@])@\w{1,50}")),
    ("quote-line", regex.compile(r"^[ \t]*>[^\n]*", regex.M)),
    # Reported speech: text inside quotation marks, kept within one paragraph.
    ("quoted", regex.compile(
        r"«[^«»\n]{1,400}»|“[^“”\n]{1,400}”|„[^„“”\n]{1,400}[“”]|「[^「」\n]{1,400}」|『[^『』\n]{1,400}』"
        r"|(?<![\w\"])\"[^\"\n]{1,400}\"(?![\w\"])")),
]


def _blank(chars: list[str], start: int, end: int, newline_first: bool = False) -> None:
    """Blank ``start``–``end``; ``newline_first`` makes it a paragraph break (a block-level
    HTML tag such as ``<p>``, ``<li>`` or ``<br>`` ends what comes before it)."""
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "
    if newline_first and end > start:
        chars[start:min(start + 2, end)] = "\n" * min(2, end - start)


@dataclass
class Document:
    """The original text, its masked twin (same length) and its suppressions."""

    text: str
    masked: str
    suppressions: Suppressions
    _lines: LineIndex | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, extra_masks: list[tuple[int, int]] | None = None,
                  file_rules: frozenset[str] | None = frozenset()) -> Document:
        """``file_rules``: rules a ``replylint-disable-file`` directive elsewhere in the file
        silences (a part of a split Markdown or HTML file)."""
        sup, directive_spans = parse_suppressions(text)
        if file_rules is None or file_rules:
            sup = replace(sup, file_rules=None if file_rules is None or sup.file_rules is None
                          else sup.file_rules | file_rules)
        chars = list(text)
        for start, end in directive_spans:
            _blank(chars, start, end)
        for start, end in extra_masks or ():
            _blank(chars, start, end)
        # Each mask is applied to the text left by the previous ones, so an e-mail
        # inside a quote or a tag inside a comment is handled once.
        current = "".join(chars)
        for name, pattern in _MASKS:
            found = False
            for m in pattern.finditer(current):
                _blank(chars, m.start(), m.end(), newline_first=name == "block-tag")
                found = True
            if found:
                current = "".join(chars)
        return cls(text=text, masked=current, suppressions=sup)

    def line_of(self, offset: int) -> int:
        """0-based line of ``offset`` in the original text."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.line_col(offset)[0]


_PARAGRAPH_BREAK = regex.compile(r"\n[ \t\r]*\n")


# A paragraph longer than this is analysed in pieces: a file that is one multi-megabyte
# paragraph would otherwise hold millions of tokens at once and run each pattern's time
# limit out on a single scan. Real replies never come near it.
MAX_PARAGRAPH = 50_000


def paragraphs(masked: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph of the masked text (over-long ones in pieces)."""
    spans = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(masked):
        if masked[pos:m.start()].strip():
            spans.extend(_pieces(masked, pos, m.start()))
        pos = m.end()
    if masked[pos:].strip():
        spans.extend(_pieces(masked, pos, len(masked)))
    return spans


def _pieces(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """``start``–``end`` cut into pieces of at most :data:`MAX_PARAGRAPH` characters, just after
    the last sentence end, else line break, else space near each limit."""
    out = []
    while end - start > MAX_PARAGRAPH:
        limit = start + MAX_PARAGRAPH
        low = max(start + 1, limit - 2000)
        cut = limit
        for marks in (".!?。！？;；…", "\n", " \t\u3000"):
            at = max(masked.rfind(mark, low, limit) for mark in marks)
            if at >= low:
                cut = at + 1
                break
        if masked[start:cut].strip():
            out.append((start, cut))
        start = cut
    if masked[start:end].strip():
        out.append((start, end))
    return out

"""The reply as the linter sees it: the agent's own words, with everything else masked.

Masking replaces a region with blanks of the same length, so every offset into the
masked text is also an offset into the original. Masked regions are never flagged
and never count as an apology or a time:

* customer quotes: lines starting with ``>`` and text inside quotation marks
  (reported speech);
* template placeholders: ``{{ … }}``, ``{% … %}``, ``%{ … }``, ``{name}``;
* markup: HTML tags and comments, Markdown code spans and fenced blocks;
* addresses: URLs, e-mail addresses, ``@handles``;
* inline suppression directives (parsed into :class:`Suppressions` first).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .positions import LineIndex

# Block-level HTML tags end a sentence, so their mask starts with a newline.
_BLOCK_TAGS = r"(?:br|p|div|li|ul|ol|tr|td|th|table|h[1-6]|hr|blockquote|section|article)"

_MASKS: list[tuple[str, regex.Pattern]] = [
    # Lone surrogates (possible in a Python str, never in real text) cannot be encoded
    # by the tokenizers; NUL and other C0 controls are not words either.
    ("unencodable", regex.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")),
    ("fenced-code", regex.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", regex.M | regex.S)),
    ("html-comment", regex.compile(r"<!--.*?(?:-->|\Z)", regex.S)),
    ("block-tag", regex.compile(r"</?" + _BLOCK_TAGS + r"\b[^<>]{0,2000}>", regex.I)),
    ("html-tag", regex.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,2000})?/?>")),
    ("html-entity", regex.compile(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,10});")),
    ("liquid", regex.compile(r"\{\{.*?\}\}|\{%.*?%\}", regex.S)),
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

_DIRECTIVE = regex.compile(
    r"(?:<!--[ \t]*|(?:^|(?<=\s))(?:#|//)[ \t]*|\[)"
    r"replylint-(?P<verb>disable|enable)(?:-(?P<scope>next-line|line|file))?\b"
    r"(?P<rules>[^\n\]]*?)"
    r"(?:[ \t]*-->|\]|[ \t]*$)",
    regex.M | regex.I,
)
_RULE_ID = regex.compile(r"[a-z][a-z0-9-]*")


@dataclass
class Suppressions:
    """Inline ``replylint-disable…`` directives of one text.

    ``None`` in a rule set means "all rules".
    """

    file_rules: set[str] | None = field(default_factory=set)
    line_rules: dict[int, set[str] | None] = field(default_factory=dict)
    regions: list[tuple[int, int, set[str] | None]] = field(default_factory=list)

    def silences(self, rule: str, line: int) -> bool:
        if _covers(self.file_rules, rule):
            return True
        if line in self.line_rules and _covers(self.line_rules[line], rule):
            return True
        return any(start <= line <= end and _covers(rules, rule) for start, end, rules in self.regions)


def _covers(rules: set[str] | None, rule: str) -> bool:
    return rules is None or rule in rules


def _add(existing: set[str] | None, new: set[str] | None) -> set[str] | None:
    if existing is None or new is None:
        return None
    return existing | new


def parse_suppressions(text: str) -> tuple[Suppressions, list[tuple[int, int]]]:
    """Find the directives; return them and the spans they occupy (to be masked)."""
    sup = Suppressions()
    spans: list[tuple[int, int]] = []
    open_regions: list[tuple[int, set[str] | None]] = []
    lines = LineIndex(text)
    last_line = len(lines.line_starts) - 1
    for m in _DIRECTIVE.finditer(text):
        spans.append((m.start(), m.end()))
        rules = set(_RULE_ID.findall(m.group("rules").lower())) or None
        line = lines.line_col(m.start())[0]
        verb, scope = m.group("verb").lower(), (m.group("scope") or "").lower()
        if verb == "enable":
            if open_regions:
                start, r = open_regions.pop()
                sup.regions.append((start, line, r))
        elif scope == "file":
            sup.file_rules = _add(sup.file_rules, rules) if sup.file_rules else rules
        elif scope == "line":
            sup.line_rules[line] = _add(sup.line_rules.get(line, set()), rules)
        elif scope == "next-line":
            sup.line_rules[line + 1] = _add(sup.line_rules.get(line + 1, set()), rules)
        else:
            open_regions.append((line, rules))
    for start, r in open_regions:
        sup.regions.append((start, last_line, r))
    return sup, spans


def _blank(chars: list[str], start: int, end: int, newline_first: bool = False) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "
    if newline_first and end > start:
        chars[start] = "\n"


@dataclass
class Document:
    """The original text, its masked twin (same length) and its suppressions."""

    text: str
    masked: str
    suppressions: Suppressions
    _lines: LineIndex | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, extra_masks: list[tuple[int, int]] | None = None) -> "Document":
        sup, directive_spans = parse_suppressions(text)
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

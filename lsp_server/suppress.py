"""Inline suppression directives, written in the comment form of the document.

Markdown (and HTML-like) replies take an invisible HTML comment::

    The delay was caused by NOPEWAY. <!-- replylint-disable-line dead-end -->
    <!-- replylint-disable-file internal-jargon -->

Plain-text replies take a ``#`` line above the flagged line, or at the top for the file::

    # replylint-disable-next-line dead-end
    # replylint-disable-file internal-jargon

A rule is added to a directive already there rather than writing a second one.
"""
from __future__ import annotations

import re

from replylint.positions import LineIndex

from .allowlist import TextChange

HTML_LANGUAGES = {"markdown", "html", "xml", "mdx", "vue", "svelte", "handlebars", "liquid", "erb", "jinja",
                  "jinja-html", "django-html", "razor", "php"}
HTML_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm", ".xml", ".liquid", ".hbs")

_HTML_LINE = re.compile(r"<!--[ \t]*replylint-disable-line\b(?P<rules>[^>\n]*?)[ \t]*-->")
_HTML_FILE = re.compile(r"<!--[ \t]*replylint-disable-file\b(?P<rules>[^>\n]*?)[ \t]*-->")
_HASH_NEXT = re.compile(r"^[ \t]*#[ \t]*replylint-disable-next-line\b(?P<rules>[^\n\r]*?)[ \t]*\r?$")
_HASH_FILE = re.compile(r"^[ \t]*#[ \t]*replylint-disable-file\b(?P<rules>[^\n\r]*?)[ \t]*\r?$", re.M)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?^---[ \t]*\r?\n", re.S | re.M)


def uses_html_comments(language_id: str | None, uri: str) -> bool:
    if language_id:
        return language_id.lower() in HTML_LANGUAGES
    return uri.lower().endswith(HTML_SUFFIXES)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _extend(m: re.Match, rule: str) -> TextChange | None:
    rules = m.group("rules")
    if not rules.strip():  # the directive already silences every rule
        return None
    if rule in re.findall(r"[a-z][a-z0-9-]*", rules.lower()):
        return None
    return TextChange(m.end("rules"), m.end("rules"), f" {rule}")


def suppress_line(text: str, offset: int, rule: str, html: bool) -> TextChange | None:
    """Silence ``rule`` on the line holding ``offset``; None when it already is."""
    index = LineIndex(text)
    line, _ = index.line_col(offset)
    line_start = index.line_starts[line]
    line_text = index.line_text(line)
    if html:
        m = _HTML_LINE.search(line_text)
        if m:
            change = _extend(m, rule)
            return change and TextChange(line_start + change.start, line_start + change.end, change.new_text)
        end = line_start + len(line_text.rstrip("\r"))
        sep = "" if end == line_start or text[end - 1] in " \t" else " "
        return TextChange(end, end, f"{sep}<!-- replylint-disable-line {rule} -->")
    if line > 0:
        prev_start = index.line_starts[line - 1]
        m = _HASH_NEXT.match(index.line_text(line - 1))
        if m:
            change = _extend(m, rule)
            return change and TextChange(prev_start + change.start, prev_start + change.end, change.new_text)
    indent = re.match(r"[ \t]*", line_text).group(0)
    return TextChange(line_start, line_start, f"{indent}# replylint-disable-next-line {rule}{_newline(text)}")


def suppress_file(text: str, rule: str, html: bool) -> TextChange | None:
    """Silence ``rule`` in the whole document; None when it already is."""
    m = (_HTML_FILE if html else _HASH_FILE).search(text)
    if m:
        return _extend(m, rule)
    directive = f"<!-- replylint-disable-file {rule} -->" if html else f"# replylint-disable-file {rule}"
    at = 0
    if html:
        front = _FRONT_MATTER.match(text)
        at = front.end() if front else 0
    return TextChange(at, at, directive + _newline(text))

"""``--output-format full``: each finding with its source line and the span underlined (as
ruff's ``full`` format); ``concise`` is the one-line ``text`` format. Colour only when the
command line asks for it (a terminal, and ``NO_COLOR`` unset — see https://no-color.org).

Underlines are measured in terminal columns, so a Chinese character (two columns wide) gets two
carets and a tab keeps its width in the line shown.
"""
from __future__ import annotations

import unicodedata
from typing import TextIO

from ..escaping import displayable, neutralise_commands
from . import Finding, ReportStream, RunContext, TextStream, _through, register, report_text, summary_of

COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m"}
BOLD, DIM, RESET, CARET = "\x1b[1m", "\x1b[2m", "\x1b[0m", "\x1b[1;31m"
TAB = "    "


def width(text: str) -> int:
    """Terminal columns of ``text`` (wide East Asian characters take two; combining marks none)."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color and text else text


def headline(f: Finding, color: bool) -> str:
    d = f.diagnostic
    # file names and quoted reply text may hold line breaks, ESC, bidi controls, lone surrogates,
    # or start with "::" (a GitHub workflow command): escaped here, so colour codes stay ours alone
    where = _paint(f"{neutralise_commands(displayable(f.path))}:{f.line}:{f.column}:", BOLD, color)
    return (f"{where} {_paint(d.level, COLOURS.get(d.level, BOLD), color)} {_paint(d.rule, BOLD, color)} "
            f"{displayable(d.message)}")


def snippet(f: Finding, lines: list[str], color: bool) -> list[str]:
    """The finding's first source line with its span underlined, and its suggestions."""
    out = []
    if 1 <= f.line <= len(lines):
        source = "\t".join(displayable(part) for part in lines[f.line - 1].rstrip("\r").split("\t"))
        gutter = " " * len(str(f.line))
        end_col = f.end_column if f.end_line == f.line else len(source) + 1
        before = source[:f.column - 1].replace("\t", TAB)
        span = source[f.column - 1:end_col - 1].replace("\t", TAB)
        carets = "^" * max(1, width(span))
        out.append(_paint(f"{gutter} |", DIM, color))
        out.append(f"{_paint(f'{f.line} |', DIM, color)} {source.replace(chr(9), TAB)}")
        more = f" (to line {f.end_line})" if f.end_line > f.line else ""
        out.append(f"{_paint(f'{gutter} |', DIM, color)} {' ' * width(before)}{_paint(carets, CARET, color)}{more}")
        if f.reply:
            out.append(f"{gutter} = in {f.reply}")
        for suggestion in f.diagnostic.suggestions:
            out.append(f"{gutter} = suggestion: {suggestion}")
    return out


class FullStream(ReportStream):
    """``full``: each finding, its source line underlined, as it comes; then the summary line."""

    def __init__(self, out: TextIO, ctx: RunContext, reporter=None):
        super().__init__(out, ctx, reporter)
        self._lines: tuple[str, list[str]] | None = None  # the split text of the file being reported

    def add(self, f: Finding) -> None:
        self.tally.add(f)
        self.out.write(headline(f, self.ctx.color) + "\n")
        source = self.ctx.sources.get(f.path)
        if source is not None:
            if self._lines is None or self._lines[0] != f.path:
                self._lines = (f.path, source.split("\n"))
            for line in snippet(f, self._lines[1], self.ctx.color):
                self.out.write(line + "\n")
        self.out.write("\n")

    def close(self) -> None:
        self.out.write(summary_of(self.tally, self.ctx) + "\n")


report_full = _through(FullStream)


register("full", report_full, streamed=FullStream)
register("concise", report_text, streamed=TextStream)

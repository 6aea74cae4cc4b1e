"""Checking an editor buffer exactly as ``replylint check`` checks the saved file.

The buffer goes through the CLI's reader for its format (:func:`replylint.readers.reader_for`:
a Zendesk ``macros.json`` gives its macros' comments, a canned-responses YAML its reply
strings, Markdown and plain text the whole text), each reply through the CLI's own
:func:`replylint.runner.check_reply` (``per-file-lang``, template ``keys``, masks), and each
finding is placed back in the buffer. The configuration's ``exclude`` and ``max-file-size``
apply as they do on the command line. What cannot be read is one diagnostic at the line the
parser names, like a syntax error in a code linter.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import replylint
from replylint.positions import LineIndex
from replylint.readers import ReaderError, ReadSettings, Reply, read_plain, reader_for
from replylint.readers.html_pages import read_html
from replylint.readers.markdown_sections import read_markdown
from replylint.runner import check_reply


@dataclass(frozen=True)
class Placed:
    """A finding and where it sits in the buffer (string offsets)."""

    diagnostic: replylint.Diagnostic
    start: int
    end: int
    reply: str = ""  # the template's name in a structured file
    whole_text: bool = True  # the reply is the whole buffer: its offsets are the buffer's
    triggers: tuple[tuple[int, int], ...] = ()  # a document rule's causes, placed in the buffer too


@dataclass
class DocumentCheck:
    """What checking one buffer gave."""

    placed: list[Placed] = field(default_factory=list)
    structured: bool = False  # replies were taken out of a YAML/JSON/CSV file
    problem: tuple[int, str] | None = None  # (0-based line, message) when the file could not be read
    skipped: str | None = None  # why the buffer was not checked (exclude, size)


def _offset(index: LineIndex, line_col: tuple[int, int]) -> int:
    line, col = line_col
    return index.offset(max(line - 1, 0), max(col - 1, 0))


def _placed_span(index: LineIndex, reply: Reply, start: int, end: int) -> tuple[int, int]:
    """A span of the reply's text as buffer offsets (through the reader's own mapping)."""
    a = _offset(index, reply.locate(start))
    return a, max(a, _offset(index, (reply.locate_end or reply.locate)(end)))


def check_document(text: str, path: Path, suffix: str, linter: replylint.Linter,
                   report_unused: bool = False) -> DocumentCheck:
    """Lint a buffer whose file is ``path`` (maybe unsaved) read as a ``suffix`` file;
    ``report_unused``: directives that silence nothing are findings too (``unused-suppression``)."""
    config = linter.config
    if config.exclude and config.excludes(path):
        return DocumentCheck(skipped=f"{path.name} is excluded by the configuration ('exclude')")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > config.max_file_size:
        return DocumentCheck(skipped=f"{path.name} is too large ({size:,} bytes; the limit is "
                                     f"{config.max_file_size:,}, setting max-file-size)")
    reader = reader_for(path if path.suffix.lower() == suffix else Path("buffer" + suffix)) or read_plain
    # Markdown and HTML are split into replies too (so placed through the file's lines), but
    # an HTML comment there stays out of the sent text: only template files are "structured",
    # where no directive may be written into a reply.
    split = reader is not read_plain
    structured = split and reader not in (read_markdown, read_html)
    result = DocumentCheck(structured=structured)
    index = LineIndex(text) if split else None
    try:  # readers yield replies one at a time, so a broken file can raise while iterating
        for reply in reader(path, text, ReadSettings.from_config(config)):
            findings, _, _directive_notices = check_reply(reply, linter, None, report_unused)
            whole = reply.text == text and not reply.name
            for f in findings:
                d = f.diagnostic
                if whole or index is None:
                    start, end = d.start, d.end
                    triggers = d.triggers
                else:
                    start = _offset(index, (f.line, f.column))
                    end = max(start, _offset(index, (f.end_line, f.end_column)))
                    triggers = tuple(_placed_span(index, reply, a, b) for a, b in d.triggers)
                result.placed.append(Placed(d, start, end, reply.name, whole, triggers))
    except ReaderError as exc:
        line = (exc.line - 1) if exc.line else 0
        result.problem = (max(line, 0), " ".join(str(exc).split("\n")))
        result.placed.clear()
        return result
    result.placed.sort(key=lambda p: (p.start, p.end, p.diagnostic.rule))
    return result

"""``--format github``: GitHub Actions workflow commands, shown as annotations.

``::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`` per finding
(``warning`` and ``notice`` for lower levels). Columns are given only when the
finding starts and ends on the same line, as GitHub uses them only then. Values are
escaped as the runner expects: ``%``, CR and LF everywhere, and ``:`` and ``,`` in
properties (:mod:`replylint.escaping`), so a file name or a message can never end the
command or start another one.
"""
from __future__ import annotations

from ..escaping import github_data as escape_data
from ..escaping import github_property as escape_property
from . import FileError, Finding, ReportStream, _through, register

__all__ = ["annotation", "error_annotation", "escape_data", "escape_property", "report_github"]

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def annotation(f: Finding) -> str:
    d = f.diagnostic
    props = [("file", f.path), ("line", str(f.line)), ("endLine", str(f.end_line))]
    if f.line == f.end_line:
        props += [("col", str(f.column)), ("endColumn", str(f.end_column))]
    props.append(("title", f"replylint {d.rule}" + (f" in {f.reply}" if f.reply else "")))
    message = d.message
    if d.suggestions:
        message += " Suggestion: " + " / ".join(d.suggestions)
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMAND.get(d.level, 'warning')} {rendered}::{escape_data(message)}"


def error_annotation(error: FileError) -> str:
    props = [("file", error.path)]
    if error.line:
        props.append(("line", str(error.line)))
        if error.column:
            props.append(("col", str(error.column)))
    warning = error.level == "warning"
    props.append(("title", "replylint read this file with a workaround" if warning
                  else "replylint could not check this file"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{'warning' if warning else 'error'} {rendered}::{escape_data(error.message)}"


class GithubStream(ReportStream):
    """One annotation per finding as it comes; the files that could not be read at the end."""

    def add(self, f: Finding) -> None:
        self.tally.add(f)
        self.out.write(annotation(f) + "\n")

    def close(self) -> None:
        for error in (*self.ctx.failed_files, *self.ctx.file_warnings):  # files that could not be read too
            self.out.write(error_annotation(error) + "\n")


report_github = _through(GithubStream)


register("github", report_github, streamed=GithubStream)

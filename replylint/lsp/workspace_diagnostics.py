"""``workspace/diagnostic``: the findings of every reply file in the open folders, as
``replylint check <folder>`` would report them.

The files are the ones the CLI's folder walk finds (:func:`replylint.runner.iter_files`:
known suffixes, hidden folders and ``node_modules`` skipped) minus virtual environments, limited to
:data:`MAX_FILES`; each is read and checked like an open buffer
(:func:`replylint.lsp.files.check_document`: the same readers, ``exclude``,
``max-file-size``, ``per-file-lang``), with the configuration that applies to it. An open
document is reported from its buffer (the checker's result), not from the file on disk.

Files are checked one after another in the checker's pool, so a workspace pull takes at
most one worker and never holds up the checks of what the user is typing. A file that has
not changed since the client's previous pull (same size, modification time and
configuration) is answered "unchanged" without being read.
"""
from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

import replylint
from replylint.runner import decode, iter_files

from .diagnostics import CheckResult
from .files import DocumentCheck, check_document
from .selection import select, uri_suffix
from .settings import config_key

log = logging.getLogger(__name__)

MAX_FILES = 2000  # a pull over a huge folder would take minutes: the first ones, and a log line
# The editor language id a file of each suffix would get, so the 'languages' setting
# leaves the same files out of the workspace pull as out of the open documents.
SUFFIX_LANGUAGE = {".txt": "plaintext", ".text": "plaintext", ".md": "markdown", ".markdown": "markdown",
                   ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv", ".tsv": "tsv",
                   ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class FileReport:
    """The last report of one file on disk, and what it was computed from."""

    result_id: str
    items: list[types.Diagnostic]


def _environment_folder(path: Path, is_dir: bool = False) -> bool:
    """A Python or conda environment inside the workspace (``venv/``, ``env/``): its packages'
    READMEs and JSON files are nobody's replies, and there are thousands of them."""
    return is_dir and ((path / "pyvenv.cfg").is_file() or (path / "conda-meta").is_dir())


def workspace_files(folders: list[Path], limit: int = MAX_FILES) -> tuple[list[Path], bool]:
    """The reply files under ``folders`` the CLI would check (runs in a worker thread), and
    whether the list was cut at ``limit``."""
    found: list[Path] = []
    seen: set[Path] = set()
    errors: list[str] = []
    for path in iter_files([str(f) for f in folders], errors, excluded=_environment_folder):
        if not isinstance(path, Path) or path in seen:
            continue
        seen.add(path)
        found.append(path)
        if len(found) >= limit:
            return found, True
    return found, False


def file_signature(path: Path, config_id: str) -> str | None:
    """A result id for the file as it is on disk under one configuration (None: cannot be read)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return f"disk:{st.st_mtime_ns:x}:{st.st_size:x}:{config_id}"


def check_file_on_disk(path: Path, linter: replylint.Linter, encoding: str,
                       report_unused: bool) -> list[types.Diagnostic] | None:
    """The diagnostics of a saved file (worker thread); None when it is excluded or too large."""
    uri = from_fs_path(str(path)) or path.as_uri()
    try:
        size = path.stat().st_size
        if size > linter.config.max_file_size:
            return None
        text = decode(path.read_bytes())
    except (OSError, UnicodeDecodeError) as exc:
        problem = DocumentCheck(problem=(0, f"cannot read the file: {exc}"))
        return CheckResult(uri, None, "", problem, linter).lsp_diagnostics(encoding)
    found = check_document(text, path, path.suffix.lower(), linter, report_unused)
    if found.skipped:
        return None
    return CheckResult(uri, None, text, found, linter).lsp_diagnostics(encoding)


class WorkspaceDiagnostics:
    """Answers ``workspace/diagnostic`` for a server (see the module docstring)."""

    def __init__(self, run_in_pool: Callable[..., asyncio.Future]) -> None:
        self.run_in_pool = run_in_pool
        self.reports: dict[Path, FileReport] = {}

    async def report(self, folders: list[Path], languages: tuple[str, ...],
                     linter_for_path: Callable[[Path], replylint.Linter | None],
                     open_report: Callable[[str], Awaitable[types.WorkspaceDocumentDiagnosticReport | None] | None],
                     previous: dict[str, str], encoding: str, report_unused: bool,
                     ) -> list[types.WorkspaceDocumentDiagnosticReport]:
        files, cut = await self.run_in_pool(workspace_files, folders)
        if cut:
            log.info("workspace diagnostics: only the first %d reply files of the workspace are checked", MAX_FILES)
        out: list[types.WorkspaceDocumentDiagnosticReport] = []
        by_folder: dict[Path, replylint.Linter | None] = {}  # one config lookup per folder, not per file
        for path in files:
            uri = from_fs_path(str(path))
            if not uri or not select(uri, SUFFIX_LANGUAGE.get(uri_suffix(uri)), languages).checked:
                continue
            pending = open_report(uri)
            if pending is not None:  # open in the editor: its buffer is what counts
                report = await pending
                if report is not None:
                    out.append(report)
                continue
            if path.parent not in by_folder:
                by_folder[path.parent] = linter_for_path(path)
            linter = by_folder[path.parent]
            if linter is None:
                continue
            report = await self._disk_report(path, uri, linter, previous.get(uri), encoding, report_unused)
            if report is not None:
                out.append(report)
        return out

    async def _disk_report(self, path: Path, uri: str, linter: replylint.Linter, previous_id: str | None,
                           encoding: str, report_unused: bool) -> types.WorkspaceDocumentDiagnosticReport | None:
        config_id = f"{zlib.crc32(config_key(linter.config).encode('utf-8', 'surrogatepass')):x}"
        signature = file_signature(path, config_id)
        if signature is None:
            return None
        result_id = f"{signature}:{int(report_unused)}"
        if previous_id == result_id:
            return types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, version=None, result_id=result_id)
        cached = self.reports.get(path)
        if cached is None or cached.result_id != result_id:
            items = await self.run_in_pool(check_file_on_disk, path, linter, encoding, report_unused)
            if items is None:
                self.reports.pop(path, None)
                return None
            cached = FileReport(result_id, items)
            self.reports[path] = cached
        return types.WorkspaceFullDocumentDiagnosticReport(uri=uri, version=None, items=cached.items,
                                                           result_id=cached.result_id)

    def forget(self, paths: Iterable[Path] | None = None) -> None:
        """Drop cached reports (all of them: the configuration changed)."""
        if paths is None:
            self.reports.clear()
        else:
            for path in paths:
                self.reports.pop(path, None)

"""Checking open documents: debounce, a worker thread, stale results dropped.

Each document has at most one pending check. An edit cancels the pending one and schedules
a new check after the debounce pause; the check lints a snapshot of the text in the worker
thread (so the event loop keeps answering), and its result is published only if the
document has not changed meanwhile. The last published result per document is kept for
hover and code actions.

The checker reaches the server only through :class:`CheckerHost`, the five things it needs,
so it does not import the server (no cycle) and can run against a stand-in.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from lsprotocol import types

import replylint
from replylint.positions import LineIndex, to_lsp_position
from replylint.rule_docs import rule_doc_url

log = logging.getLogger(__name__)

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
SOURCE = "replylint"


@dataclass
class CheckResult:
    """The diagnostics of one version of one document."""

    uri: str
    version: int | None
    text: str
    diagnostics: list[replylint.Diagnostic]
    linter: replylint.Linter
    index: LineIndex = field(init=False)

    def __post_init__(self) -> None:
        self.index = LineIndex(self.text)

    def lsp_range(self, start: int, end: int, encoding: str) -> types.Range:
        sl, sc = to_lsp_position(self.index, start, encoding)
        el, ec = to_lsp_position(self.index, end, encoding)
        return types.Range(types.Position(sl, sc), types.Position(el, ec))

    def to_lsp(self, d: replylint.Diagnostic, encoding: str) -> types.Diagnostic:
        rules = self.linter.rules
        data = {"rule": d.rule, "lang": d.lang, "start": d.start, "end": d.end,
                "suggestions": list(d.suggestions), "version": self.version, "pattern": d.pattern}
        if d.rule in rules:
            data["explanation"] = rules.effective(d.rule).explanation()
        url = rule_doc_url(d.rule)
        return types.Diagnostic(
            range=self.lsp_range(d.start, d.end, encoding),
            message=d.message,
            severity=SEVERITY.get(d.level, types.DiagnosticSeverity.Warning),
            code=d.rule,
            # The rule's page, when a docs site is configured (a repository path is no URI).
            code_description=types.CodeDescription(href=url) if "://" in url else None,
            source=SOURCE,
            data=data,
        )


class Snapshot(NamedTuple):
    """An open document's text at one version."""

    text: str
    version: int | None


class CheckerHost(Protocol):
    """What the checker needs from the language server."""

    @property
    def encoding(self) -> str:
        """The negotiated position encoding (utf-16, utf-8 or utf-32)."""
        ...

    def snapshot(self, uri: str) -> Snapshot | None:
        """The current text and version of an open document (None: not open)."""
        ...

    def linter_for(self, uri: str | None) -> replylint.Linter | None:
        """The linter configured for the document (None: do not check it)."""
        ...

    def publish_diagnostics(self, uri: str, version: int | None, diagnostics: Sequence[types.Diagnostic]) -> None:
        """Send the document's diagnostics to the client."""
        ...

    def report_problem(self, message: str) -> None:
        """Tell the user (and the log) that something went wrong."""
        ...


class Checker:
    """Schedules, runs and publishes the checks of open documents."""

    def __init__(self, host: CheckerHost) -> None:
        self.host = host
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="replylint-lint")
        self.pending: dict[str, asyncio.Task] = {}
        self.results: dict[str, CheckResult] = {}

    # ------------------------------------------------------------- scheduling
    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds, replacing any pending check."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        task = asyncio.get_running_loop().create_task(self._run(uri, delay))
        self.pending[uri] = task
        task.add_done_callback(functools.partial(self._done, uri))

    def _done(self, uri: str, task: asyncio.Task) -> None:
        if self.pending.get(uri) is task:
            del self.pending[uri]
        if not task.cancelled() and task.exception() is not None:
            log.error("check of %s failed", uri, exc_info=task.exception())

    def close(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.results.pop(uri, None)
        self.host.publish_diagnostics(uri, None, [])

    # ---------------------------------------------------------------- running
    async def _run(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        result = await self.check(uri)
        if result is None:
            return
        doc = self.host.snapshot(uri)
        if doc is None or doc.version != result.version or doc.text != result.text:
            return  # closed or edited meanwhile: a newer check is (or will be) scheduled
        self.publish(result)

    async def check(self, uri: str) -> CheckResult | None:
        """Lint the current text of ``uri`` in the worker thread (None: not checked)."""
        doc = self.host.snapshot(uri)
        if doc is None:
            return None
        linter = self.host.linter_for(uri)
        if linter is None:
            return None
        text, version = doc
        cached = self.results.get(uri)
        if cached is not None and cached.text == text and cached.linter is linter:
            return cached

        def lint() -> list[replylint.Diagnostic]:
            return linter.lint(text)

        try:
            found = await asyncio.get_running_loop().run_in_executor(self.pool, lint)
        except (replylint.PatternFileError, replylint.SlowPatternError, ValueError) as exc:
            self.host.report_problem(f"replylint could not check {uri}: {exc}")
            return None
        return CheckResult(uri, version, text, found, linter)

    def publish(self, result: CheckResult) -> None:
        self.results[result.uri] = result
        encoding = self.host.encoding
        self.host.publish_diagnostics(result.uri, result.version,
                                        [result.to_lsp(d, encoding) for d in result.diagnostics])

    def current(self, uri: str) -> CheckResult | None:
        """The published result if it matches the document's current text."""
        result = self.results.get(uri)
        doc = self.host.snapshot(uri)
        if result is None or doc is None or doc.text != result.text:
            return None
        return result

    async def fresh(self, uri: str) -> CheckResult | None:
        """A result for the current text: the published one, or a check run now."""
        return self.current(uri) or await self.check(uri)

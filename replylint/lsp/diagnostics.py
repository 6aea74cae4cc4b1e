"""Checking open documents: debounce, worker threads, stale results dropped.

Each document has at most one pending and one running check. An edit cancels the pending
one and schedules a new check after the debounce pause; the check lints a snapshot of the
text in a worker thread (so the event loop keeps answering), and its result is published
only if the document has not changed meanwhile. Several workers serve the documents, so a
long reply being checked never holds up a short one (:data:`WORKERS`); a document whose
check is still running waits for it instead of starting a second one. The last published
result per document is kept for hover, code actions and pull diagnostics.

The checker reaches the server only through :class:`CheckerHost`, so it does not import the
server (no cycle) and can run against a stand-in.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

from lsprotocol import types
from pygls.uris import from_fs_path

import replylint
from replylint.positions import LineIndex, line_count, to_lsp_position
from replylint.rule_docs import rule_doc_path, rule_doc_url
from replylint.runner import UNUSED_SUPPRESSION

from .files import DocumentCheck, Placed

log = logging.getLogger(__name__)

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
SOURCE = "replylint"
#: How a document rule's causes are named in ``relatedInformation`` (others: a generic label).
TRIGGER_LABELS = {
    "missing-apology": "the problem the reply admits without an apology",
    "missing-timeline": "the promise that names no time",
}
MAX_QUOTED = 80
#: Diagnostic tags, where one fits: an unused suppression directive is text that does
#: nothing (editors fade it, as they fade ruff's unused ``noqa``).
TAGS = {UNUSED_SUPPRESSION: (types.DiagnosticTag.Unnecessary,)}


def rule_page_uri(rule: str) -> str | None:
    """The address of a rule's generated page (``docs/rules/<id>.md``) for ``codeDescription``.

    The published site when ``REPLYLINT_DOCS_BASE`` names one; else the page in this source
    checkout as a ``file:`` URI (editors open it); None when neither exists (an installed
    wheel carries no docs): a link that leads nowhere is worse than none."""
    url = rule_doc_url(rule)
    if "://" in url:
        return url
    return _checkout_page(rule)


@functools.lru_cache(maxsize=256)
def _checkout_page(rule: str) -> str | None:
    page = CHECKOUT / rule_doc_path(rule)
    return from_fs_path(str(page)) if page.is_file() else None
CHECKOUT = Path(replylint.__file__).resolve().parent.parent  # the source tree, when run from one
WORKERS = 3  # long checks take one each; short ones still find a free worker


@dataclass
class CheckResult:
    """The diagnostics of one version of one document."""

    uri: str
    version: int | None
    text: str
    check: DocumentCheck
    linter: replylint.Linter
    index: LineIndex = field(init=False)

    def __post_init__(self) -> None:
        self.index = LineIndex(self.text)
        self._explanations: dict[str, str] = {}

    def _explanation(self, rule: str) -> str:
        """The rule's explanation, worked out once per result (a long reply repeats rules)."""
        found = self._explanations.get(rule)
        if found is None:
            found = self._explanations[rule] = self.linter.rules.effective(rule).explanation()
        return found

    @property
    def placed(self) -> list[Placed]:
        return self.check.placed

    @property
    def diagnostics(self) -> list[replylint.Diagnostic]:
        return [p.diagnostic for p in self.check.placed]

    def lsp_range(self, start: int, end: int, encoding: str) -> types.Range:
        sl, sc = to_lsp_position(self.index, start, encoding)
        el, ec = to_lsp_position(self.index, end, encoding)
        return types.Range(types.Position(sl, sc), types.Position(el, ec))

    def to_lsp(self, p: Placed, encoding: str) -> types.Diagnostic:
        d = p.diagnostic
        rules = self.linter.rules
        data = {"rule": d.rule, "lang": d.lang, "start": p.start, "end": p.end,
                "suggestions": list(d.suggestions), "version": self.version, "pattern": d.pattern}
        if p.reply:
            data["reply"] = p.reply
        if d.rule in rules:
            data["explanation"] = self._explanation(d.rule)
        url = rule_page_uri(d.rule)
        return types.Diagnostic(
            range=self.lsp_range(p.start, p.end, encoding),
            message=d.message,
            severity=SEVERITY.get(d.level, types.DiagnosticSeverity.Warning),
            code=d.rule,
            code_description=types.CodeDescription(href=url) if url else None,
            source=SOURCE,
            related_information=self.related(p, encoding) or None,
            tags=list(TAGS[d.rule]) if d.rule in TAGS else None,
            data=data,
        )

    def related(self, p: Placed, encoding: str) -> list[types.DiagnosticRelatedInformation]:
        """Where a document rule's cause is: the problem the reply admits (missing apology),
        the promise that names no time (missing timeline)."""
        label = TRIGGER_LABELS.get(p.diagnostic.rule, "what made this rule apply")
        found = []
        for start, end in p.triggers:
            quoted = " ".join(self.text[start:end].split())
            if len(quoted) > MAX_QUOTED:
                quoted = quoted[:MAX_QUOTED - 1] + "…"
            found.append(types.DiagnosticRelatedInformation(
                location=types.Location(uri=self.uri, range=self.lsp_range(start, end, encoding)),
                message=f"{label}: “{quoted}”"))
        return found

    def lsp_diagnostics(self, encoding: str) -> list[types.Diagnostic]:
        found = [self.to_lsp(p, encoding) for p in self.check.placed]
        if self.check.problem is not None:
            line, message = self.check.problem
            line = min(line, max(line_count(self.index) - 1, 0))
            found.insert(0, types.Diagnostic(
                range=types.Range(types.Position(line, 0), types.Position(line + 1, 0)),
                message=f"replylint cannot read this file: {message}", severity=types.DiagnosticSeverity.Error,
                source=SOURCE, code="unreadable"))
        return found


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
        """The current text and version of a checked document (None: not checked)."""
        ...

    def linter_for(self, uri: str | None) -> replylint.Linter | None:
        """The linter configured for the document (None: do not check it)."""
        ...

    def lint_document(self, uri: str, text: str, linter: replylint.Linter) -> DocumentCheck:
        """Check one snapshot (runs in a worker thread: must not touch server state)."""
        ...

    def publish_diagnostics(self, uri: str, version: int | None, diagnostics: Sequence[types.Diagnostic]) -> None:
        """Send the document's diagnostics to the client."""
        ...

    def report_problem(self, message: str, kind: types.MessageType = types.MessageType.Error,
                       topic: str = "") -> None:
        """Tell the user (and the log) that something went wrong."""
        ...

    def problem_solved(self, topic: str) -> None:
        """The problem reported under ``topic`` is gone (a new one is shown again)."""
        ...

    def report_skip(self, uri: str, reason: str) -> None:
        """Say (once per reason) that a document is not checked, and why."""
        ...


class Checker:
    """Schedules, runs and publishes the checks of open documents."""

    def __init__(self, host: CheckerHost, workers: int = WORKERS) -> None:
        self.host = host
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="replylint-lint")
        self.pending: dict[str, asyncio.Task] = {}
        self.running: dict[str, asyncio.Future] = {}
        self.results: dict[str, CheckResult] = {}
        self.published: set[str] = set()

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

    def busy(self) -> bool:
        """Whether any check is waiting or running."""
        return bool(self.pending or self.running)

    def close(self, uri: str) -> None:
        """Forget a document and clear its diagnostics in the client."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.results.pop(uri, None)
        if uri in self.published:
            self.published.discard(uri)
            self.host.publish_diagnostics(uri, None, [])

    def stop(self) -> None:
        for task in self.pending.values():
            task.cancel()
        self.pending.clear()
        self.pool.shutdown(wait=False, cancel_futures=True)

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
        """Lint the current text of ``uri`` in a worker thread (None: not checked)."""
        while (running := self.running.get(uri)) is not None:  # one check per document at a time
            await asyncio.wait([running])
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
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.pool, self.host.lint_document, uri, text, linter)
        self.running[uri] = future
        try:
            found = await future
        except (replylint.PatternFileError, replylint.SlowPatternError, ValueError) as exc:
            self.host.report_problem(f"replylint could not check {uri}: {exc}", topic=uri)
            return None
        finally:
            if self.running.get(uri) is future:
                del self.running[uri]
        self.host.problem_solved(uri)
        if found.skipped:
            self.host.report_skip(uri, found.skipped)
        return CheckResult(uri, version, text, found, linter)

    def publish(self, result: CheckResult) -> None:
        self.results[result.uri] = result
        self.published.add(result.uri)
        self.host.publish_diagnostics(result.uri, result.version, result.lsp_diagnostics(self.host.encoding))

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

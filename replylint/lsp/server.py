"""The replylint language server: one thin handler per LSP feature.

The library (``replylint``) does the checking; this module wires it to LSP: which documents
are open, which configuration applies to each, and when to check them. ``initialize`` is
answered at once; the language pipelines load in a background thread after ``initialized``.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

import replylint
from replylint.config import ConfigError
from replylint.langdetect import LANGUAGES, detect

from . import __version__
from .allowlist import add_allowed_term
from .code_actions import ADD_TO_ALLOW_COMMAND, EditContext, code_actions, uses_html_comments
from .diagnostics import SOURCE, Checker, Snapshot
from .hover import hover
from .protocol import ReplylintProtocol, answer_parse_error
from .settings import EditorSettings, ProjectConfigs, config_key, error_line, merge, parse_settings, unwrap

log = logging.getLogger(__name__)

CONFIG_POLL_SECONDS = 1.0
MAX_LINTERS = 8
PRELOAD_WAIT_FOR_OPEN = 0.5  # seconds: load the languages of the first document first


class ReplylintServer(LanguageServer):
    """The pygls server; also the :class:`~replylint.lsp.diagnostics.CheckerHost` of its checker."""

    def __init__(self) -> None:
        super().__init__("replylint-lsp", __version__, protocol_cls=ReplylintProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.checker = Checker(self)
        self.settings = EditorSettings()
        self.settings_error: str | None = None
        self.configs = ProjectConfigs()
        self.linters: dict[str, replylint.Linter] = {}
        self.open_uris: dict[str, str] = {}  # uri -> language id
        self.config_problems: dict[Path, str] = {}  # config file -> error reported
        self.reported: set[str] = set()
        self.preloaded = threading.Event()
        self.first_open = threading.Event()
        self._poller: asyncio.Task | None = None

    def report_server_error(self, error: Exception, source) -> None:
        """A message that is not JSON gets a JSON-RPC parse error; others as pygls reports them."""
        if not (isinstance(self.protocol, ReplylintProtocol) and answer_parse_error(self.protocol, error)):
            super().report_server_error(error, source)

    # ------------------------------------------------------------------ state
    @property
    def encoding(self) -> str:
        enc = self.workspace.position_encoding if self.protocol._workspace is not None else None
        return getattr(enc, "value", enc) or "utf-16"

    def root(self) -> Path | None:
        ws = self.protocol._workspace
        if ws is None:
            return None
        for folder in ws.folders.values():
            path = to_fs_path(folder.uri)
            if path:
                return Path(path)
        if ws.root_path:
            return Path(ws.root_path)
        return None

    def open_document(self, uri: str) -> TextDocument | None:
        if uri not in self.open_uris:
            return None
        return self.workspace.get_text_document(uri)

    def snapshot(self, uri: str) -> Snapshot | None:
        doc = self.open_document(uri)
        return None if doc is None else Snapshot(doc.source, doc.version)

    def publish_diagnostics(self, uri: str, version: int | None, diagnostics: Sequence[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=list(diagnostics)))

    def _doc_path(self, uri: str) -> Path | None:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return Path(path) if path else None

    def config_path_for(self, uri: str | None) -> Path | None:
        path = self._doc_path(uri) if uri else None
        return ProjectConfigs.find(path if path is not None else self.root())

    def linter_for(self, uri: str | None) -> replylint.Linter | None:
        """The linter for a document: its project config with the editor settings on top."""
        if not self.settings.enable:
            return None
        config_path = self.config_path_for(uri)
        project, error, changed = self.configs.load(config_path)
        if changed:
            self.report_config(config_path, error)
        config = merge(project, self.settings)
        key = config_key(config)
        linter = self.linters.get(key)
        if linter is None:
            try:
                # Not strict: a rule the settings name that does not exist is a warning, not a
                # reason to stop checking (it is reported below).
                linter = replylint.Linter(config, strict=False)
            except (replylint.PatternFileError, ValueError, OSError) as exc:
                self.report_problem(f"replylint: cannot use the pattern folders: {exc}")
                return None
            if len(self.linters) >= MAX_LINTERS:
                self.linters.pop(next(iter(self.linters)))
            self.linters[key] = linter
            self._warn_unknown_rules(linter)
        return linter

    def _warn_unknown_rules(self, linter: replylint.Linter) -> None:
        unknown = sorted({rule for _, rule in linter.rules.unknown_settings()})
        if unknown:
            self.report_problem(f"replylint: unknown rule(s) in settings: {', '.join(unknown)}",
                                types.MessageType.Warning)

    # -------------------------------------------------------------- reporting
    def report_problem(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """Show a message once (the same problem is not repeated on every keystroke)."""
        log.warning("%s", message)
        if message in self.reported:
            return
        self.reported.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def report_config(self, path: Path | None, error: ConfigError | None) -> None:
        """Tell the user a config file broke (message + diagnostic at the file), or is fixed."""
        if path is None:
            return
        uri = from_fs_path(str(path))
        if error is None:
            if self.config_problems.pop(path, None) is not None:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
                self.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Info, message=f"replylint: {path.name} is valid again"))
            return
        message = str(error)
        if self.config_problems.get(path) == message:
            return
        self.config_problems[path] = message
        self.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Error,
            message=f"replylint: broken configuration, keeping the last good settings: {message}"))
        line = error_line(message)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[
            types.Diagnostic(range=types.Range(types.Position(line, 0), types.Position(line + 1, 0)),
                             message=message, severity=types.DiagnosticSeverity.Error,
                             source=SOURCE, code="config")]))

    # ---------------------------------------------------------------- actions
    def recheck_all(self) -> None:
        for uri in list(self.open_uris):
            self.checker.schedule(uri, 0)

    def apply_settings(self, raw) -> bool:
        try:
            new = parse_settings(raw, self.root())
        except ConfigError as exc:
            self.report_problem(f"{exc} (keeping the previous settings)")
            return False
        if new != self.settings:
            self.settings = new
            self.linters.clear()
            self.checker.results.clear()
            for uri, lang in list(self.open_uris.items()):
                if lang not in new.languages and uri in self.open_uris:
                    del self.open_uris[uri]
                    self.checker.close(uri)
            self.recheck_all()
        return True

    def edit_context(self, uri: str) -> EditContext:
        caps = self.client_capabilities
        ws_edit = caps.workspace.workspace_edit if caps.workspace else None
        resource_ops = (ws_edit.resource_operations or []) if ws_edit else []
        return EditContext(
            uri=uri,
            html_comments=uses_html_comments(self.open_uris.get(uri), uri),
            encoding=self.encoding,
            document_changes=bool(ws_edit and ws_edit.document_changes),
            can_create_files=types.ResourceOperationKind.Create in resource_ops,
            allow_target=self.allow_target(uri),
        )

    def allow_target(self, uri: str) -> tuple[Path, str | None] | None:
        """Where ``allow`` terms go: the config file in use, else .replylint.toml at the root."""
        current = self.config_path_for(uri)
        if current is not None:
            return current, "tool.replylint" if current.name == "pyproject.toml" else None
        folder = self.root()
        if folder is None:
            doc = self._doc_path(uri)
            folder = doc.parent if doc else None
        return (folder / ".replylint.toml", None) if folder else None

    def preload(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Load the language pipelines (background thread), those of open documents first;
        log when they are loaded (through ``loop``, the server's event loop)."""
        try:
            self.first_open.wait(PRELOAD_WAIT_FOR_OPEN)
            linter = self.linter_for(None)
            if linter is not None:
                wanted = [linter.config.lang]
                for uri in list(self.open_uris):
                    doc = self.open_document(uri)
                    if doc is not None:
                        wanted.append(detect(doc.source[:2000], default=linter.config.lang)[0])
                order = list(dict.fromkeys(lang for lang in [*wanted, *LANGUAGES] if lang in LANGUAGES))
                started = time.perf_counter()
                linter.preload(order)
                message = f"replylint: languages loaded ({', '.join(order)}) in {time.perf_counter() - started:.1f} s"
                log.info("%s", message)
                if loop is not None:
                    loop.call_soon_threadsafe(self.window_log_message, types.LogMessageParams(
                        type=types.MessageType.Log, message=message))
        except Exception as exc:  # noqa: BLE001 - a bad pattern pack is reported when a document is checked
            log.warning("preload failed: %s", exc)
        finally:
            self.preloaded.set()

    async def poll_configs(self) -> None:
        """Re-check open documents when a configuration file changes on disk."""
        while True:
            await asyncio.sleep(CONFIG_POLL_SECONDS)
            try:
                changed = False
                for path in {self.config_path_for(uri) for uri in list(self.open_uris)}:
                    _, error, was_changed = self.configs.load(path)
                    if was_changed:
                        self.report_config(path, error)
                        changed = True
                if changed:
                    self.recheck_all()
            except Exception:
                log.exception("config poll failed")


def _safe(fn):
    """Log a handler's failure instead of letting one bad message disturb the server."""
    if asyncio.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def wrapper(ls, params):
            try:
                return await fn(ls, params)
            except Exception:
                log.exception("%s failed", fn.__name__)
                return None
    else:
        @functools.wraps(fn)
        def wrapper(ls, params):
            try:
                return fn(ls, params)
            except Exception:
                log.exception("%s failed", fn.__name__)
                return None
    return wrapper


def create_server() -> ReplylintServer:
    server = ReplylintServer()

    @server.feature(types.INITIALIZE)
    @_safe
    def initialize(ls: ReplylintServer, params: types.InitializeParams):
        options = params.initialization_options
        if unwrap(options):
            try:
                ls.settings = parse_settings(options, ls.root())
            except ConfigError as exc:
                ls.settings_error = str(exc)

    @server.feature(types.INITIALIZED)
    @_safe
    async def initialized(ls: ReplylintServer, params: types.InitializedParams):
        if ls.settings_error:
            ls.report_problem(f"{ls.settings_error} (using the defaults)")
        loop = asyncio.get_running_loop()
        threading.Thread(target=ls.preload, args=(loop,), name="replylint-preload", daemon=True).start()
        ls._poller = asyncio.get_running_loop().create_task(ls.poll_configs())

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @_safe
    async def did_change_configuration(ls: ReplylintServer, params: types.DidChangeConfigurationParams):
        raw = unwrap(params.settings)
        if not raw:
            caps = ls.client_capabilities.workspace
            if caps is None or not caps.configuration:
                return
            items = await ls.workspace_configuration_async(types.ConfigurationParams(
                items=[types.ConfigurationItem(section="replylint")]))
            raw = items[0] if items else None
        if isinstance(raw, dict):
            ls.apply_settings(raw)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_safe
    def did_open(ls: ReplylintServer, params: types.DidOpenTextDocumentParams):
        doc = params.text_document
        if doc.language_id not in ls.settings.languages:
            return
        ls.open_uris[doc.uri] = doc.language_id
        ls.first_open.set()
        ls.checker.schedule(doc.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_safe
    def did_change(ls: ReplylintServer, params: types.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        if uri in ls.open_uris:
            ls.checker.schedule(uri, ls.settings.debounce_ms / 1000)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_safe
    def did_close(ls: ReplylintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        if ls.open_uris.pop(uri, None) is not None:
            ls.checker.close(uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_safe
    async def on_hover(ls: ReplylintServer, params: types.HoverParams):
        result = await ls.checker.fresh(params.text_document.uri)
        return hover(result, params.position, ls.encoding) if result else None

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    @_safe
    async def on_code_action(ls: ReplylintServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        result = await ls.checker.fresh(uri)
        if result is None:
            return None
        return code_actions(result, params, ls.edit_context(uri))

    @server.command(ADD_TO_ALLOW_COMMAND)
    def add_to_allow_list(ls: ReplylintServer, path: str, term: str, table: str | None = None):
        """Fallback for clients that cannot create files from a WorkspaceEdit."""
        target = Path(path)
        text = target.read_text(encoding="utf-8") if target.is_file() else ""
        change = add_allowed_term(text, term, table)
        if change is not None:
            target.write_text(text[:change.start] + change.new_text + text[change.end:], encoding="utf-8")
        ls.recheck_all()

    return server

"""The replylint language server: which documents are open, which configuration applies to
each, when to check them, and one thin handler per LSP feature.

The library (``replylint``) does the checking, through the CLI's readers
(:mod:`replylint.lsp.files`). ``initialize`` is answered at once; the language pipelines load
after ``initialized``, the open documents' languages first (:mod:`replylint.lsp.loading`).
All server state lives on the event loop; worker threads only lint snapshots and load
languages, and every message to the client leaves from the loop (:mod:`replylint.lsp.protocol`).
"""
from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

import replylint
from replylint.config import CONFIG_FILES, ConfigError

from . import __version__
from .code_actions import (
    ADD_TO_ALLOW_COMMAND,
    DISABLE_COMMAND,
    EditContext,
    code_actions,
    uses_html_comments,
)
from .code_actions import (
    resolve as resolve_action,
)
from .config_edits import ConfigEditError, check_value, choose_target, read_config_text, updated_text, write_atomically
from .diagnostics import SOURCE, Checker, CheckResult, Snapshot
from .files import DocumentCheck, check_document
from .hover import hover
from .loading import LanguageLoader, Progress, languages_of
from .protocol import ReplylintProtocol, answer_parse_error
from .selection import Selection, select
from .settings import EditorSettings, ProjectConfigs, config_key, error_line, merge, parse_settings, unwrap
from .workspace_diagnostics import WorkspaceDiagnostics

log = logging.getLogger(__name__)

CONFIG_POLL_SECONDS = 1.0  # only for clients without workspace/didChangeWatchedFiles
PARENT_POLL_SECONDS = 2.0
MAX_LINTERS = 4  # each holds its compiled packs: a bound on memory across settings changes
CONFIG_GLOB = "**/{" + ",".join(CONFIG_FILES) + "}"


@dataclass
class OpenDocument:
    language_id: str
    selection: Selection


class LoadingProgress(Progress):
    """``$/progress`` for the language loader (sent from the loop; a no-op without support)."""

    def __init__(self, server: ReplylintServer):
        self.server = server
        self.token: str | None = None
        self.count = 0

    def _supported(self) -> bool:
        caps = self.server.client_capabilities
        return bool(caps.window and caps.window.work_done_progress)

    def begin(self, message: str) -> None:
        if not self._supported():
            return
        self.count += 1
        self.token = f"replylint-loading-{os.getpid()}-{self.count}"
        token = self.token
        progress = self.server.work_done_progress

        def created(future) -> None:
            if future.exception() is None:
                progress.begin(token, types.WorkDoneProgressBegin(title="replylint", message=message,
                                                                  percentage=0, cancellable=False))

        progress.create(token).add_done_callback(lambda f: self.server.call_on_loop(created, f))

    def report(self, message: str, percentage: int) -> None:
        if self.token is not None and self.token in self.server.work_done_progress.tokens:
            self.server.work_done_progress.report(self.token, types.WorkDoneProgressReport(
                message=message, percentage=percentage))

    def end(self, message: str) -> None:
        if self.token is not None and self.token in self.server.work_done_progress.tokens:
            self.server.work_done_progress.end(self.token, types.WorkDoneProgressEnd(message=message))
        self.token = None


class ReplylintServer(LanguageServer):
    """The pygls server; also the :class:`~replylint.lsp.diagnostics.CheckerHost` of its checker."""

    def __init__(self) -> None:
        super().__init__("replylint-lsp", __version__, protocol_cls=ReplylintProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.checker = Checker(self)
        self.workspace_reports = WorkspaceDiagnostics(self.run_in_pool)
        self.loader = LanguageLoader(LoadingProgress(self), self.checker.busy, self._log_to_client)
        self.settings = EditorSettings()
        self.settings_error: str | None = None
        self.configs = ProjectConfigs()
        self.linters: OrderedDict[str, replylint.Linter] = OrderedDict()
        self.docs: dict[str, OpenDocument] = {}  # every open document, checked or not
        self.config_paths: dict[str, Path | None] = {}  # uri -> its configuration file (cached)
        self.config_problems: dict[Path, str] = {}  # config file -> error reported
        self.problems: dict[str, str] = {}  # topic -> message shown (shown again once it changes or returns)
        self.skip_reasons: set[str] = set()
        self.exit_requested = asyncio.Event()
        self.exit_code: int | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.parent_pid: int | None = None
        self._tasks: list[asyncio.Task] = []
        self.watching_files = False

    # -------------------------------------------------------------- lifecycle
    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.exit_requested = asyncio.Event()
        if isinstance(self.protocol, ReplylintProtocol):
            self.protocol.bind_loop(loop)
        if self.parent_pid is not None:
            self.watch_parent(self.parent_pid)

    def run_in_pool(self, fn, *args) -> asyncio.Future:
        """Run ``fn(*args)`` in one of the checker's worker threads."""
        return asyncio.get_running_loop().run_in_executor(self.checker.pool, fn, *args)

    def call_on_loop(self, fn, *args) -> None:
        """Run ``fn(*args)`` on the event loop (from any thread)."""
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(fn, *args)

    def request_exit(self, code: int) -> None:
        if self.exit_code is None:
            self.exit_code = code
        self.exit_requested.set()

    def stop_workers(self) -> None:
        for task in self._tasks:
            task.cancel()
        self.checker.stop()
        self.loader.stop()

    def watch_parent(self, pid: int | None) -> None:
        """Exit when the editor process that started us is gone (``processId``/``--clientProcessId``)."""
        if not pid or pid == os.getpid():
            return
        self.parent_pid = pid
        if self.loop is None:
            return  # started once the loop runs

        async def watch() -> None:
            while True:
                await asyncio.sleep(PARENT_POLL_SECONDS)
                if not _alive(pid):
                    log.warning("the editor process %d is gone: exiting", pid)
                    self.request_exit(1)
                    return

        self._tasks.append(self.loop.create_task(watch()))

    def report_server_error(self, error: Exception, source) -> None:
        """A message that is not JSON gets a JSON-RPC parse error; others are logged (requests
        were already answered with an error)."""
        if isinstance(self.protocol, ReplylintProtocol) and answer_parse_error(self.protocol, error):
            return
        log.error("%s", error)

    # ------------------------------------------------------------------ state
    @property
    def encoding(self) -> str:
        enc = self.workspace.position_encoding if self.protocol._workspace is not None else None
        return getattr(enc, "value", enc) or "utf-16"

    def folders(self) -> list[Path]:
        ws = self.protocol._workspace
        if ws is None:
            return []
        found = [Path(p) for f in ws.folders.values() if (p := to_fs_path(f.uri))]
        if not found and ws.root_path:
            found.append(Path(ws.root_path))
        return found

    def root(self) -> Path | None:
        folders = self.folders()
        return folders[0] if folders else None

    def checked(self, uri: str) -> bool:
        doc = self.docs.get(uri)
        return doc is not None and doc.selection.checked and self.settings.enable

    def open_document(self, uri: str) -> TextDocument | None:
        if not self.checked(uri):
            return None
        return self.workspace.get_text_document(uri)

    def snapshot(self, uri: str) -> Snapshot | None:
        doc = self.open_document(uri)
        return None if doc is None else Snapshot(doc.source, doc.version)

    def publish_diagnostics(self, uri: str, version: int | None, diagnostics: Sequence[types.Diagnostic]) -> None:
        if self.pull_mode():
            return  # the client asks (textDocument/diagnostic); pushing too would show everything twice
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=list(diagnostics)))

    def pull_mode(self) -> bool:
        caps = self.protocol._workspace is not None and self.client_capabilities.text_document
        return bool(caps and caps.diagnostic)

    @staticmethod
    def doc_path(uri: str) -> Path | None:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return Path(path) if path else None

    def config_path_for(self, uri: str | None) -> Path | None:
        if uri is not None and uri in self.config_paths:
            return self.config_paths[uri]
        path = self.doc_path(uri) if uri else None
        found = ProjectConfigs.find(path if path is not None else self.root())
        if uri is not None and uri in self.docs:
            self.config_paths[uri] = found
        return found

    def linter_for(self, uri: str | None) -> replylint.Linter | None:
        """The linter for a document: its project config with the editor settings on top."""
        if not self.settings.enable:
            return None
        return self.linter_for_config(self.config_path_for(uri))

    def linter_for_path(self, path: Path) -> replylint.Linter | None:
        """The linter for a file on disk that is not open (workspace diagnostics)."""
        if not self.settings.enable:
            return None
        return self.linter_for_config(ProjectConfigs.find(path))

    def linter_for_config(self, config_path: Path | None) -> replylint.Linter | None:
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
                self.report_problem(f"replylint: cannot use the pattern folders: {exc}", topic="patterns")
                return None
            self.problem_solved("patterns")
            while len(self.linters) >= MAX_LINTERS:
                self.linters.popitem(last=False)
            self.linters[key] = linter
            self._warn_unknown_rules(linter)
        else:
            self.linters.move_to_end(key)
        return linter

    def lint_document(self, uri: str, text: str, linter: replylint.Linter) -> DocumentCheck:
        """Worker thread: the document through the CLI's reader for its format."""
        doc = self.docs.get(uri)
        suffix = doc.selection.suffix if doc else ".txt"
        path = self.doc_path(uri) or Path("untitled" + suffix)
        return check_document(text, path, suffix, linter, self.settings.report_unused_suppressions)

    def _warn_unknown_rules(self, linter: replylint.Linter) -> None:
        unknown = sorted({rule for _, rule in linter.rules.unknown_settings()})
        if unknown:
            self.report_problem(f"replylint: unknown rule(s) in settings: {', '.join(unknown)}",
                                types.MessageType.Warning, topic="unknown-rules")
        else:
            self.problem_solved("unknown-rules")

    # -------------------------------------------------------------- reporting
    def report_problem(self, message: str, kind: types.MessageType = types.MessageType.Error,
                       topic: str = "") -> None:
        """Show a message, once while it lasts: not again on every keystroke, but again when
        the problem was solved and came back, or changed."""
        log.warning("%s", message)
        topic = topic or message
        if self.problems.get(topic) == message:
            return
        self.problems[topic] = message
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def problem_solved(self, topic: str) -> None:
        self.problems.pop(topic, None)

    def _log_to_client(self, message: str) -> None:
        """A line in the client's log (``window/logMessage``; called on the event loop)."""
        log.info("%s", message)
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Log, message=message))

    def report_skip(self, uri: str, reason: str) -> None:
        """Log a skipped document; the first time for each reason, also tell the user."""
        message = f"replylint: not checking {uri}: {reason}"
        log.info("%s", message)
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Info, message=message))
        if reason not in self.skip_reasons:
            self.skip_reasons.add(reason)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=message))

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

    # ---------------------------------------------------------------- documents
    def track(self, uri: str, language_id: str | None) -> None:
        """A document was opened (or re-evaluated): decide whether to check it."""
        selection = select(uri, language_id, self.settings.languages)
        self.docs[uri] = OpenDocument(language_id or "", selection)
        path = self.doc_path(uri)
        if path is not None and path.name in CONFIG_FILES:
            # read from the buffer from now on: unsaved changes (an added allow term) count
            self.configs.overlays[path] = self.workspace.get_text_document(uri).source
            self.configs_changed()
            if not selection.checked:
                return
        if not selection.checked:
            self.report_skip(uri, selection.reason)
            return
        if self.settings.enable:
            self.want_languages(uri)
            self.checker.schedule(uri, 0)

    def want_languages(self, uri: str) -> None:
        linter = self.linter_for(uri)
        doc = self.snapshot(uri)
        if linter is not None and doc is not None:
            self.loader.want(linter, languages_of(doc.text, linter.config.lang))
            self.loader.start()

    def recheck_all(self) -> None:
        for uri in list(self.docs):
            if self.checked(uri):
                self.checker.schedule(uri, 0)
        if self.pull_mode():
            caps = self.client_capabilities.workspace
            if caps and caps.diagnostics and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)

    def reselect(self) -> None:
        """Settings changed: drop the documents no longer checked, pick up the ones that now are."""
        for uri, doc in list(self.docs.items()):
            selection = select(uri, doc.language_id, self.settings.languages)
            self.docs[uri] = OpenDocument(doc.language_id, selection)
            if not (selection.checked and self.settings.enable):
                self.checker.close(uri)
        self.checker.results.clear()
        self.recheck_all()

    def configs_changed(self) -> None:
        """A configuration file may have appeared, changed or gone: find and read them again."""
        self.config_paths.clear()
        self.configs.forget()
        self.checker.results.clear()
        self.workspace_reports.forget()
        for uri in list(self.docs):
            if self.checked(uri):
                path = self.config_path_for(uri)
                _, error, changed = self.configs.load(path)
                if changed:
                    self.report_config(path, error)
        for path in list(self.config_problems):
            if not path.exists() and path not in self.configs.overlays:
                self.report_config(path, None)
        self.recheck_all()

    def apply_settings(self, raw) -> bool:
        try:
            new = parse_settings(raw, self.root())
        except ConfigError as exc:
            self.report_problem(f"{exc} (keeping the previous settings)", topic="settings")
            return False
        self.problem_solved("settings")
        if new != self.settings:
            self.settings = new
            self.linters.clear()
            self.reselect()
        return True

    # ----------------------------------------------------------- config edits
    def config_name_for(self, uri: str) -> str | None:
        try:
            target = choose_target(self.doc_path(uri), self.config_path_for(uri), self.folders())
        except ConfigEditError:
            return None
        return target.path.name

    def edit_context(self, uri: str, structured: bool) -> EditContext:
        caps = self.client_capabilities
        ws_edit = caps.workspace.workspace_edit if caps.workspace else None
        resolve = caps.text_document.code_action if caps.text_document else None
        props = (resolve.resolve_support.properties if resolve and resolve.resolve_support else []) or []
        doc = self.docs.get(uri)
        return EditContext(
            uri=uri,
            html_comments=uses_html_comments(doc.language_id if doc else None, uri),
            structured=structured,
            encoding=self.encoding,
            document_changes=bool(ws_edit and ws_edit.document_changes),
            config_name=self.config_name_for(uri),
            resolve_edits="edit" in props,
        )

    async def add_to_config(self, uri: str, key: str, value: str, what: str) -> str:
        """Add ``value`` to the list ``key`` of the document's configuration file.

        Through ``workspace/applyEdit`` when the file is open in the editor (the edit lands
        in its buffer, undoable, and counts at once: the server reads open config buffers);
        otherwise the server writes the file itself, atomically."""
        value = check_value(value, what)
        target = choose_target(self.doc_path(uri), self.config_path_for(uri), self.folders())
        config_uri = from_fs_path(str(target.path))
        open_doc = self.workspace.text_documents.get(config_uri) if config_uri else None
        caps = self.client_capabilities.workspace
        if open_doc is not None and caps is not None and caps.apply_edit:
            new = updated_text(open_doc.source, target, key, value)
            if new is None:
                return f"{value} is already in {key} of {target.path.name}"
            index_end = len(open_doc.lines)
            edit = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=config_uri, version=open_doc.version),
                edits=[types.TextEdit(range=types.Range(types.Position(0, 0), types.Position(index_end, 0)),
                                      new_text=new)])])
            answer = await self.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(
                edit=edit, label=f"replylint: add to {key}"))
            if answer.applied:
                return f"added {value} to {key} in {target.path.name} (unsaved)"
            log.warning("the editor did not apply the edit (%s); writing the file", answer.failure_reason)
        text, bom = read_config_text(target.path)
        new = updated_text(text, target, key, value)
        if new is None:
            return f"{value} is already in {key} of {target.path.name}"
        write_atomically(target.path, new, bom)
        self.configs_changed()
        return f"added {value} to {key} in {target.path}"

    async def run_config_command(self, args: list, key: str, what: str) -> str:
        if len(args) != 2 or not all(isinstance(a, str) for a in args):
            raise JsonRpcInvalidParams.of(ValueError("expected [document uri, text]"))
        uri, value = args
        try:
            message = await self.add_to_config(uri, key, value, what)
        except (ConfigEditError, OSError) as exc:
            self.report_problem(f"replylint: {exc}", topic="config-edit")
            raise JsonRpcInvalidParams.of(ValueError(str(exc))) from None
        self.problem_solved("config-edit")
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=f"replylint: {message}"))
        return message

    # ---------------------------------------------------------- watching files
    def watch_config_files(self) -> None:
        """Ask the client to report config-file changes; poll only if it cannot."""
        caps = self.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps else None
        if watched is not None and watched.dynamic_registration:
            self.watching_files = True
            future = self.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="replylint-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                    types.FileSystemWatcher(glob_pattern=CONFIG_GLOB)]))]))

            def registered(done) -> None:
                if done.cancelled() or done.exception() is not None:
                    log.info("the client refused to watch files (%s): polling instead",
                             None if done.cancelled() else done.exception())
                    self.call_on_loop(self.start_polling)

            future.add_done_callback(registered)
            return
        self.start_polling()

    def start_polling(self) -> None:
        self.watching_files = False
        if self.loop is not None:
            self._tasks.append(self.loop.create_task(self.poll_configs()))

    def _config_state(self) -> tuple:
        state = []
        for uri in list(self.docs):
            path = ProjectConfigs.find(self.doc_path(uri) or self.root())
            try:
                st = path.stat() if path is not None else None
                state.append((uri, path, st.st_mtime_ns if st else None, st.st_size if st else None))
            except OSError:
                state.append((uri, path, None, None))
        return tuple(state)

    async def poll_configs(self) -> None:
        """Re-check open documents when a configuration file appears, changes or goes."""
        last = self._config_state()
        while True:
            await asyncio.sleep(CONFIG_POLL_SECONDS)
            try:
                now = self._config_state()
                if now != last:
                    last = now
                    self.configs_changed()
            except Exception:
                log.exception("config poll failed")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def _logged(fn):
    """Notification handlers: log a failure (nobody waits for an answer) and keep serving."""
    @functools.wraps(fn)
    def wrapper(ls, params):
        try:
            return fn(ls, params)
        except Exception:
            log.exception("%s failed", fn.__name__)
    return wrapper


def create_server(client_process_id: int | None = None) -> ReplylintServer:
    server = ReplylintServer()
    if client_process_id:
        server.parent_pid = client_process_id

    @server.feature(types.INITIALIZE)
    def initialize(ls: ReplylintServer, params: types.InitializeParams):
        options = params.initialization_options
        if unwrap(options):
            try:
                ls.settings = parse_settings(options, ls.root())
            except ConfigError as exc:
                ls.settings_error = str(exc)
        ls.watch_parent(params.process_id)

    @server.feature(types.INITIALIZED)
    @_logged
    def initialized(ls: ReplylintServer, params: types.InitializedParams):
        if ls.settings_error:
            ls.report_problem(f"{ls.settings_error} (using the defaults)", topic="settings")
        ls.watch_config_files()
        linter = ls.linter_for(None)
        if linter is not None:
            ls.loader.want(linter, [linter.config.lang] if linter.config.lang else [])
        ls.loader.start()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ReplylintServer, params):
        ls.stop_workers()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
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

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_logged
    def did_change_watched_files(ls: ReplylintServer, params: types.DidChangeWatchedFilesParams):
        ls.configs_changed()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_logged
    def did_open(ls: ReplylintServer, params: types.DidOpenTextDocumentParams):
        doc = params.text_document
        ls.track(doc.uri, doc.language_id)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_logged
    def did_change(ls: ReplylintServer, params: types.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        path = ls.doc_path(uri)
        if path is not None and path in ls.configs.overlays:
            ls.configs.overlays[path] = ls.workspace.get_text_document(uri).source
            ls.configs_changed()
        if ls.checked(uri):
            ls.checker.schedule(uri, ls.settings.debounce_ms / 1000)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_logged
    def did_close(ls: ReplylintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        path = ls.doc_path(uri)
        if path is not None and ls.configs.overlays.pop(path, None) is not None:
            ls.configs_changed()
        if ls.docs.pop(uri, None) is not None:
            ls.config_paths.pop(uri, None)
            ls.checker.close(uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: ReplylintServer, params: types.HoverParams):
        result = await ls.checker.fresh(params.text_document.uri)
        return hover(result, params.position, ls.encoding) if result else None

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
        identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=True))
    async def on_diagnostic(ls: ReplylintServer, params: types.DocumentDiagnosticParams):
        uri = params.text_document.uri
        result = await ls.checker.fresh(uri)
        if result is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[], result_id="none")
        ls.checker.results[uri] = result
        result_id = _result_id(result)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=result.lsp_diagnostics(ls.encoding),
                                                         result_id=result_id)

    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    async def on_workspace_diagnostic(ls: ReplylintServer, params: types.WorkspaceDiagnosticParams):
        previous = {p.uri: p.value for p in params.previous_result_ids or []}

        async def open_report(uri: str) -> types.WorkspaceDocumentDiagnosticReport | None:
            result = await ls.checker.fresh(uri)
            if result is None:
                return None
            result_id = _result_id(result)
            if previous.get(uri) == result_id:
                return types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, version=result.version,
                                                                        result_id=result_id)
            return types.WorkspaceFullDocumentDiagnosticReport(uri=uri, version=result.version, result_id=result_id,
                                                               items=result.lsp_diagnostics(ls.encoding))

        items = await ls.workspace_reports.report(
            ls.folders() if ls.settings.enable else [], ls.settings.languages, ls.linter_for_path,
            lambda uri: open_report(uri) if uri in ls.docs else None,
            previous, ls.encoding, ls.settings.report_unused_suppressions)
        return types.WorkspaceDiagnosticReport(items=items)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll],
        resolve_provider=True))
    async def on_code_action(ls: ReplylintServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        result = await ls.checker.fresh(uri)
        if result is None:
            return None
        return code_actions(result, params, ls.edit_context(uri, result.check.structured))

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def on_code_action_resolve(ls: ReplylintServer, action: types.CodeAction):
        data = action.data if isinstance(action.data, dict) else {}
        if not isinstance(data.get("uri"), str):
            return action
        result = await ls.checker.fresh(data["uri"])
        if result is None:
            return action
        return resolve_action(action, result, ls.edit_context(data["uri"], result.check.structured))

    @server.command(ADD_TO_ALLOW_COMMAND)
    async def add_to_allow_list(ls: ReplylintServer, *args):
        """Add a term to ``allow`` of the document's configuration file: [document uri, term]."""
        return await ls.run_config_command(list(args), "allow", "term")

    @server.command(DISABLE_COMMAND)
    async def disable_in_config(ls: ReplylintServer, *args):
        """Add a rule to ``ignore`` of the document's configuration file: [document uri, rule]."""
        given = list(args)
        if len(given) == 2 and isinstance(given[0], str) and isinstance(given[1], str):
            linter = ls.linter_for(given[0])
            if linter is not None and given[1] not in linter.rules:
                raise JsonRpcInvalidParams.of(ValueError(f"unknown rule {given[1]!r}"))
        return await ls.run_config_command(given, "ignore", "rule")

    return server


def _result_id(result: CheckResult) -> str:
    return f"{result.version}:{hash(result.text) & 0xFFFFFFFF:x}:{id(result.linter):x}"

"""Shared pieces of the language-server tests (no tests here).

The server runs as a real subprocess over stdio (``python -m replylint.lsp``) and is driven by
pytest-lsp's client. It reads a small fixture pattern pack (``REPLYLINT_PATTERNS``) written
here, so every finding is certain whatever the built-in packs contain:

* ``internal-jargon``: ``ZORGTICKET-<n>``, in every language;
* ``dead-end``: ``NOPEWAY`` (suggestions "another way", "a better way") and ``这不归我管``.

Regex patterns run in every language's pack, so the language detector cannot change them.
"""
from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest_asyncio
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = Path(__file__).resolve().parent.parent

RULES_YAML = """\
rules:
  internal-jargon:
    level: warning
    kind: phrase
    summary: Uses internal codes the customer does not know.
    message: "“{match}” is internal jargon"
    why: Internal ticket keys confuse the customer.
    instead: Say it in the customer's words.
    example:
      bad: "See ZORGTICKET-1."
      good: "I have passed this to our specialists."
  dead-end:
    level: error
    kind: phrase
    summary: States that nothing can be done.
    message: "“{match}” is a dead end"
    why: A flat no ends the conversation and leaves the customer stuck.
    instead: Offer an alternative or a next step.
    example:
      bad: "NOPEWAY."
      good: "I can refund it in full today."
  excuse:
    level: warning
    kind: phrase
    summary: Explains the failure away.
    message: "“{match}” is an excuse"
    why: The customer wants a fix, not a reason.
    instead: Say what you are doing and when.
"""

JARGON_YAML = """\
rule: internal-jargon
regex:
  - '\\mZORGTICKET-\\d+\\M'
examples:
  flag: ["See ZORGTICKET-12."]
  pass: ["See the ticket."]
"""

DEAD_END_YAML = """\
rule: dead-end
regex:
  - regex: 'NOPEWAY'
    suggest: ["another way", "a better way"]
  - '这不归我管'
"""


def write_patterns(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rules.yaml").write_text(RULES_YAML, encoding="utf-8")
    for lang in ("ru", "bg", "zh", "en"):
        (folder / lang).mkdir(exist_ok=True)
        (folder / lang / "internal-jargon.yaml").write_text(JARGON_YAML, encoding="utf-8")
        (folder / lang / "dead-end.yaml").write_text(DEAD_END_YAML, encoding="utf-8")
    return folder


def server_env(patterns: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["REPLYLINT_PATTERNS"] = str(patterns)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def capabilities(encodings: list[str] | None = None) -> types.ClientCapabilities:
    caps = client_capabilities("visual-studio-code")
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(position_encodings=encodings)
    return caps


class Session:
    """A running server, its client and a workspace folder."""

    def __init__(self, client: LanguageClient, root: Path):
        self.client = client
        self.root = root
        self.result: types.InitializeResult | None = None

    async def initialize(self, options=None, encodings=None, caps=None) -> types.InitializeResult:
        self.result = await self.client.initialize_session(types.InitializeParams(
            capabilities=caps or capabilities(encodings),
            root_uri=from_fs_path(str(self.root)),
            workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(self.root)), name="replies")],
            initialization_options=options,
        ))
        return self.result

    def uri(self, name: str) -> str:
        return from_fs_path(str(self.root / name))

    def open(self, name: str, text: str, language: str = "markdown", version: int = 1) -> str:
        uri = self.uri(name)
        (self.root / name).write_text(text, encoding="utf-8")
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
        return uri

    def change(self, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(*start), types.Position(*end)), text=text)]))

    async def diagnostics(self, uri: str, until: Callable[[list[types.Diagnostic]], bool] = lambda d: True,
                          timeout: float = 20.0) -> list[types.Diagnostic]:
        """Wait for the diagnostics of ``uri`` to satisfy ``until``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = self.client.diagnostics.get(uri)
            if found is not None and until(list(found)):
                return list(found)
            if loop.time() > deadline:
                raise AssertionError(f"timed out waiting for diagnostics of {uri}; last: {found}")
            await asyncio.sleep(0.02)

    async def messages(self, until: Callable[[types.ShowMessageParams], bool], timeout: float = 10.0):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            hits = [m for m in self.client.messages if until(m)]
            if hits:
                return hits
            await asyncio.sleep(0.02)
        raise AssertionError(f"no matching window/showMessage; got {[m.message for m in self.client.messages]}")


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


def span(d: types.Diagnostic) -> tuple[int, int, int, int]:
    return d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in code units — the test's own arithmetic, not the server's."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def offset_of(text: str, pos: types.Position, encoding: str = "utf-16") -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[:pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    count = 0
    for i, ch in enumerate(line):
        if count >= pos.character:
            return start + i
        count += units(ch, encoding)
    return start + len(line)


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    spans = sorted(((offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), e.new_text)
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_for(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    if edit.document_changes:
        return [e for dc in edit.document_changes if isinstance(dc, types.TextDocumentEdit)
                and dc.text_document.uri == uri for e in dc.edits]
    return list((edit.changes or {}).get(uri, []))


@pytest_asyncio.fixture
async def session(tmp_path):
    patterns = write_patterns(tmp_path / "patterns")
    root = tmp_path / "replies"
    root.mkdir()
    config = ClientServerConfig(server_command=[sys.executable, "-m", "replylint.lsp"], server_env=server_env(patterns))
    client = await config.start()
    s = Session(client, root)
    yield s
    try:
        await asyncio.wait_for(client.shutdown_session(), 10)
    finally:
        await client.stop()

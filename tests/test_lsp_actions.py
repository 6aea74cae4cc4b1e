"""Hover explains a finding; code actions fix or silence it with server-computed WorkspaceEdits."""
from __future__ import annotations

import ast
import asyncio
import tomllib

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.test_lsp_support import apply_edits, codes, edits_for, session  # noqa: F401  (fixture)

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]  # a server process per test

MD = "Hi 😀 there.\n\nSee ZORGTICKET-12 now. NOPEWAY.\n"
TXT = "Hi 😀 there.\n  See ZORGTICKET-12 now. NOPEWAY.\n"


async def _open(session, name, text, language):
    await session.initialize()
    uri = session.open(name, text, language=language)
    found = await session.diagnostics(uri, lambda d: len(d) == 2)
    return uri, {d.code: d for d in found}


async def _actions(session, uri, diagnostic) -> dict[str, types.CodeAction]:
    actions = await session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    return {a.title: a for a in actions}


async def _apply(session, uri, text, edit, version=2) -> str:
    """Apply the edit to the document as an editor would, and tell the server."""
    new = apply_edits(text, edits_for(edit, uri))
    session.client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=new)]))
    return new


async def test_hover_shows_rationale_and_better_phrasing(session):
    uri, found = await _open(session, "reply.md", MD, "markdown")
    d = found["dead-end"]
    inside = types.Position(d.range.start.line, d.range.start.character + 2)
    result = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=inside))
    text = result.contents.value
    assert "dead-end" in text
    assert "A flat no ends the conversation" in text          # why
    assert "Offer an alternative or a next step." in text     # instead
    assert "I can refund it in full today." in text           # better phrasing
    assert "“another way”" in text                            # suggestions
    assert result.range == d.range
    outside = types.Position(0, 0)
    assert await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=outside)) is None


async def test_apply_suggestion_replaces_the_span(session):
    uri, found = await _open(session, "reply.md", MD, "markdown")
    actions = await _actions(session, uri, found["dead-end"])
    action = actions["Replace with “another way”"]
    assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
    assert "Replace with “a better way”" in actions
    new = await _apply(session, uri, MD, action.edit)
    assert new == MD.replace("NOPEWAY", "another way")
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["internal-jargon"]


@pytest.mark.parametrize("name,text,language,expected", [
    ("reply.md", MD, "markdown",
     MD.replace("NOPEWAY.\n", "NOPEWAY. <!-- replylint-disable-line dead-end -->\n")),
    ("reply.txt", TXT, "plaintext",
     TXT.replace("  See", "  # replylint-disable-next-line dead-end\n  See")),
])
async def test_suppress_on_this_line(session, name, text, language, expected):
    uri, found = await _open(session, name, text, language)
    actions = await _actions(session, uri, found["dead-end"])
    new = await _apply(session, uri, text, actions["Suppress dead-end on this line"].edit)
    assert new == expected
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["internal-jargon"]


@pytest.mark.parametrize("name,text,language,expected", [
    ("reply.md", MD, "markdown", "<!-- replylint-disable-file internal-jargon -->\n" + MD),
    ("reply.txt", TXT, "plaintext", "# replylint-disable-file internal-jargon\n" + TXT),
])
async def test_suppress_in_this_file(session, name, text, language, expected):
    uri, found = await _open(session, name, text, language)
    actions = await _actions(session, uri, found["internal-jargon"])
    new = await _apply(session, uri, text, actions["Suppress internal-jargon in this file"].edit)
    assert new == expected
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["dead-end"]


async def test_add_jargon_term_creates_the_workspace_allow_list(session):
    uri, found = await _open(session, "reply.md", MD, "markdown")
    actions = await _actions(session, uri, found["internal-jargon"])
    action = actions["Add “ZORGTICKET-12” to the allow list in .replylint.toml"]
    config_uri = session.uri(".replylint.toml")
    create, text_edit = action.edit.document_changes
    assert isinstance(create, types.CreateFile) and create.uri == config_uri
    content = apply_edits("", text_edit.edits)
    assert tomllib.loads(content) == {"allow": ["ZORGTICKET-12"]}
    # The editor applies the edit and saves: the server notices and re-checks.
    (session.root / ".replylint.toml").write_text(content, encoding="utf-8")
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["dead-end"]


async def test_add_jargon_term_extends_an_existing_allow_list(session):
    existing = '# team vocabulary\nlang = "en"\nallow = ["RMA"]  # returns\n\n[levels]\ndead-end = "warning"\n'
    (session.root / ".replylint.toml").write_text(existing, encoding="utf-8")
    uri, found = await _open(session, "reply.md", MD, "markdown")
    assert found["dead-end"].severity == types.DiagnosticSeverity.Warning  # the file is in use
    actions = await _actions(session, uri, found["internal-jargon"])
    action = actions["Add “ZORGTICKET-12” to the allow list in .replylint.toml"]
    edits = edits_for(action.edit, session.uri(".replylint.toml"))
    new = apply_edits(existing, edits)
    assert new == existing.replace('["RMA"]', '["RMA", "ZORGTICKET-12"]')
    await asyncio.sleep(0.01)
    (session.root / ".replylint.toml").write_text(new, encoding="utf-8")
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["dead-end"]


async def test_allow_list_falls_back_to_a_server_command_without_file_creation(session):
    caps = session_caps_without_create()
    await session.initialize(caps=caps)
    uri = session.open("reply.md", MD)
    found = {d.code: d for d in await session.diagnostics(uri, lambda d: len(d) == 2)}
    actions = await _actions(session, uri, found["internal-jargon"])
    action = actions["Add “ZORGTICKET-12” to the allow list in .replylint.toml"]
    # lsprotocol's client-side parser reads any action that has a "command" key as a bare
    # Command (editors check the type of "command" instead), so the nested command arrives
    # as the text of a dict here.
    command = action.command if isinstance(action, types.CodeAction) else ast.literal_eval(action.command)
    if isinstance(command, types.Command):
        command = {"command": command.command, "arguments": command.arguments}
    assert "edit" not in command and command["command"] == "replylint.addToAllowList"
    await session.client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command["command"], arguments=command["arguments"]))
    assert tomllib.loads((session.root / ".replylint.toml").read_text()) == {"allow": ["ZORGTICKET-12"]}
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["dead-end"]


def session_caps_without_create() -> types.ClientCapabilities:
    from tests.test_lsp_support import capabilities

    caps = capabilities()
    caps.workspace.workspace_edit.resource_operations = []
    return caps


async def test_bad_requests_do_not_kill_the_server(session):
    uri, found = await _open(session, "reply.md", MD, "markdown")
    unknown = session.uri("never-opened.md")
    assert await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=unknown), position=types.Position(0, 0))) is None
    await session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(99, 999), types.Position(-1 + 1, 0)),
        context=types.CodeActionContext(diagnostics=[])))
    with pytest.raises(JsonRpcException):  # the server answers with an error response
        await session.client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="replylint.addToAllowList", arguments=[1, 2, 3, 4, 5]))
    # Still alive and checking.
    session.change(uri, 2, (0, 0), (0, 0), "NOPEWAY ")
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 3)).count("dead-end") == 2

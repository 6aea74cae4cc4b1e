"""Hover explains a finding; code actions fix or silence it with server-computed WorkspaceEdits."""
from __future__ import annotations

import ast
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
    assert "“Another way”" in text                            # suggestions
    assert result.range == d.range
    outside = types.Position(0, 0)
    assert await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=outside)) is None


async def test_apply_suggestion_replaces_the_span(session):
    uri, found = await _open(session, "reply.md", MD, "markdown")
    actions = await _actions(session, uri, found["dead-end"])
    action = actions["Replace with “Another way”"]
    assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred
    assert "Replace with “A better way”" in actions
    new = await _apply(session, uri, MD, action.edit)
    assert new == MD.replace("NOPEWAY", "Another way")
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["internal-jargon"]


async def test_suppress_on_this_line_in_markdown_is_an_invisible_comment(session):
    uri, found = await _open(session, "reply.md", MD, "markdown")
    actions = await _actions(session, uri, found["dead-end"])
    new = await _apply(session, uri, MD, actions["Suppress dead-end on this line"].edit)
    assert new == MD.replace("NOPEWAY.\n", "NOPEWAY. <!-- replylint-disable-line dead-end -->\n")
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["internal-jargon"]


async def test_suppress_in_this_file_in_markdown(session):
    uri, found = await _open(session, "reply.md", MD, "markdown")
    actions = await _actions(session, uri, found["internal-jargon"])
    action = actions["Suppress internal-jargon in this file"]
    assert action.edit is None  # the client resolves edits: the directive is computed on codeAction/resolve
    resolved = await session.client.code_action_resolve_async(action)
    new = await _apply(session, uri, MD, resolved.edit)
    assert new == "<!-- replylint-disable-file internal-jargon -->\n" + MD
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["dead-end"]


async def test_plain_text_gets_no_directive_a_customer_would_read(session):
    # A ``# replylint-disable-next-line`` line in a plain-text reply is pasted to the customer
    # with it (issue 11, defect 1): plain text is silenced in the configuration instead.
    uri, found = await _open(session, "reply.txt", TXT, "plaintext")
    actions = await _actions(session, uri, found["dead-end"])
    assert not [t for t in actions if t.startswith("Suppress")], list(actions)
    assert all("replylint-disable" not in e.new_text for a in actions.values() if getattr(a, "edit", None)
               for e in edits_for(a.edit, uri))
    action = actions["Disable dead-end in .replylint.toml"]
    await _run(session, action)
    assert tomllib.loads((session.root / ".replylint.toml").read_text()) == {"ignore": ["dead-end"]}
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["internal-jargon"]


def _command(action) -> dict:
    # lsprotocol's client-side parser reads any action that has a "command" key as a bare
    # Command (editors check the type of "command" instead), so the nested command arrives
    # as the text of a dict here.
    command = action.command if isinstance(action, types.CodeAction) else ast.literal_eval(action.command)
    if isinstance(command, types.Command):
        command = {"command": command.command, "arguments": command.arguments}
    return command


async def _run(session, action):
    command = _command(action)
    return await session.client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command["command"], arguments=command["arguments"]))


async def test_add_jargon_term_creates_the_workspace_allow_list(session):
    uri, found = await _open(session, "reply.md", MD, "markdown")
    actions = await _actions(session, uri, found["internal-jargon"])
    action = actions["Add “ZORGTICKET-12” to the allow list in .replylint.toml"]
    command = _command(action)
    # The client names only the document and the term: the server picks the file.
    assert command["command"] == "replylint.addToAllowList" and command["arguments"] == [uri, "ZORGTICKET-12"]
    await _run(session, action)
    assert tomllib.loads((session.root / ".replylint.toml").read_text()) == {"allow": ["ZORGTICKET-12"]}
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["dead-end"]


async def test_add_jargon_term_extends_an_existing_allow_list_keeping_the_file(session):
    existing = ('# team vocabulary\r\nlang = "en"\r\nallow = ["RMA"]  # returns\r\n\r\n'
                '[levels]\r\ndead-end = "warning"\r\n')
    config = session.root / ".replylint.toml"
    config.write_bytes(existing.encode("utf-8"))
    uri, found = await _open(session, "reply.md", MD, "markdown")
    assert found["dead-end"].severity == types.DiagnosticSeverity.Warning  # the file is in use
    actions = await _actions(session, uri, found["internal-jargon"])
    await _run(session, actions["Add “ZORGTICKET-12” to the allow list in .replylint.toml"])
    assert config.read_bytes().decode("utf-8") == existing.replace('["RMA"]', '["RMA", "ZORGTICKET-12"]')
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["dead-end"]


async def test_allow_list_edit_goes_through_apply_edit_when_the_config_is_open(session):
    # The config file is open in the editor (maybe with unsaved changes): the server sends
    # workspace/applyEdit against that buffer and reads the buffer, so the warning goes at once.
    config = session.root / ".replylint.toml"
    config.write_text('allow = ["RMA"]\n', encoding="utf-8")
    uri, found = await _open(session, "reply.md", MD, "markdown")
    config_uri = session.uri(".replylint.toml")
    unsaved = '# unsaved comment\nallow = ["RMA"]\n'
    session.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=config_uri, language_id="toml", version=3, text=unsaved)))
    applied: list[types.ApplyWorkspaceEditParams] = []

    @session.client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams):
        applied.append(params)
        new = apply_edits(unsaved, edits_for(params.edit, config_uri))
        session.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=config_uri, version=4),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=new)]))
        return types.ApplyWorkspaceEditResult(applied=True)

    actions = await _actions(session, uri, found["internal-jargon"])
    await _run(session, actions["Add “ZORGTICKET-12” to the allow list in .replylint.toml"])
    assert len(applied) == 1
    [change] = applied[0].edit.document_changes
    assert change.text_document.version == 3  # against the buffer the user sees
    assert apply_edits(unsaved, change.edits) == '# unsaved comment\nallow = ["RMA", "ZORGTICKET-12"]\n'
    assert config.read_text(encoding="utf-8") == 'allow = ["RMA"]\n'  # the file on disk is the editor's to save
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["dead-end"]


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


async def test_the_allow_list_command_never_writes_where_the_client_says(session, tmp_path):
    # Issue 15, item 6: the command took a path from the client and wrote there.
    uri, found = await _open(session, "reply.md", MD, "markdown")
    outside = tmp_path / "outside"
    outside.mkdir()
    for arguments in ([str(outside / "evil.toml"), "TERM", None],  # the old (path, term, table) form
                      [f"file://{outside}/reply.md", "TERM"],        # a document outside the workspace
                      [uri, "bad\ud800term"]):                       # not encodable: refused, nothing truncated
        with pytest.raises(JsonRpcException):
            await session.client.workspace_execute_command_async(types.ExecuteCommandParams(
                command="replylint.addToAllowList", arguments=arguments))
    assert list(outside.iterdir()) == []
    assert not (session.root / ".replylint.toml").exists()

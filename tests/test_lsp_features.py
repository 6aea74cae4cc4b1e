"""The language-server features a ruff-server, Harper or ltex user expects (issue 11), each
driven through the real protocol as a client would: pull diagnostics for a document and for
the open folder, links to the rule pages, related information on document rules, tags,
fix-all and suppress-in-file resolved lazily, config changes through watched-file events."""
from __future__ import annotations

import asyncio
import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.uris import to_fs_path
from pytest_lsp import ClientServerConfig

from replylint.lsp.diagnostics import TRIGGER_LABELS
from tests.test_lsp_support import REPO, Session, apply_edits, capabilities, codes, edits_for, server_env, session  # noqa: F401

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]  # a server process per test

MD = "Hi there.\n\nSee ZORGTICKET-12 now. NOPEWAY.\n"


def pull_capabilities() -> types.ClientCapabilities:
    """A client that pulls diagnostics (VS Code ≥ 1.74, Neovim ≥ 0.10) and can be told to pull again."""
    caps = copy.deepcopy(capabilities())
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False,
                                                                      related_document_support=False)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


async def pull(s: Session, uri: str, previous: str | None = None):
    return await s.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous))


# ------------------------------------------------------------------ pull diagnostics
async def test_pull_diagnostics_answer_for_the_current_text_and_say_when_nothing_changed(session):
    result = await session.initialize(caps=pull_capabilities())
    provider = result.capabilities.diagnostic_provider
    assert provider is not None and provider.workspace_diagnostics
    uri = session.open("reply.md", MD)
    first = await pull(session, uri)
    assert first.kind == "full" and sorted(codes(first.items)) == ["dead-end", "internal-jargon"]
    again = await pull(session, uri, first.result_id)
    assert again.kind == "unchanged" and again.result_id == first.result_id
    session.change(uri, 2, (2, 0), (2, 22), "See the ticket.")  # the jargon goes
    after = await pull(session, uri, first.result_id)
    assert after.kind == "full" and codes(after.items) == ["dead-end"]
    await asyncio.sleep(0.5)
    assert uri not in session.client.diagnostics  # pulled, never pushed as well (no double listing)


async def test_workspace_diagnostics_cover_the_open_folder_like_the_cli(session):
    root = session.root
    (root / ".replylint.toml").write_text('exclude = ["drafts"]\n', encoding="utf-8")
    (root / "a.txt").write_text("NOPEWAY.\n", encoding="utf-8")
    (root / "team").mkdir()
    (root / "team" / "b.md").write_text("See ZORGTICKET-7.\n", encoding="utf-8")
    (root / "team" / "canned.yaml").write_text("- title: Delay\n  body: NOPEWAY, see ZORGTICKET-2.\n",
                                               encoding="utf-8")
    (root / "clean.md").write_text("All good.\n", encoding="utf-8")
    (root / "drafts").mkdir()
    (root / "drafts" / "wip.txt").write_text("NOPEWAY\n", encoding="utf-8")   # excluded by the config
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.txt").write_text("NOPEWAY\n", encoding="utf-8")   # the CLI skips hidden folders
    (root / "script.py").write_text("# NOPEWAY\n", encoding="utf-8")        # not a reply file
    (root / "venv").mkdir()                                                   # a virtual environment
    (root / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (root / "venv" / "README.txt").write_text("NOPEWAY\n", encoding="utf-8")
    await session.initialize(caps=pull_capabilities())
    open_uri = session.open("open.md", "NOPEWAY on disk.\n")
    session.change(open_uri, 2, (0, 0), (0, 7), "Fine")  # the unsaved buffer has no finding

    report = await session.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    by_uri = {r.uri: r for r in report.items}
    names = {Path(to_fs_path(u)).relative_to(root).as_posix(): sorted(codes(r.items)) for u, r in by_uri.items()}
    assert names == {"a.txt": ["dead-end"], "team/b.md": ["internal-jargon"],
                     "team/canned.yaml": ["dead-end", "internal-jargon"], "clean.md": [], "open.md": []}
    assert by_uri[open_uri].version == 2  # the open document is reported from its buffer

    # The same findings as `replylint check` on the folder.
    env = server_env(root.parent / "patterns")
    cli = subprocess.run([sys.executable, "-m", "replylint", "check", "--output-format", "json", "."],
                         cwd=root, env=env, capture_output=True, text=True, timeout=120)
    cli_found = json.loads(cli.stdout)
    cli_files = {(Path(f["path"]).as_posix(), f["rule"]) for f in cli_found}
    lsp_files = {(name, rule) for name, rules in names.items() if name != "open.md" for rule in rules}
    # (the CLI, told to check ".", also reads venv/; the editor leaves environments out)
    assert lsp_files == {(name, rule) for name, rule in cli_files if not name.startswith("venv/")} - {
        ("open.md", "dead-end")}

    # Asked again with the result ids: nothing changed on disk, so nothing is re-sent.
    previous = [types.PreviousResultId(uri=r.uri, value=r.result_id) for r in report.items]
    second = await session.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
        previous_result_ids=previous))
    assert {r.kind for r in second.items} == {"unchanged"}
    (root / "clean.md").write_text("NOPEWAY now.\n", encoding="utf-8")
    third = await session.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
        previous_result_ids=previous))
    changed = [r for r in third.items if r.kind == "full"]
    assert [Path(to_fs_path(r.uri)).name for r in changed] == ["clean.md"]
    assert codes(changed[0].items) == ["dead-end"]


# ------------------------------------------------------------------ links, tags
async def test_each_diagnostic_links_its_generated_rule_page(session):
    await session.initialize()
    uri = session.open("reply.md", MD)
    found = await session.diagnostics(uri, lambda d: len(d) == 2)
    for d in found:
        href = d.code_description.href
        page = Path(to_fs_path(href))
        assert page == REPO / "docs" / "rules" / f"{d.code}.md" and page.is_file()
        title = next(line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
        assert d.code in title


async def test_an_unused_suppression_is_reported_when_asked_and_tagged_unnecessary(session):
    text = "Hello there. <!-- replylint-disable-line dead-end -->\nNOPEWAY.\n"
    await session.initialize(options={"reportUnusedSuppressions": True})
    uri = session.open("reply.md", text)
    found = await session.diagnostics(uri, lambda d: len(d) == 2)
    by_code = {d.code: d for d in found}
    assert list(by_code["unused-suppression"].tags) == [types.DiagnosticTag.Unnecessary]  # editors fade it
    assert by_code["unused-suppression"].range.start.line == 0
    assert not by_code["dead-end"].tags
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"replylint": {"reportUnusedSuppressions": False}}))  # the default, as in the CLI
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["dead-end"]


# ------------------------------------------------------------------ code actions
async def test_fix_all_is_resolved_lazily_and_applies_every_suggestion(session):
    text = "NOPEWAY here.\n\nAnd NOPEWAY there, see ZORGTICKET-4.\n"
    await session.initialize()
    uri = session.open("reply.md", text)
    await session.diagnostics(uri, lambda d: len(d) == 3)
    actions = await session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
    [fix_all] = actions
    assert fix_all.kind == "source.fixAll.replylint" and fix_all.edit is None
    resolved = await session.client.code_action_resolve_async(fix_all)
    new = apply_edits(text, edits_for(resolved.edit, uri))
    assert new == "Another way here.\n\nAnd another way there, see ZORGTICKET-4.\n", new
    session.client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=new)]))
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["internal-jargon"]  # no suggestion


# ------------------------------------------------------------------ watched files
async def test_config_changes_arrive_through_watched_file_events_not_polling(session):
    registrations: list[types.Registration] = []

    @session.client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        registrations.extend(params.registrations)

    await session.initialize()  # VS Code's capabilities: dynamic registration of file watchers
    uri = session.open("reply.md", MD)
    await session.diagnostics(uri, lambda d: len(d) == 2)
    [watch] = [r for r in registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    globs = [w["globPattern"] if isinstance(w, dict) else w.glob_pattern
             for w in (watch.register_options["watchers"] if isinstance(watch.register_options, dict)
                       else watch.register_options.watchers)]
    assert any(".replylint.toml" in g and "pyproject.toml" in g for g in globs), globs
    config = session.root / ".replylint.toml"
    config.write_text('ignore = ["dead-end"]\n', encoding="utf-8")
    await asyncio.sleep(3)  # three poll periods of the fallback: the server does not poll here
    assert sorted(codes(session.client.diagnostics[uri])) == ["dead-end", "internal-jargon"]
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=session.uri(".replylint.toml"), type=types.FileChangeType.Created)]))
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["internal-jargon"]


# ------------------------------------------------------------------ document rules (built-in packs)
@pytest_asyncio.fixture
async def builtin_session(tmp_path):
    """A server with the built-in language packs (document rules need the real signals)."""
    root = tmp_path / "replies"
    root.mkdir()
    env = server_env(tmp_path)
    del env["REPLYLINT_PATTERNS"]
    client = await ClientServerConfig(server_command=[sys.executable, "-m", "replylint.lsp"],
                                      server_env=env).start()
    s = Session(client, root)
    yield s
    try:
        await asyncio.wait_for(client.shutdown_session(), 10)
    finally:
        await client.stop()


async def test_document_rules_point_at_what_made_them_apply(builtin_session):
    s = builtin_session
    text = "Your order was delayed.\n\nWe will look into it and get back to you."
    await s.initialize(options={"lang": "en"})
    uri = s.open("reply.txt", text, language="plaintext")
    found = await s.diagnostics(uri, lambda d: {"missing-apology", "missing-timeline"} <= set(codes(d)),
                                timeout=120)
    by_code = {d.code: d for d in found}
    for rule, cause in (("missing-apology", "delayed"), ("missing-timeline", "will look into")):
        related = by_code[rule].related_information
        assert related, rule
        for info in related:
            assert info.location.uri == uri
            start = info.location.range.start
            end = info.location.range.end
            line = text.split("\n")[start.line]
            quoted = line[start.character:end.character]
            assert info.message == f"{TRIGGER_LABELS[rule]}: “{quoted}”"
        assert any(cause in info.message for info in related), [i.message for i in related]

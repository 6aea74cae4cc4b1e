"""The editor gives the same findings as ``replylint check`` on the same file (issue 11, defect 1):
YAML and JSON buffers go through the CLI's readers and configuration (``keys``,
``exclude``, ``max-file-size``), and suppressions never go into a reply's text."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from lsprotocol import types

from tests.test_lsp_support import codes, edits_for, server_env, session  # noqa: F401  (fixture)

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]  # a server process per test

MACROS = """{"macros": [
  {"title": "Delay", "actions": [
    {"field": "comment_value", "value": "Hello,\\n\\nSee ZORGTICKET-12 for details. NOPEWAY."},
    {"field": "status", "value": "NOPEWAY"},
    {"field": "subject", "value": "ZORGTICKET-99"}
  ]},
  {"title": "Refund", "actions": [{"field": "comment_value_html", "value": "<p>NOPEWAY, sorry.</p>"}]}
]}
"""

CANNED = """\
# canned responses: titles and notes are for staff
- title: NOPEWAY escalation (internal title)
  notes: ZORGTICKET-1 is the tracking key
  body: |
    Hello,

    Your refund is on its way. See ZORGTICKET-12.
    NOPEWAY.
- title: Shipping
  body: "Thanks! NOPEWAY\\u2014sorry."
"""


def cli_spans(root, name: str, patterns) -> list[tuple[int, int, int, int, str]]:
    """(line, column, end line, end column, rule) of ``replylint check``, 0-based like LSP."""
    proc = subprocess.run([sys.executable, "-m", "replylint", "check", name, "--format", "json"], cwd=root,
                          env=server_env(patterns), capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted((f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1, f["rule"])
                  for f in json.loads(proc.stdout))


def lsp_spans(found) -> list[tuple[int, int, int, int, str]]:
    return sorted((d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.code)
                  for d in found)


@pytest.mark.parametrize("name,text,language,count", [
    ("macros.json", MACROS, "json", 3),
    ("premade.yaml", CANNED, "yaml", 3),
])
async def test_structured_files_give_the_cli_findings_at_the_cli_positions(session, name, text, language, count):
    await session.initialize()
    uri = session.open(name, text, language=language)
    found = await session.diagnostics(uri, lambda d: len(d) >= count)
    expected = cli_spans(session.root, name, session.root.parent / "patterns")
    assert len(expected) == count
    assert lsp_spans(found) == expected
    # the reply each finding is in is named, as in the CLI's report
    assert {d.data.get("reply") for d in found} <= {"Delay", "Refund", "NOPEWAY escalation (internal title)",
                                                     "Shipping"}


async def test_template_keys_from_the_config_choose_the_replies(session):
    (session.root / ".replylint.toml").write_text('keys = ["canned"]\n', encoding="utf-8")
    await session.initialize()
    text = "greeting:\n  canned: See ZORGTICKET-3.\n  body: NOPEWAY\n"
    uri = session.open("replies.yaml", text, language="yaml")
    found = await session.diagnostics(uri, lambda d: len(d) >= 1)
    assert codes(found) == ["internal-jargon"]
    assert lsp_spans(found) == cli_spans(session.root, "replies.yaml", session.root.parent / "patterns")


async def test_excluded_and_oversized_files_are_left_out_like_the_cli_does(session):
    (session.root / ".replylint.toml").write_text('exclude = ["drafts/*"]\nmax-file-size = 200\n',
                                                  encoding="utf-8")
    (session.root / "drafts").mkdir()
    await session.initialize()
    checked = session.open("ok.md", "NOPEWAY\n")
    excluded = session.open("drafts/wip.md", "NOPEWAY\n")
    big = session.open("big.md", "NOPEWAY\n" + "Fine words here.\n" * 40)
    assert codes(await session.diagnostics(checked, lambda d: len(d) == 1)) == ["dead-end"]
    logs = await session.messages(lambda m: "wip.md" in m.message and "exclude" in m.message)
    assert logs
    await session.messages(lambda m: "big.md" in m.message and "max-file-size" in m.message)
    assert not session.client.diagnostics.get(excluded) and not session.client.diagnostics.get(big)


async def test_a_yaml_reply_gets_no_inline_directive_and_a_broken_file_says_where(session):
    await session.initialize()
    uri = session.open("premade.yaml", CANNED, language="yaml")
    found = await session.diagnostics(uri, lambda d: len(d) >= 3)
    dead_end = next(d for d in found if d.code == "dead-end")
    actions = await session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=dead_end.range,
        context=types.CodeActionContext(diagnostics=[dead_end])))
    titles = [a.title for a in actions]
    assert not [t for t in titles if t.startswith("Suppress")], titles  # it would go into the reply
    assert "Disable dead-end in .replylint.toml" in titles
    for action in actions:
        for edit in edits_for(action.edit, uri) if getattr(action, "edit", None) else []:
            assert "replylint-disable" not in edit.new_text
    # A file the YAML reader cannot parse: one error at the line the parser names.
    session.client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="- body: [unclosed\n- x: y\n")]))
    broken = await session.diagnostics(uri, lambda d: [x.code for x in d] == ["unreadable"])
    assert broken[0].severity == types.DiagnosticSeverity.Error


async def test_per_file_lang_from_the_config_sets_the_language_as_in_the_cli(session):
    (session.root / ".replylint.toml").write_text('[per-file-lang]\n"bg/*" = "bg"\n', encoding="utf-8")
    (session.root / "bg").mkdir()
    await session.initialize()
    text = "See ZORGTICKET-3 today.\n"
    named = session.open("bg/reply.md", text)
    other = session.open("reply.md", text)
    [in_bg] = await session.diagnostics(named, lambda d: len(d) == 1)
    [elsewhere] = await session.diagnostics(other, lambda d: len(d) == 1)
    assert in_bg.data["lang"] == "bg" and elsewhere.data["lang"] == "en"

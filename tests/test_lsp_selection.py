"""Which documents are checked (issue 11, defect 2) and no stale warnings (defect 3).

Editors name types differently or not at all: the server decides by language id or file
suffix, case-insensitively, says once why it skips a document, and follows settings and
configuration changes both ways.
"""
from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from replylint.lsp.selection import select
from tests.test_lsp_support import codes, session  # noqa: F401  (fixture)

REPLY = "See ZORGTICKET-12 now. NOPEWAY.\n"


@pytest.mark.parametrize("uri,language_id,checked,suffix", [
    ("file:///r/reply.txt", "", True, ".txt"),              # Neovim without a filetype
    ("file:///r/reply.eml", "mail", True, ".txt"),
    ("file:///r/.git/COMMIT_EDITMSG", "gitcommit", True, ".txt"),
    ("file:///r/reply.md", "Markdown", True, ".md"),          # case-insensitive
    ("file:///r/reply.MD", None, True, ".md"),                # no language id: by suffix, any case
    ("file:///r/NOTES", "", True, ".txt"),                    # neither: plain text
    ("file:///r/macros.json", "json", True, ".json"),
    ("file:///r/values.yaml", "helm", True, ".yaml"),         # unknown id: by suffix
    ("file:///r/script.py", "python", False, ".txt"),
])
def test_documents_are_chosen_by_language_id_or_suffix(uri, language_id, checked, suffix):
    from replylint.lsp.selection import DEFAULT_LANGUAGES

    found = select(uri, language_id, DEFAULT_LANGUAGES)
    assert (found.checked, found.suffix) == (checked, suffix), found.reason


def test_a_known_type_left_out_of_languages_stays_out():
    assert not select("file:///r/reply.txt", "plaintext", ("markdown",)).checked





@pytest.mark.asyncio
@pytest.mark.slow
async def test_every_kind_of_reply_document_is_checked_and_a_skipped_one_is_explained(session):
    await session.initialize()
    docs = [session.open(name, REPLY, language=lang) for name, lang in
            [("a.txt", ""), ("b.eml", "mail"), ("COMMIT_EDITMSG", "gitcommit"), ("c.md", "Markdown"), ("NOTES", "")]]
    # no languageId at all (pygls answered "Invalid Params" and dropped the document)
    bare = session.uri("d.txt")
    session.client.protocol._send_data({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": bare, "version": 1, "text": REPLY}}})
    for uri in [*docs, bare]:
        assert sorted(codes(await session.diagnostics(uri, lambda d: len(d) == 2))) == ["dead-end", "internal-jargon"]
    py = session.open("script.py", "# NOPEWAY\n", language="python")
    shown = await session.messages(lambda m: "script.py" in m.message)
    assert "python" in shown[0].message and "languages" in shown[0].message
    session.open("other.py", "# NOPEWAY\n", language="python")
    await asyncio.sleep(0.5)
    assert len([m for m in session.client.messages if "'python'" in m.message]) == 1  # once per reason
    assert py not in session.client.diagnostics


@pytest.mark.asyncio
@pytest.mark.slow
async def test_settings_and_config_changes_never_leave_stale_warnings(session):
    config = session.root / ".replylint.toml"
    config.write_text('ignore = ["dead-end"]\n', encoding="utf-8")
    await session.initialize()
    txt = session.open("reply.txt", REPLY, language="plaintext")
    md = session.open("reply.md", REPLY, language="markdown")
    assert codes(await session.diagnostics(txt, lambda d: len(d) == 1)) == ["internal-jargon"]
    await session.diagnostics(md, lambda d: len(d) == 1)

    def settings(**values):
        session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"replylint": values}))

    settings(languages=["markdown"])  # narrowing: the plain-text reply's warnings go
    await session.diagnostics(txt, lambda d: d == [])
    settings(languages=["markdown", "plaintext"])  # widening again: it comes back
    await session.diagnostics(txt, lambda d: len(d) == 1)
    settings(enable=False)  # off: everything goes
    await session.diagnostics(txt, lambda d: d == [])
    await session.diagnostics(md, lambda d: d == [])
    settings(enable=True)
    await session.diagnostics(md, lambda d: len(d) == 1)
    config.unlink()  # the config deleted: its ignore no longer applies
    await session.diagnostics(md, lambda d: sorted(codes(d)) == ["dead-end", "internal-jargon"])

"""The language server publishes exact diagnostics for open documents, live as they change."""
from __future__ import annotations

import asyncio
import os

import pytest
from lsprotocol import types

from tests.test_lsp_support import capabilities, codes, session, span, units  # noqa: F401  (fixture)

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]  # a server process per test

REPLY = "Hello,\n\nSee ZORGTICKET-12 for details. NOPEWAY.\n"


def _languages_loaded(client) -> bool:
    return any(m.message.startswith("replylint: languages loaded") for m in client.log_messages)


async def test_initialize_is_answered_before_the_pipelines_load_and_first_diagnostics_follow(session):
    # "Answered at once" without a clock: the answer to ``initialize`` comes before any
    # language pipeline is loaded (the server logs "languages loaded" when they are); they
    # load in the background after ``initialized``. The time to the first
    # diagnostics is a figure of benchmarks/lsp_latency.py, not an assertion here.
    client = session.client
    params = types.InitializeParams(capabilities=capabilities(), process_id=os.getpid(),
                                    root_uri=session.uri(""), workspace_folders=None)
    client.capabilities = params.capabilities
    result = await client.initialize_async(params)
    assert not _languages_loaded(client), "initialize waited for the language pipelines"
    client.initialized(types.InitializedParams())
    caps = result.capabilities
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert caps.hover_provider
    assert caps.code_action_provider
    assert result.server_info.name == "replylint-lsp"
    uri = session.open("first.md", REPLY)
    await session.diagnostics(uri, lambda d: len(d) == 2, timeout=120)  # a bound against hanging only
    # ... and the marker is the right one: once the background loading is done, it is logged.
    for _ in range(600):
        if _languages_loaded(client):
            break
        await asyncio.sleep(0.2)
    else:
        raise AssertionError("the pipelines never loaded in the server: the check above proves nothing")


async def test_diagnostics_after_open_carry_rule_severity_source_and_explanation(session):
    await session.initialize()
    uri = session.open("reply.md", REPLY)
    found = await session.diagnostics(uri, lambda d: len(d) == 2)
    jargon, dead_end = sorted(found, key=lambda d: d.range.start.character)
    assert (jargon.code, jargon.severity, jargon.source) == ("internal-jargon", types.DiagnosticSeverity.Warning,
                                                             "replylint")
    assert (dead_end.code, dead_end.severity) == ("dead-end", types.DiagnosticSeverity.Error)
    line = REPLY.split("\n")[2]
    assert span(jargon) == (2, line.index("ZORG"), 2, line.index("ZORG") + len("ZORGTICKET-12"))
    assert span(dead_end) == (2, line.index("NOPE"), 2, line.index("NOPE") + len("NOPEWAY"))
    assert jargon.message == "“ZORGTICKET-12” is internal jargon"
    assert "Internal ticket keys confuse the customer." in jargon.data["explanation"]
    assert dead_end.data["suggestions"] == ["Another way", "A better way"]  # a sentence opener: capitalised


async def test_edit_removes_the_stale_diagnostic(session):
    await session.initialize()
    uri = session.open("reply.md", REPLY)
    await session.diagnostics(uri, lambda d: set(codes(d)) == {"internal-jargon", "dead-end"})
    line = REPLY.split("\n")[2]
    start = line.index("NOPEWAY")
    session.change(uri, 2, (2, start), (2, start + len("NOPEWAY")), "I will rebook you today")
    found = await session.diagnostics(uri, lambda d: codes(d) == ["internal-jargon"])
    assert span(found[0])[1] == line.index("ZORG")


async def test_rapid_typing_publishes_only_the_latest_version(session):
    await session.initialize(options={"debounce": 300})
    uri = session.open("typing.md", "Reply: ZORGTICKET-1\n")
    await session.diagnostics(uri, lambda d: len(d) == 1)
    published: list[list[str]] = []
    original = session.client.diagnostics

    class Recorder(dict):
        def __setitem__(self, key, value):
            if key == uri:
                published.append([d.message for d in value])
            super().__setitem__(key, value)

    session.client.diagnostics = Recorder(original)
    # Replace the ticket number five times, 30 ms apart: faster than the debounce.
    col = len("Reply: ZORGTICKET-")
    for version, number in enumerate(["2", "3", "4", "5", "6"], start=2):
        session.change(uri, version, (0, col), (0, col + 1), number)
        await asyncio.sleep(0.03)
    found = await session.diagnostics(uri, lambda d: d and d[0].message == "“ZORGTICKET-6” is internal jargon")
    await asyncio.sleep(0.5)
    assert published == [["“ZORGTICKET-6” is internal jargon"]], published
    assert len(found) == 1


async def test_did_close_clears_the_diagnostics(session):
    await session.initialize()
    uri = session.open("reply.md", REPLY)
    await session.diagnostics(uri, lambda d: len(d) == 2)
    session.client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    await session.diagnostics(uri, lambda d: d == [])


async def test_plain_text_is_checked_and_other_languages_only_when_enabled(session):
    await session.initialize()
    txt = session.open("reply.txt", "NOPEWAY, sorry.\n", language="plaintext")
    py = session.open("script.py", "# NOPEWAY\n", language="python")
    assert codes(await session.diagnostics(txt, lambda d: len(d) == 1)) == ["dead-end"]
    await asyncio.sleep(0.5)
    assert py not in session.client.diagnostics


EMOJI_ZH = "Hi 😀😀 您好，这不归我管。ZORGTICKET-7 🎉 NOPEWAY\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
async def test_positions_with_emoji_and_chinese(session, encoding):
    result = await session.initialize(encodings=[encoding] if encoding == "utf-8" else None)
    assert (result.capabilities.position_encoding or "utf-16") == encoding
    text = "第一行 🙂\n" + EMOJI_ZH
    uri = session.open("emoji.md", text)
    found = await session.diagnostics(uri, lambda d: len(d) == 3)
    line = EMOJI_ZH
    expected = {}
    for needle, code in (("这不归我管", "dead-end"), ("ZORGTICKET-7", "internal-jargon"), ("NOPEWAY", "dead-end")):
        start = units(line[:line.index(needle)], encoding)
        expected[(code, start)] = (1, start, 1, start + units(needle, encoding))
    got = {(d.code, d.range.start.character): span(d) for d in found}
    assert got == expected
    if encoding == "utf-16":  # independent of the arithmetic above
        assert sorted(got.values()) == [(1, 11, 1, 16), (1, 17, 1, 29), (1, 33, 1, 40)]
    else:
        assert sorted(got.values()) == [(1, 21, 1, 36), (1, 39, 1, 51), (1, 57, 1, 64)]


async def test_a_long_reply_does_not_hold_up_a_short_one(session):
    # Issue 11, defect 5: one checking thread served every document, so an edit of a short
    # reply waited for a long reply's check. Shown by order, not by a clock: the short
    # reply's new diagnostics arrive while the long reply is still being checked.
    await session.initialize(options={"debounce": 0})
    short = session.open("short.md", "See ZORGTICKET-1.\n")
    await session.diagnostics(short, lambda d: len(d) == 1)
    long_text = "\n\n".join(f"Paragraph {i}: we shipped order {i * 7} on day {i % 30}, and courier {i * 13} "
                            f"took it to depot {i * 3}." for i in range(5000)) + "\n\nNOPEWAY\n"
    long = session.open("long.md", long_text)
    await asyncio.sleep(0.3)  # its check has started
    session.change(short, 2, (0, 0), (0, 0), "NOPEWAY ")
    found = await session.diagnostics(short, lambda d: len(d) == 2, timeout=60)
    assert sorted(codes(found)) == ["dead-end", "internal-jargon"]
    assert long not in session.client.diagnostics, "the short reply waited for the long one"
    assert codes(await session.diagnostics(long, lambda d: len(d) == 1, timeout=120)) == ["dead-end"]


async def test_languages_load_open_documents_first_and_report_progress(session):
    # Issue 11, defect 4: a Chinese reply waited for all four languages, in silence.
    await session.initialize()
    uri = session.open("zh.md", "您好，这不归我管。\n")
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1, timeout=120)) == ["dead-end"]
    reports = session.client.progress_reports
    for _ in range(600):
        if any(isinstance(r[-1], types.WorkDoneProgressEnd) for r in reports.values() if r):
            break
        await asyncio.sleep(0.1)
    [messages] = [[getattr(r, "message", None) for r in values] for values in reports.values()]
    loading = [m for m in messages if m and m.startswith("loading ")]
    assert loading[0] == "loading Chinese…", messages  # the open document's language first
    assert sorted(loading) == sorted(f"loading {n}…" for n in ("Russian", "Bulgarian", "Chinese", "English"))
    assert isinstance(list(reports.values())[0][-1], types.WorkDoneProgressEnd)

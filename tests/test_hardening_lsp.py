"""The language server under hostile clients (issue 6), over raw stdio: malformed JSON-RPC,
wrong Content-Length, requests without a method, unknown methods, documents never opened,
edits outside the document, a thousand rapid edits (memory), and a client that vanishes.

Uses the minimal client of benchmarks/lsp_latency.py, so bytes can be sent as they are.
The server reads the small fixture pack of tests/test_lsp_support.py.
"""
from __future__ import annotations

import json
import sys
import time

import pytest

from benchmarks.lsp_latency import Client, rss_mb
from tests.test_lsp_support import server_env, write_patterns

REPLY = "Hello,\n\nSee ZORGTICKET-12 for details. NOPEWAY.\n"

pytestmark = pytest.mark.slow  # a server process per test, a thousand edits


@pytest.fixture()
def client(tmp_path, monkeypatch):
    for key, value in server_env(write_patterns(tmp_path / "patterns")).items():
        monkeypatch.setenv(key, value)
    c = Client([sys.executable, "-m", "replylint.lsp"])
    c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {},
                             "initializationOptions": {"debounce": 50}})
    c.notify("initialized", {})
    yield c
    if c.proc.poll() is None:
        c.proc.kill()
        c.proc.wait(10)


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def raw(c: Client, data: bytes) -> None:
    c.proc.stdin.write(data)
    c.proc.stdin.flush()


def open_doc(c: Client, name: str, text: str = REPLY) -> str:
    uri = f"file:///tmp/replylint-hardening/{name}"
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                       "text": text}})
    return uri


def settled_rss_mb(pid: int, limit: float = 90.0) -> float | None:
    """Resident memory once it has stopped changing for a second (background loading done)."""
    deadline = time.monotonic() + limit
    last = rss_mb(pid)
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = rss_mb(pid)
        if now is not None and last is not None and abs(now - last) < 1.0:
            return now
        last = now
    return last


def diagnostics(c: Client, uri: str, version: int | None = None, timeout: float = 30.0) -> list[dict]:
    def accept(m: dict) -> bool:
        return (m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                and (version is None or m["params"].get("version") == version))

    return c.wait(accept, timeout)["params"]["diagnostics"]


def codes(found: list[dict]) -> list[str]:
    return sorted(d["code"] for d in found)


def error_reply(c: Client, msg_id) -> dict:
    return c.wait(lambda m: "error" in m and m.get("id") == msg_id, timeout=10)["error"]


def stop_by_closing_input(c: Client) -> None:
    """Close the server's standard input (the client vanished): it exits, with status 0.

    The time-out only keeps a broken server from hanging the suite; it is not a speed check.
    """
    c.proc.stdin.close()
    assert c.proc.wait(timeout=60) == 0


def test_malformed_messages_get_errors_and_every_document_is_still_served(client):
    c = client
    first = open_doc(c, "first.md")
    assert codes(diagnostics(c, first)) == ["dead-end", "internal-jargon"]

    raw(c, frame(b"{not json"))
    assert error_reply(c, None)["code"] == -32700
    raw(c, frame(b"[" * 100_000 + b"]" * 100_000))
    assert error_reply(c, None) == {"code": -32700, "message": "Parse error: nested too deeply"}
    raw(c, frame(b"\xff\xfe garbage"))
    assert error_reply(c, None)["code"] == -32700
    raw(c, frame(b"[1, 2, 3]"))
    assert error_reply(c, None)["code"] == -32600
    raw(c, frame(json.dumps({"jsonrpc": "2.0", "id": 41, "params": {}}).encode()))
    assert error_reply(c, 41)["code"] == -32600  # a request without a method
    raw(c, frame(json.dumps({"jsonrpc": "2.0", "id": 42, "method": "replylint/noSuchThing"}).encode()))
    assert error_reply(c, 42)["code"] == -32601  # unknown method
    c.notify("$/noSuchNotification", {"x": 1})  # unknown notifications are ignored
    raw(c, frame(json.dumps({"jsonrpc": "2.0", "id": 46, "method": "textDocument/didClose",
                             "params": {"textDocument": {"uri": first}}}).encode()))
    assert error_reply(c, 46)["code"] == -32600  # a notification sent as a request: refused, not run
    raw(c, frame(json.dumps({"jsonrpc": "2.0", "id": 43, "method": "textDocument/hover",
                             "params": {"nonsense": True}}).encode()))
    assert error_reply(c, 43)["code"] in (-32602, -32603)  # invalid params

    # Wrong Content-Length: too short cuts the body, too long swallows the next message;
    # each is a parse error, and the server resynchronises on the next header — also the
    # one inside the swallowed bytes, so the swallowed request is still answered.
    body = json.dumps({"jsonrpc": "2.0", "id": 44, "method": "textDocument/hover"}).encode()
    raw(c, b"Content-Length: 10\r\n\r\n" + body + b"\r\n")
    assert error_reply(c, None)["code"] == -32700
    raw(c, b"Content-Length: banana\r\n\r\n{}\r\n")  # not a usable header: reported and skipped
    assert error_reply(c, None)["code"] == -32700
    at0 = {"line": 0, "character": 0}
    swallowed = frame(json.dumps({"jsonrpc": "2.0", "id": 45, "method": "textDocument/hover",
                                  "params": {"textDocument": {"uri": first}, "position": at0}}).encode())
    raw(c, b"Content-Length: %d\r\n\r\n" % (len(body) + len(swallowed)) + body + swallowed)
    assert error_reply(c, None)["code"] == -32700
    assert c.wait(lambda m: m.get("id") == 45, timeout=10)["result"] is None  # recovered, answered

    # Requests about documents that were never opened: a null answer, not an error.
    never = "file:///tmp/replylint-hardening/never-opened.md"
    at = {"line": 0, "character": 0}
    assert c.request("textDocument/hover", {"textDocument": {"uri": never}, "position": at})["result"] is None
    assert c.request("textDocument/codeAction", {"textDocument": {"uri": never}, "range": {"start": at, "end": at},
                                                 "context": {"diagnostics": []}})["result"] is None
    c.notify("textDocument/didChange", {"textDocument": {"uri": never, "version": 2},
                                        "contentChanges": [{"text": "NOPEWAY"}]})
    c.notify("textDocument/didClose", {"textDocument": {"uri": never}})

    # Edits with ranges outside the document (past the end, negative) are clamped, not fatal.
    second = open_doc(c, "second.md", "Hi.\n")
    assert diagnostics(c, second) == []
    for version, (start, end) in enumerate([((99, 5), (120, 0)), ((0, 999), (0, 1000)), ((5, 0), (1, 0))], 2):
        c.notify("textDocument/didChange", {"textDocument": {"uri": second, "version": version}, "contentChanges": [
            {"range": {"start": {"line": start[0], "character": start[1]},
                       "end": {"line": end[0], "character": end[1]}}, "text": " NOPEWAY"}]})
    assert "dead-end" in codes(diagnostics(c, second, version=4))
    hover = c.request("textDocument/hover",
                      {"textDocument": {"uri": second}, "position": {"line": 9999, "character": 0}})
    assert hover["result"] is None
    hover = c.request("textDocument/hover", {"textDocument": {"uri": second}, "position": {"line": 0, "character": -4}})
    assert hover["error"]["code"] == -32602  # positions are unsigned: invalid params, answered

    # Still serving: the first document, a new one, and a hover with a real answer.
    c.notify("textDocument/didChange", {"textDocument": {"uri": first, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "NOPEWAY "}]})
    assert codes(diagnostics(c, first, version=2)) == ["dead-end", "dead-end", "internal-jargon"]
    third = open_doc(c, "third.md", "ZORGTICKET-7\n")
    assert codes(diagnostics(c, third)) == ["internal-jargon"]
    hover = c.request("textDocument/hover", {"textDocument": {"uri": third}, "position": {"line": 0, "character": 2}})
    assert "internal jargon" in hover["result"]["contents"]["value"]
    stop_by_closing_input(c)


def test_a_thousand_rapid_edits_do_not_grow_memory_and_a_vanished_client_ends_the_server(client):
    c = client
    uri = open_doc(c, "typing.md")
    diagnostics(c, uri)
    line = REPLY.split("\n")[2]
    version = 1

    def burst(count: int) -> None:
        nonlocal version
        for _ in range(count):
            version += 1
            col = len(line)
            if version % 2 == 0:
                change = {"range": {"start": {"line": 2, "character": col}, "end": {"line": 2, "character": col}},
                          "text": f" ZORGTICKET-{version}"}
            else:
                change = {"range": {"start": {"line": 2, "character": col},
                                    "end": {"line": 2, "character": col + len(f" ZORGTICKET-{version - 1}")}},
                          "text": ""}
            c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                "contentChanges": [change]})
        assert codes(diagnostics(c, uri, version=version)) == ["dead-end", "internal-jargon", "internal-jargon"]

    # Each burst ends on an insertion, so its last text differs from the last one published
    # (a text equal to the published one is not published again).
    burst(201)  # warm up: caches and allocator pools reach their working size
    before = settled_rss_mb(c.proc.pid)  # the languages load in the background: wait for them
    burst(1000)
    after = rss_mb(c.proc.pid)
    print(f"server RSS {before:.0f} MB before, {after:.0f} MB after 1000 edits")
    assert before is not None and after is not None
    assert after - before < 40, f"RSS grew {after - before:.0f} MB over 1000 edits"
    # The client disappears without shutdown/exit: the server notices end of input and exits 0.
    stop_by_closing_input(c)

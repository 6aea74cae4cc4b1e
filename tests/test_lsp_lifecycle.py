"""The server's transport and lifecycle (issue 11 defects 6 and 8, issue 15 item 8).

* one bad frame (a negative, non-numeric, zero or huge length, a lowercase header, LF-only
  line ends, a missing header, a wrong length) must not leave the server deaf: the next
  valid message is answered;
* a request before ``initialize`` gets -32002, one after ``shutdown`` an error — never silence;
* ``exit`` without ``shutdown`` ends with status 1, after it with 0;
* the editor process dying ends the server;
* an exception in a request handler is a JSON-RPC error, not a ``null`` result;
* every message leaves from the event loop's thread, also the language loader's progress
  and log lines (the loader wrote from its own thread: unsafe with ``--tcp``).

Over raw stdio with the minimal client of benchmarks/lsp_latency.py; the in-process test
drives the protocol with a fake writer.
"""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading

import pytest

from benchmarks.lsp_latency import Client
from replylint.lsp.framing import Body, FrameError, FrameParser
from tests.test_lsp_support import server_env, write_patterns

REPLY = "See ZORGTICKET-12 for details. NOPEWAY.\n"
URI = "file:///tmp/replylint-lifecycle/reply.md"
AT = {"line": 0, "character": 0}


@pytest.fixture()
def env(tmp_path, monkeypatch):
    for key, value in server_env(write_patterns(tmp_path / "patterns")).items():
        monkeypatch.setenv(key, value)


def start() -> Client:
    return Client([sys.executable, "-m", "replylint.lsp"])


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def raw(c: Client, data: bytes) -> None:
    c.proc.stdin.write(data)
    c.proc.stdin.flush()


def message(msg_id, method: str, params=None) -> bytes:
    body = {"jsonrpc": "2.0", "id": msg_id, "method": method}
    if params is not None:
        body["params"] = params
    return json.dumps(body).encode()


def answer(c: Client, msg_id, timeout: float = 20.0) -> dict:
    return c.wait(lambda m: m.get("id") == msg_id and ("result" in m or "error" in m), timeout)


def hover(msg_id: int) -> bytes:
    return message(msg_id, "textDocument/hover", {"textDocument": {"uri": URI}, "position": AT})


def finish(c: Client) -> None:
    if c.proc.poll() is None:
        c.proc.kill()
        c.proc.wait(10)


# ------------------------------------------------------------------ framing
def test_frame_parser_resynchronises_after_each_kind_of_bad_frame():
    good = b'{"jsonrpc": "2.0", "method": "x"}'
    cases = {
        "negative": b"Content-Length: -5\r\n\r\n{}",
        "not a number": b"Content-Length: abc\r\n\r\n{}",
        "missing header": b"Content-Type: x\r\n\r\n{}",
        "no header at all": b"{}\r\n",
        "huge": b"Content-Length: 1000000000000\r\n\r\n{}",
    }
    for name, bad in cases.items():
        parser = FrameParser()
        events = parser.feed(bad + frame(good))
        assert isinstance(events[0], FrameError), name
        assert events[-1] == Body(good), name
    parser = FrameParser()
    assert parser.feed(b"content-length: 2\n\n{}") == [Body(b"{}")]  # lowercase, LF only
    assert parser.feed(b"Content-Length: 0\r\n\r\n") == [Body(b"")]  # empty: the caller reports it
    parser = FrameParser()
    assert parser.feed(b"Content-Length: 100\r\n\r\n" + good) == []  # too long: waits ...
    assert parser.flush() == [Body(good)]  # ... until the input goes quiet


@pytest.mark.slow
@pytest.mark.parametrize("bad", [
    b"Content-Length: -5\r\n\r\n{}",
    b"Content-Length: abc\r\n\r\n{}",
    b"Content-Length: 0\r\n\r\n",
    b"content-length: 2\r\n\r\n{}",  # lowercase: accepted (a valid frame, not a message)
    b"Content-Length: 2\n\n{}",  # LF-only line ends: accepted
    b"{}\r\n",  # no header
    b"Content-Length: 1000000000000\r\n\r\n",
    b"Content-Length: 3\r\n\r\n{\"jsonrpc\"",  # too short
], ids=["negative", "abc", "zero", "lowercase", "lf-only", "missing", "huge", "too-short"])
def test_one_bad_frame_does_not_make_the_server_deaf(env, bad):
    c = start()
    try:
        c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        c.notify("initialized", {})
        raw(c, bad)
        raw(c, frame(hover(7)))
        reply = answer(c, 7)
        assert reply.get("result", "missing") is None  # answered (no such document: null)
        assert c.proc.poll() is None
    finally:
        finish(c)


@pytest.mark.slow
def test_a_too_long_length_is_cut_short_when_the_client_waits(env):
    c = start()
    try:
        c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        body = hover(8)
        raw(c, b"Content-Length: %d\r\n\r\n" % (len(body) + 50) + body)  # 50 bytes never come
        assert answer(c, 8)["result"] is None  # read as it is once the input went quiet: a whole message
        raw(c, frame(hover(9)))
        assert answer(c, 9)["result"] is None
    finally:
        finish(c)


# ---------------------------------------------------------------- lifecycle
@pytest.mark.slow
def test_requests_before_initialize_and_after_shutdown_are_answered_and_exit_status_follows_the_spec(env):
    c = start()
    try:
        raw(c, frame(hover(1)))
        assert answer(c, 1)["error"]["code"] == -32002  # server not initialized
        c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        c.notify("initialized", {})
        assert c.request("shutdown", {}).get("result", "missing") is None
        raw(c, frame(hover(2)))
        assert answer(c, 2)["error"]["code"] == -32600  # after shutdown: refused, not ignored
        c.notify("exit", {})
        assert c.proc.wait(timeout=30) == 0
    finally:
        finish(c)


@pytest.mark.slow
def test_exit_without_shutdown_ends_with_status_1(env):
    c = start()
    try:
        c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        c.notify("initialized", {})
        c.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "markdown", "version": 1,
                                                           "text": REPLY}})
        c.notify("exit", {})
        assert c.proc.wait(timeout=30) == 1
    finally:
        finish(c)


@pytest.mark.slow
def test_the_server_exits_when_the_editor_process_dies(env):
    editor = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    c = start()
    try:
        c.request("initialize", {"processId": editor.pid, "rootUri": None, "capabilities": {}})
        c.notify("initialized", {})
        assert c.proc.poll() is None
        editor.kill()
        editor.wait(10)
        assert c.proc.wait(timeout=60) == 1  # noticed without any message from the client
    finally:
        finish(c)
        if editor.poll() is None:
            editor.kill()


# ------------------------------------------------------ handler errors (in-process)
class _Writer:
    def __init__(self) -> None:
        self.data = bytearray()
        self.threads: set[int] = set()

    def write(self, data: bytes) -> None:
        self.threads.add(threading.get_ident())
        self.data += data

    def close(self) -> None:
        pass

    def messages(self) -> list[dict]:
        parser = FrameParser()
        return [json.loads(e.data) for e in parser.feed(bytes(self.data)) if isinstance(e, Body)]


def test_an_exception_in_a_request_handler_is_a_json_rpc_error(monkeypatch):
    from replylint.lsp import server as server_module
    from replylint.lsp.transport import MessageReader

    def broken(*args, **kwargs):
        raise RuntimeError("hover broke")

    monkeypatch.setattr(server_module, "hover", broken)

    async def run() -> list[dict]:
        ls = server_module.create_server()
        ls.bind_loop(asyncio.get_running_loop())
        writer = _Writer()
        ls.protocol.set_writer(writer)
        reader = MessageReader(ls)
        reader.handle(reader.parser.feed(frame(message(1, "initialize", {"processId": None, "rootUri": None,
                                                                          "capabilities": {}}))))
        opened = {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": URI, "languageId": "markdown", "version": 1, "text": "Hello there.\n"}}}
        reader.handle(reader.parser.feed(frame(json.dumps(opened).encode())))
        reader.handle(reader.parser.feed(frame(hover(2))))
        for _ in range(600):
            await asyncio.sleep(0.05)
            if any(m.get("id") == 2 for m in writer.messages()):
                break
        ls.stop_workers()
        return writer.messages()

    found = [m for m in asyncio.run(run()) if m.get("id") == 2]
    assert found and "error" in found[0], found
    assert found[0]["error"]["code"] == -32603 and "hover broke" in found[0]["error"]["message"]


def test_every_message_leaves_from_the_event_loop_thread(env):
    # Issue 11, defect 6: the background loader sent its messages from its own thread.
    from replylint.lsp import server as server_module
    from replylint.lsp.transport import MessageReader

    async def run() -> tuple[list[dict], set[int], int]:
        ls = server_module.create_server()
        ls.bind_loop(asyncio.get_running_loop())
        writer = _Writer()
        ls.protocol.set_writer(writer)
        reader = MessageReader(ls)
        caps = {"window": {"workDoneProgress": True}}
        reader.handle(reader.parser.feed(frame(message(1, "initialize", {"processId": None, "rootUri": None,
                                                                          "capabilities": caps}))))
        reader.handle(reader.parser.feed(frame(json.dumps({"jsonrpc": "2.0", "method": "initialized",
                                                           "params": {}}).encode())))
        opened = {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": URI, "languageId": "markdown", "version": 1, "text": REPLY}}}
        reader.handle(reader.parser.feed(frame(json.dumps(opened).encode())))
        answered: set = set()
        for _ in range(1200):
            await asyncio.sleep(0.05)
            sent = writer.messages()
            for m in sent:  # answer window/workDoneProgress/create, as a client does
                if m.get("method") == "window/workDoneProgress/create" and m["id"] not in answered:
                    answered.add(m["id"])
                    reader.handle(reader.parser.feed(frame(json.dumps({"jsonrpc": "2.0", "id": m["id"],
                                                                       "result": None}).encode())))
            if any("languages loaded" in str(m.get("params", {}).get("message", "")) for m in sent) and \
                    any(m.get("method") == "textDocument/publishDiagnostics" for m in sent):
                break
        ls.stop_workers()
        return writer.messages(), writer.threads, threading.get_ident()

    sent, threads, loop_thread = asyncio.run(run())
    methods = {m.get("method") for m in sent}
    assert {"textDocument/publishDiagnostics", "window/logMessage", "$/progress"} <= methods, methods
    assert threads == {loop_thread}

"""Edit-to-diagnostics latency of the language server, as an editor sees it.

Starts ``python -m replylint.lsp`` over stdio, opens one reply and sends ``count``
edits, one at a time; for each, the time from sending ``didChange`` to receiving the
``publishDiagnostics`` of that version, minus the configured debounce pause. Also
reports the server's resident memory before and after the edits, and how long after the
server process was started the answer to ``initialize`` came (the language pipelines load
after it) and the first document's diagnostics arrived (``initialize_ms``,
``first_diagnostics_ms``: cold start as an editor sees it, debounce included).
"""
from __future__ import annotations

import json
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

DEBOUNCE_MS = 200
REPLY = ("Здравствуйте! Задержка произошла из-за технического сбоя на складе, это служба доставки "
         "напутала. Мы вернём деньги в ближайшее время.\n\nHi! The warehouse messed up. We'll fix it ASAP.\n")


class Client:
    """A minimal LSP client: Content-Length framing, answers the server's own requests with null."""

    def __init__(self, argv: list[str], cwd: str | None = None):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     cwd=cwd)
        self.inbox: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            message = json.loads(body)
            message["_received"] = time.perf_counter()
            if "method" in message and "id" in message:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            else:
                self.inbox.put(message)

    def send(self, message: dict) -> float:
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return time.perf_counter()

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id)

    def notify(self, method: str, params: dict) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, accept, timeout: float = 60.0) -> dict:
        deadline = time.perf_counter() + timeout
        while True:
            message = self.inbox.get(timeout=max(0.01, deadline - time.perf_counter()))
            if accept(message):
                return message

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a benchmark tidies up as best it can
            self.proc.kill()


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure(count: int = 300) -> dict:
    started = time.perf_counter()
    client = Client([sys.executable, "-m", "replylint.lsp"])
    uri = "file:///tmp/replylint-bench/reply.txt"
    try:
        answer = client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {},
                                               "initializationOptions": {"debounce": DEBOUNCE_MS}})
        initialize_ms = (answer["_received"] - started) * 1e3
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                "version": 1, "text": REPLY}})
        is_publish = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri  # noqa: E731
        first_diagnostics_ms = (client.wait(is_publish, timeout=120)["_received"] - started) * 1e3
        before = rss_mb(client.proc.pid)
        latencies = []
        for version in range(2, count + 2):
            # Type one character at the end of the first line, then take it back, alternately.
            first_line = REPLY.split("\n")[0]
            if version % 2 == 0:
                change = {"range": {"start": {"line": 0, "character": len(first_line)},
                                    "end": {"line": 0, "character": len(first_line)}}, "text": "!"}
            else:
                change = {"range": {"start": {"line": 0, "character": len(first_line)},
                                    "end": {"line": 0, "character": len(first_line) + 1}}, "text": ""}
            sent = client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                            "contentChanges": [change]})
            message = client.wait(lambda m, v=version: is_publish(m) and m["params"].get("version") in (v, None))
            latencies.append((message["_received"] - sent) * 1e3 - DEBOUNCE_MS)
        after = rss_mb(client.proc.pid)
    finally:
        client.close()
    latencies.sort()
    return {"edits": count, "debounce_ms": DEBOUNCE_MS, "median_ms": statistics.median(latencies),
            "p95_ms": latencies[int(0.95 * (len(latencies) - 1))], "rss_before_mb": before, "rss_after_mb": after,
            "initialize_ms": initialize_ms, "first_diagnostics_ms": first_diagnostics_ms}


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 300), indent=2))

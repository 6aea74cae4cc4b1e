"""Edit-to-diagnostics latency of the language server, as an editor sees it.

Starts ``python -m replylint.lsp`` over stdio, opens one reply — a 300-character one
(target: p95 <= 30 ms) and a 20 KB one — and sends ``count`` edits, one at a time, each
typing a word never typed before in place of the previous one (so no cache of the server or
the library answers: every check is real work); for each edit, the time from sending
``didChange`` to receiving the ``publishDiagnostics`` of that version, minus the configured
debounce pause. The server's CPU time per edit (from ``/proc``) is printed too: the machine
is shared, so wall-clock figures are noisy and CPU time is the steadier one. Timing starts
once the server says all languages are loaded. Also
reports the server's resident memory before and after the edits, and how long after the
server process was started the answer to ``initialize`` came (the language pipelines load
after it) and the first document's diagnostics arrived (``initialize_ms``,
``first_diagnostics_ms``: cold start as an editor sees it, debounce included).
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

DEBOUNCE_MS = 200
REPLY = ("Здравствуйте! Задержка произошла из-за технического сбоя на складе, это служба доставки "
         "напутала. Мы вернём деньги в ближайшее время.\n\nHi! The warehouse messed up. We'll fix it ASAP.\n")
# The 300-character reply: Russian and English, findings in both.
SHORT_REPLY = (REPLY + "Your order was delayed, we will look into it and get back to you. "
               "Кстати, см. тикет в джире. Спасибо, Анна!\n")
PARAGRAPHS = [
    "Здравствуйте, Анна! Заказ №{n} задержался из-за технического сбоя на складе. Мы вернём деньги в ближайшее время.",
    "Hi Tom, order {n} was delayed because the warehouse messed up. We'll look into it and get back to you.",
    "Здравейте! Поръчка {n} закъсня поради технически проблем. Ще се свържем с вас възможно най-скоро.",
    "您好，订单{n}延误了，这不归我管，请联系快递公司。我们会尽快处理。",
    "Thanks for waiting on ticket {n}: the refund went out today and should reach you within 3 working days.",
]


def long_reply(size_bytes: int = 20_000) -> str:
    """A reply of ``size_bytes`` UTF-8 bytes in four languages, every paragraph a little different."""
    parts, total, n = [], 0, 0
    while total < size_bytes:
        paragraph = PARAGRAPHS[n % len(PARAGRAPHS)].format(n=1000 + n * 37)
        parts.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
        n += 1
    return "\n\n".join(parts) + "\n"


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux ``/proc``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def new_words(seed: int = 11):
    """Words never typed before: a fresh one for each edit."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while True:
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
        if word not in seen:
            seen.add(word)
            yield word


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


def measure(count: int = 300, reply: str = SHORT_REPLY, name: str = "reply.txt") -> dict:
    """The latency figures for ``count`` edits of ``reply`` (see the module docstring)."""
    started = time.perf_counter()
    client = Client([sys.executable, "-m", "replylint.lsp"])
    uri = f"file:///tmp/replylint-bench/{name}"
    try:
        answer = client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {},
                                               "initializationOptions": {"debounce": DEBOUNCE_MS}})
        initialize_ms = (answer["_received"] - started) * 1e3
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                "version": 1, "text": reply}})
        is_publish = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri  # noqa: E731
        first_diagnostics_ms = (client.wait(is_publish, timeout=120)["_received"] - started) * 1e3
        try:  # the other languages load in the background: time edits only after that
            client.wait(lambda m: m.get("method") == "window/logMessage"
                        and "languages loaded" in m["params"].get("message", ""), timeout=60)
        except queue.Empty:
            pass
        before = rss_mb(client.proc.pid)
        cpu_before = cpu_seconds(client.proc.pid)
        latencies = []
        # Type a new word after the first sentence of the English part, replacing the last one typed.
        line = next(i for i, text in enumerate(reply.split("\n")) if text.startswith("Hi"))
        column = reply.split("\n")[line].index(" ") + 1
        typed = ""
        words = new_words()
        for version in range(2, count + 2):
            word = next(words) + " "
            change = {"range": {"start": {"line": line, "character": column},
                                "end": {"line": line, "character": column + len(typed)}}, "text": word}
            typed = word
            sent = client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                            "contentChanges": [change]})
            message = client.wait(lambda m, v=version: is_publish(m) and m["params"].get("version") in (v, None))
            latencies.append((message["_received"] - sent) * 1e3 - DEBOUNCE_MS)
        cpu_after = cpu_seconds(client.proc.pid)
        after = rss_mb(client.proc.pid)
    finally:
        client.close()
    latencies.sort()
    cpu_ms = (cpu_after - cpu_before) * 1e3 / count if cpu_before is not None and cpu_after is not None else None
    return {"edits": count, "chars": len(reply), "bytes": len(reply.encode("utf-8")), "debounce_ms": DEBOUNCE_MS,
            "median_ms": statistics.median(latencies), "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
            "server_cpu_ms_per_edit": cpu_ms, "rss_before_mb": before, "rss_after_mb": after,
            "initialize_ms": initialize_ms, "first_diagnostics_ms": first_diagnostics_ms}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("edits", nargs="?", type=int, default=300, help="edits per reply (default 300)")
    ap.add_argument("--only", choices=["short", "long"], help="measure one of the two replies")
    args = ap.parse_args(argv)
    results = {}
    if args.only in (None, "short"):
        results["short"] = measure(args.edits, SHORT_REPLY, "short.txt")
    if args.only in (None, "long"):
        results["long_20kb"] = measure(args.edits, long_reply(), "long.txt")
    print(json.dumps(results, indent=2))
    for key, r in results.items():
        cpu = r["server_cpu_ms_per_edit"]
        print(f"{key}: {r['chars']} chars / {r['bytes']} bytes, {r['edits']} edits of new text: "
              f"median {r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms after the {DEBOUNCE_MS} ms pause"
              + (f", server CPU {cpu:.1f} ms per edit" if cpu is not None else ""))
    short = results.get("short")
    if short:
        print(f"target p95 <= 30 ms for the 300-character reply: {'met' if short['p95_ms'] <= 30 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

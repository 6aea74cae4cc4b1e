"""Cold start of the language server as an editor sees it: process start → first diagnostics.

For each language, a fresh ``python -m replylint.lsp`` gets ``initialize``, ``initialized``
and one reply in that language (debounce 0), and the time from starting the process to the
first ``publishDiagnostics`` of the reply is taken; also the time to the ``initialize``
answer and to the end of the background loading (``$/progress`` end, all four languages).
Runs ``runs`` times per language and prints medians; quiet machine or not, it prints what
it measured (the machine is shared: compare runs of the same session). ``--checkout DIR``
runs the server of another checkout (its ``replylint`` package) for a before/after figure;
the two are measured alternately so both see the same load.

    python -m benchmarks.lsp_cold_start [runs] [--checkout DIR]
"""
from __future__ import annotations

import json
import queue
import statistics
import sys
import time

from benchmarks.lsp_latency import Client

REPLIES = {
    "ru": "Здравствуйте! Задержка произошла из-за сбоя на складе, это служба доставки напутала.\n",
    "bg": "Здравейте! Забавянето е заради склада, куриерът обърка пратката.\n",
    "zh": "您好，这不归我管，是仓库那边的问题。\n",
    "en": "Hi! The warehouse messed up, it's not our fault. We'll fix it ASAP.\n",
}
CAPS = {"window": {"workDoneProgress": True}}


def one(lang: str, checkout: str | None = None) -> dict:
    started = time.perf_counter()
    client = Client([sys.executable, "-m", "replylint.lsp"], cwd=checkout)
    uri = f"file:///tmp/replylint-bench/{lang}.txt"
    try:
        answer = client.request("initialize", {"processId": None, "rootUri": None, "capabilities": CAPS,
                                               "initializationOptions": {"debounce": 0}})
        initialize = answer["_received"] - started
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                                "version": 1, "text": REPLIES[lang]}})
        first = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri, timeout=120)
        first_diagnostics = first["_received"] - started
        try:
            end = client.wait(lambda m: m.get("method") == "$/progress"
                              and m["params"]["value"].get("kind") == "end", timeout=60)
            all_loaded = end["_received"] - started
        except queue.Empty:  # a server without $/progress
            all_loaded = float("nan")
    finally:
        client.close()
    return {"initialize_ms": initialize * 1e3, "first_diagnostics_ms": first_diagnostics * 1e3,
            "all_languages_ms": all_loaded * 1e3, "findings": len(first["params"]["diagnostics"])}


def measure(runs: int = 3, checkout: str | None = None) -> dict:
    out: dict = {}
    for lang in REPLIES:
        mine, theirs = [], []
        for _ in range(runs):
            mine.append(one(lang))
            if checkout:
                theirs.append(one(lang, checkout))
        out[lang] = {key: round(statistics.median(s[key] for s in mine), 1) for key in mine[0]}
        if checkout:
            out[lang]["checkout"] = {key: round(statistics.median(s[key] for s in theirs), 1) for key in theirs[0]}
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    other = None
    if "--checkout" in args:
        i = args.index("--checkout")
        other = args[i + 1]
        del args[i:i + 2]
    print(json.dumps(measure(int(args[0]) if args else 3, other), indent=2))

"""Fuzzing (issue 6): random input for the file readers and random JSON-RPC for the
language server, with hypothesis.

* Readers: random bytes through the decoder, then random text and random near-valid
  JSON / YAML / CSV through every reader. The only exception allowed is
  :class:`ReaderError` (a one-line message); every reply's positions must resolve.
* Language server: random messages (real and invented methods, random params, random ids,
  notifications, broken bodies) to one running server. Every request gets an answer (a
  result or an error) and the server still checks documents at the end.

CI runs a short fuzz (well under a minute). For a release, run a long one::

    REPLYLINT_FUZZ_EXAMPLES=100000 python -m pytest tests/test_fuzz.py -q

(each test then tries that many inputs; hypothesis keeps failures in .hypothesis/ and
replays them first on the next run).
"""
from __future__ import annotations

import json
import os
import queue
import string
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.lsp_latency import Client
from replylint.readers import ReaderError, ReadSettings, reader_for
from replylint.runner import decode
from tests.test_lsp_support import server_env, write_patterns

EXAMPLES = int(os.environ.get("REPLYLINT_FUZZ_EXAMPLES", "0")) or None


def fuzz_settings(default: int):
    return settings(max_examples=EXAMPLES or default, deadline=None, derandomize=EXAMPLES is None,
                    suppress_health_check=list(HealthCheck), database=None if EXAMPLES is None else settings().database)


SUFFIXES = (".txt", ".md", ".html", ".json", ".yaml", ".yml", ".csv", ".tsv")
READ = ReadSettings()

# ------------------------------------------------------------------ readers
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["body", "text", "title", "macros", "actions", "field", "value", "response",
                         "subject", "notes", "comment_value"]) | st.text(max_size=8), inner, max_size=5),
    max_leaves=30)

TOKENS = {
    ".json": ['{', '}', '[', ']', ':', ',', '"body"', '"x\\n\\u00e9\\ud83d\\ude00"', '"\\', 'null', '1e999', '"'],
    ".yaml": ["body: ", "- ", "  ", "\n", "&a ", "*a", "!!python/object:os.system ", "|\n", ">-\n", "'", '"',
              "{", "}", "[", "]", ": ", "? ", "---\n", "...\n", "%YAML 1.1\n", "\\x", "\t", "#"],
    ".csv": ["reply", "title", ",", ";", "\t", "|", '"', '""', "\n", "\r\n", "\r", "x", "Привет", " "],
    ".md": ["# ", "## ", "---", "***", "\n", "\r\n", "```", "~~~", "> ", "- ", "===", "<!-- ", " -->", "x", "Привет",
            "replylint-disable-file dead-end", " ", "\t", "|", "[", "]("],
    ".html": ["<p>", "</p>", "<h1>", "</h1>", "<h2>", "</h2>", "<hr>", "<head>", "</head>", "<body>", "<style>",
              "</style>", "<script>", "</script>", "<title>", "</title>", "&amp;", "&#39;", "&#x", "&", ";", "<",
              ">", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "'", '"', "=", "\n", "\r", "x", "这"],
}


def mutated(suffix: str):
    """Text built from the format's own tokens: mostly almost-valid, often broken."""
    pieces = st.sampled_from(TOKENS[suffix]) | st.text(max_size=6)
    return st.lists(pieces, max_size=60).map("".join)


def structured():
    return st.one_of(
        json_values.map(lambda v: (".json", json.dumps(v, ensure_ascii=False))),
        json_values.map(lambda v: (".yaml", json.dumps(v))),  # JSON is YAML
        st.tuples(st.just(".json"), mutated(".json")),
        st.tuples(st.sampled_from([".yaml", ".yml"]), mutated(".yaml")),
        st.tuples(st.sampled_from([".csv", ".tsv"]), mutated(".csv")),
        st.tuples(st.just(".md"), mutated(".md")),
        st.tuples(st.just(".html"), mutated(".html")),
        st.tuples(st.sampled_from(SUFFIXES), st.text(max_size=300)),
    )


def read_all(suffix: str, text: str) -> None:
    reader = reader_for(Path("fuzz" + suffix))
    assert reader is not None
    try:
        replies = list(reader(Path("fuzz" + suffix), text, READ))  # readers yield: errors come while iterating
    except ReaderError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    lines = text.count("\n") + text.count("\r") + 2
    for reply in replies:
        assert isinstance(reply.text, str)
        for offset in {0, len(reply.text) // 2, len(reply.text)}:
            for locate in (reply.locate, reply.locate_end or reply.locate):
                line, column = locate(offset)
                assert 1 <= line <= lines and column >= 1


@fuzz_settings(300)
@given(raw=st.binary(max_size=400) | st.sampled_from([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]).flatmap(
    lambda bom: st.binary(max_size=200).map(lambda b: bom + b)), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_through_decoder_and_readers(raw, suffix):
    try:
        text = decode(raw)
    except UnicodeDecodeError:
        return  # reported as "not valid UTF-8 text (byte N)" by the runner
    read_all(suffix, text)


@fuzz_settings(600)
@given(case=structured())
def test_random_structures_through_readers(case):
    suffix, text = case
    read_all(suffix, text)


# ---------------------------------------------------------- language server
METHODS = ["initialize", "textDocument/didOpen", "textDocument/didChange", "textDocument/didClose",
           "textDocument/hover", "textDocument/codeAction", "workspace/didChangeConfiguration",
           "textDocument/completion", "$/cancelRequest", "$/setTrace", "replylint/nothing", "", "x" * 300]
URIS = ["file:///tmp/fuzz/a.md", "file:///tmp/fuzz/b.txt", "untitled:1", "", "file:///", "not a uri"]
positions = st.fixed_dictionaries({"line": st.integers(-3, 2**31), "character": st.integers(-3, 2**31)})
params = st.one_of(
    json_values,
    st.fixed_dictionaries({"textDocument": st.fixed_dictionaries(
        {"uri": st.sampled_from(URIS), "languageId": st.sampled_from(["markdown", "plaintext", "x"]),
         "version": st.integers(-1, 10**12), "text": st.text(max_size=200)})}),
    st.fixed_dictionaries({"textDocument": st.fixed_dictionaries({"uri": st.sampled_from(URIS),
                                                                  "version": st.integers(0, 99)}),
                           "contentChanges": st.lists(st.fixed_dictionaries(
                               {"range": st.fixed_dictionaries({"start": positions, "end": positions}),
                                "text": st.text(max_size=40)}) | st.fixed_dictionaries({"text": st.text(max_size=40)}),
                               max_size=3)}),
    st.fixed_dictionaries({"textDocument": st.fixed_dictionaries({"uri": st.sampled_from(URIS)}),
                           "position": positions}),
    st.fixed_dictionaries({"textDocument": st.fixed_dictionaries({"uri": st.sampled_from(URIS)}),
                           "range": st.fixed_dictionaries({"start": positions, "end": positions}),
                           "context": st.fixed_dictionaries({"diagnostics": st.lists(json_values, max_size=2)})}),
    st.fixed_dictionaries({"settings": json_values}),
)
messages = st.fixed_dictionaries(
    {"jsonrpc": st.sampled_from(["2.0", "2.0", "2.0", "1.0"])},
    optional={"id": st.integers(1, 2**53) | st.text(string.ascii_letters, max_size=8) | st.none(),
              "method": st.sampled_from(METHODS) | st.text(max_size=20), "params": params,
              "result": json_values})


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("lsp-fuzz")
    env = server_env(write_patterns(root / "patterns"))
    old = dict(os.environ)
    os.environ.update(env)
    cwd = os.getcwd()
    os.chdir(root)  # nothing the server might write lands in the repository
    try:
        client = Client([sys.executable, "-m", "replylint.lsp"])
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(old)
    client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {},
                                  "initializationOptions": {"debounce": 0}})
    client.notify("initialized", {})
    yield client
    client.close()


@pytest.mark.slow
@fuzz_settings(400)
@given(message=messages, broken=st.sampled_from([None, None, None, None, "cut", "bytes"]))
def test_random_json_rpc_keeps_the_server_alive_and_answering(fuzz_server, message, broken):
    c = fuzz_server
    if message.get("method") in ("shutdown", "exit"):
        return
    body = json.dumps(message).encode()
    if broken == "cut":
        body = body[: len(body) // 2]
    elif broken == "bytes":
        body = bytes(reversed(body))
    c.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    c.proc.stdin.flush()
    is_request = (broken is None and message.get("jsonrpc") == "2.0" and isinstance(message.get("id"), (int, str))
                  and "method" in message)
    if is_request:  # every request is answered, with a result or an error
        try:
            c.wait(lambda m: m.get("id") == message["id"] and ("result" in m or "error" in m), timeout=10)
        except queue.Empty:
            raise AssertionError(f"no answer within 10 s to {json.dumps(message)[:500]}") from None
    assert c.proc.poll() is None, "the server died"


@pytest.mark.slow
def test_after_the_fuzz_the_server_still_checks_documents(fuzz_server):
    c = fuzz_server
    uri = "file:///tmp/fuzz/final.md"
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                       "text": "See ZORGTICKET-9. NOPEWAY.\n"}})
    found = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri,
                   timeout=30)
    assert sorted(d["code"] for d in found["params"]["diagnostics"]) == ["dead-end", "internal-jargon"]

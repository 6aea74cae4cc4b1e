"""JSON-RPC edge cases pygls leaves to the server: answers, not just log lines.

* A message with an ``id`` but no ``method``, ``result`` or ``error`` is an invalid
  request: the client gets error -32600 for that id (pygls took it for a response to a
  request it never sent and reported an internal error, leaving the client waiting).
* A body that is not JSON (or is nested too deeply for the decoder) gets error -32700
  with ``id: null``, as JSON-RPC 2.0 asks, instead of a pop-up message in the editor.
* A request pygls cannot structure (an unknown method without ``params``, params of the
  wrong shape) gets an error response for its id rather than no answer at all.
* A notification method sent with an ``id`` gets error -32600 for that id (pygls dropped
  the id, and the client waited for ever).
* A message that is not an object (``[1, 2]``, ``"x"``) is an invalid request too.
* The lifecycle the spec asks for: a request before ``initialize`` gets -32002 (server not
  initialized), a request after ``shutdown`` gets -32600 (pygls dropped both silently and
  the client waited for ever), and ``exit`` ends the server with 0 after ``shutdown``, 1
  without — at once, not after the worker threads drain.
* ``didOpen`` without a ``languageId`` is read as ``""`` (decided by the file suffix later),
  not refused as invalid params.
* Every message to the client leaves from the event-loop thread: a worker thread's message
  is handed to the loop (writing a socket from two threads corrupts frames under ``--tcp``).

The server keeps reading after any of these; framing errors are handled by
:mod:`replylint.lsp.framing`.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)

SERVER_NOT_INITIALIZED = -32002


class _Answered:
    """A message already answered with an error: nothing more to do."""

    jsonrpc = None


ANSWERED = _Answered()


class ReplylintProtocol(LanguageServerProtocol):
    _loop: asyncio.AbstractEventLoop | None = None
    _loop_thread: int | None = None
    _initialize_seen = False

    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._loop_thread = threading.get_ident()

    def _send_data(self, data: Any) -> None:
        loop = self._loop
        if loop is not None and threading.get_ident() != self._loop_thread:
            if not loop.is_closed():
                loop.call_soon_threadsafe(super()._send_data, data)
            return
        super()._send_data(data)

    def structure_message(self, data: dict[str, Any]):
        if data.get("method") == types.TEXT_DOCUMENT_DID_OPEN and isinstance(data.get("params"), dict):
            doc = data["params"].get("textDocument")
            if isinstance(doc, dict) and not isinstance(doc.get("languageId"), str):
                data["params"]["textDocument"] = {**doc, "languageId": ""}
        if "jsonrpc" in data and "id" in data and not {"method", "result", "error"} & data.keys():
            self.send_error(data["id"], JsonRpcInvalidRequest.CODE, "Invalid Request: a request needs a 'method'")
            return ANSWERED
        try:
            message = super().structure_message(data)
            if "id" in data and "method" in data and not hasattr(message, "id"):
                # A notification method sent as a request: pygls would drop the id and leave
                # the client waiting for an answer that never comes.
                self.send_error(data["id"], JsonRpcInvalidRequest.CODE,
                                f"Invalid Request: {data['method']!r} is a notification; send it without an id")
                return ANSWERED
            return message
        except JsonRpcException as exc:
            if "jsonrpc" not in data or "method" not in data:
                raise
            if "params" not in data:  # params are optional in JSON-RPC; pygls's generic types need them
                try:
                    return super().structure_message({**data, "params": None})
                except JsonRpcException:
                    pass
            if "id" not in data:
                raise  # a notification: nobody waits for an answer
            self.send_error(data["id"], exc.code, f"{exc.message} (in {data['method']!r})")
            return ANSWERED

    def handle_message(self, message):
        if message is ANSWERED:
            return
        if not hasattr(message, "jsonrpc"):  # a JSON value that is not a message object
            self.send_error(None, JsonRpcInvalidRequest.CODE, "Invalid Request: not a JSON-RPC message object")
            return
        method = getattr(message, "method", None)
        is_request = method is not None and hasattr(message, "id")
        if method == types.EXIT:
            self._server.request_exit(0 if self._shutdown else 1)
            return
        if self._shutdown and method is not None:
            if is_request:
                self.send_error(message.id, JsonRpcInvalidRequest.CODE,
                                f"Invalid Request: {method!r} after 'shutdown' (only 'exit' is accepted now)")
            return
        if method is not None and not self._initialize_seen:
            if method != types.INITIALIZE:
                if is_request:
                    self.send_error(message.id, SERVER_NOT_INITIALIZED,
                                    f"Server not initialized: send 'initialize' before {method!r}")
                return
            self._initialize_seen = True
        elif method == types.INITIALIZE:
            self.send_error(message.id, JsonRpcInvalidRequest.CODE, "Invalid Request: 'initialize' was already sent")
            return
        super().handle_message(message)

    def send_error(self, msg_id, code: int, message: str) -> None:
        """Write a JSON-RPC error response straight to the client."""
        if not isinstance(msg_id, (int, str)) or isinstance(msg_id, bool):
            msg_id = None
        log.warning("answering id %r with error %d: %s", msg_id, code, message)
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})


def answer_parse_error(protocol: ReplylintProtocol, error: Exception) -> bool:
    """Answer a body that could not be decoded with error -32700; False if ``error`` is another kind."""
    if not isinstance(error, (json.JSONDecodeError, RecursionError, UnicodeDecodeError)):
        return False
    detail = "nested too deeply" if isinstance(error, RecursionError) else str(error)
    protocol.send_error(None, JsonRpcParseError.CODE, f"Parse error: {detail}")
    return True


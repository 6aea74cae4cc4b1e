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

The server keeps reading after any of these; framing errors (a wrong ``Content-Length``)
lose at most the messages the wrong length swallowed.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)


class _Answered:
    """A message already answered with an error: nothing more to do."""

    jsonrpc = None


ANSWERED = _Answered()


class ReplylintProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]):
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


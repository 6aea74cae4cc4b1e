"""Reading and writing LSP messages over stdio or TCP, on one event loop.

pygls's own loops read stdin in a thread pool that ``exit`` then waits for (0.8–2 s), turn
the exit status into 0 whatever ``shutdown`` said, and lose step with the stream after one
bad frame. This module replaces them:

* bytes are read by one small thread (stdio) or the event loop (TCP) and framed by
  :class:`~replylint.lsp.framing.FrameParser`, which resynchronises after bad input;
* a body that is not JSON gets a -32700 answer and the parser looks for the next header
  inside it; a body the client stops sending half-way is cut short after
  :data:`IDLE_FLUSH_SECONDS` of silence;
* every message the server sends goes out from the event-loop thread (see
  :meth:`ReplylintProtocol._send_data`), so worker threads never touch a socket;
* ``exit`` (or the end of input, or the editor process dying) ends :func:`serve` with the
  status the server chose: 0 after ``shutdown``, 1 without it.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, BinaryIO

from pygls.io_ import StdoutWriter

from .framing import MAX_MESSAGE_BYTES, Body, FrameError, FrameParser
from .protocol import ReplylintProtocol

if TYPE_CHECKING:
    from .server import ReplylintServer

log = logging.getLogger(__name__)

IDLE_FLUSH_SECONDS = 1.5  # a body still incomplete after this much silence is cut short
READ_CHUNK = 64 * 1024


class MessageReader:
    """Feeds chunks to the frame parser and hands each message to the protocol."""

    def __init__(self, server: ReplylintServer, max_bytes: int = MAX_MESSAGE_BYTES):
        self.server = server
        self.parser = FrameParser(max_bytes)

    def handle(self, events: list) -> None:
        protocol = self.server.protocol
        assert isinstance(protocol, ReplylintProtocol)
        for event in events:
            if isinstance(event, FrameError):
                log.warning("bad input from the client: %s (skipped up to the next header)", event.message)
                protocol.send_error(None, -32700, f"Parse error: {event.message}")
                continue
            assert isinstance(event, Body)
            try:
                message = json.loads(event.data, object_hook=protocol.structure_message)
            except (json.JSONDecodeError, RecursionError, UnicodeDecodeError) as exc:
                self.server.report_server_error(exc, Exception)  # answers -32700
                self.parser.resync_after(event.data)
                self.handle(self.parser.feed(b""))
                continue
            except Exception as exc:  # noqa: BLE001 - a message pygls cannot structure
                log.exception("cannot read a message")
                self.server.report_server_error(exc, Exception)
                continue
            try:
                protocol.handle_message(message)
            except Exception as exc:  # noqa: BLE001 - one bad message never stops the server
                log.exception("failed to handle a message")
                self.server.report_server_error(exc, Exception)

    async def run(self, read: Callable[[], Awaitable[bytes]]) -> None:
        """Read until end of input."""
        while True:
            try:
                if self.parser.in_body:
                    chunk = await asyncio.wait_for(read(), IDLE_FLUSH_SECONDS)
                else:
                    chunk = await read()
            except TimeoutError:
                log.warning("the client stopped sending in the middle of a message; reading it as it is")
                self.handle(self.parser.flush())
                continue
            if not chunk:
                return
            self.handle(self.parser.feed(chunk))


def _stdin_pump(stdin: BinaryIO, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue) -> None:
    """Thread: move stdin's bytes to the loop's queue (b"" at end of input)."""
    fd = stdin.fileno()
    while True:
        try:
            data = os.read(fd, READ_CHUNK)
        except OSError:
            data = b""
        try:
            loop.call_soon_threadsafe(queue.put_nowait, data)
        except RuntimeError:  # the loop has closed
            return
        if not data:
            return


async def _until_exit(server: ReplylintServer, reading: Awaitable[None]) -> int:
    task = asyncio.ensure_future(reading)
    stop = asyncio.ensure_future(server.exit_requested.wait())
    await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
    for pending in (task, stop):
        pending.cancel()
    if server.exit_code is None:  # end of input: the client went away
        log.info("end of input: stopping")
        server.exit_code = 0 if server.protocol._shutdown else 0
    return server.exit_code


def serve_stdio(server: ReplylintServer, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> int:
    """Serve over stdin/stdout until ``exit`` or end of input; the exit status."""

    async def main() -> int:
        loop = asyncio.get_running_loop()
        server.bind_loop(loop)
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        server.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        threading.Thread(target=_stdin_pump, args=(stdin or sys.stdin.buffer, loop, queue),
                         name="replylint-stdin", daemon=True).start()
        return await _until_exit(server, MessageReader(server).run(queue.get))

    try:
        return asyncio.run(main())
    except BrokenPipeError:
        log.error("the client closed the connection")
        return 1
    finally:
        server.stop_workers()


def serve_tcp(server: ReplylintServer, host: str, port: int) -> int:
    """Accept one client on ``host:port`` and serve it until ``exit`` or it disconnects."""

    async def main() -> int:
        loop = asyncio.get_running_loop()
        server.bind_loop(loop)
        connected: asyncio.Future[int] = loop.create_future()

        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if connected.done():  # one client per server, as editors expect
                writer.close()
                return
            server.protocol.set_writer(writer)
            try:
                code = await _until_exit(server, MessageReader(server).run(lambda: reader.read(READ_CHUNK)))
            finally:
                writer.close()
            if not connected.done():
                connected.set_result(code)

        tcp = await asyncio.start_server(on_connect, host, port)
        log.info("listening on %s", ", ".join(str(s.getsockname()) for s in tcp.sockets))
        async with tcp:
            return await connected

    try:
        return asyncio.run(main())
    finally:
        server.stop_workers()

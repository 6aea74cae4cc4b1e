"""LSP base-protocol framing that survives bad input: bytes in, whole message bodies out.

pygls's reader accepts only ``Content-Length: N\\r\\n`` exactly and, after any other header
line, a zero length or a body that is not JSON, it stays out of step with the stream for
good — the server looks alive but never answers again. A length of 10¹² is read into
memory at once. This parser is what the server reads with instead:

* header names are case-insensitive, lines may end in ``\\r\\n`` or ``\\n``, other headers
  (``Content-Type``) are ignored;
* a header block without a usable ``Content-Length`` (missing, ``abc``, ``-5``, over
  :data:`MAX_MESSAGE_BYTES`) is reported and skipped: the parser *resynchronises*, dropping
  bytes up to the next ``Content-Length`` it sees, wherever it starts;
* a body is handed on whole; when the caller finds it is not JSON (a length that was too
  short or too long), :meth:`FrameParser.resync_after` looks for the next header inside
  it, so a message swallowed by a wrong length is recovered;
* a body the client stops sending (a length larger than what it sent) is cut short by
  :meth:`FrameParser.flush` when the input has been idle a moment.

It does no I/O: the server's read loop feeds it chunks (:mod:`replylint.lsp.transport`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # a 10 MB reply as JSON escapes fits; 10¹² does not
MAX_HEADER_BYTES = 8 * 1024

_HEADER_START = re.compile(rb"content-length[ \t]*:", re.IGNORECASE)
_LINE_END = re.compile(rb"\r?\n")
_BLANK = re.compile(rb"[ \t]*\r?\n")
_HEADER_LINE = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]*:")
_LENGTH = re.compile(rb"[ \t]*content-length[ \t]*:[ \t]*(\S*)[ \t]*\r?$", re.IGNORECASE)


@dataclass(frozen=True)
class Body:
    """One message body, as sent."""

    data: bytes


@dataclass(frozen=True)
class FrameError:
    """Input that is not a message frame; the parser has skipped it."""

    message: str


Event = Body | FrameError


class FrameParser:
    """Incremental parser: :meth:`feed` bytes, get the complete events so far."""

    def __init__(self, max_bytes: int = MAX_MESSAGE_BYTES):
        self.max_bytes = max_bytes
        self._buf = bytearray()
        self._length: int | None = None  # body length once a header block was read
        self._scanning = False  # dropping bytes until the next Content-Length

    @property
    def in_body(self) -> bool:
        """Whether a body has been announced and not yet fully received."""
        return self._length is not None

    def feed(self, data: bytes) -> list[Event]:
        self._buf += data
        events: list[Event] = []
        while True:
            event = self._step()
            if event is None:
                return events
            events.append(event)

    def flush(self) -> list[Event]:
        """The input went quiet mid-body: hand on what arrived (the caller reports it)."""
        if self._length is None:
            return []
        data = bytes(self._buf[:self._length])
        del self._buf[:self._length]
        self._length = None
        return [Body(data)]

    def resync_after(self, body: bytes) -> None:
        """``body`` was not a message: look for the next header inside it, then in the stream."""
        self._buf[:0] = body[1:]
        self._scanning = True

    # ------------------------------------------------------------------ steps
    def _step(self) -> Event | None:
        if self._length is not None:
            if len(self._buf) < self._length:
                return None
            data = bytes(self._buf[:self._length])
            del self._buf[:self._length]
            self._length = None
            return Body(data)
        if self._scanning:
            m = _HEADER_START.search(self._buf)
            if m is None:
                keep = len("content-length") + 4  # a header split across two chunks
                del self._buf[:max(0, len(self._buf) - keep)]
                return None
            del self._buf[:m.start()]
            self._scanning = False
        return self._header_block()

    def _header_block(self) -> Event | None:
        """Read one header block; None until its blank line has arrived."""
        while (blank := _BLANK.match(self._buf)) is not None:  # blank lines between messages
            del self._buf[:blank.end()]
        pos, length, problem = 0, None, None
        while True:
            m = _LINE_END.search(self._buf, pos)
            if m is None:
                if len(self._buf) > MAX_HEADER_BYTES:
                    self._buf.clear()
                    self._scanning = True
                    return FrameError("header block too long")
                return None
            line_start = pos
            line = bytes(self._buf[pos:m.start()])
            pos = m.end()
            if not line.strip():
                break
            if _HEADER_LINE.match(line) is None:
                del self._buf[:line_start + 1]  # a header may start later on this very line
                self._scanning = True
                return FrameError(f"not a header line: {line[:40].decode('latin-1')!r}")
            found = _LENGTH.match(line)
            if found is not None:
                raw = found.group(1)
                if raw.isdigit():
                    length = int(raw)
                    if length > self.max_bytes:
                        problem = f"message of {length:,} bytes is over the limit of {self.max_bytes:,}"
                else:
                    problem = f"invalid Content-Length {raw.decode('latin-1')!r}"
        del self._buf[:pos]
        if problem is None and length is None:
            problem = "header block without Content-Length"
        if problem is not None:
            self._scanning = True
            return FrameError(problem)
        self._length = length
        return self._step()

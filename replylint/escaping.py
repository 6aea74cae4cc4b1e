"""Text that is safe to show: on a terminal, in a CI log, inside a GitHub workflow command.

File names, reply text and configuration values come from people replylint does not
trust (a repository's contributors), and they end up on standard output, standard error
and in CI logs. Three things can go wrong there:

* **terminal control**: ESC starts an ANSI sequence (colours, cursor moves, a window
  title, OSC 8 links), CR overwrites the line, a bidi override reorders it, a line break
  inside a file name forges a line of its own;
* **GitHub workflow commands**: the runner treats every line that starts with ``::``
  (after leading blanks) as a command (``::error``, ``::add-mask``, ``::stop-commands``)
  and every line containing ``##[`` as an old-style one, on standard output *and*
  standard error;
* **lone surrogates** (a JSON ``"\\ud800"``; a file name that is not UTF-8 arrives as
  ``\\udcff`` through ``surrogateescape``) cannot be encoded, and a report that dies on
  them loses everything.

:func:`displayable` escapes one value (a path, a message) for a person to read;
:class:`GuardedStream` is the last line of defence around a human-facing stream, so that
no line it writes starts a workflow command, whatever wrote it (argparse included).
The github reporter's own ``::`` lines go to an unguarded stream and are escaped as
GitHub specifies (:func:`github_data`, :func:`github_property`).
"""
from __future__ import annotations

import re
from typing import TextIO

# C0 controls (but tab and line feed, handled per use), DEL, C1 controls, bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069: "Trojan Source"), line and
# paragraph separators, and every surrogate (only lone ones exist in a Python str).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_WITH_BREAKS = re.compile(f"[\t\n{_UNSAFE.pattern[1:-1]}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def _escape(match: re.Match) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def displayable(text: str) -> str:
    """``text`` on one line with every control character, bidi control and lone
    surrogate written as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``, ``\\xff`` for
    an undecodable byte of a file name)."""
    return _UNSAFE_WITH_BREAKS.sub(_escape, text)


def neutralise_commands(line: str) -> str:
    """A line that GitHub's runner will not take for a workflow command: a leading ``::``
    (after blanks) has its first colon escaped, and ``##[`` becomes ``##\\x5b``."""
    stripped = line.lstrip()
    if stripped.startswith("::"):
        cut = len(line) - len(stripped)
        line = line[:cut] + "\\x3a" + stripped[1:]
    return line.replace("##[", "##\\x5b")


def safe_line(line: str) -> str:
    """One human-facing line, escaped and neutralised (no line break inside)."""
    return neutralise_commands(displayable(line))


class GuardedStream:
    """A text stream for people: whole lines are written with control characters
    escaped (tab and line feed kept) and no line starting a workflow command.

    Partial lines wait for their end (or :meth:`flush`), so a ``::`` split over two
    writes is still seen at the start of its line."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            *lines, self._pending = self._pending.split("\n")
            self.stream.write("".join(self._clean(line) + "\n" for line in lines))
        return len(text)

    @staticmethod
    def _clean(line: str) -> str:
        return neutralise_commands(_UNSAFE.sub(_escape, line))

    def flush(self) -> None:
        if self._pending:
            self.stream.write(self._clean(self._pending))
            self._pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def __getattr__(self, name: str):  # encoding, fileno …: those of the wrapped stream
        return getattr(self.stream, name)


def github_data(text: str) -> str:
    """The message part of a workflow command, escaped as the runner unescapes it
    (``%``, CR, LF), with other control characters and lone surrogates made visible."""
    visible = _UNSAFE.sub(lambda m: "\r" if m.group() == "\r" else _escape(m), text)
    return visible.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value (``file=…``, ``title=…``): as :func:`github_data`, and also ``:``
    and ``,``. Printable characters are kept (GitHub must find the file)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")

"""Writing the report of ``--output`` without destroying anything.

``-o`` used to open its file for writing first: the report replaced the reply it was
about (``check reply.txt -o reply.txt``), an input found in a checked folder became
``[]``, a report from an earlier run became 0 bytes when the configuration turned out to
be broken, and a symlink planted at the output path was followed to whatever it named.
Now:

* the run is validated and the report built in memory first; nothing is opened until
  there is a report to write;
* an output that is one of the run's inputs is refused (:func:`refuse_inputs`);
* a symlink at the output path is refused (it is never followed) unless it leads to a
  terminal or a pipe (``-o /dev/stdout``), which is written in place;
* a regular file is written to a temporary file in the same folder, flushed and synced,
  then renamed over the target (:func:`write_atomically`): readers see the old report or
  the new one, never half of one, and a failure leaves the old file as it was.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(OSError):
    """The report cannot (or must not) be written to this path; the message says why."""


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def refuse_inputs(output: Path, inputs: Iterable[Path | str]) -> None:
    """Raise :class:`OutputError` if ``output`` is (or links to) one of ``inputs``."""
    try:
        target = os.stat(output)
    except OSError:
        return  # nothing there yet: it cannot be an input
    for path in inputs:
        if path == "-":
            continue
        try:
            if _same_file(os.stat(path), target):
                raise OutputError(f"{output}: error: refusing to write the report over {path}, "
                                  "which is one of the files being checked")
        except FileNotFoundError:
            continue


def check_output(output: Path, inputs: Iterable[Path | str]) -> None:
    """Everything that can be known before the run: not an input, not a planted symlink,
    not a folder, and a folder to write it in (raises :class:`OutputError`)."""
    refuse_inputs(output, inputs)
    _in_place_target(output)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{output}: error: cannot write report: no folder {folder}")


def _in_place_target(output: Path) -> bool:
    """Whether ``output`` is written in place (a terminal, a pipe, ``/dev/null``) rather than replaced.

    Raises :class:`OutputError` for a symlink to anything else and for a folder."""
    try:
        link = os.lstat(output)
    except FileNotFoundError:
        return False
    try:
        info = os.stat(output)
    except FileNotFoundError:
        info = None  # a dangling symlink
    special = info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode))
    if stat.S_ISLNK(link.st_mode) and not special:
        raise OutputError(f"{output}: error: the output path is a symbolic link; not following it "
                          "(remove it or name the file it points to)")
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{output}: error: the output path is a folder")
    return special


def write_atomically(output: Path, text: str) -> None:
    """Write ``text`` (UTF-8; what cannot be encoded is backslash-escaped) to ``output``.

    A new or regular file is replaced by renaming a synced temporary file over it,
    keeping the old file's permission bits; a terminal, pipe or device is written in place.
    """
    data = text.encode("utf-8", "backslashreplace")
    if _in_place_target(output):
        with open(output, "wb") as handle:
            handle.write(data)
        return
    folder = output.parent if str(output.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(output).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temporary = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, output)  # replaces a symlink planted meanwhile, never follows it
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise

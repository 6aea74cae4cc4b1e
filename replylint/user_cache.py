"""Where replylint keeps what it derives once and reuses at every start, when the user asks.

Caching is opt-in: ``$REPLYLINT_CACHE_DIR`` names the folder, ``REPLYLINT_CACHE_DIR=user`` means the
user's cache folder per platformdirs conventions (``~/.cache/replylint`` on Linux,
``~/Library/Caches/replylint`` on macOS, ``%LOCALAPPDATA%\\replylint\\Cache`` on Windows), and unset,
``off`` (or ``0``, ``no``, ``false``, empty) writes nothing. Opt-in because replylint writes nothing
outside the workspace unless asked (a CI runner or an editor should not find files appearing in a
home folder). Never a folder inside the checked-out repository either: what an untrusted
repository could fill must not be read back as replylint's own data.

A folder is used only when it is the current user's and nobody else can write to it (on systems
with POSIX permissions), because the compiled-pack cache (``pack_cache.py``) is read back as
trusted data.
"""
from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

_OFF = ("", "0", "off", "no", "false")


def cache_root() -> Path | None:
    """The cache folder (not created here), or None when caching is turned off."""
    explicit = os.environ.get("REPLYLINT_CACHE_DIR")
    if explicit is None or explicit.strip().lower() in _OFF:
        return None
    if explicit.strip().lower() == "user":
        import platformdirs  # imported here: `import replylint` stays cheap

        return Path(platformdirs.user_cache_dir("replylint", appauthor=False))
    return Path(explicit)


def private_folder(folder: Path) -> bool:
    """Whether ``folder`` exists, belongs to this user and is not writable by group or others.

    Creates it (mode 0700) when missing. Always true where there is no ``os.getuid`` (Windows,
    whose per-user cache folder is private by its ACLs)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def subfolder(*parts: str) -> Path | None:
    """``cache_root()/parts…`` when caching is on and it and every folder above it up to the
    root are private, else None."""
    folder = cache_root()
    if folder is None or not private_folder(folder):
        return None
    for part in parts:
        folder = folder / part
        if not private_folder(folder):
            return None
    return folder


def framed_payload(data: bytes) -> bytes:
    """The payload of a cache entry written by :func:`write_framed` (its SHA-256, then the
    payload); ValueError when the digest does not match, so a damaged or truncated entry is
    rebuilt instead of read."""
    stored, payload = data[:32], data[32:]
    if len(stored) != 32 or stored != hashlib.sha256(payload).digest():
        raise ValueError("the entry's digest does not match its content")
    return payload


def write_framed(path: Path, payload: bytes) -> None:
    """Write ``payload`` behind its SHA-256 at ``path`` atomically (a temporary file in the same
    folder, then a rename), so a reader never sees half an entry. Raises OSError."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently used entries matching ``pattern`` (readers
    touch an entry's mtime when they use it)."""
    entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        try:
            old.unlink()
        except OSError:
            pass

"""Compiled Hyperscan databases kept by what they are compiled from, in this process and on disk.

A language's regex-rule database takes 0.7–1.8 s CPU to compile (regex_prefilter.py). The pack
cache (pack_cache.py) stores it inside the pack, but a pack's key changes with every pattern
file, configured word list and matcher module, while the database depends only on the rules'
Hyperscan sources, the flags and the Hyperscan version. Keyed by exactly those
(:func:`database_key`), one compiled database serves every pack with the same regex rules: the
packs of several configurations in one process (a language server, the tests) and, when the user
cache is on (``REPLYLINT_CACHE_DIR``, :mod:`replylint.user_cache`), every later process, even
after a token pattern was edited.

An entry on disk is ``SHA-256 of the payload`` + payload; the payload is the JSON list of the
rule indices the database scans, a newline, and ``hyperscan.dumpb``'s bytes. A damaged or
truncated entry fails its digest and is compiled again (then rewritten); bytes that Hyperscan
cannot load are the caller's to rebuild (regex_prefilter.py does). Nothing here is unpickled.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

from . import user_cache

log = logging.getLogger(__name__)

FORMAT = 1
KEEP = 16  # entries kept on disk (four languages, a few rule-set versions each)
_MEMORY = 8  # databases kept in this process
_memory: OrderedDict[str, tuple[list[int], bytes]] = OrderedDict()
_lock = threading.Lock()


def database_key(sources: list[str | None], flags: int, version: str) -> str:
    """A digest of everything a database is compiled from: each rule's Hyperscan source (None:
    not scanned), the compile flags and the Hyperscan version."""
    return hashlib.sha256(repr((FORMAT, version, flags, sources)).encode()).hexdigest()[:32]


def _path(folder: Path, key: str) -> Path:
    return folder / f"hyperscan-{key}.db"


def load(key: str) -> tuple[list[int], bytes] | None:
    """(indices of the scanned rules, serialised database) for ``key``, from this process's
    memory or the cache folder; None when neither has it or the entry on disk is damaged."""
    with _lock:
        found = _memory.get(key)
        if found is not None:
            _memory.move_to_end(key)
            return found
    folder = user_cache.subfolder()
    if folder is None:
        return None
    path = _path(folder, key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        header, sep, database = user_cache.framed_payload(data).partition(b"\n")
        if not sep:
            raise ValueError("no list of rule indices")
        scanned = json.loads(header)
        if not (isinstance(scanned, list) and all(isinstance(k, int) for k in scanned)):
            raise ValueError("not a list of rule indices")
    except ValueError as exc:
        log.debug("ignoring the cached Hyperscan database %s: %s", path, exc)
        return None
    try:
        os.utime(path)  # most recently used: kept by pruning
    except OSError:
        pass
    remember(key, scanned, database)
    return scanned, database


def persistent() -> bool:
    """Whether a database compiled now is kept for the next run (the user cache is on and
    usable); without it compiling pays only in a long run (regex_prefilter.BUILD_AFTER_UNCACHED)."""
    return user_cache.subfolder() is not None


def remember(key: str, scanned: list[int], database: bytes) -> None:
    """Keep a database in this process's memory (the newest :data:`_MEMORY`)."""
    with _lock:
        _memory[key] = (list(scanned), database)
        _memory.move_to_end(key)
        while len(_memory) > _MEMORY:
            _memory.popitem(last=False)


def store(key: str, scanned: list[int], database: bytes) -> None:
    """Remember the database and, when the user cache is on, write it there (atomically)."""
    remember(key, scanned, database)
    folder = user_cache.subfolder()
    if folder is None:
        return
    payload = json.dumps(scanned).encode() + b"\n" + database
    try:
        user_cache.write_framed(_path(folder, key), payload)
        user_cache.prune(folder, "hyperscan-*.db", KEEP)
    except OSError as exc:
        log.debug("cannot write the Hyperscan database cache in %s: %s", folder, exc)


def forget(key: str) -> None:
    """Drop a database that turned out unusable (from memory and disk), so it is compiled again."""
    with _lock:
        _memory.pop(key, None)
    folder = user_cache.subfolder()
    if folder is not None:
        try:
            _path(folder, key).unlink()
        except OSError:
            pass

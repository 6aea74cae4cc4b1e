"""Inputs of an audit: local files, folders, globs, or URLs on object storage (fsspec).

Each input becomes a :class:`Source` with its format, told from the suffix and the first
record, so a folder may mix Zendesk JSON, users files and TWCS CSV.
"""
from __future__ import annotations

import csv
import glob
import gzip
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".parquet")
FORMATS = ("auto", "zendesk", "twcs", "generic")
TWCS_COLUMNS = frozenset({"tweet_id", "author_id", "inbound", "created_at", "text"})
_ZENDESK_KEYS = frozenset({"tickets", "ticket_events", "comments", "child_events", "requester_id", "users"})
_DIRECTORY_KEYS = frozenset({"users", "groups"})
_PAGE_KEYS = frozenset({"next_page", "previous_page", "count", "end_time", "after_cursor", "before_cursor",
                        "end_of_stream", "meta", "links", "organizations"})
ROLES = frozenset({"end-user", "agent", "admin"})


class SourceError(ValueError):
    """An input that cannot be opened or recognised; the message names it."""


@dataclass(frozen=True)
class Source:
    """One input: where it is, its format (``zendesk``, ``zendesk-users``, ``twcs``, ``generic``)
    and its container (``json``, ``jsonl``, ``csv``, ``tsv``, ``parquet``)."""

    location: str
    format: str
    container: str
    size: int = 0

    @property
    def is_url(self) -> bool:
        return is_url(self.location)


def is_url(location: str) -> bool:
    return "://" in location and not location.startswith("file://")


def _plain(location: str) -> str:
    return location[len("file://"):] if location.startswith("file://") else location


def container_of(location: str) -> str | None:
    name = location.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return {"ndjson": "jsonl"}.get(suffix[1:], suffix[1:])
    return None


def _fsspec():
    try:
        import fsspec
    except ImportError:  # pragma: no cover - the audit extra installs it
        raise SourceError("reading URLs needs fsspec: pip install 'replylint[audit]'") from None
    return fsspec


def expand(inputs: list[str], errors: list[str]) -> list[str]:
    """Files named, folders walked (sorted, hidden folders left out), globs expanded; a URL
    (``s3://bucket/exports/*.jsonl``) goes through fsspec. Missing inputs go to ``errors``."""
    found: list[str] = []
    for raw in inputs:
        if is_url(raw):
            try:
                fs, _, paths = _fsspec().get_fs_token_paths(raw)
                protocol = fs.protocol[0] if isinstance(fs.protocol, tuple | list) else fs.protocol
                listed: list[str] = []
                for p in paths:
                    listed.extend(fs.find(p) if fs.isdir(p) else [p])
                urls = [f"{protocol}://{p}" if "://" not in p else p for p in sorted(listed)]
            except Exception as exc:  # noqa: BLE001 - any storage error is this input's error
                errors.append(f"{raw}: error: cannot list: {exc}")
                continue
            kept = [u for u in urls if container_of(u)]
            if not kept:
                errors.append(f"{raw}: error: no JSON, JSONL, CSV or Parquet files there")
            found.extend(kept)
            continue
        path = _plain(raw)
        if any(ch in path for ch in "*?[") and not os.path.exists(path):
            matches = sorted(m for m in glob.glob(path, recursive=True) if os.path.isfile(m) and container_of(m))
            if not matches:
                errors.append(f"{raw}: error: no files match")
            found.extend(matches)
        elif os.path.isdir(path):
            before = len(found)
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in sorted(files)
                             if not f.startswith(".") and container_of(f))
            if len(found) == before:
                errors.append(f"{raw}: error: no JSON, JSONL, CSV or Parquet files in this folder")
        elif os.path.exists(path):
            found.append(path)
        else:
            errors.append(f"{raw}: error: no such file or directory")
    return found


def open_binary(location: str) -> IO[bytes]:
    """The raw bytes of an input (gzip undone), local or through fsspec."""
    if is_url(location):
        return _fsspec().open(location, "rb", compression="infer").open()
    path = _plain(location)
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def size_of(location: str) -> int:
    try:
        if is_url(location):
            fs, _, paths = _fsspec().get_fs_token_paths(location)
            return int(fs.size(paths[0]) or 0)
        return os.path.getsize(_plain(location))
    except Exception:  # noqa: BLE001 - only used for the progress bar's estimate
        return 0


class CountingReader(io.RawIOBase):
    """Counts the bytes read through it (for the progress bar: bytes of input done)."""

    def __init__(self, inner: IO[bytes]):
        self.inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def close(self) -> None:
        self.inner.close()
        super().close()


def text_stream(raw: IO[bytes] | CountingReader) -> IO[str]:
    """UTF-8 text (a byte-order mark is dropped); bad bytes become U+FFFD so one broken record
    does not stop the file (it is then reported by its reader when it cannot be parsed)."""
    buffered = io.BufferedReader(raw) if isinstance(raw, io.RawIOBase) else raw
    return io.TextIOWrapper(buffered, encoding="utf-8-sig", errors="replace", newline="")


def _first_json_record(location: str) -> Any:
    with text_stream(open_binary(location)) as handle:
        for line in handle:
            if line.strip():
                return json.loads(line)
    return None


def _json_head(location: str) -> Any:
    with text_stream(open_binary(location)) as handle:
        return json.load(handle)


def columns_of(location: str, container: str) -> set[str]:
    if container == "parquet":
        import pyarrow.parquet as pq

        with open_binary(location) as raw:
            return set(pq.ParquetFile(raw).schema_arrow.names)
    with text_stream(open_binary(location)) as handle:
        header = next(csv.reader(handle, delimiter="\t" if container == "tsv" else ","), [])
    return {h.strip() for h in header}


def looks_like_zendesk(record: Any) -> str | None:
    """``zendesk-users`` for a users/groups directory, ``zendesk`` for tickets or events."""
    if isinstance(record, list):
        record = record[0] if record else None
    if not isinstance(record, dict):
        return None
    keys = set(record)
    if keys & _DIRECTORY_KEYS and not keys - _DIRECTORY_KEYS - _PAGE_KEYS:
        return "zendesk-users"
    if record.get("role") in ROLES and "comments" not in record:
        return "zendesk-users"
    if keys & _ZENDESK_KEYS or "ticket" in keys:
        return "zendesk"
    return None


def detect(location: str, forced: str = "auto") -> Source:
    """The format of one input (``forced`` when given, except that a Zendesk users file stays one)."""
    container = container_of(location)
    if container is None:
        raise SourceError(f"{location}: error: unknown file type (use .json, .jsonl, .ndjson, .csv, .tsv or .parquet)")
    size = size_of(location)
    try:
        if container in ("json", "jsonl"):
            head = _json_head(location) if container == "json" else _first_json_record(location)
            kind = looks_like_zendesk(head)
            if kind == "zendesk-users" or (forced == "auto" and kind):
                return Source(location, kind or "zendesk", container, size)
            if forced in ("auto", "generic") or forced == "zendesk":
                return Source(location, "generic" if forced == "auto" else forced, container, size)
            raise SourceError(f"{location}: error: the TWCS layout is CSV, not JSON")
        columns = columns_of(location, container)
        if forced != "auto":
            return Source(location, forced, container, size)
        return Source(location, "twcs" if TWCS_COLUMNS <= columns else "generic", container, size)
    except json.JSONDecodeError as exc:
        if container == "jsonl":  # the first line is broken: the reader reports it and goes on
            return Source(location, forced if forced != "auto" else "generic", container, size)
        raise SourceError(f"{location}:{exc.lineno}:{exc.colno}: error: not valid JSON ({exc.msg})") from None
    except OSError as exc:
        raise SourceError(f"{location}: error: cannot read: {exc.strerror or exc}") from None
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a corrupt Parquet file
        raise SourceError(f"{location}: error: cannot read ({type(exc).__name__}: {exc})") from None


def resolved(location: str) -> Path | None:
    """The local file an input or output names (for telling them apart), or None for URLs."""
    if is_url(location):
        return None
    return Path(_plain(location)).resolve()


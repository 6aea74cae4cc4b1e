"""One input -> a stream of agent replies. A malformed record is counted and listed with its
file and line, and reading goes on with the next one."""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .generic import ColumnMap, ColumnsError, generic_reply
from .records import AuditReply, ReadStats
from .sources import CountingReader, Source, columns_of, looks_like_zendesk, open_binary, text_stream
from .twcs import twcs_reply
from .zendesk import Directory, RecordError, ZendeskReader, add_directory_record

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a long reply is one (large) CSV field


@dataclass(frozen=True)
class ReadOptions:
    """What reading needs besides the input: columns, date range, ticket link template."""

    columns: ColumnMap = ColumnMap()
    since: datetime | None = None
    until: datetime | None = None
    ticket_url: str | None = None


def _dated(reply: AuditReply, options: ReadOptions, stats: ReadStats) -> bool:
    if options.since is None and options.until is None:
        return True
    if reply.created_at is None:
        stats.skip("no date (with --since/--until)")
    elif options.since is not None and reply.created_at < options.since:
        stats.skip("before --since")
    elif options.until is not None and reply.created_at >= options.until:
        stats.skip("after --until")
    else:
        return True
    stats.replies -= 1
    return False


def _records(source: Source, raw: CountingReader) -> Iterator[tuple[int, Any, str | None]]:
    """(line, record, problem) for each record; a record that cannot be parsed comes with
    ``record=None`` and the problem."""
    where = source.location
    if source.container == "parquet":
        import pyarrow.parquet as pq

        number = 0
        for batch in pq.ParquetFile(raw.inner).iter_batches(batch_size=2048):  # Parquet needs to seek
            for row in batch.to_pylist():
                number += 1
                yield number, row, None
        return
    handle = text_stream(raw)
    if source.container == "json":
        try:
            root = json.load(handle)
        except json.JSONDecodeError as exc:
            raise RecordError(f"{where}:{exc.lineno}:{exc.colno}: error: not valid JSON ({exc.msg})") from None
        if isinstance(root, dict) and isinstance(root.get("tickets"), list) and source.format == "zendesk":
            page = {k: v for k, v in root.items() if k != "tickets"}
            yield 0, page, None  # sideloaded users and groups first
            for i, ticket in enumerate(root["tickets"], 1):
                yield i, {"tickets": [ticket]}, None
        elif isinstance(root, list):
            for i, item in enumerate(root, 1):
                yield i, item, None
        else:
            yield 1, root, None
        return
    if source.container == "jsonl":
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line), None
            except json.JSONDecodeError as exc:
                yield number, None, f"not valid JSON ({exc.msg}, column {exc.colno})"
        return
    reader = csv.DictReader(handle, delimiter="\t" if source.container == "tsv" else ",")
    start = 2
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, None, f"not valid CSV ({exc})"
            start = reader.line_num + 1
            continue
        if None in row:
            yield start, None, f"{len(row) - 1 + len(row[None])} fields where the header has {len(row) - 1}"
        else:
            yield start, row, None
        start = reader.line_num + 1


def header_of(source: Source) -> list[str]:
    return sorted(columns_of(source.location, source.container))


def read_directory(source: Source, directory: Directory, stats: ReadStats) -> bool:
    """Users and groups of a Zendesk users file into ``directory``. Returns True when the file
    goes on with tickets after its users (one JSONL with both): it is then read as tickets too."""
    with CountingReader(open_binary(source.location)) as raw:
        for line, record, problem in _records(source, raw):
            if problem is None and looks_like_zendesk(record) == "zendesk":
                return True
            try:
                if problem:
                    raise RecordError(problem)
                add_directory_record(directory, record)
            except RecordError as exc:
                stats.error(f"{source.location}:{line}: error: {exc}")
    return False


def read_source(source: Source, index: int, options: ReadOptions, directory: Directory, stats: ReadStats,
                raw: CountingReader | None = None) -> Iterator[AuditReply]:
    """The agent replies of one input, in file order. Problems with single records go to
    ``stats``; a file that cannot be read at all raises :class:`RecordError` / ``OSError``."""
    raw = raw or CountingReader(open_binary(source.location))
    with raw:
        columns: dict[str, str] = {}
        if source.format == "generic" and source.container in ("csv", "tsv", "parquet"):
            try:
                columns = options.columns.resolve(header_of(source))
            except ColumnsError as exc:
                raise RecordError(f"{source.location}: error: {exc}") from None
        zendesk = ZendeskReader(index, directory, stats) if source.format == "zendesk" else None
        for line, record, problem in _records(source, raw):
            try:
                if problem:
                    stats.records += 1
                    raise RecordError(problem)
                if zendesk is not None:
                    replies: Any = list(zendesk.replies(record, line))
                elif source.format == "twcs":
                    replies = [twcs_reply(record, index, line, stats)]
                else:
                    if not columns:
                        columns = options.columns.resolve(set(record) if isinstance(record, dict) else set())
                    replies = [generic_reply(record, columns, index, line, stats)]
            except RecordError as exc:
                stats.error(f"{source.location}:{line}: error: {exc}")
                continue
            except ColumnsError as exc:
                stats.error(f"{source.location}:{line}: error: {exc}")
                continue
            for reply in replies:
                if reply is None or not _dated(reply, options, stats):
                    continue
                if options.ticket_url:
                    reply.url = options.ticket_url.replace("{ticket}", reply.ticket)
                yield reply

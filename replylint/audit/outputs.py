"""Machine-readable outputs: per-reply findings as CSV and Parquet (for BI tools) and the JSON
summary. Findings are written as the rows stream by, so memory stays flat.

One row per finding; a reply without findings is one row with an empty ``rule``, so
``COUNT(DISTINCT source, line, ticket)`` in a BI tool gives the replies checked.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

COLUMNS = ("source", "line", "ticket", "url", "agent", "team", "created_at", "week", "lang",
           "rule", "level", "message", "pattern", "start", "end", "before", "span", "after")
_INTS = frozenset({"line", "start", "end"})
PARQUET_BATCH = 10_000


def flat_rows(row: dict, source_name: str) -> list[dict]:
    base = {k: row.get(k) for k in ("line", "ticket", "url", "agent", "team", "created_at", "week", "lang")}
    base["source"] = source_name
    if not row["findings"]:
        return [{**base, **{k: None for k in ("rule", "level", "message", "pattern", "start", "end",
                                               "before", "span", "after")}}]
    return [{**base, **{k: f[k] for k in ("rule", "level", "message", "pattern", "start", "end",
                                          "before", "span", "after")}} for f in row["findings"]]


class CsvWriter:
    def __init__(self, path: Path):
        self.handle = open(path, "w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.handle, fieldnames=COLUMNS)
        self.writer.writeheader()

    def write(self, rows: list[dict]) -> None:
        self.writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)

    def close(self) -> None:
        self.handle.close()


class ParquetWriter:
    def __init__(self, path: Path):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = pa.schema([(c, pa.int64() if c in _INTS else pa.string()) for c in COLUMNS])
        self.writer = pq.ParquetWriter(str(path), self.schema, compression="zstd")
        self.buffer: list[dict] = []

    def write(self, rows: list[dict]) -> None:
        self.buffer.extend(rows)
        if len(self.buffer) >= PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            columns = {c: [r[c] for r in self.buffer] for c in COLUMNS}
            self.writer.write_table(self.pa.Table.from_pydict(columns, schema=self.schema))
            self.buffer = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


def parquet_available() -> bool:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def write_json(path: Path, summary: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(summary, handle, ensure_ascii=False, indent=1)
        handle.write("\n")

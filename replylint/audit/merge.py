"""The end of a run: finished batches read back from the checkpoint in input order, into the
counters and the CSV/Parquet writers, then the JSON summary and the HTML report."""
from __future__ import annotations

from pathlib import Path

from .aggregate import Aggregator
from .checkpoint import Checkpoint
from .html_report import render
from .local import AuditJob
from .outputs import CsvWriter, ParquetWriter, flat_rows, parquet_available, write_json
from .records import ReadStats


def merge(job: AuditJob, done: dict[int, tuple[int, ReadStats]], checkpoint: Checkpoint, outputs: dict[str, Path],
          head: dict, rule_info: dict[str, tuple[str, str]], by: list[str], examples: int,
          parquet: bool = False) -> tuple[dict, dict[str, bool]]:
    """Write every output; returns the summary and which outputs were written. ``parquet``:
    Parquet was asked for by name (then a missing pyarrow is an error, not a note)."""
    from .command import generated_at

    if parquet and not parquet_available():
        raise ImportError("--parquet needs pyarrow: pip install 'replylint[audit]'")
    aggregator = Aggregator(examples)
    writers: list = [CsvWriter(outputs["csv"])]
    written = {"csv": True, "parquet": False, "json": True, "report": True}
    if parquet_available():
        writers.append(ParquetWriter(outputs["parquet"]))
        written["parquet"] = True
    try:
        for index in sorted(done):
            name = job.sources[index].location
            for row in checkpoint.rows(index, done[index][0]):
                aggregator.add(row, f"{name}:{row['line']}")
                flat = flat_rows(row, name)
                for writer in writers:
                    writer.write(flat)
    finally:
        for writer in writers:
            writer.close()
    summary = {**head, **aggregator.summary(rule_info)}
    write_json(outputs["json"], summary)
    with open(outputs["report"], "w", encoding="utf-8") as handle:
        handle.write(render(summary, by, generated_at()))
    return summary, written

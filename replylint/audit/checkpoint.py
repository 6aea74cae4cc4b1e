"""Finished partitions on disk, so an interrupted audit resumes without redoing them.

The folder sits next to the report (``report.html`` -> ``report.audit-checkpoint/``), never
inside an input. It holds ``meta.json`` (what the run depends on: inputs with sizes and times,
configuration, options), one ``p<source>-<batch>.jsonl`` per finished batch of replies, and one
``s<source>.done.json`` per input read to its end (its read counts and number of batches).
A checkpoint from a different run is replaced; a finished audit removes its checkpoint.
Every file is written to a temporary name and renamed, so a crash never leaves half a batch.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from .records import ReadStats

META = "meta.json"
_OURS = re.compile(r"^(?:meta\.json|p\d{5}-\d{6}\.jsonl|s\d{5}\.done\.json)(?:\.tmp)?$")


class CheckpointError(ValueError):
    pass


def checkpoint_folder(output: Path) -> Path:
    return output.with_name(output.stem + ".audit-checkpoint")


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


class Checkpoint:
    def __init__(self, folder: Path):
        self.folder = folder
        self.resumed = False

    def open(self, fingerprint: dict, resume: bool = True) -> dict:
        """Start or resume; returns the stored fingerprint (it carries the pseudonym key of the
        first run, so a resumed run names agents the same)."""
        meta_path = self.folder / META
        if self.folder.exists():
            names = os.listdir(self.folder)
            if names and not meta_path.exists():
                raise CheckpointError(f"{self.folder}: error: exists and is not a replylint audit checkpoint "
                                      "(move it away or choose another --output)")
            stored = None
            if meta_path.exists():
                try:
                    stored = json.loads(meta_path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    stored = None
            same = stored is not None and {k: v for k, v in stored.items() if k != "pseudonym_key"} == \
                {k: v for k, v in fingerprint.items() if k != "pseudonym_key"}
            if resume and same:
                assert stored is not None
                self.resumed = any(n.startswith("p") for n in names)
                return stored
            self._clear()
        self.folder.mkdir(parents=True, exist_ok=True)
        _write(meta_path, json.dumps(fingerprint, sort_keys=True))
        return fingerprint

    def _clear(self) -> None:
        for name in os.listdir(self.folder):
            if _OURS.match(name):
                (self.folder / name).unlink()

    def _batch(self, source: int, batch: int) -> Path:
        return self.folder / f"p{source:05d}-{batch:06d}.jsonl"

    def _done(self, source: int) -> Path:
        return self.folder / f"s{source:05d}.done.json"

    def has_batch(self, source: int, batch: int) -> bool:
        return self._batch(source, batch).exists()

    def write_batch(self, source: int, batch: int, rows: list[dict]) -> None:
        _write(self._batch(source, batch), "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))

    def finish_source(self, source: int, batches: int, stats: ReadStats) -> None:
        _write(self._done(source), json.dumps({"batches": batches, "stats": stats.to_dict()}))

    def source_done(self, source: int) -> tuple[int, ReadStats] | None:
        path = self._done(source)
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if not all(self.has_batch(source, b) for b in range(data["batches"])):
            return None
        return data["batches"], ReadStats.from_dict(data["stats"])

    def rows(self, source: int, batches: int) -> Iterator[dict]:
        for batch in range(batches):
            with open(self._batch(source, batch), encoding="utf-8") as handle:
                for line in handle:
                    yield json.loads(line)

    def remove(self) -> None:
        if self.folder.exists():
            self._clear()
            try:
                self.folder.rmdir()
            except OSError:
                pass  # something else was put there: leave it

"""Running an audit on this machine: inputs are read as streams in this process, cut into
batches of replies, and each batch is linted (in worker processes when the archive is large)
and written to the checkpoint by whoever linted it. At most two batches per worker are in
flight, so memory stays flat however many replies there are."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from .checkpoint import Checkpoint
from .linting import LintSettings, lint_batch, warm_linter
from .progress import Progress
from .reading import ReadOptions, read_source
from .records import AuditReply, ReadStats
from .sources import CountingReader, Source, open_binary
from .zendesk import Directory, RecordError

# Below this much input one process is quicker than starting workers.
MIN_BYTES_FOR_WORKERS = 2_000_000


@dataclass(frozen=True)
class AuditJob:
    """Everything a run needs, picklable (Dask ships it to the workers)."""

    sources: tuple[Source, ...]
    read: ReadOptions
    lint: LintSettings
    directory: Directory
    partition_size: int


def lint_and_store(replies: list[AuditReply], settings: LintSettings, folder: str, source: int, batch: int) -> int:
    """Lint one batch and write it to the checkpoint (in a worker: no rows travel back)."""
    Checkpoint(Path(folder)).write_batch(source, batch, lint_batch(replies, settings))
    return len(replies)


def _open_error(source: Source, exc: Exception) -> str:
    if isinstance(exc, RecordError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{source.location}: error: cannot read: {exc.strerror or exc}"
    return f"{source.location}: error: cannot read ({type(exc).__name__}: {exc})"


def run_local(job: AuditJob, checkpoint: Checkpoint, jobs: int, progress: Progress,
              fatal: list[str]) -> dict[int, tuple[int, ReadStats]]:
    """Batches of every source into the checkpoint; returns source -> (batches, read counts)."""
    done: dict[int, tuple[int, ReadStats]] = {}
    total = sum(s.size for s in job.sources)
    executor = None
    if jobs > 1 and total >= MIN_BYTES_FOR_WORKERS:
        import multiprocessing

        warm_linter(job.lint.config).preload()  # forked workers start with the languages loaded
        context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
        executor = ProcessPoolExecutor(jobs, mp_context=context)
    pending: dict[Future, int] = {}  # batch in flight -> its source
    reading: dict[int, tuple[int, ReadStats]] = {}  # sources read to the end, batches maybe in flight

    def finish_ready() -> None:
        busy = set(pending.values())
        for index in [i for i in reading if i not in busy]:
            batches, stats = reading.pop(index)
            checkpoint.finish_source(index, batches, stats)
            done[index] = (batches, stats)

    def settle(limit: int) -> None:
        while len(pending) > limit:
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in finished:
                pending.pop(future)
                progress.advance(replies=future.result())
        finish_ready()

    def submit(source: int, batch: int, replies: list[AuditReply]) -> None:
        if checkpoint.has_batch(source, batch):
            progress.advance(replies=len(replies))
            return
        if executor is None:
            progress.advance(replies=lint_and_store(replies, job.lint, str(checkpoint.folder), source, batch))
            return
        settle(2 * jobs - 1)
        pending[executor.submit(lint_and_store, replies, job.lint, str(checkpoint.folder), source, batch)] = source

    try:
        for index, source in sources_to_do(job, checkpoint, progress, done):
            stats = ReadStats()
            batch, buffer, seen = 0, [], 0
            try:
                raw = CountingReader(open_binary(source.location))
                for reply in read_source(source, index, job.read, job.directory, stats, raw):
                    buffer.append(reply)
                    if len(buffer) == job.partition_size:
                        submit(index, batch, buffer)
                        batch, buffer = batch + 1, []
                        progress.advance(nbytes=raw.count - seen)
                        seen = raw.count
                if buffer:
                    submit(index, batch, buffer)
                    batch += 1
                progress.advance(nbytes=max(0, source.size - seen))
            except Exception as exc:  # noqa: BLE001 - one unreadable input never stops the others
                fatal.append(_open_error(source, exc))
                continue
            reading[index] = (batch, stats)
            finish_ready()
        settle(0)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    return done


def sources_to_do(job: AuditJob, checkpoint: Checkpoint, progress: Progress,
                  done: dict[int, tuple[int, ReadStats]]) -> Iterator[tuple[int, Source]]:
    """The sources an audit still has to read: users files only inform the others, and a
    source the checkpoint holds complete is counted as done (in ``done`` and the progress bar)
    instead of being read again. Shared by the local and the Dask runs."""
    for index, source in enumerate(job.sources):
        if source.format == "zendesk-users":
            continue
        finished = checkpoint.source_done(index)
        if finished is not None:
            done[index] = finished
            progress.advance(nbytes=source.size, replies=finished[1].replies)
        else:
            yield index, source

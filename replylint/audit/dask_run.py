"""The same audit on a Dask cluster: one task per input file (a folder of JSONL/CSV/Parquet
files, or a glob on object storage read through fsspec by the workers themselves), each worker
with its own warm :class:`~replylint.Linter`. The batches come back to this process and go
into the same checkpoint, in the same order, as a local run's — so the results are identical.

``--dask local`` starts a ``LocalCluster`` of worker processes on this machine;
``--dask tcp://scheduler:8786`` connects to a running scheduler (``dask scheduler`` by hand,
dask-kubernetes, Coiled, ...). Workers need replylint installed (``pip install
'replylint[audit]'``) at the same version, and read the inputs themselves: local paths only
work when every worker sees them (same machine or a shared disk).
"""
from __future__ import annotations

from typing import Any

from ..config import Config
from .checkpoint import Checkpoint
from .linting import lint_batch, warm_linter
from .local import AuditJob, _open_error, sources_to_do
from .progress import Progress
from .reading import read_source
from .records import ReadStats


class DaskUnavailable(RuntimeError):
    pass


def _preload(config: Config) -> None:
    """Load every language in a worker before the first task (its linter is then warm)."""
    warm_linter(config).preload()


def audit_source(job: AuditJob, index: int) -> tuple[list[list[dict]], dict, str | None]:
    """Runs on a worker: read one input and lint it in batches of ``job.partition_size``."""
    source = job.sources[index]
    stats = ReadStats()
    batches: list[list[dict]] = []
    buffer = []
    try:
        for reply in read_source(source, index, job.read, job.directory, stats):
            buffer.append(reply)
            if len(buffer) == job.partition_size:
                batches.append(lint_batch(buffer, job.lint))
                buffer = []
        if buffer:
            batches.append(lint_batch(buffer, job.lint))
    except Exception as exc:  # noqa: BLE001 - reported like a local run's unreadable input
        return [], stats.to_dict(), _open_error(source, exc)
    return batches, stats.to_dict(), None


def connect(address: str, jobs: int) -> tuple[Any, Any]:
    """A client for ``address``, or for a new LocalCluster when it is ``local``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable("--dask needs Dask: pip install 'replylint[audit]'") from None
    if address == "local":
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    return Client(address, timeout="30s"), None


def run_dask(job: AuditJob, checkpoint: Checkpoint, address: str, jobs: int, progress: Progress,
             fatal: list[str], client: Any = None) -> dict[int, tuple[int, ReadStats]]:
    from dask.distributed import as_completed

    done: dict[int, tuple[int, ReadStats]] = {}
    todo = [index for index, _ in sources_to_do(job, checkpoint, progress, done)]
    if not todo:
        return done
    own = client is None
    cluster = None
    if own:
        client, cluster = connect(address, jobs)
    try:
        client.run(_preload, job.lint.config)
        shared = client.scatter(job, broadcast=True)
        futures = {client.submit(audit_source, shared, index, pure=False): index
                   for index in todo}
        for future in as_completed(futures):
            index = futures[future]
            batches, stats_dict, error = future.result()
            stats = ReadStats.from_dict(stats_dict)
            if error is not None:
                fatal.append(error)
                continue
            for number, rows in enumerate(batches):
                checkpoint.write_batch(index, number, rows)
            checkpoint.finish_source(index, len(batches), stats)
            done[index] = (len(batches), stats)
            progress.advance(nbytes=job.sources[index].size, replies=stats.replies)
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
    return done

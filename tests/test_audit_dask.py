"""``replylint audit --dask``: a LocalCluster of two worker processes gives exactly the serial
result, for a folder of partitioned input (JSONL, CSV, Parquet) and a glob URL read through
fsspec by the workers."""
from __future__ import annotations

import json
import shutil

import pytest

from replylint.audit.checkpoint import Checkpoint

from .audit_helpers import TWCS, ZENDESK, ZENDESK_INCREMENTAL, audit, csv_of, need, summary_of


def _partitioned(folder):
    """The samples as a partitioned archive: Zendesk JSON + JSONL, TWCS CSV, generic Parquet."""
    folder.mkdir()
    shutil.copy(ZENDESK, folder / "part-000.json")
    shutil.copy(ZENDESK_INCREMENTAL / "users.jsonl", folder / "part-001-users.jsonl")
    shutil.copy(ZENDESK_INCREMENTAL / "tickets.jsonl", folder / "part-002.jsonl")
    shutil.copy(TWCS, folder / "part-003.csv")
    pa = need("pyarrow")
    import pyarrow.parquet as pq

    rows = [json.loads(line) for line in (ZENDESK_INCREMENTAL / "tickets.jsonl").open(encoding="utf-8")]
    texts = [c["body"] for t in rows for c in t["comments"] if c["author_id"] < 1000]
    pq.write_table(pa.table({"text": texts, "agent": [f"a{i % 3}" for i in range(len(texts))],
                             "created_at": [f"2024-03-{1 + i % 28:02d}" for i in range(len(texts))]}),
                   folder / "part-004.parquet")
    return folder


@pytest.fixture(scope="module")
def cluster():
    distributed = need("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local_cluster:
        yield local_cluster


@pytest.mark.slow
def test_dask_cluster_gives_the_serial_result(tmp_path, cluster):
    data = _partitioned(tmp_path / "archive")
    serial = tmp_path / "serial.html"
    code, _, err = audit(data, "-o", serial, "-j", "1", "--partition-size", "30")
    assert code == 0, err
    on_dask = tmp_path / "dask.html"
    code, _, err = audit(data, "-o", on_dask, "--dask", cluster.scheduler_address, "--partition-size", "30")
    assert code == 0, err
    assert summary_of(on_dask) == summary_of(serial)
    assert csv_of(on_dask) == csv_of(serial)
    assert summary_of(serial)["totals"]["replies"] == 80 + 160 + 40
    # a glob URL, listed and read through fsspec
    by_url = tmp_path / "url.html"
    code, _, err = audit(f"file://{data}/part-00[34].*", "-o", by_url, "--dask", cluster.scheduler_address)
    assert code == 0, err
    assert summary_of(by_url)["totals"]["replies"] == 160 + 40


@pytest.mark.slow
def test_each_worker_keeps_one_warm_linter(tmp_path, cluster):
    from dask.distributed import Client

    data = _partitioned(tmp_path / "archive")
    report = tmp_path / "r.html"
    assert audit(data, "-o", report, "--dask", cluster.scheduler_address)[0] == 0
    with Client(cluster) as client:
        counts = client.run(lambda: len(__import__("replylint.audit.linting", fromlist=["x"])._LINTERS))
    assert sorted(counts.values()) == [1, 1]


@pytest.mark.slow
def test_dask_resumes_finished_files(tmp_path, cluster, monkeypatch):
    data = _partitioned(tmp_path / "archive")
    report = tmp_path / "r.html"
    real = Checkpoint.finish_source
    seen = []

    def stop_after_two(self, source, batches, stats):
        real(self, source, batches, stats)
        seen.append(source)
        if len(seen) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(Checkpoint, "finish_source", stop_after_two)
    assert audit(data, "-o", report, "--dask", cluster.scheduler_address)[0] == 130
    monkeypatch.undo()
    again = []

    def count(self, source, batches, stats):
        again.append(source)
        real(self, source, batches, stats)

    monkeypatch.setattr(Checkpoint, "finish_source", count)
    code, _, err = audit(data, "-o", report, "--dask", cluster.scheduler_address)
    assert code == 0 and "resuming" in err
    assert len(again) == 2 and not set(again) & set(seen)  # four files: only the two unfinished ones again
    assert summary_of(report)["totals"]["replies"] == 280

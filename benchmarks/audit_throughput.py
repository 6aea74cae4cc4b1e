"""``replylint audit`` on generated archives: throughput, peak memory, and what 1 million
replies would take. Prints figures, asserts nothing (the machine is shared):

    python -m benchmarks.audit_throughput                 # 100,000 replies (and 20,000 for flatness)
    python -m benchmarks.audit_throughput --replies 5000  # a quick run
    python -m benchmarks.audit_throughput --dask local    # the same through a Dask LocalCluster

The archive is a Zendesk-shaped JSONL (one ticket per line: a customer comment, the agent's
reply, every fifth ticket an internal note) built from the 2,400 labelled replies of
benchmarks/corpus in four languages, each reply made unique by its ticket number so the
paragraph cache does not flatter the figures. Each size runs ``replylint audit`` in a fresh
process (all cores, the default), timed from start to the written report; peak memory is the
largest resident set of the command and of any of its worker processes (getrusage).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
AGENTS = 40


def _texts() -> list[str]:
    return [json.loads(line)["text"] for f in sorted(CORPUS.glob("*/*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def generate(path: Path, replies: int, seed: int = 1) -> int:
    """A Zendesk JSONL export with ``replies`` public agent replies; returns its size in bytes."""
    rng = random.Random(seed)
    texts = _texts()
    with open(path, "w", encoding="utf-8") as out:
        users = [{"id": 100 + a, "name": f"Agent {a}", "role": "agent", "default_group_id": a % 4}
                 for a in range(AGENTS)]
        out.write(json.dumps({"users": users, "groups": [{"id": g, "name": f"Team {g}"} for g in range(4)]}) + "\n")
        for n in range(replies):
            agent = 100 + rng.randrange(AGENTS)
            day = rng.randrange(364)
            when = f"2025-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}T{rng.randrange(8, 20):02d}:00:00Z"
            comments = [{"author_id": 10_000 + n, "public": True, "body": "Where is my order?", "created_at": when},
                        {"author_id": agent, "public": True, "created_at": when,
                         "body": f"Ticket {n + 1}: {texts[n % len(texts)]}"}]
            if n % 5 == 0:
                comments.append({"author_id": agent, "public": False, "body": "internal note", "created_at": when})
            out.write(json.dumps({"id": n + 1, "requester_id": 10_000 + n, "comments": comments},
                                 ensure_ascii=False) + "\n")
    return path.stat().st_size


def run(path: Path, extra: list[str]) -> dict:
    """One audit in a fresh process: wall time and peak memory (this benchmark's children only)."""
    report = path.with_name(path.stem + ".html")
    script = ("import resource, subprocess, sys, time, json\n"
              "t = time.perf_counter()\n"
              "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
              "wall = time.perf_counter() - t\n"
              "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
              "print(json.dumps({'code': code, 'wall': wall, 'peak_kib': peak}))\n")
    command = [sys.executable, "-m", "replylint", "audit", str(path), "-o", str(report), *extra]
    got = subprocess.run([sys.executable, "-c", script, *command], capture_output=True, text=True, check=True)
    result = json.loads(got.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"audit exited {result['code']}: {got.stderr[-2000:]}")
    summary = json.loads(report.with_name(report.stem + ".summary.json").read_text(encoding="utf-8"))
    result["replies"] = summary["totals"]["replies"]
    result["outputs_mb"] = sum(p.stat().st_size for p in path.parent.glob(path.stem + ".*")
                               if p != path) / 1e6
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replies", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=20_000, help="a smaller size, to show memory stays flat")
    ap.add_argument("--dask", help="pass --dask to the audit (local or a scheduler address)")
    args = ap.parse_args(argv)
    extra = ["--dask", args.dask] if args.dask else []
    cores = len(os.sched_getaffinity(0))
    print(f"replylint audit, {cores} cores{' (Dask ' + args.dask + ')' if args.dask else ''}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted({min(args.small, args.replies), args.replies}):
            path = Path(tmp) / f"archive-{size}.jsonl"
            started = time.perf_counter()
            nbytes = generate(path, size)
            made = time.perf_counter() - started
            r = run(path, extra)
            results.append(r)
            print(f"{r['replies']:>9,} replies ({nbytes / 1e6:.1f} MB input, generated in {made:.1f} s): "
                  f"{r['wall']:.1f} s wall, {r['replies'] / r['wall']:,.0f} replies/s, "
                  f"peak memory {r['peak_kib'] / 1024:.0f} MiB, outputs {r['outputs_mb']:.1f} MB")
            path.unlink()
    big = results[-1]
    rate = big["replies"] / big["wall"]
    startup = 0.0
    if len(results) > 1:
        small = results[0]
        # the steady rate, without the start-up (loading four languages in each process)
        rate = (big["replies"] - small["replies"]) / max(1e-9, big["wall"] - small["wall"])
        startup = max(0.0, small["wall"] - small["replies"] / rate)
        print(f"steady rate {rate:,.0f} replies/s after a start-up of about {startup:.0f} s; memory: "
              f"{small['peak_kib'] / 1024:.0f} MiB at {small['replies']:,} replies, "
              f"{big['peak_kib'] / 1024:.0f} MiB at {big['replies']:,}")
    million = startup + 1_000_000 / rate
    print(f"1,000,000 replies: about {million / 60:.0f} min here ({cores} cores); memory stays at about "
          f"{big['peak_kib'] / 1024:.0f} MiB (it does not grow with the archive); outputs about "
          f"{big['outputs_mb'] * 1_000_000 / big['replies']:,.0f} MB; on a Dask cluster the time divides by the "
          "number of worker cores when the archive is split into at least as many files")
    return 0


if __name__ == "__main__":
    sys.exit(main())

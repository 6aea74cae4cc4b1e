"""Bulk runs (issue 13): files/s and replies/s of ``replylint check`` on a folder of
2,000 template files and on a 100k-row CSV export, ``--jobs 1`` against ``--jobs 2`` and
the default, and the peak resident memory (VmHWM of the parent and of each worker,
summed) at 20k and 100k rows, to show that memory is flat in the number of rows.

The inputs are generated into /tmp from ``benchmarks/corpus/tune`` and ``examples/``;
each reply is made distinct (an order number and a name in its first paragraph) so the
paragraph cache cannot help, as in real bulk work. Each configuration runs as a fresh
``python -m replylint check`` process; rounds are interleaved, each run printed as it ends.

    python -m benchmarks.bulk [--rounds 1] [--rows 20000 100000] [--files 2000]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TUNE = ROOT / "benchmarks" / "corpus" / "tune"
EXAMPLES = ROOT / "examples" / "replies"
NAMES = ("Ольга", "Иван", "Мария", "Георги", "Анна", "Li Wei", "王芳", "Peter", "Sarah", "Тодор")


def corpus_texts() -> list[str]:
    """Every reply of the tune corpus and the bundled examples."""
    texts = []
    for path in sorted(TUNE.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    for path in sorted(EXAMPLES.rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".md"):
            texts.append(path.read_text(encoding="utf-8"))
    return texts


def distinct(text: str, i: int, rng: random.Random) -> str:
    """``text`` made unique: its first paragraph gains an order number and a name."""
    head, sep, rest = text.partition("\n\n")
    return f"{head} #{100000 + i} {rng.choice(NAMES)}{sep}{rest}"


def make_folder(folder: Path, files: int, seed: int = 13) -> Path:
    rng = random.Random(seed)
    texts = corpus_texts()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        (folder / f"reply-{i:05d}.txt").write_text(distinct(texts[i % len(texts)], i, rng), encoding="utf-8")
    return folder


def make_csv(path: Path, rows: int, seed: int = 13) -> Path:
    rng = random.Random(seed)
    texts = corpus_texts()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "reply"])
        for i in range(rows):
            w.writerow([f"macro {i}", distinct(texts[i % len(texts)], i, rng)])
    return path


def make_jsonl(path: Path, rows: int, seed: int = 13) -> Path:
    """The same replies as :func:`make_csv`, one JSON record per line."""
    rng = random.Random(seed)
    texts = corpus_texts()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for i in range(rows):
            f.write(json.dumps({"title": f"macro {i}", "text": distinct(texts[i % len(texts)], i, rng)},
                               ensure_ascii=False) + "\n")
    return path


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def _vmhwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class TreePeaks(threading.Thread):
    """Polls the VmHWM (peak resident set) of a process and all its descendants every
    20 ms; a worker's last reading before it exits is its peak (to within 20 ms)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.done = pid, threading.Event()
        self.peaks: dict[int, int] = {}

    def run(self) -> None:
        while not self.done.is_set():
            todo = [self.pid]
            while todo:
                pid = todo.pop()
                hwm = _vmhwm_kb(pid)
                if hwm is not None:
                    self.peaks[pid] = max(hwm, self.peaks.get(pid, 0))
                todo.extend(_children(pid))
            time.sleep(0.02)


def run(target: Path, jobs: int | None) -> dict:
    """One ``replylint check`` process: wall seconds, files and replies, peak memory (MB)."""
    cmd = [sys.executable, "-m", "replylint", "check", "--format", "json", "--statistics", str(target)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd="/tmp")
    poller = TreePeaks(proc.pid)
    poller.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the process and its workers (reaped)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    poller.done.set()
    poller.join()
    if proc.returncode > 1:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {err[-2000:]}")
    stats = json.loads(out)
    parts = [kb // 1024 for pid, kb in sorted(poller.peaks.items())]
    return {"wall": wall, "cpu": cpu, "files": stats["files_checked"], "replies": stats["replies_checked"],
            "rss_mb": sum(parts), "rss_parts": parts}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--rows", type=int, nargs="+", default=[20_000, 100_000])
    ap.add_argument("--files", type=int, default=2_000)
    ap.add_argument("--jsonl-rows", type=int, nargs="*", default=[20_000],
                    help="JSON Lines exports of these many records (default: 20000)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/replylint-bulk"))
    args = ap.parse_args(argv)
    # the user's second run: the compiled packs come from a cache (without one, every process
    # compiles its languages' Hyperscan databases, ~4.5 s each)
    os.environ.setdefault("REPLYLINT_CACHE_DIR", str(args.out / "cache"))
    args.out.mkdir(parents=True, exist_ok=True)
    # a 100k-row export is ~25 MB: over the default max-file-size (10 MB) of the inputs' folder
    (args.out / ".replylint.toml").write_text("max-file-size = 200_000_000\n", encoding="utf-8")
    folder = make_folder(args.out / "folder", args.files)
    exports = [make_csv(args.out / f"export-{rows}.csv", rows) for rows in args.rows]
    exports += [make_jsonl(args.out / f"export-{rows}.jsonl", rows) for rows in args.jsonl_rows]
    run(folder / "reply-00000.txt", 1)  # fills the pack cache
    print(f"load average {os.getloadavg()[0]:.1f}, {len(os.sched_getaffinity(0))} CPUs, "
          f"REPLYLINT_CACHE_DIR={os.environ['REPLYLINT_CACHE_DIR']}", flush=True)
    cases = [(folder, j) for j in (1, 2, None)] + [(e, j) for e in exports for j in (1, 2, None)]
    print(f"{'input':<20} {'jobs':>7} {'wall s':>8} {'CPU s':>7} {'files/s':>9} {'replies/s':>10} "
          f"{'peak RSS MB, sum: per process':>30}", flush=True)
    for _ in range(args.rounds):
        for target, jobs in cases:
            r = run(target, jobs)
            print(f"{target.name:<20} {str(jobs or 'default'):>7} {r['wall']:8.2f} {r['cpu']:7.1f} "
                  f"{r['files'] / r['wall']:9.1f} {r['replies'] / r['wall']:10.1f} {r['rss_mb']:10.0f}: "
                  f"{r['rss_parts']}  (load {os.getloadavg()[0]:.1f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

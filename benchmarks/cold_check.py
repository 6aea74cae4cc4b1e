"""Cold start of ``replylint check reply.txt`` as a whole process, per language.

Each run is a fresh ``python -m replylint check`` of one short reply; the figure is the child's
CPU time (user + system, from ``resource.getrusage``) and its wall time, medians over the runs.
CPU time is what the shared 2-core machine distorts least; wall time is printed beside it.
``--checkout DIR`` runs another checkout's package (its ``replylint`` on ``PYTHONPATH``) in the same
interpreter, alternating with this one so both see the same load: a before/after figure.
The caches are whatever the environment gives (the user cache dir, ``REPLYLINT_CACHE_DIR``): run
once before measuring so every run is a warm-cache start, as a user's second run is.

    python -m benchmarks.cold_check [runs] [--checkout DIR] [--import-only]

Prints figures, asserts nothing (benchmarks/RESULTS.md says how they were read).
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPLIES = {
    "ru": "Здравствуйте! Задержка произошла из-за сбоя на складе, это служба доставки напутала.\n",
    "bg": "Здравейте! Забавянето е заради склада, куриерът обърка пратката.\n",
    "zh": "您好，这不归我管，是仓库那边的问题。\n",
    "en": "Hi! The warehouse messed up, it's not our fault. We'll fix it ASAP.\n",
}


def one(args: list[str], checkout: Path, cwd: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one child process."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files: so do these runs
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def measure(runs: int, other: Path | None, import_only: bool) -> dict:
    checkouts = {"this": REPO, **({"checkout": other} if other else {})}
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="replylint-cold-") as tmp:
        work = Path(tmp)
        cases: dict[str, list[str]] = {"import": ["-c", "import replylint"]}
        if not import_only:
            for lang, text in REPLIES.items():
                (work / f"{lang}.txt").write_text(text, encoding="utf-8")
                cases[lang] = ["-m", "replylint", "check", f"{lang}.txt"]
        for name, args in cases.items():
            for checkout in checkouts.values():
                one(args, checkout, work)  # warm the caches (pyc, tries, packs) once
            samples: dict[str, list[tuple[float, float]]] = {key: [] for key in checkouts}
            for _ in range(runs):
                for key, checkout in checkouts.items():
                    samples[key].append(one(args, checkout, work))
            out[name] = {key: {"cpu_s": round(statistics.median(c for c, _ in s), 3),
                               "wall_s": round(statistics.median(w for _, w in s), 3)}
                         for key, s in samples.items()}
    return out


if __name__ == "__main__":
    argv = sys.argv[1:]
    checkout = None
    if "--checkout" in argv:
        i = argv.index("--checkout")
        checkout = Path(argv[i + 1]).resolve()
        del argv[i:i + 2]
    only_import = "--import-only" in argv
    argv = [a for a in argv if a != "--import-only"]
    print(json.dumps(measure(int(argv[0]) if argv else 5, checkout, only_import), indent=2))

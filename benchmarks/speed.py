"""Speed and memory of replylint, side by side with other prose linters.

    python -m benchmarks.speed                  # full run, prints a table
    python -m benchmarks.speed --json out.json  # also write the figures as JSON
    python -m benchmarks.speed --quick          # a smoke run (small counts, no 1 MB, no 10k files)

Prints figures and asserts nothing: machines here are shared and noisy, so targets
are judged by reading the table (benchmarks/RESULTS.md), never by a timed test. In-process
figures (1, 2, 4) are CPU time of a long-lived process: every language loaded and its Hyperscan
prefilter built first (as the language server does in the background, and a long run does on
its own), each reply new to the linter; the cold start (3) is timed separately.
Replies come from ../shared/corpora/dev where present, else from examples/replies.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .shared_data import DEV

REPO = Path(__file__).resolve().parent.parent
CORPUS = DEV
LANGS = ("ru", "bg", "zh", "en")
NODE_DIR = REPO / "benchmarks" / ".node"


# ------------------------------------------------------------------------- inputs
def replies(lang: str) -> list[str]:
    path = CORPUS / f"{lang}.jsonl"
    if path.is_file():
        return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples" / "replies" / lang).glob("*.txt"))]


def sized(texts: list[str], chars: int, count: int) -> list[str]:
    """``count`` replies of about ``chars`` characters, built from whole corpus replies."""
    out, i = [], 0
    while len(out) < count:
        parts, size = [], 0
        while size < chars:
            t = texts[i % len(texts)]
            i += 1
            parts.append(t)
            size += len(t) + 1
        text = " ".join(parts)
        out.append(text[:chars] if len(text) > chars * 1.5 else text)
    return out


def of_bytes(texts: list[str], size: int) -> str:
    """One reply of ``size`` UTF-8 bytes: corpus replies as paragraphs."""
    parts, total, i = [], 0, 0
    while total < size:
        t = texts[i % len(texts)]
        i += 1
        parts.append(t)
        total += len(t.encode("utf-8")) + 2
    return "\n\n".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# ---------------------------------------------------------------------- measures
def warm_latency(linter, lang: str, chars: int, count: int) -> dict:
    texts = sized(replies(lang), chars, count)
    for t in texts[:20]:
        linter.lint(t)
    times = []
    for t in texts:
        linter.clear_cache()  # time unseen text, not the paragraph cache
        start = time.process_time()
        linter.lint(t)
        times.append(time.process_time() - start)
    return {"median_ms": statistics.median(times) * 1e3, "p95_ms": pct(times, 0.95) * 1e3,
            "chars": round(statistics.mean(map(len, texts)))}


def throughput(linter, lang: str, count: int) -> float:
    texts = sized(replies(lang), 300, count)
    for t in texts[:20]:
        linter.lint(t)
    linter.clear_cache()
    elapsed = 0.0
    for t in texts:
        linter.clear_cache()
        start = time.process_time()
        linter.lint(t)
        elapsed += time.process_time() - start
    return len(texts) / elapsed


def scaling(linter, lang: str, sizes: list[int]) -> dict:
    out = {}
    for size in sizes:
        text = of_bytes(replies(lang), size)
        linter.clear_cache()
        start = time.process_time()
        linter.lint(text)
        elapsed = time.process_time() - start
        out[f"{size // 1024}KB"] = {"seconds": elapsed, "ms_per_kb": elapsed * 1e3 / (size / 1024)}
    return out


def run_process(args: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, **kw)
    return time.perf_counter() - start, proc


def cold_start(tmp: Path) -> dict:
    out = {}
    py = sys.executable
    base, _ = run_process([py, "-c", "pass"])
    out["python_startup_s"] = base
    t, _ = run_process([py, "-X", "importtime", "-c", "import replylint"])
    t, _ = run_process([py, "-c", "import replylint"])
    out["import_replylint_s"] = t
    for lang in LANGS:
        path = tmp / f"cold-{lang}.txt"
        path.write_text(sized(replies(lang), 300, 1)[0], encoding="utf-8")
        t, proc = run_process([py, "-m", "replylint", "check", str(path)])
        out[f"check_one_{lang}_s"] = t
    return out


def memory() -> dict:
    # VmHWM (peak resident set of this process image), not getrusage's ru_maxrss: a child
    # forked from this benchmark would inherit the parent's high-water mark across exec.
    code = ("import re, replylint, sys; L = replylint.Linter(); langs = sys.argv[1].split(',');"
            "[L.lint('Здравствуйте, мы проверим. 您好。 Hello, sorry. Здравейте, съжаляваме.', lang=l) for l in langs];"
            "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))")
    out = {}
    for label, langs in (("all_four_mb", "ru,bg,zh,en"), *((f"{lang}_only_mb", lang) for lang in LANGS)):
        proc = subprocess.run([sys.executable, "-c", code, langs], capture_output=True, text=True)
        out[label] = int(proc.stdout.strip().splitlines()[-1]) / 1024 if proc.returncode == 0 else None
    return out


def check_folder(tmp: Path, count: int) -> dict:
    folder = tmp / "templates"
    folder.mkdir(exist_ok=True)
    pools = {lang: sized(replies(lang), 300, 50) for lang in LANGS}
    for i in range(count):
        lang = LANGS[i % 4]
        (folder / f"t{i:05d}-{lang}.txt").write_text(pools[lang][i % 50], encoding="utf-8")
    t, proc = run_process([sys.executable, "-m", "replylint", "check", str(folder), "--format", "json",
                           "--output", str(tmp / "out.json")])
    return {"files": count, "seconds": t, "files_per_s": count / t, "exit_code": proc.returncode,
            "stderr_tail": proc.stderr.strip().splitlines()[-1:] if proc.returncode == 2 else []}


# ------------------------------------------------------------------ other linters
def proselint_time(texts: list[str]) -> float | None:
    try:
        from proselint.tools import LintFile
    except ImportError:
        if subprocess.run([sys.executable, "-m", "pip", "install", "-q", "proselint"], capture_output=True).returncode:
            return None
        from proselint.tools import LintFile
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry

    registry = CheckRegistry()
    if not registry.checks:  # proselint's command line registers its checks the same way
        registry.register_many(__register__)
    if not LintFile("x", "This is very unique. Irregardless, it is very good.").lint():
        return None  # no checks ran: the figure would be meaningless
    for t in texts[:5]:
        LintFile("x", t).lint()
    start = time.perf_counter()
    for t in texts:
        LintFile("x", t).lint()
    return (time.perf_counter() - start) / len(texts)


_NODE_SCRIPT = r"""
const fs = require('fs');
const texts = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
(async () => {
  const writeGood = require('write-good');
  const {text: alex} = await import('alex');
  const time = (fn) => { for (const t of texts.slice(0, 5)) fn(t);
    const s = process.hrtime.bigint(); for (const t of texts) fn(t);
    return Number(process.hrtime.bigint() - s) / 1e9 / texts.length; };
  console.log(JSON.stringify({"write-good": time(writeGood), "alex": time(alex)}));
})();
"""


def node_times(texts: list[str], tmp: Path) -> dict:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return {}
    if not (NODE_DIR / "node_modules" / "alex").is_dir() or not (NODE_DIR / "node_modules" / "write-good").is_dir():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR),
                               "write-good@1", "alex@11"], capture_output=True, text=True)
        if proc.returncode:
            return {}
    data, script = tmp / "texts.json", NODE_DIR / "bench.cjs"
    data.write_text(json.dumps(texts), encoding="utf-8")
    script.write_text(_NODE_SCRIPT, encoding="utf-8")
    proc = subprocess.run(["node", str(script), str(data)], capture_output=True, text=True, cwd=NODE_DIR)
    return json.loads(proc.stdout) if proc.returncode == 0 else {}


def comparison(linter, tmp: Path, count: int) -> dict:
    texts = replies("en")[:count]
    for t in texts[:5]:
        linter.lint(t, lang="en")
    linter.clear_cache()
    start = time.perf_counter()
    for t in texts:
        linter.lint(t, lang="en")
    ours = (time.perf_counter() - start) / len(texts)
    out = {"replies": len(texts), "replylint_ms": ours * 1e3}
    others = {"proselint": proselint_time(texts), **node_times(texts, tmp)}
    for name, value in others.items():
        if value:
            out[f"{name}_ms"] = value * 1e3
            out[f"replylint_vs_{name}"] = ours / value
    return out


# --------------------------------------------------------------------------- main
def lsp_latency(count: int) -> dict:
    try:
        from benchmarks.lsp_latency import measure
    except ImportError:
        return {}
    return measure(count)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--quick", action="store_true", help="small counts; skip 1 MB, 10,000 files and other linters")
    args = ap.parse_args(argv)
    import replylint

    quick = args.quick
    linter = replylint.Linter()
    linter.preload()
    for lang in LANGS:  # the steady state a long-lived process reaches (see the docstring)
        linter.pack(lang).regex_prefilter.build()
    results: dict = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                     f"Python {platform.python_version()}", "quick": quick}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        results["latency"] = {lang: {"short": warm_latency(linter, lang, 300, 60 if quick else 400),
                                     "long": warm_latency(linter, lang, 3000, 20 if quick else 100)} for lang in LANGS}
        results["throughput_replies_per_s"] = {lang: throughput(linter, lang, 200 if quick else 2000) for lang in LANGS}
        sizes = [1024, 10 * 1024] + ([] if quick else [100 * 1024, 1024 * 1024])
        results["scaling"] = {lang: scaling(linter, lang, sizes) for lang in LANGS}
        results["cold_start"] = cold_start(tmp)
        results["memory"] = memory()
        results["check_folder"] = check_folder(tmp, 200 if quick else 10_000)
        results["lsp"] = lsp_latency(30 if quick else 300)
        if not quick:
            results["comparison"] = comparison(linter, tmp, 200)
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def print_table(r: dict) -> None:
    print(f"replylint speed — {r['date']} — {r['machine']}{' (quick)' if r['quick'] else ''}\n")
    print("1. warm lint() latency, CPU ms        median   p95   (target p95 <= 1 ms at 300 chars)")
    for lang, v in r["latency"].items():
        for kind in ("short", "long"):
            x = v[kind]
            print(f"   {lang} {kind:5} ({x['chars']:>5} chars)         {x['median_ms']:7.3f} {x['p95_ms']:7.3f}")
    print("2. throughput, short replies per CPU second in one process   (target >= 3000)")
    for lang, v in r["throughput_replies_per_s"].items():
        print(f"   {lang}  {v:9.0f}")
    f = r["check_folder"]
    print(f"   replylint check, {f['files']} files: {f['seconds']:.1f} s "
          f"({f['files_per_s']:.0f} files/s, exit {f['exit_code']})")
    c = r["cold_start"]
    print("3. cold start, s   (targets: check <= 0.5, import <= 0.3)")
    print(f"   python -c pass {c['python_startup_s']:.3f}   import replylint {c['import_replylint_s']:.3f}")
    print("   check one reply: " + "  ".join(f"{lang} {c[f'check_one_{lang}_s']:.2f}" for lang in LANGS))
    print("4. scaling, CPU ms per KB   (target: 1 MB within 1.5x of 10 KB)")
    for lang, v in r["scaling"].items():
        print(f"   {lang}  " + "  ".join(f"{k}: {x['ms_per_kb']:.3f}" for k, x in v.items()))
    print("5. language server, didChange -> publishDiagnostics minus debounce, ms   (target p95 <= 30)")
    lsp = r.get("lsp") or {}
    print(f"   median {lsp['median_ms']:.1f}  p95 {lsp['p95_ms']:.1f}  over {lsp['edits']} edits; server RSS "
          f"{lsp['rss_before_mb']:.0f} MB -> {lsp['rss_after_mb']:.0f} MB" if lsp else "   (not measured)")
    m = r["memory"]
    print("6. peak memory, MB   (target all four <= 250)")
    print("   " + "  ".join(f"{k.replace('_mb', '')}: {v:.0f}" for k, v in m.items() if v is not None))
    if "comparison" in r:
        c = r["comparison"]
        print(f"7. English replies ({c['replies']}), ms per reply, in-process   (target: ratio < 1)")
        print(f"   replylint {c['replylint_ms']:.3f}")
        for name in ("proselint", "write-good", "alex"):
            if f"{name}_ms" in c:
                print(f"   {name:10} {c[f'{name}_ms']:.3f}   replylint/{name} = {c[f'replylint_vs_{name}']:.2f}")


if __name__ == "__main__":
    sys.exit(main())

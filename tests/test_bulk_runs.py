"""Issue 13, bulk runs: CSV exports are read row by row (memory flat in the rows), a big
export is split across worker processes with the same report as one process, and each
worker loads only the languages it meets."""
from __future__ import annotations

import csv
import inspect
import io
import json
import random
import sys
import tracemalloc
from pathlib import Path

import pytest

import replylint.cpu_share
import replylint.reporters
import replylint.runner
from replylint.cli import main
from replylint.positions import LineIndex
from replylint.readers import ReadSettings, reader_for
from replylint.readers.csv_templates import plan_parts, read_part, scan
from replylint.runner import CheckOptions, LinterPool, plan_units

from .cli_helpers import last_line_of_fresh_python
from .cli_helpers import run_in_process as run

REPO = Path(__file__).resolve().parent.parent
TUNE = REPO / "benchmarks" / "corpus" / "tune"



def corpus_replies(per_language: int) -> list[str]:
    texts = []
    for name in ("ru-a", "bg-a", "zh-a", "en-a"):
        lines = (TUNE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[:per_language]
        texts += [json.loads(line)["text"] for line in lines]
    random.Random(13).shuffle(texts)
    return texts


def write_csv(path: Path, texts: list[str], bad_row: int | None = None) -> Path:
    """An export with line breaks inside quoted fields, CRLF records and blank reply cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # \r\n after each record, as Excel writes
    writer.writerow(["title", "reply"])
    for i, text in enumerate(texts):
        writer.writerow([f"macro {i}", "" if i % 11 == 5 else f"{text} #{i}"])
        if i == bad_row:
            buffer.write("a,b,c\r\n")  # a row with three fields: the file cannot be read
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def synthetic_csv(rows: int) -> str:
    return "title,reply\n" + "".join(f't{i},"Thanks for waiting, order {i}.\nWe will write again."\n'
                                     for i in range(rows))


def reading_peak(text: str) -> int:
    """tracemalloc's peak while reading every reply of a CSV text (the text itself made before)."""
    path = Path("export.csv")
    tracemalloc.start()
    try:
        count = 0
        for reply in reader_for(path)(path, text, ReadSettings()):
            count += 1
            reply.locate(len(reply.text) - 1)  # every reply located, as a finding would be
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == text.count("\nt")
    return peak


def test_the_csv_reader_is_a_generator_and_its_memory_does_not_grow_with_the_rows():
    path = Path("export.csv")
    assert inspect.isgenerator(reader_for(path)(path, synthetic_csv(3), ReadSettings()))
    small, large = synthetic_csv(10_000), synthetic_csv(40_000)
    small_peak, large_peak = reading_peak(small), reading_peak(large)
    print(f"peak while reading: {small_peak:,} bytes at 10k rows, {large_peak:,} at 40k")
    # nothing kept per row (no line table of the file, no list of replies): 4x the rows, not 4x the peak
    assert large_peak < 1.5 * small_peak


def test_rows_are_located_as_a_line_index_of_the_whole_file_locates_them(tmp_path):
    """Each row is located from its own line (no line table of the file): every character
    of every reply lands where a LineIndex of the whole text puts it (quoted fields with
    line breaks and doubled quotes, CRLF and LF records mixed)."""
    texts = [t.replace("«", '"') for t in corpus_replies(10)]
    text = write_csv(tmp_path / "x.csv", texts).read_bytes().decode("utf-8").replace("\r\n", "\n", 7)
    assert '""' in text and "\r\n" in text
    index = LineIndex(text)
    path = Path("x.csv")
    rows = list(scan(text, ","))[1:]
    fields = [row[1] for row in rows if row[1].value(text).strip()]
    replies = list(reader_for(path)(path, text, ReadSettings()))
    assert len(replies) == len(fields) > 30
    for reply, field in zip(replies, fields, strict=True):
        reference = field.source_map(text, index)
        for offset in range(len(reply.text) + 1):
            assert reply.locate(offset) == reference.start(offset)
            assert reply.locate_end(offset) == reference.end(offset)


def test_the_parts_of_a_file_give_the_replies_of_the_whole_file(tmp_path):
    text = write_csv(tmp_path / "x.csv", corpus_replies(12)).read_text(encoding="utf-8")
    path, settings = Path("x.csv"), ReadSettings()
    whole = [(r.name, r.text, r.locate(3), r.locate_end(len(r.text))) for r in reader_for(path)(path, text, settings)]
    parts = plan_parts(path, text, settings, 5)
    assert len(parts) == 10
    pieces = [(r.name, r.text, r.locate(3), r.locate_end(len(r.text)))
              for part in parts for r in read_part(path, text, settings, part)]
    assert pieces == whole


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of 4 rows, and workers for any amount of work, so a small test export is split."""
    monkeypatch.setattr(replylint.runner, "PART_ROWS", 4)
    monkeypatch.setattr(replylint.runner, "SPLIT_MIN_BYTES", 0)
    monkeypatch.setattr(replylint.runner, "MIN_REPLIES_PER_WORKER", 2)
    monkeypatch.setattr(replylint.cpu_share.FreeCPUs, "measure", lambda self: 8.0)  # as on an idle machine


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_two_jobs_give_the_report_of_one_on_a_split_csv_and_a_folder(tmp_path, small_parts, fmt):
    texts = corpus_replies(8)
    folder = tmp_path / "replies"
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    export = write_csv(tmp_path / "export.csv", texts)
    bad = write_csv(tmp_path / "bad.csv", texts, bad_row=20)
    units = plan_units([export, bad], LinterPool(CheckOptions()))
    assert sum(u.path == export for u in units) == 8  # 32 rows in parts of 4
    assert sum(u.path == bad for u in units) == 1  # a bad row: checked whole, as one process does
    args = ["check", str(folder), str(export), str(bad), "--format", fmt]
    serial = run([*args, "--jobs", "1"])
    parallel = run([*args, "--jobs", "2"])
    assert parallel == serial
    code, out, err = serial
    assert code == 2
    line = bad.read_bytes().split(b"\n").index(b"a,b,c\r") + 1
    assert f"{bad}:{line}: error: invalid CSV: 3 fields, but the header has 2" in (out + err)
    findings = out.count(f"{export}:") if fmt == "text" else out.count(json.dumps(str(export)))
    assert findings > 10


def test_each_worker_loads_only_the_languages_it_meets(tmp_path):
    """Before forking, the parent loads the languages a sample of the rows is in (Russian
    only, for a Russian export; nothing is linted), and a worker given Russian rows loads
    nothing else."""
    texts = [json.loads(line)["text"] for line in
             (TUNE / "ru-a.jsonl").read_text(encoding="utf-8").splitlines()[:24]]
    export = write_csv(tmp_path / "ru.csv", texts)
    code = ("import sys\nfrom pathlib import Path\nimport multiprocessing\n"
            "from concurrent.futures import ProcessPoolExecutor\n"
            "from replylint import languages, runner\n"
            "runner.PART_ROWS, runner.SPLIT_MIN_BYTES = 6, 0\n"
            "pool = runner.LinterPool(runner.CheckOptions())\n"
            "units = runner.plan_units([Path(sys.argv[1])], pool)\n"
            "before = sorted(languages._instances)\n"
            "preloaded = runner._preload(units, pool)\n"
            "def work(unit):\n"
            "    result = runner._check_in_worker(unit)\n"
            "    return len(result.replies), sorted(languages._instances)\n"
            "with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context('fork'),"
            " initializer=runner._init_worker, initargs=(pool.options,)) as ex:\n"
            "    seen = list(ex.map(work, units))\n"
            "print(len(units), before, preloaded, sorted(languages._instances), seen)")
    out = last_line_of_fresh_python(code, export, tmp_path / "cache")
    # rows 6 and 17 have no reply (blank cells)
    assert out == "4 [] ['ru'] ['ru'] [(5, ['ru']), (6, ['ru']), (5, ['ru']), (6, ['ru'])]"


# ------------------------------------------------------------- --jobs and free CPUs
def test_a_second_worker_needs_a_quarter_of_a_free_cpu_to_spare():
    from replylint.cpu_share import workers_for

    assert [workers_for(free, 2) for free in (0.0, 0.9, 1.2, 1.25, 1.9, 4.0)] == [1, 1, 1, 2, 2, 2]
    assert workers_for(3.2, 8) == 3 and workers_for(3.3, 8) == 4
    assert workers_for(8.0, 8) == 8 and workers_for(0.5, 1) == 1


def test_free_cpus_leave_out_this_process_own_time(monkeypatch):
    """Over the window the CPUs were 150 % busy (of 2) and this process took one CPU of it:
    the other programs took half a CPU, so 1.5 are free for workers."""
    from replylint import cpu_share

    clock = iter([100.0, 101.0, 101.0])
    own = iter([5.0, 6.0])
    ticks = iter([(1000, 4000), (1150, 4200)])  # 150 of the 200 ticks of the window busy
    monkeypatch.setattr(cpu_share, "_clock", lambda: next(clock))
    monkeypatch.setattr(cpu_share, "_own_seconds", lambda: next(own))
    monkeypatch.setattr(cpu_share, "_busy_ticks", lambda cpus: next(ticks))
    monkeypatch.setattr(cpu_share.os, "sched_getaffinity", lambda pid: {0, 1})  # undone at the test's end
    assert cpu_share.FreeCPUs().measure() == pytest.approx(1.5)


def test_the_real_measure_is_between_none_and_all_cpus():
    from replylint import cpu_share

    free = cpu_share.FreeCPUs().measure()
    assert 0.0 <= free <= cpu_share.usable_cpus()


def test_no_workers_start_when_other_programs_keep_the_cpus_busy(tmp_path, small_parts, monkeypatch):
    """`--jobs 2` with less than 1.25 CPUs free runs in this process (two workers on one free
    core were slower than one process), with the same report."""
    export = write_csv(tmp_path / "export.csv", corpus_replies(4))
    args = ["check", str(export), "--format", "json"]
    forked = run([*args, "--jobs", "2"])

    def no_pool(*a, **k):
        raise AssertionError("no worker processes with one CPU free")

    monkeypatch.setattr(replylint.cpu_share.FreeCPUs, "measure", lambda self: 1.0)
    monkeypatch.setattr(replylint.runner, "ProcessPoolExecutor", no_pool)
    assert run([*args, "--jobs", "2"]) == forked == run([*args, "--jobs", "1"])


# ------------------------------------------------------------- findings as they come
@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit", "full"])
def test_every_format_gives_the_same_report_with_one_and_two_jobs(tmp_path, small_parts, fmt):
    """Files in a folder and a subfolder (walked: a/z.txt before a/b/…; reported in path
    order), a file also named on its own, a split export and one with a bad row."""
    texts = corpus_replies(6)
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    for i, text in enumerate(texts[:8]):
        ((tmp_path / "a") if i % 2 else sub).joinpath(f"{'z' if i % 2 else 'c'}{i}.txt").write_text(
            text, encoding="utf-8")
    export = write_csv(tmp_path / "export.csv", texts)
    bad = write_csv(tmp_path / "bad.csv", texts, bad_row=7)
    args = ["check", str(tmp_path / "a"), str(export), str(bad), str(sub / "c0.txt"), "--format", fmt,
            "--statistics"]
    serial = run([*args, "--jobs", "1"])
    assert run([*args, "--jobs", "2"]) == serial
    if fmt == "text":
        lines = [line for line in serial[1].splitlines() if ": " in line and line.startswith(str(tmp_path))]
        keys = []
        for line in lines:
            path, row, col = line.split(": ")[0].rsplit(":", 2)
            keys.append((path, int(row), int(col)))
        assert keys == sorted(keys) and len(keys) > 20  # the order of a sorted report
        assert len({k[0] for k in keys}) >= 5  # the folders' files and the export


def test_findings_are_written_before_the_run_ends(tmp_path, small_parts, monkeypatch):
    """The first part's findings reach the report before the last part is checked, and the
    text and JSON reports keep no finding (counts only)."""
    export = write_csv(tmp_path / "export.csv", corpus_replies(6))
    events: list[str] = []
    real = replylint.runner.check_unit

    def check_unit(unit, pool):
        events.append(f"check {unit.part.first if unit.part is not None else 'whole'}")
        return real(unit, pool)

    class Out(io.StringIO):
        def write(self, text):
            if str(export) in text:
                events.append("write")
            return super().write(text)

    monkeypatch.setattr(replylint.runner, "check_unit", check_unit)
    made = []
    real_stream = replylint.reporters.stream
    monkeypatch.setattr(replylint.reporters, "stream", lambda *a: made.append(real_stream(*a)) or made[-1])
    for fmt in ("text", "json"):
        events.clear()
        old = sys.stdout
        sys.stdout = Out()
        try:
            main(["check", str(export), "--format", fmt, "--jobs", "1"])
        finally:
            sys.stdout = old
        checks = [i for i, e in enumerate(events) if e.startswith("check")]
        assert len(checks) == 6 and events[0] == "check 1"  # 24 rows in parts of 4
        assert events.index("write") < checks[-1]  # a finding written before the last part is checked
        assert made[-1]._kept == [] and made[-1].tally.findings > 5 and replylint.reporters.streams(fmt)
    assert not replylint.reporters.streams("sarif") and not replylint.reporters.streams("junit")


def test_the_streamed_json_report_is_the_text_json_dump_writes(tmp_path):
    from replylint.diagnostic import Diagnostic
    from replylint.reporters import FileError, Finding, RunContext

    d = Diagnostic("dead-end", "error", "No way «out»\n\"x\"", 0, 1, "ru", ["Вот так"])
    findings = [Finding("a/б.txt", d, 1, 2, 3, 4, "row 1"), Finding("a/c.txt", d, 5, 6, 7, 8, "")]
    for ctx in (RunContext(), RunContext(failed_files=[FileError("x.json", "invalid JSON", 1, 1)])):
        for some in ([], findings):
            out = io.StringIO()
            replylint.reporters.report_json(some, out, ctx)
            records = [{**f.to_dict(), "kind": "finding"} for f in some] + [e.to_dict() for e in ctx.failed_files]
            assert out.getvalue() == json.dumps(records, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------- JSON Lines exports
def write_jsonl(path: Path, texts: list[str], bad_line: int | None = None) -> Path:
    """Records of three shapes (titled object, bare string, escaped non-ASCII), blank lines, CRLF."""
    lines = []
    for i, text in enumerate(texts):
        text = f"{text} #{i}"
        record = ({"title": f"macro {i}", "text": text} if i % 3 == 0 else text if i % 3 == 1 else {"body": text})
        lines.append(json.dumps(record, ensure_ascii=i % 2 == 0))
        if i % 7 == 3:
            lines.append("")
        if i == bad_line:
            lines.append('{"text": "unclosed}')
    path.write_text("\r\n".join(lines[:5]) + "\n" + "\n".join(lines[5:]) + "\n", encoding="utf-8")
    return path


def test_jsonl_replies_are_located_as_their_own_json_file_would_be(tmp_path):
    """Each record's reply lands on its line at the column its one-line JSON file gives."""
    from replylint.readers.json_templates import parse_json
    from replylint.readers.templates import find_templates

    path = write_jsonl(tmp_path / "x.jsonl", corpus_replies(3))
    text = path.read_text(encoding="utf-8")
    replies = list(reader_for(path)(path, text, ReadSettings()))
    assert len(replies) == 12 and inspect.isgenerator(reader_for(path)(path, text, ReadSettings()))
    records = [(n, line.rstrip("\r")) for n, line in enumerate(text.split("\n")) if line.strip()]
    for reply, (n, record) in zip(replies, records, strict=True):
        tree = parse_json(record)
        value = tree if not isinstance(tree, dict) else find_templates(tree, ReadSettings().keys)[0].text
        assert reply.text == value.value and reply.name.endswith(f"line {n + 1})") or reply.name == f"line {n + 1}"
        for offset in (0, 1, len(reply.text) // 2, len(reply.text) - 1):
            line, col = value.locate(offset)
            assert reply.locate(offset) == (line + n, col)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_split_jsonl_export_gives_the_report_of_one_process(tmp_path, small_parts, fmt):
    texts = corpus_replies(6)
    export = write_jsonl(tmp_path / "export.jsonl", texts)
    bad = write_jsonl(tmp_path / "bad.ndjson", texts, bad_line=9)
    units = plan_units([export, bad], LinterPool(CheckOptions()))
    assert sum(u.path == export for u in units) == 6 and sum(u.path == bad for u in units) == 1
    args = ["check", str(export), str(bad), "--format", fmt]
    serial = run([*args, "--jobs", "1"])
    assert run([*args, "--jobs", "2"]) == serial
    code, out, err = serial
    line = bad.read_text(encoding="utf-8").split("\n").index('{"text": "unclosed}') + 1
    assert code == 2 and f"{bad}:{line}:10: error: invalid JSON: Unterminated string" in (out + err)
    assert (out.count(f"{export}:") if fmt == "text" else out.count(json.dumps(str(export)))) > 10

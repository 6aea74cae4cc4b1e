"""`replylint check / rules / explain` as a user runs them (in-process and as a real process)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from replylint.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "patterns"
DEAD_END = "There's nothing we can do.\n"


def run(args, stdin: str | None = None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out, err
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(args)
    finally:
        sys.stdout, sys.stderr, sys.stdin = old
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def project(tmp_path):
    """A folder with a config that uses the fixture pack on top of the built-in one."""
    (tmp_path / ".replylint.toml").write_text(f'patterns = ["{FIXTURE.as_posix()}"]\n', encoding="utf-8")
    return tmp_path


def test_text_output_and_exit_code(project):
    (project / "bad.txt").write_text("Hello!\n" + DEAD_END, encoding="utf-8")
    (project / "good.md").write_text("Thanks for writing!\n", encoding="utf-8")
    code, out, err = run(["check", str(project), "--select", "dead-end"])
    assert code == 1, err
    assert f"{project / 'bad.txt'}:2:1: error dead-end " in out
    assert out.strip().endswith("in 2 files.")


def test_fail_on_and_levels(project):
    (project / "r.txt").write_text("We will fix it soon.\n", encoding="utf-8")
    assert run(["check", str(project), "--select", "vague-timeline"])[0] == 0
    assert run(["check", str(project), "--select", "vague-timeline", "--fail-on", "warning"])[0] == 1


def test_json_output_fields(project):
    (project / "r.txt").write_text("Hi\n  " + DEAD_END, encoding="utf-8")
    code, out, _ = run(["check", str(project / "r.txt"), "--format", "json", "--select", "dead-end"])
    [item] = json.loads(out)
    assert {k: item[k] for k in ("rule", "level", "line", "column", "end_line", "end_column")} == {
        "rule": "dead-end", "level": "error", "line": 2, "column": 3, "end_line": 2, "end_column": 28}
    assert item["path"].endswith("r.txt")


def test_stdin(project, monkeypatch):
    monkeypatch.chdir(project)
    code, out, _ = run(["check", "-", "--select", "dead-end", "--stdin-filename", "draft.txt"], stdin=DEAD_END)
    assert code == 1 and out.startswith("draft.txt:1:1: error dead-end")


def test_bad_files_are_reported_and_others_still_checked(project):
    (project / "ok.txt").write_text(DEAD_END, encoding="utf-8")
    (project / "latin1.txt").write_bytes("caf\xe9 ".encode("latin-1") * 3)
    (project / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    code, out, err = run(["check", str(project / "ok.txt"), str(project / "latin1.txt"),
                          str(project / "bin.txt"), str(project / "missing.txt"), "--select", "dead-end"])
    assert code == 2
    assert "ok.txt:1:1: error dead-end" in out
    assert f"{project / 'latin1.txt'}: error: not valid UTF-8" in err
    assert f"{project / 'bin.txt'}: error: not valid UTF-8" in err
    assert f"{project / 'missing.txt'}: error: no such file or directory" in err
    assert "Traceback" not in err


def test_utf16_with_bom_is_read(project):
    (project / "u16.txt").write_bytes(DEAD_END.encode("utf-16"))
    code, out, _ = run(["check", str(project / "u16.txt"), "--select", "dead-end"])
    assert code == 1 and "u16.txt:1:1: error dead-end" in out


def test_usage_errors_exit_2(project):
    assert run(["check", str(project), "--format", "xml"])[0] == 2
    assert run(["check", str(project), "--select", "no-such-rule"])[0] == 2
    assert run(["check", "--lang", "de", str(project)])[0] == 2
    assert run(["explain", "no-such-rule"])[0] == 2


def test_broken_config_exit_2(tmp_path):
    (tmp_path / ".replylint.toml").write_text("selec = 1\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("hi\n", encoding="utf-8")
    code, _, err = run(["check", str(tmp_path)])
    assert code == 2 and f"{tmp_path / '.replylint.toml'}:1: unknown setting 'selec'" in err


def test_rules_and_explain():
    code, out, _ = run(["rules"])
    assert code == 0 and out.count("\n") == 9 and "blame-department  error" in out
    code, out, _ = run(["explain", "vague-timeline"])
    assert code == 0 and "Why this is bad:" in out and "Use instead:" in out


@pytest.mark.slow
def test_console_script_runs_as_a_process(project):
    (project / "r.txt").write_text(DEAD_END, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "replylint", "check", str(project / "r.txt"), "--select", "dead-end"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "error dead-end" in proc.stdout


# ------------------------------------------------------- many files, options
class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def many_files(project, count: int) -> None:
    for i in range(count):
        body = DEAD_END if i % 3 == 0 else "Thanks for writing!\n"
        (project / f"r{i:02}.yaml").write_text(f"- title: T{i}\n  body: |\n    Hello.\n    {body}", encoding="utf-8")


def test_parallel_processes_give_the_same_report(project, monkeypatch):
    import replylint.runner

    many_files(project, 12)
    (project / "broken.yaml").write_text("body: [\n", encoding="utf-8")
    serial = run(["check", str(project), "--select", "dead-end", "--jobs", "1"])
    monkeypatch.setattr(replylint.runner, "MIN_REPLIES_PER_WORKER", 2)
    monkeypatch.setattr(replylint.runner.cpu_share.FreeCPUs, "measure", lambda self: 8.0)
    parallel = run(["check", str(project), "--select", "dead-end", "--jobs", "3"])
    assert serial == parallel
    code, out, err = parallel
    assert code == 2 and out.count("error dead-end") == 4 and "broken.yaml:2:1: error: invalid YAML" in err


def test_jobs_must_be_positive(project):
    code, _, err = run(["check", str(project), "--jobs", "0"])
    assert code == 2 and "--jobs must be at least 1" in err


def test_progress_bar_only_on_a_terminal(project, monkeypatch):
    many_files(project, 12)
    code, out, err = run(["check", str(project), "--select", "dead-end"])
    assert err == ""  # not a terminal: no progress bar
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    from replylint.cli import build_parser, run_check

    args = build_parser().parse_args(["check", str(project), "--select", "dead-end", "--jobs", "1"])
    assert run_check(args, io.StringIO(), terminal) == 1
    assert "/12 [" in terminal.getvalue() and "file/s" in terminal.getvalue()


def test_column_option_for_csv(project):
    (project / "saved.csv").write_text(f"id,draft,final\n1,\"{DEAD_END.strip()}\",Thanks!\n", encoding="utf-8")
    code, out, err = run(["check", str(project / "saved.csv"), "--select", "dead-end"])
    assert code == 2
    assert "cannot tell which column holds the replies; name it with --column (columns: id, draft, final)" in err
    code, out, _ = run(["check", str(project / "saved.csv"), "--select", "dead-end", "--column", "draft"])
    assert code == 1 and f"{project / 'saved.csv'}:2:4: error dead-end" in out
    assert run(["check", str(project / "saved.csv"), "--select", "dead-end", "--column", "final"])[0] == 0


def test_stdin_is_read_as_the_format_of_its_name(project, monkeypatch):
    monkeypatch.chdir(project)
    action = '{"field": "comment_value", "value": "Hi.\\n' + DEAD_END.strip() + '"}'
    source = '{"macros": [{"title": "T", "actions": [' + action + ']}]}'
    code, out, _ = run(["check", "-", "--select", "dead-end", "--stdin-filename", "export.json"], stdin=source)
    assert code == 1 and out.startswith("export.json:1:82: error dead-end"), out  # after the \\n escape


def test_exclude_from_config_and_command_line(project):
    (project / ".replylint.toml").write_text(
        f'patterns = ["{FIXTURE.as_posix()}"]\nexclude = ["staff/*", "*.draft.txt"]\n', encoding="utf-8")
    (project / "staff").mkdir()
    (project / "staff" / "alert.txt").write_text(DEAD_END, encoding="utf-8")
    (project / "a.draft.txt").write_text(DEAD_END, encoding="utf-8")
    (project / "keep.txt").write_text(DEAD_END, encoding="utf-8")
    (project / "other.txt").write_text(DEAD_END, encoding="utf-8")
    code, out, _ = run(["check", str(project), "--select", "dead-end", "--exclude", "other.txt"])
    assert code == 1
    assert "keep.txt" in out and "alert.txt" not in out and "draft" not in out and "other.txt" not in out
    # a file named on the command line is always checked
    code, out, _ = run(["check", str(project / "a.draft.txt"), "--select", "dead-end"])
    assert "a.draft.txt:1:1" in out

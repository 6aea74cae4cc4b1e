"""Issue 15, items 5, 7 and 10: ``--output`` never destroys data, lone surrogates and
non-UTF-8 file names never crash a reporter, and nothing a user wrote can inject a
terminal escape or a GitHub workflow command into the output."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from replylint.cli import main
from replylint.escaping import GuardedStream, displayable, safe_line
from replylint.reporters import names

from .cli_helpers import run_in_process

BLAME = "Sorry, our warehouse messed up.\n"
SURROGATE_JSON = '[{"body": "Sorry, our warehouse\\ud800messed up."}]'


class Result:
    def __init__(self, returncode: int, stdout: bytes, stderr: bytes):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(args, cwd: Path | None = None) -> Result:
    """In this process, with standard streams like a CI job's: strict UTF-8 byte streams."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", newline="")
    old = sys.stdout, sys.stderr, os.getcwd()
    sys.stdout, sys.stderr = out, err
    try:
        if cwd is not None:
            os.chdir(cwd)
        try:
            code = main(args)
        except Exception as exc:  # noqa: BLE001 - reported as a real process would
            import traceback

            err.write("Traceback (most recent call last):\n" + "".join(traceback.format_exception(exc)))
            code = 1
    finally:
        sys.stdout, sys.stderr = old[0], old[1]
        os.chdir(old[2])
    out.flush()
    err.flush()
    return Result(code, out.buffer.getvalue(), err.buffer.getvalue())  # type: ignore[attr-defined]



# ------------------------------------------------------------------ item 5: --output
def test_output_that_is_the_input_is_refused(tmp_path):
    reply = tmp_path / "reply.txt"
    reply.write_text(BLAME, encoding="utf-8")
    code, _, err = run_in_process(["check", str(reply), "-o", str(reply)])
    assert code == 2
    assert "refusing to write the report over" in err
    assert reply.read_text(encoding="utf-8") == BLAME


def test_output_inside_a_checked_folder_that_is_an_input_is_refused(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    macros = folder / "macros.json"
    macros.write_text('{"macros": []}', encoding="utf-8")
    code, _, err = run_in_process(["check", str(folder), "-o", str(macros), "--format", "json"])
    assert code == 2 and "one of the files being checked" in err
    assert macros.read_text(encoding="utf-8") == '{"macros": []}'


def test_output_over_the_configuration_is_refused(tmp_path):
    config = tmp_path / ".replylint.toml"
    config.write_text('ignore = ["excuse"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(BLAME, encoding="utf-8")
    code, _, err = run_in_process(["check", str(tmp_path / "r.txt"), "--config", str(config), "-o", str(config)])
    assert code == 2 and "refusing to write the report over" in err
    assert config.read_text(encoding="utf-8") == 'ignore = ["excuse"]\n'


def test_hard_link_to_an_input_is_refused(tmp_path):
    reply = tmp_path / "reply.txt"
    reply.write_text(BLAME, encoding="utf-8")
    os.link(reply, tmp_path / "report.txt")
    code, _, _ = run_in_process(["check", str(reply), "-o", str(tmp_path / "report.txt")])
    assert code == 2 and reply.read_text(encoding="utf-8") == BLAME


@pytest.mark.parametrize("bad", [["--format", "nope"], ["--config", "missing.toml"], ["--jobs", "0"],
                                 ["--select", "no-such-rule"]])
def test_existing_report_survives_a_run_that_fails_validation(tmp_path, bad):
    (tmp_path / "r.txt").write_text(BLAME, encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text("[the old report]", encoding="utf-8")
    code, _, _ = run_in_process(["check", str(tmp_path / "r.txt"), "-o", str(report), *bad])
    assert code == 2
    assert report.read_text(encoding="utf-8") == "[the old report]"


def test_planted_symlink_is_not_followed(tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "r.txt").write_text(BLAME, encoding="utf-8")
    (tmp_path / "report.txt").symlink_to(victim)
    code, _, err = run_in_process(["check", str(tmp_path / "r.txt"), "-o", str(tmp_path / "report.txt")])
    assert code == 2 and "symbolic link" in err
    assert victim.read_text(encoding="utf-8") == "keep me"
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "created-elsewhere.txt")
    assert run_in_process(["check", str(tmp_path / "r.txt"), "-o", str(dangling)])[0] == 2
    assert not (tmp_path / "created-elsewhere.txt").exists()


def test_report_is_written_whole_by_rename_keeping_permissions(tmp_path):
    (tmp_path / "r.txt").write_text(BLAME, encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o640)
    inode = report.stat().st_ino
    code, out, _ = run_in_process(["check", str(tmp_path / "r.txt"), "-o", str(report), "--format", "json"])
    assert code == 1 and out == ""
    assert json.loads(report.read_text(encoding="utf-8"))[0]["rule"] == "blame-department"
    assert report.stat().st_ino != inode  # a new file renamed over the old one
    assert oct(report.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_to_a_device_is_written_in_place(tmp_path):
    (tmp_path / "r.txt").write_text(BLAME, encoding="utf-8")
    assert run_in_process(["check", str(tmp_path / "r.txt"), "-o", os.devnull])[0] == 1
    assert Path(os.devnull).is_char_device()


def test_output_to_a_folder_or_missing_folder_is_an_error_before_checking(tmp_path):
    (tmp_path / "r.txt").write_text(BLAME, encoding="utf-8")
    code, _, err = run_in_process(["check", str(tmp_path / "r.txt"), "-o", str(tmp_path)])
    assert code == 2 and "is a folder" in err
    code, _, err = run_in_process(["check", str(tmp_path / "r.txt"), "-o", str(tmp_path / "no" / "r.json")])
    assert code == 2 and "no folder" in err


# ------------------------------------------------- item 7: surrogates, non-UTF-8 names
@pytest.mark.parametrize("fmt", names())
def test_lone_surrogate_in_a_reply_does_not_crash_any_format(tmp_path, fmt):
    (tmp_path / "s.json").write_text(SURROGATE_JSON, encoding="utf-8")
    result = run(["check", "s.json", "--format", fmt], cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    text = result.stdout.decode("utf-8")  # valid UTF-8
    if fmt in ("json", "sarif"):
        parsed = json.loads(text)
        assert "\ud800" in json.dumps(parsed, ensure_ascii=False)  # kept, as a JSON escape
    if fmt == "text":
        assert "warehouse\\ud800messed" in text
    result = run(["check", "s.json", "--format", fmt, "-o", "report.out"], cwd=tmp_path)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    (tmp_path / "report.out").read_bytes().decode("utf-8")


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
@pytest.mark.parametrize("fmt", names())
def test_non_utf8_file_name_in_every_format_and_with_output(tmp_path, fmt):
    name = b"b\xff.txt"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
        handle.write(BLAME.encode())
    for extra in ([], ["-o", "report.out"]):
        result = run(["check", ".", "--format", fmt, *extra], cwd=tmp_path)
        assert result.returncode == 1, result.stderr.decode()
        assert b"Traceback" not in result.stderr
        report = (tmp_path / "report.out").read_bytes() if extra else result.stdout
        text = report.decode("utf-8")
        if fmt == "text":
            assert "b\\xff.txt:1:" in text
        if fmt == "sarif":
            uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
                    for r in json.loads(text)["runs"][0]["results"] for loc in r["locations"]]
            assert "b%FF.txt" in uris  # the file's real bytes, percent-encoded


# ---------------------------------------------------- item 10: escaping, injection
INJECTING = "b\n::error file=evil.txt::INJECTED\n.txt"


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").splitlines()


@pytest.mark.skipif(sys.platform != "linux", reason="file names with line breaks")
@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "junit"])
def test_file_names_cannot_inject_workflow_commands(tmp_path, fmt):
    (tmp_path / INJECTING).write_text(BLAME, encoding="utf-8")
    (tmp_path / "::warning file=x::FORGED.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "esc\x1b]0;title\x07\r.md").write_text(BLAME, encoding="utf-8")
    result = run(["check", ".", "--format", fmt], cwd=tmp_path)
    assert result.returncode == 2, result.stderr.decode()
    own = [line for line in _lines(result.stdout) if line.lstrip().startswith("::")]
    if fmt == "github":
        assert len(own) == 3  # two findings and one unreadable file, each one command
        assert all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in own)
        assert not any("INJECTED" in line and "%0A" not in line for line in own)
    else:
        assert own == []
    assert not [line for line in _lines(result.stderr) if line.lstrip().startswith("::")]
    for stream in (result.stdout, result.stderr):
        assert b"\x1b" not in stream and b"\r" not in stream and b"##[" not in stream


def test_text_and_errors_escape_control_characters(tmp_path):
    (tmp_path / "a\x1b[2J.txt").write_text(BLAME, encoding="utf-8")
    (tmp_path / "cr\r.json").write_text("{", encoding="utf-8")
    result = run(["check", "."], cwd=tmp_path)
    assert "a\\x1b[2J.txt:1:" in result.stdout.decode()
    assert "cr\\r.json:1:" in result.stderr.decode()


@pytest.mark.slow
def test_stdin_filename_and_argparse_messages_are_guarded(tmp_path):
    result = subprocess.run([sys.executable, "-m", "replylint", "check", "-", "--stdin-filename",
                             "::error::from-stdin-name"], input=BLAME.encode(), capture_output=True, timeout=300)
    assert result.returncode == 1
    assert not [line for line in _lines(result.stdout) if line.startswith("::")]
    result = subprocess.run([sys.executable, "-m", "replylint", "check", "--\n::error::argparse"],
                            capture_output=True, timeout=300)
    assert result.returncode == 2
    assert not [line for line in _lines(result.stderr) if line.lstrip().startswith("::")]


def test_escaping_helpers():
    assert displayable("a\nb\x1b\u202ec\udcff\ud800") == "a\\nb\\x1b\\u202ec\\xff\\ud800"
    assert safe_line("  ::error::x ##[add-mask]y") == "  \\x3a:error::x ##\\x5badd-mask]y"
    out = io.StringIO()
    guard = GuardedStream(out)
    guard.write(":")
    guard.write(":error::split\nok\x1b\n")
    guard.write("tail")
    guard.flush()
    assert out.getvalue() == "\\x3a:error::split\nok\\x1b\ntail"


@pytest.mark.skipif(sys.platform != "linux", reason="file names with line breaks")
def test_progress_bar_on_a_terminal_cannot_be_used_for_injection(tmp_path, monkeypatch):
    """Item 10's last surface: the progress bar (tqdm, on a terminal) shows counts only, so a
    file name made of workflow commands and escape codes never reaches it."""
    from replylint.cli import PROGRESS_MIN_FILES, build_parser, run_check
    from tests.test_cli import FakeTerminal

    for i in range(PROGRESS_MIN_FILES + 2):
        (tmp_path / f"b\n::error file=evil.txt::INJECTED\x1b]0;t\x07\n{i}.txt").write_text(BLAME, encoding="utf-8")
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    args = build_parser().parse_args(["check", str(tmp_path), "--jobs", "1"])
    out = io.StringIO()
    assert run_check(args, out, terminal) == 1
    shown = terminal.getvalue()
    assert "file/s" in shown or "file]" in shown  # the bar was drawn
    assert "INJECTED" not in shown and "\x1b]0;" not in shown
    lines = [line for chunk in (shown + out.getvalue()).split("\n") for line in chunk.split("\r")]
    assert not [line for line in lines if line.lstrip().startswith("::")]

"""--output-format full|concise, colour and NO_COLOR, --watch (issue 12)."""
from __future__ import annotations

import io

from replylint.cli import _color
from replylint.watch import watch

from .test_cli import DEAD_END, run


def test_full_shows_the_line_and_underlines_the_span(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Hi.\n  " + DEAD_END, encoding="utf-8")
    code, out, _ = run(["check", str(path), "--select", "dead-end", "--output-format", "full"])
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}:2:3: error dead-end ")
    assert lines[1:4] == ["  |", "2 |   There's nothing we can do.", "  |   " + "^" * 25]
    assert "\x1b[" not in out  # not a terminal: no colour
    assert lines[-1] == "Found 1 problem (1 error, 0 warnings) in 1 file."


def test_full_underline_counts_terminal_columns(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("- title: 标题\n  body: |\n    您好。\tThere's nothing we can do.\n", encoding="utf-8")
    _, out, _ = run(["check", str(path), "--select", "dead-end", "--format", "full"])
    lines = out.splitlines()
    assert lines[2] == "3 |     您好。    There's nothing we can do."
    assert lines[3] == "  |     " + " " * 10 + "^" * 25  # 您好。 is 6 columns, the tab 4
    assert lines[4] == "  = in 标题"


def test_concise_is_the_one_line_format(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(DEAD_END, encoding="utf-8")
    assert run(["check", str(path), "--format", "concise"])[1] == run(["check", str(path)])[1]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal_unless_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert _color(_Terminal()) and not _color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _color(_Terminal())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert _color(io.StringIO())


def test_forced_colour_paints_level_and_underline(tmp_path, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    path = tmp_path / "r.txt"
    path.write_text(DEAD_END, encoding="utf-8")
    out = run(["check", str(path), "--select", "dead-end", "--format", "full"])[1]
    assert "\x1b[1;31merror\x1b[0m" in out and "\x1b[1;31m" + "^" * 25 + "\x1b[0m" in out


def test_watch_checks_again_after_a_change(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Thanks!\n", encoding="utf-8")
    codes: list[int] = []

    def check() -> int:
        code = run(["check", str(tmp_path), "--select", "dead-end"])[0]
        codes.append(code)
        return code

    def edit(_seconds: float) -> None:  # the user saves the file while replylint waits
        path.write_text(DEAD_END, encoding="utf-8")

    err = io.StringIO()
    assert watch(check, [str(tmp_path)], err, sleep=edit, max_runs=2) == 1
    assert codes == [0, 1]
    assert "Files changed, checking again." in err.getvalue()


def test_watch_refuses_standard_input():
    code, _, err = run(["check", "--watch", "-"], stdin="x")
    assert code == 2 and "need files" in err

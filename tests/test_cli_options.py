"""Command-line options added for CI use (issue 12): repeated --select, --exit-zero, JSON error
records, --statistics as JSON."""
from __future__ import annotations

import json

from .test_cli import DEAD_END, run

VAGUE = "We will fix it soon.\n"


def test_repeated_select_adds_rules(tmp_path):
    (tmp_path / "r.txt").write_text(DEAD_END + VAGUE, encoding="utf-8")
    code, out, err = run(["check", str(tmp_path / "r.txt"), "--format", "json",
                          "--select", "dead-end", "--select", "vague-timeline"])
    assert code == 1, err
    assert sorted({r["rule"] for r in json.loads(out)}) == ["dead-end", "vague-timeline"]


def test_repeated_ignore_adds_rules(tmp_path):
    (tmp_path / "r.txt").write_text(DEAD_END + VAGUE, encoding="utf-8")
    _, out, _ = run(["check", str(tmp_path / "r.txt"), "--format", "json", "--select", "dead-end,vague-timeline",
                     "--ignore", "dead-end", "--ignore", "vague-timeline"])
    assert json.loads(out) == []


def test_exit_zero(tmp_path):
    (tmp_path / "r.txt").write_text(DEAD_END, encoding="utf-8")
    code, out, _ = run(["check", str(tmp_path / "r.txt"), "--exit-zero"])
    assert code == 0 and "dead-end" in out
    code, _, _ = run(["check", str(tmp_path / "missing.txt"), "--exit-zero"])
    assert code == 2  # a file that cannot be read is still an error


def test_json_output_includes_files_that_could_not_be_read(tmp_path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "r.txt").write_text(DEAD_END, encoding="utf-8")
    code, out, err = run(["check", str(tmp_path), "--format", "json", "--select", "dead-end"])
    assert code == 2
    records = json.loads(out)
    assert [r["kind"] for r in records] == ["finding", "file-error"]
    error = records[1]
    assert error["path"] == str(tmp_path / "bad.json") and error["rule"] is None and error["level"] == "error"
    assert error["message"].startswith("invalid JSON") and error["line"] == 1
    assert "bad.json:1:2: error: invalid JSON" in err  # still on standard error too


def test_statistics_as_json(tmp_path):
    (tmp_path / "r.txt").write_text(DEAD_END + VAGUE, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Thanks for writing!\n", encoding="utf-8")
    code, out, err = run(["check", str(tmp_path), "--statistics", "--format", "json",
                          "--select", "dead-end,vague-timeline"])
    assert code == 1, err
    stats = json.loads(out)
    assert stats["files_checked"] == 2 and stats["replies_checked"] == 2 and stats["findings"] == 2
    assert [(r["rule"], r["count"], r["levels"]) for r in stats["rules"]] == [
        ("dead-end", 1, {"error": 1}), ("vague-timeline", 1, {"warning": 1})]
    assert [row["lang"] for row in stats["languages"]] == ["en"]
    assert stats["languages"][0] == {"lang": "en", "replies": 2, "findings": 2}


def test_per_file_ignores(tmp_path, monkeypatch):
    (tmp_path / ".replylint.toml").write_text('[per-file-ignores]\n"legal/**" = ["dead-end"]\n"*.notes.txt" = '
                                             '["dead-end", "vague-timeline"]\n', encoding="utf-8")
    for rel in ("legal/terms.txt", "replies/r.txt", "replies/a.notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(DEAD_END + VAGUE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["check", ".", "--format", "json", "--select", "dead-end,vague-timeline"])
    assert code == 1, err
    got = sorted((r["path"], r["rule"]) for r in json.loads(out))
    assert got == [("legal/terms.txt", "vague-timeline"), ("replies/r.txt", "dead-end"),
                   ("replies/r.txt", "vague-timeline")]


def test_per_file_ignores_names_real_rules(tmp_path):
    (tmp_path / ".replylint.toml").write_text('[per-file-ignores]\n"legal/**" = ["dead-ned"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(DEAD_END, encoding="utf-8")
    code, _, err = run(["check", str(tmp_path / "r.txt")])
    assert code == 2
    assert err.startswith(f"{tmp_path / '.replylint.toml'}:2: unknown rule 'dead-ned' in 'per-file-ignores'")


def test_every_new_option_is_in_help():
    code, out, _ = run(["check", "--help"])
    assert code == 0
    for option in ("--fix", "--diff", "--watch", "--exit-zero", "--force-exclude", "--no-respect-gitignore",
                   "--report-unused-suppressions", "--output-format", "full", "concise", "NO_COLOR"):
        assert option in out, option

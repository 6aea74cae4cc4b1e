"""`replylint check` on template files: findings at the exact line and column of the source.

A fixture pattern folder is added on top of the built-in patterns and every check runs
with ``--select dead-end``, so the findings do not depend on which built-in patterns exist.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .readers_helpers import source_position
from .test_cli import FIXTURE, run

DEAD_END = "There's nothing we can do"


@pytest.fixture()
def project(tmp_path):
    (tmp_path / ".replylint.toml").write_text(f'patterns = ["{FIXTURE.as_posix()}"]\n', encoding="utf-8")
    return tmp_path


def findings(*args) -> list[dict]:
    code, out, err = run(["check", *map(str, args), "--select", "dead-end", "--format", "json"])
    assert code in (0, 1), err
    return json.loads(out)


def where(item: dict) -> tuple[int, int, int, int]:
    return item["line"], item["column"], item["end_line"], item["end_column"]


def test_zendesk_html_comment_maps_through_tags_and_escapes(project):
    source = json.dumps({"macros": [{"title": "Refund", "actions": [
        {"field": "comment_value_html",
         "value": "<p>Hi {{ticket.requester.first_name}},</p>\n<p>Sorry &mdash; <b>really</b>. "
                  f"{DEAD_END}.</p>"}]}]}, indent=2)
    (project / "macros.json").write_text(source, encoding="utf-8")
    [item] = findings(project / "macros.json")
    line, col = source_position(source, DEAD_END)
    assert where(item) == (line, col, line, col + len(DEAD_END))
    assert item["reply"] == "Refund"


def test_osticket_html_body_in_a_block_scalar(project):
    source = ("subject: |\n    Re: %{ticket.subject}\nbody: |\n    <h3><strong>Dear %{recipient.name},</strong></h3>\n"
              f"    <div style=\"color: rgb(127, 127, 127);\">Sorry, {DEAD_END}.<br>\n    </div>\n")
    (project / "ticket.reply.yaml").write_text(source, encoding="utf-8")
    [item] = findings(project / "ticket.reply.yaml")
    line, col = source_position(source, DEAD_END)
    assert where(item) == (line, col, line, col + len(DEAD_END)) and item["reply"] == "body"


def test_finding_across_a_folded_line(project):
    source = "- title: Folded\n  body: >\n    Hello. There's nothing\n    we can do.\n"
    (project / "r.yml").write_text(source, encoding="utf-8")
    [item] = findings(project / "r.yml")
    assert where(item) == (3, 12, 4, 14)


def test_markdown_code_is_skipped_and_html_comments_suppress(project):
    source = (f"# Reply\n\n```\n{DEAD_END}.\n```\n\nInline `{DEAD_END}` is code.\n\n"
              f"<!-- replylint-disable-next-line dead-end -->\n{DEAD_END}.\n\nSorry. {DEAD_END}.\n")
    (project / "reply.md").write_text(source, encoding="utf-8")
    [item] = findings(project / "reply.md")
    assert where(item)[:2] == (12, 8)


def test_directory_walk_picks_up_template_suffixes(project):
    (project / "a.yaml").write_text(f"body: {DEAD_END}.\n", encoding="utf-8")
    (project / "b.yml").write_text(f"text: {DEAD_END}.\n", encoding="utf-8")
    (project / "c.json").write_text(json.dumps({"reply": f"{DEAD_END}."}), encoding="utf-8")
    (project / "d.csv").write_text(f"reply\n{DEAD_END}.\n", encoding="utf-8")
    (project / "e.tsv").write_text(f"id\tmessage\n1\t{DEAD_END}.\n", encoding="utf-8")
    (project / "f.txt").write_text(f"{DEAD_END}.\n", encoding="utf-8")
    (project / "g.png").write_bytes(b"\x89PNG")
    found = findings(project)
    assert [(Path(i["path"]).name, i["line"], i["column"]) for i in found] == [
        ("a.yaml", 1, 7), ("b.yml", 1, 7), ("c.json", 1, 12), ("d.csv", 2, 1), ("e.tsv", 2, 3), ("f.txt", 1, 1)]


def test_configured_keys(project):
    (project / ".replylint.toml").write_text(f'patterns = ["{FIXTURE.as_posix()}"]\nkeys = ["canned"]\n',
                                             encoding="utf-8")
    (project / "r.yaml").write_text(f"body: {DEAD_END}.\ncanned: Sorry. {DEAD_END}.\n", encoding="utf-8")
    assert [where(i)[:2] for i in findings(project / "r.yaml")] == [(2, 16)]


def test_each_template_gets_its_own_language_or_the_configured_one(project):
    (project / "mixed.yaml").write_text(
        "- title: en\n  body: Thank you for writing to us, we will check your order today.\n"
        "- title: ru\n  body: Спасибо, что написали нам, мы проверим ваш заказ сегодня.\n"
        "- title: zh\n  body: 感谢您的来信，我们今天会检查您的订单。\n", encoding="utf-8")
    code, out, _ = run(["check", str(project / "mixed.yaml"), "--statistics"])
    assert "  en      1 reply" in out and "  ru      1 reply" in out and "  zh      1 reply" in out
    (project / ".replylint.toml").write_text(
        f'patterns = ["{FIXTURE.as_posix()}"]\n[per-file-lang]\n"*.ru.txt" = "ru"\n', encoding="utf-8")
    (project / "reply.ru.txt").write_text(f"{DEAD_END}.\n", encoding="utf-8")
    code, out, _ = run(["check", str(project / "reply.ru.txt"), "--select", "dead-end", "--statistics"])
    assert code == 0 and "  ru      1 reply" in out  # read as Russian, so the English pattern is silent


# ------------------------------------------------------------------- errors
def test_broken_files_are_reported_and_the_others_still_checked(project):
    (project / "ok.txt").write_text(f"{DEAD_END}.\n", encoding="utf-8")
    (project / "bad.yaml").write_text("body: ok\n  - nope: [\n", encoding="utf-8")
    (project / "bad.json").write_text('{"body": "x",}\n', encoding="utf-8")
    (project / "bad.csv").write_text('reply\n"unclosed\n', encoding="utf-8")
    bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (project / "bomb.yaml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    code, out, err = run(["check", str(project), "--select", "dead-end"])
    assert code == 2
    assert f"{project / 'ok.txt'}:1:1: error dead-end" in out
    lines = err.strip().splitlines()
    assert len(lines) == 4, err
    assert f"{project / 'bad.csv'}:2:1: error: invalid CSV: a quoted field is never closed" in lines
    assert any(line.startswith(f"{project / 'bad.json'}:1:14: error: invalid JSON: ") for line in lines)
    assert any(line.startswith(f"{project / 'bad.yaml'}:2:") and "error: invalid YAML: " in line for line in lines)
    assert any(line.startswith(f"{project / 'bomb.yaml'}: error: YAML aliases expand to ") for line in lines)
    assert "Traceback" not in err


def test_file_too_large(project):
    (project / ".replylint.toml").write_text(f'patterns = ["{FIXTURE.as_posix()}"]\nmax-file-size = 100\n',
                                             encoding="utf-8")
    (project / "big.json").write_text(json.dumps({"body": "x" * 200}), encoding="utf-8")
    (project / "small.txt").write_text(f"{DEAD_END}.\n", encoding="utf-8")
    code, out, err = run(["check", str(project), "--select", "dead-end"])
    assert code == 2 and "small.txt:1:1: error dead-end" in out
    assert f"{project / 'big.json'}: error: file is too large (212 bytes; the limit is 100" in err

"""`replylint check` over broken and hostile files (issue 6): each bad file gets one line on
standard error naming it, every other file is still checked, the exit code is 2, and no
traceback is printed unless ``--debug``. Complements tests/test_cli.py (latin-1, NUL bytes,
missing files, UTF-16 .txt) and tests/test_readers_*.py (parser errors, alias bombs).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import replylint.cli
import replylint.readers.yaml_templates
from tests.test_cli import DEAD_END, FIXTURE, run


@pytest.fixture()
def project(tmp_path):
    (tmp_path / ".replylint.toml").write_text(f'patterns = ["{FIXTURE.as_posix()}"]\n', encoding="utf-8")
    (tmp_path / "ok.txt").write_text(DEAD_END, encoding="utf-8")
    return tmp_path


def check(*args: str):
    return run(["check", *args, "--select", "dead-end"])


def assert_one_line_errors(project: Path, code: int, out: str, err: str, bad: dict[str, str]) -> None:
    """Exit 2, ok.txt still reported, and exactly one error line per bad file, naming it."""
    assert code == 2, (out, err)
    assert f"{project / 'ok.txt'}:1:1: error dead-end" in out
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == len(bad), err
    for name, message in bad.items():
        assert any(line.startswith(f"{project / name}") and message in line for line in lines), (name, err)


# ------------------------------------------------------------- bytes and text
def test_binary_files_of_every_format(project):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    for name in ("image.txt", "data.json", "data.yaml", "data.csv", "notes.md"):
        (project / name).write_bytes(png)
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {n: "error: not valid UTF-8 text" for n in
                                                     ("image.txt", "data.json", "data.yaml", "data.csv", "notes.md")})


def test_invalid_utf8_says_which_byte(project):
    (project / "broken.yaml").write_bytes("body: Привет".encode()[:-1] + b"\n")  # a cut multi-byte character
    (project / "overlong.txt").write_bytes(b"ok \xc0\xaf overlong slash")
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {"broken.yaml": "not valid UTF-8 text (byte 16)",
                                                     "overlong.txt": "not valid UTF-8 text (byte 3)"})


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16_with_bom_in_structured_files_maps_positions(project, encoding):
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-16-le": b"\xff\xfe"}[encoding]
    (project / "macros.yaml").write_bytes(bom + f"- title: T\n  body: Hi 👋. {DEAD_END}".encode(encoding))
    (project / "saved.csv").write_bytes(bom + f'title,reply\nT,"Hi. {DEAD_END.strip()}"\n'.encode(encoding))
    code, out, err = check(str(project / "macros.yaml"), str(project / "saved.csv"))
    assert code == 1, err
    assert f"{project / 'macros.yaml'}:2:15: error dead-end" in out  # 👋 is one column
    assert f"{project / 'saved.csv'}:2:8: error dead-end" in out


def test_utf16_bom_with_a_cut_last_character(project):
    (project / "cut.txt").write_bytes(DEAD_END.encode("utf-16")[:-1])
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {"cut.txt": "not valid UTF-8 text"})


def test_empty_and_blank_files_hold_no_replies(project):
    """An empty file of any format is checked and has nothing to report (not an error)."""
    for name in ("empty.txt", "empty.md", "empty.json", "empty.yaml", "empty.csv", "blank.json"):
        (project / name).write_text("   \n\n" if name.startswith("blank") else "", encoding="utf-8")
    code, out, err = check(str(project))
    assert code == 1 and err == "", err  # 1: the dead end in ok.txt
    assert "in 7 files." in out


# ------------------------------------------------------------ the file system
def test_directory_loop_through_symlinks(project):
    (project / "a" / "b").mkdir(parents=True)
    (project / "a" / "b" / "up").symlink_to(project / "a", target_is_directory=True)  # a/b/up -> a
    (project / "a" / "b" / "root").symlink_to(project, target_is_directory=True)  # back to the top
    (project / "a" / "b" / "reply.txt").write_text(DEAD_END, encoding="utf-8")
    (project / "self.txt").symlink_to(project / "self.txt")  # a file link pointing at itself
    code, out, err = check(str(project), str(project / "a" / "b" / "up" / "b" / "up"))
    assert_one_line_errors(project, code, out, err, {"self.txt": "Too many levels of symbolic links"})
    assert out.count("b/reply.txt:1:1: error dead-end") == 2  # once by the walk, once by the named loop path


def test_file_that_disappears_between_listing_and_reading(project, monkeypatch):
    for name in ("gone.txt", "gone.yaml", "later.txt"):
        (project / name).write_text(DEAD_END, encoding="utf-8")
    listed = replylint.cli.iter_files

    def list_then_delete(*args):
        files = list(listed(*args))
        (project / "gone.txt").unlink()
        (project / "gone.yaml").unlink()
        return files

    monkeypatch.setattr(replylint.cli, "iter_files", list_then_delete)
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {"gone.txt": "error: No such file or directory",
                                                     "gone.yaml": "error: No such file or directory"})
    assert "later.txt:1:1: error dead-end" in out


def test_file_that_disappears_between_stat_and_read(project, monkeypatch):
    (project / "racy.txt").write_text(DEAD_END, encoding="utf-8")
    real = Path.read_bytes

    def vanish(self):
        if self.name == "racy.txt":
            self.unlink()
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", vanish)
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {"racy.txt": "error: No such file or directory"})


def test_unreadable_file_simulated(project, monkeypatch):
    """The OSError a real permission problem raises, injected at the read (meaningful as root)."""
    (project / "secret.txt").write_text(DEAD_END, encoding="utf-8")
    (project / "secret.json").write_text('{"body": "x"}', encoding="utf-8")
    real = Path.read_bytes

    def denied(self):
        if self.stem == "secret":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {"secret.txt": "error: Permission denied",
                                                     "secret.json": "error: Permission denied"})


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; the simulated test covers it")
def test_unreadable_file_real_permissions(project):
    secret = project / "secret.txt"
    secret.write_text(DEAD_END, encoding="utf-8")
    secret.chmod(0)
    try:
        code, out, err = check(str(project))
    finally:
        secret.chmod(0o644)
    assert_one_line_errors(project, code, out, err, {"secret.txt": "error: Permission denied"})


def test_unreadable_folder_is_reported(project, monkeypatch):
    (project / "locked").mkdir()
    (project / "locked" / "r.txt").write_text(DEAD_END, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {"locked": "error: cannot read folder: Permission denied"})


def test_fifo_named_on_the_command_line_is_not_read_forever(project):
    fifo = project / "pipe.txt"
    os.mkfifo(fifo)
    code, out, err = check(str(project))  # found by the walk: it must not block
    assert_one_line_errors(project, code, out, err, {"pipe.txt": "not a regular file"})


# ------------------------------------------------------ hostile structures
def test_yaml_recursive_and_exponential_aliases(project):
    (project / "loop.yaml").write_text("a: &a\n  - body: x\n  - *a\n", encoding="utf-8")
    bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    (project / "bomb.yaml").write_text("\n".join(bomb) + "\nbody: hello\n", encoding="utf-8")
    mapping_bomb = ["k0: &k0 {body: lol, text: lol}"]
    mapping_bomb += [f"k{i}: &k{i} {{{', '.join(f'x{j}: *k{i - 1}' for j in range(10))}}}" for i in range(1, 10)]
    (project / "mapbomb.yml").write_text("\n".join(mapping_bomb) + "\n", encoding="utf-8")
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {"loop.yaml": "recursive alias",
                                                     "bomb.yaml": "refusing a possible alias bomb",
                                                     "mapbomb.yml": "refusing a possible alias bomb"})


def test_deeply_nested_json_and_yaml(project):
    depth = 100_000
    (project / "deep.json").write_text("[" * depth + "]" * depth, encoding="utf-8")
    (project / "deepobj.json").write_text('{"body":' * depth + '"x"' + "}" * depth, encoding="utf-8")
    (project / "flow.yaml").write_text("[" * depth + "]" * depth, encoding="utf-8")  # was a segfault in libyaml
    (project / "block.yaml").write_text("".join("  " * i + "body:\n" for i in range(300)) + "  " * 300 + "x\n",
                                        encoding="utf-8")
    (project / "dashes.yaml").write_text("- " * 5000 + "x\n", encoding="utf-8")
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {
        "deep.json": "JSON nested too deeply", "deepobj.json": "JSON nested too deeply",
        "flow.yaml:1:201: error: YAML nested more than 200 levels deep": "",
        "block.yaml:201:": "YAML nested more than 200 levels deep",
        "dashes.yaml:1:": "YAML nested more than 200 levels deep"})


def test_nesting_below_the_limits_is_read(project):
    (project / "nested.json").write_text('{"a":' * 150 + '{"body": "' + DEAD_END.strip() + '"}' + "}" * 150,
                                         encoding="utf-8")
    (project / "nested.yaml").write_text("[" * 150 + f'{{body: "{DEAD_END.strip()}"}}' + "]" * 150, encoding="utf-8")
    code, out, err = check(str(project))
    assert code == 1 and err == "", err
    assert "nested.json:1:" in out and "nested.yaml:1:" in out


@pytest.mark.slow
def test_csv_with_a_100_mb_field_is_refused_by_size(project):
    with open(project / "huge.csv", "w", encoding="utf-8") as handle:
        handle.write('title,reply\nT,"')
        chunk = "x" * 1_000_000
        for _ in range(100):
            handle.write(chunk)
        handle.write('"\n')
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err,
                           {"huge.csv": "file is too large (100,000,017 bytes; the limit is 10,485,760"})


@pytest.mark.slow
def test_csv_with_a_multi_megabyte_field_under_the_limit_is_linted(project):
    """One 3 MB paragraph: spaCy's million-character limit and the per-pattern time limit
    used to turn it into an 'internal error' or a false 'slow pattern' report."""
    field = ("Sorry for the wait. " * 150_000) + DEAD_END.strip()
    (project / "long.csv").write_text(f'title,reply\nT,"{field}"\n', encoding="utf-8")
    code, out, err = check(str(project / "long.csv"))
    assert code == 1 and err == "", err
    assert f"{project / 'long.csv'}:2:{4 + len(field) - len(DEAD_END.strip())}: error dead-end" in out


def test_standard_input_is_bounded_by_max_file_size(project, monkeypatch):
    (project / ".replylint.toml").write_text(f'patterns = ["{FIXTURE.as_posix()}"]\nmax-file-size = 1000\n',
                                             encoding="utf-8")
    monkeypatch.chdir(project)
    code, out, err = run(["check", "-", "--select", "dead-end"], stdin="x" * 5000)
    assert code == 2 and err.strip() == "-: error: standard input is too large (more than 1,000 characters; " \
                                         "setting max-file-size)"
    assert run(["check", "-", "--select", "dead-end"], stdin=DEAD_END)[0] == 1


# ------------------------------------------------------------- --debug only
def test_unexpected_errors_are_one_line_unless_debug(project, monkeypatch):
    def explode(*args, **kwargs):
        raise KeyError("boom")

    (project / "t.yaml").write_text("body: hi\n", encoding="utf-8")
    monkeypatch.setattr(replylint.readers.yaml_templates, "find_templates", explode)
    code, out, err = check(str(project))
    assert_one_line_errors(project, code, out, err, {"t.yaml": "internal error (KeyError: 'boom'); rerun with --debug"})
    with pytest.raises(KeyError):
        run(["check", str(project), "--select", "dead-end", "--debug"])

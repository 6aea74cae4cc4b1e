"""Where the language server may write a configuration change, and how (issue 15, item 6).

The allow-list command wrote wherever the client said: new files outside the workspace, a
TOML outside it (CRLF turned to LF), through a planted symlink, and a term with a lone
surrogate truncated the config to 0 bytes. The target is now chosen by the server, inside
the workspace, never through a link, and written atomically with its line endings.
"""
from __future__ import annotations

import os

import pytest

from replylint.lsp.config_edits import (
    ConfigEditError,
    check_value,
    choose_target,
    read_config_text,
    updated_text,
    write_atomically,
)


@pytest.fixture()
def workspace(tmp_path):
    root = tmp_path / "ws"
    (root / "replies").mkdir(parents=True)
    return root


def test_a_new_config_goes_at_the_root_of_the_documents_workspace_folder(workspace):
    target = choose_target(workspace / "replies" / "a.md", None, [workspace])
    assert target.path == workspace / ".replylint.toml" and target.table is None


def test_the_config_in_use_is_changed_when_it_is_inside_the_workspace(workspace):
    pyproject = workspace / "pyproject.toml"
    pyproject.write_text("[tool.replylint]\n", encoding="utf-8")
    target = choose_target(workspace / "replies" / "a.md", pyproject, [workspace])
    assert target.path == pyproject and target.table == "tool.replylint"


def test_nothing_outside_the_workspace_is_written(workspace, tmp_path):
    outside = tmp_path / ".replylint.toml"
    outside.write_text("allow = []\n", encoding="utf-8")
    with pytest.raises(ConfigEditError, match="outside the workspace"):
        choose_target(workspace / "replies" / "a.md", outside, [workspace])  # found by walking up past the root
    with pytest.raises(ConfigEditError, match="outside the workspace"):
        choose_target(tmp_path / "elsewhere" / "a.md", None, [workspace])  # a document outside every folder
    with pytest.raises(ConfigEditError, match="no workspace folder"):
        choose_target(workspace / "replies" / "a.md", None, [])


def test_symbolic_links_are_refused(workspace, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    planted = workspace / ".replylint.toml"
    planted.symlink_to(victim)
    with pytest.raises(ConfigEditError, match="symbolic link"):
        choose_target(workspace / "replies" / "a.md", planted, [workspace])
    with pytest.raises(ConfigEditError, match="symbolic link"):
        choose_target(workspace / "replies" / "a.md", None, [workspace])
    with pytest.raises(ConfigEditError, match="symbolic link"):
        write_atomically(planted, "allow = []\n")
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_a_lone_surrogate_is_refused_before_the_file_is_touched(workspace):
    config = workspace / ".replylint.toml"
    config.write_bytes(b'allow = ["RMA"]\r\n')
    with pytest.raises(ConfigEditError, match="surrogate"):
        check_value("bad\ud800term", "term")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(config, 'allow = ["RMA", "bad\ud800"]\r\n')
    assert config.read_bytes() == b'allow = ["RMA"]\r\n'
    with pytest.raises(ConfigEditError, match="control"):
        check_value("two\nlines", "term")


def test_line_endings_bom_and_mode_are_kept(workspace):
    config = workspace / ".replylint.toml"
    config.write_bytes('\ufeff# team\r\nallow = ["RMA"]\r\n'.encode("utf-8"))
    os.chmod(config, 0o640)
    target = choose_target(workspace / "a.md", config, [workspace])
    text, bom = read_config_text(config)
    new = updated_text(text, target, "allow", "ZORG")
    assert new is not None
    write_atomically(config, new, bom)
    assert config.read_bytes() == '\ufeff# team\r\nallow = ["RMA", "ZORG"]\r\n'.encode("utf-8")
    assert config.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in workspace.iterdir()) == [".replylint.toml", "replies"]  # no temporary file left
    assert updated_text(new, target, "allow", "ZORG") is None  # already there

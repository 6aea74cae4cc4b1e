"""Running a Lua test script in real headless Neovim with the replylint plugin and server.

The Neovim tests (``test_nvim.py``, ``test_nvim_file_types.py``) each set a few Lua globals —
the file to open, where to write the result, what to expect — then run a script that drives the
editor and writes a JSON result; this module does the part they share.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.test_lsp_support import REPO, server_env

NVIM = shutil.which("nvim")


def lua(value) -> str:
    """A Python string or list of strings as a Lua literal (JSON strings and lists read as Lua here)."""
    return json.dumps(value, ensure_ascii=False)


def run_in_neovim(tmp_path: Path, work: Path, patterns: Path, file: Path, settings: list[str], script: str,
                  timeout: int, name: str = "test.lua") -> dict:
    """Open ``file`` in headless Neovim (no user config, shada or plugins) with the plugin from
    ``editors/nvim`` and the server on ``patterns``, run ``script`` after ``settings`` (Lua
    assignments), and return the JSON the script wrote to ``RESULT``."""
    result_file = tmp_path / "result.json"
    source = "\n".join([
        f"PLUGIN = {lua(str(REPO / 'editors' / 'nvim'))}",
        f"FILE = {lua(str(file))}",
        f"RESULT = {lua(str(result_file))}",
        f"CMD = {{ {lua(sys.executable)}, '-m', 'replylint.lsp' }}",
        *settings,
        script,
    ])
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    env = server_env(patterns)
    env["HOME"] = str(tmp_path)
    env.pop("XDG_CONFIG_HOME", None)
    assert NVIM is not None
    proc = subprocess.run([NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-c", f"luafile {path}"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=timeout)
    assert result_file.exists(), f"nvim wrote no result: {proc.stdout}\n{proc.stderr}"
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result.setdefault("stderr", proc.stderr)
    return result

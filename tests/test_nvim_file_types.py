"""Real Neovim with editors/nvim on each file type an agent edits: .txt, .md, .yaml, .json.

For each file the test opens it in headless Neovim (0.7.2 on Debian) with the plugin and checks,
in the editor itself, what a user sees:

* the diagnostics are exactly what ``replylint check --format json`` reports for the saved file
  (rule, start and end), converted by the test from the CLI's character columns to the byte
  columns Neovim uses, so lines with Cyrillic and emoji check the whole position chain;
* ``vim.lsp.buf.hover()`` on the first finding opens a float with the rule's explanation;
* ``vim.lsp.buf.code_action()``, picking the way a user does in the menu, applies a suggestion
  (only the flagged span changes) and then silences a rule where the customer never sees it: an
  invisible ``<!-- … -->`` comment in Markdown, the workspace's ``.replylint.toml`` for plain
  text, YAML and JSON — never a line in the reply, the block scalar or the JSON string.

The fixture pattern pack of tests/test_lsp_support.py makes every finding certain.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.nvim_harness import NVIM, lua, run_in_neovim
from tests.test_lsp_support import server_env, write_patterns

pytestmark = [pytest.mark.skipif(NVIM is None, reason="nvim is not installed (Debian: apt-get install -y neovim)"),
              pytest.mark.slow]

CONFIG = "# team terms\nallow = [\"RMA\"]\n"


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    filetype: str  # what Neovim's own detection gives the buffer
    silence: str  # title prefix of the action that silences internal-jargon


CASES = [
    Case("reply.txt", "Hello,\nSee ZORGTICKET-12 now 😀. NOPEWAY.\nThanks!\n", "text",
         "Disable internal-jargon in .replylint.toml"),
    Case("reply.md", "# Доставка 📦\n\nЗдравствуйте 😀! См. ZORGTICKET-7, NOPEWAY.\n", "markdown",
         "Suppress internal-jargon on this line"),
    # A canned-responses file: titles and notes are for staff and are not checked.
    Case("canned.yaml", textwrap.dedent("""\
        # canned responses
        - title: NOPEWAY escalation (internal)
          notes: ZORGTICKET-1 is the tracking key
          body: |
            Здравствуйте,

            Your refund 📦 is on its way. See ZORGTICKET-12. NOPEWAY.
        """), "yaml", "Disable internal-jargon in .replylint.toml"),
    # A Zendesk macros export: only the comment actions are replies; escapes move columns.
    Case("macros.json", json.dumps({"macros": [{"title": "Delay NOPEWAY", "actions": [
        {"field": "subject", "value": "ZORGTICKET-99"},
        {"field": "comment_value", "value": "Здравствуйте,\n\nSee 📦 ZORGTICKET-12. NOPEWAY."},
        {"field": "status", "value": "NOPEWAY"}]}]}, ensure_ascii=False, indent=2) + "\n", "json",
         "Disable internal-jargon in .replylint.toml"),
]

SCRIPT = textwrap.dedent("""\
    vim.opt.runtimepath:prepend(PLUGIN)
    vim.cmd('filetype on')
    require('replylint').setup{ cmd = CMD, settings = { debounce = 50 } }
    local result = { offered = {} }
    local function out()
      vim.fn.writefile({ vim.fn.json_encode(result) }, RESULT)
    end
    local function diagnostics()
      local found = {}
      for _, d in ipairs(vim.diagnostic.get(0)) do
        local lsp = d.user_data and d.user_data.lsp or {}
        table.insert(found, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
                              code = d.code or lsp.code, source = d.source })
      end
      return found
    end
    local function count(code)
      local n = 0
      for _, d in ipairs(diagnostics()) do
        if code == nil or d.code == code then n = n + 1 end
      end
      return n
    end
    local function lines()
      return vim.api.nvim_buf_get_lines(0, 0, -1, false)
    end
    -- Pick the code action whose title starts with WANT, as a user would in the menu.
    local want = nil
    vim.ui.select = function(items, opts, on_choice)
      local chosen = nil
      for i, item in ipairs(items) do
        local title = (item.action or item[2] or item).title
        table.insert(result.offered, title)
        if chosen == nil and want and title:sub(1, #want) == want then
          chosen = i
        end
      end
      if chosen then
        return on_choice(items[chosen], chosen)
      end
      on_choice(nil, nil)
    end
    local function act(at, title)
      vim.api.nvim_win_set_cursor(0, { at[1] + 1, at[2] })
      want = title
      vim.lsp.buf.code_action()
    end
    local function floats()
      local text = {}
      for _, win in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(win).relative ~= '' then
          local buf = vim.api.nvim_win_get_buf(win)
          table.insert(text, table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\\n'))
        end
      end
      return table.concat(text, '\\n')
    end
    local ok, err = pcall(function()
      vim.cmd('edit ' .. vim.fn.fnameescape(FILE))
      result.filetype = vim.bo.filetype
      result.attached = vim.wait(60000, function() return count() >= EXPECTED end, 50)
      vim.wait(300)  -- a late extra diagnostic would show here
      result.diagnostics = diagnostics()
      if not result.attached then return end
      -- Hover the first finding: a float with the server's explanation.
      vim.api.nvim_win_set_cursor(0, { HOVER_AT[1] + 1, HOVER_AT[2] })
      vim.lsp.buf.hover()
      vim.wait(15000, function() return floats():find('replylint', 1, true) ~= nil end, 50)
      result.hover = floats()
      vim.cmd('silent! only')  -- close the float
      -- Apply the rule's first suggestion to the dead end.
      act(REPLACE_AT, 'Replace with')
      result.replaced = vim.wait(15000, function() return count('dead-end') == DEAD_ENDS - 1 end, 50)
      result.after_replace = lines()
      result.offered_at_replace = result.offered
      result.offered = {}
      -- Silence internal-jargon somewhere the customer never reads.
      act(SILENCE_AT, SILENCE)
      result.silenced = vim.wait(20000, function() return count('internal-jargon') == 0 end, 50)
      result.after_silence = lines()
      result.offered_at_silence = result.offered
      result.modified_buffers = #vim.fn.getbufinfo({ bufmodified = 1 })
    end)
    result.error = not ok and tostring(err) or nil
    out()
    vim.cmd('qa!')
""")


_lua = lua


def _byte_column(line: str, column: int) -> int:
    """Neovim's byte column of a 0-based character column of ``line``."""
    return len(line[:column].encode("utf-8"))


def _cli_findings(folder: Path, name: str, patterns: Path) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "replylint", "check", "--format", "json", name], cwd=folder,
                          env=server_env(patterns), capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _in_bytes(text: str, finding: dict) -> tuple[int, int, int, int, str]:
    """(line, col, end line, end col, rule) of a CLI finding, 0-based, columns in UTF-8 bytes."""
    lines = text.split("\n")
    line, end_line = finding["line"] - 1, finding["end_line"] - 1
    return (line, _byte_column(lines[line], finding["column"] - 1),
            end_line, _byte_column(lines[end_line], finding["end_column"] - 1), finding["rule"])


def _offset(text: str, line: int, column: int) -> int:
    """Character offset of a 0-based (line, character column) in ``text``."""
    return sum(len(x) + 1 for x in text.split("\n")[:line]) + column


def _run(tmp_path: Path, case: Case) -> tuple[dict, Path, list[dict]]:
    patterns = write_patterns(tmp_path / "patterns")
    work = tmp_path / "replies"
    work.mkdir()
    (work / ".git").mkdir()
    (work / ".replylint.toml").write_text(CONFIG, encoding="utf-8")
    path = work / case.name
    path.write_text(case.text, encoding="utf-8")
    findings = _cli_findings(work, case.name, patterns)
    expected = sorted(_in_bytes(case.text, f) for f in findings)
    first = expected[0]
    dead_end = next(f for f in expected if f[4] == "dead-end")
    jargon = next(f for f in expected if f[4] == "internal-jargon")
    settings = [
        f"EXPECTED = {len(expected)}",
        f"DEAD_ENDS = {sum(f[4] == 'dead-end' for f in expected)}",
        f"HOVER_AT = {{ {first[0]}, {first[1]} }}",
        f"REPLACE_AT = {{ {dead_end[0]}, {dead_end[1]} }}",
        f"SILENCE_AT = {{ {jargon[0]}, {jargon[1]} }}",
        f"SILENCE = {_lua(case.silence)}",
    ]
    result = run_in_neovim(tmp_path, work, patterns, path, settings, SCRIPT, timeout=180)
    assert not result.get("error"), result["error"]
    return result, work, findings


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_neovim_matches_the_cli_hovers_and_fixes_outside_the_reply(tmp_path, case: Case):
    result, work, findings = _run(tmp_path, case)
    expected = sorted(_in_bytes(case.text, f) for f in findings)
    assert {f["rule"] for f in findings} == {"dead-end", "internal-jargon"}, findings
    assert result["filetype"] == case.filetype

    # Diagnostics: exactly the CLI's, at the same places.
    assert result["attached"], f"no diagnostics in time: {result}"
    got = sorted((d["lnum"], d["col"], d["end_lnum"], d["end_col"], d["code"]) for d in result["diagnostics"])
    assert got == expected, f"Neovim vs replylint check for {case.name}"
    assert {d["source"] for d in result["diagnostics"]} == {"replylint"}

    # Hover: the rule's explanation in a float.
    first_rule = expected[0][4]
    assert f"replylint · {first_rule}" in result["hover"], result["hover"]
    assert "Why this is bad" in result["hover"], result["hover"]

    # A suggestion replaces the flagged span and nothing else.
    assert result["replaced"], result
    dead_end = min((f for f in findings if f["rule"] == "dead-end"), key=lambda f: (f["line"], f["column"]))
    start = _offset(case.text, dead_end["line"] - 1, dead_end["column"] - 1)
    end = _offset(case.text, dead_end["end_line"] - 1, dead_end["end_column"] - 1)
    after_replace = "\n".join(result["after_replace"]) + "\n"
    tail = len(case.text) - end
    assert after_replace[:start] == case.text[:start] and after_replace[len(after_replace) - tail:] == case.text[end:]
    assert after_replace[start:len(after_replace) - tail].lower() == "another way"

    # Silencing internal-jargon writes only outside the reply text.
    assert result["silenced"], result
    after_silence = "\n".join(result["after_silence"]) + "\n"
    offered = result["offered_at_replace"] + result["offered_at_silence"]
    if case.name.endswith(".md"):
        # An invisible HTML comment at the end of the finding's line; the visible text is as it was.
        jargon_line = next(f["line"] for f in findings if f["rule"] == "internal-jargon") - 1
        before_lines, after_lines = after_replace.split("\n"), after_silence.split("\n")
        directive = " <!-- replylint-disable-line internal-jargon -->"
        assert after_lines[jargon_line] == before_lines[jargon_line] + directive
        assert after_lines[:jargon_line] + after_lines[jargon_line + 1:] == \
            before_lines[:jargon_line] + before_lines[jargon_line + 1:]
        assert (work / ".replylint.toml").read_text(encoding="utf-8") == CONFIG
        assert result["modified_buffers"] == 1  # the reply, edited in its buffer
    else:
        # Plain text, a YAML block scalar, a JSON string: a directive there would reach the customer.
        assert not [t for t in offered if t.startswith("Suppress")], offered
        assert after_silence == after_replace, "the suppression went into the reply"
        assert case.silence in offered, offered
        # The config's comment and allow list kept, the rule added.
        assert (work / ".replylint.toml").read_text(encoding="utf-8") == CONFIG + 'ignore = ["internal-jargon"]\n'
        assert result["modified_buffers"] == 1  # the reply; the config was written, not left in a hidden buffer

"""A real editor: headless Neovim with editors/nvim shows the server's findings at the right places.

Neovim (0.7.2 on Debian) counts columns in bytes while the server speaks UTF-16, so a line
with emoji and Chinese text checks the whole conversion chain.
"""
from __future__ import annotations

import textwrap

import pytest

from tests.nvim_harness import NVIM, run_in_neovim
from tests.test_lsp_support import write_patterns

pytestmark = [pytest.mark.skipif(NVIM is None, reason="nvim is not installed (Debian: apt-get install -y neovim)"),
              pytest.mark.slow]

REPLY = "Hello,\n\nHi 😀😀 您好，这不归我管。ZORGTICKET-7 🎉 NOPEWAY\n"

SCRIPT = textwrap.dedent("""\
    vim.opt.runtimepath:prepend(PLUGIN)
    vim.cmd('filetype on')
    require('replylint').setup{ cmd = CMD, settings = { debounce = 50 } }
    vim.cmd('edit ' .. vim.fn.fnameescape(FILE))
    local function out(value)
      vim.fn.writefile({ vim.fn.json_encode(value) }, RESULT)
    end
    local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) >= EXPECTED end, 50)
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(0)) do
      local lsp = d.user_data and d.user_data.lsp or {}
      table.insert(found, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
                            code = d.code or lsp.code, source = d.source, severity = d.severity })
    end
    local result = { ok = ok, filetype = vim.bo.filetype, diagnostics = found }
    if ok then
      -- Fix the dead end at the start of the line by typing over it, then wait for the update.
      vim.api.nvim_buf_set_text(0, 2, FIX_COL, 2, FIX_END, { 'another way' })
      result.after_edit = vim.wait(10000, function() return #vim.diagnostic.get(0) == EXPECTED - 1 end, 50)
    end
    out(result)
    vim.cmd('qa!')
""")


def test_neovim_shows_diagnostics_at_byte_columns(tmp_path):
    patterns = write_patterns(tmp_path / "patterns")
    work = tmp_path / "replies"
    work.mkdir()
    (work / ".git").mkdir()
    reply = work / "reply.md"
    reply.write_text(REPLY, encoding="utf-8")
    line = REPLY.split("\n")[2]
    byte = lambda s: len(s.encode("utf-8"))  # noqa: E731
    fix_col = byte(line[:line.index("NOPEWAY")])
    settings = ["EXPECTED = 3", f"FIX_COL = {fix_col}", f"FIX_END = {fix_col + len('NOPEWAY')}"]
    result = run_in_neovim(tmp_path, work, patterns, reply, settings, SCRIPT, timeout=90)
    assert result["ok"], f"no diagnostics in time: {result}"
    assert result["filetype"] == "markdown"
    got = sorted((d["lnum"], d["col"], d["end_lnum"], d["end_col"], d["code"]) for d in result["diagnostics"])
    assert got == [
        (2, 21, 2, 36, "dead-end"),          # 这不归我管: after "Hi 😀😀 您好，" = 21 bytes
        (2, 39, 2, 51, "internal-jargon"),   # ZORGTICKET-7
        (2, 57, 2, 64, "dead-end"),          # NOPEWAY, after 🎉 (4 bytes)
    ]
    assert {d["source"] for d in result["diagnostics"]} == {"replylint"}
    assert result["after_edit"], "the fixed dead end was still reported after the edit"


ACTION_SCRIPT = textwrap.dedent("""\
    vim.opt.runtimepath:prepend(PLUGIN)
    vim.cmd('filetype on')
    require('replylint').setup{ cmd = CMD, settings = { debounce = 50 } }
    local result = {}
    local function out()
      vim.fn.writefile({ vim.fn.json_encode(result) }, RESULT)
    end
    local function codes()
      local found = {}
      for _, d in ipairs(vim.diagnostic.get(0)) do
        local lsp = d.user_data and d.user_data.lsp or {}
        table.insert(found, d.code or lsp.code)
      end
      table.sort(found)
      return found
    end
    -- Pick the code action whose title starts with WANT, as a user would in the menu.
    local offered = {}
    vim.ui.select = function(items, opts, on_choice)
      for i, item in ipairs(items) do
        local title = (item.action or item[2] or item).title
        table.insert(offered, title)
        if title:sub(1, #WANT) == WANT then
          return on_choice(item, i)
        end
      end
      on_choice(nil, nil)
    end
    vim.cmd('edit ' .. vim.fn.fnameescape(FILE))
    result.attached = vim.wait(30000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
    result.before = codes()
    vim.api.nvim_win_set_cursor(0, { LINE, COL })
    WANT = 'Replace with'
    vim.lsp.buf.code_action()
    result.replaced = vim.wait(15000, function() return #vim.diagnostic.get(0) == 1 end, 50)
    result.text = vim.api.nvim_buf_get_lines(0, 0, -1, false)
    vim.api.nvim_win_set_cursor(0, { LINE, JARGON_COL })
    WANT = 'Add'
    vim.lsp.buf.code_action()
    result.allowed = vim.wait(15000, function() return #vim.diagnostic.get(0) == 0 end, 50)
    result.offered = offered
    result.modified_buffers = #vim.fn.getbufinfo({ bufmodified = 1 })
    out()
    vim.cmd('qa!')
""")


def test_neovim_code_actions_fix_a_span_and_add_to_an_existing_allow_list(tmp_path):
    # Issue 11, defect 7: with a .replylint.toml present the allow-list edit went into a
    # hidden unsaved buffer and the warning stayed. Now the server changes the file.
    patterns = write_patterns(tmp_path / "patterns")
    work = tmp_path / "replies"
    work.mkdir()
    config = work / ".replylint.toml"
    config.write_text('# our terms\nallow = ["RMA"]\n', encoding="utf-8")
    reply = work / "reply.txt"
    text = "Hello,\nSee ZORGTICKET-12 now. NOPEWAY.\n"
    reply.write_text(text, encoding="utf-8")
    line = text.split("\n")[1]
    settings = [f"LINE = 2\nCOL = {line.index('NOPEWAY') + 2}\nJARGON_COL = {line.index('ZORG') + 2}"]
    result = run_in_neovim(tmp_path, work, patterns, reply, settings, ACTION_SCRIPT, timeout=120, name="actions.lua")
    assert result["attached"] and result["before"] == ["dead-end", "internal-jargon"], result
    assert result["replaced"], result
    assert result["text"][1] == "See ZORGTICKET-12 now. Another way."  # a sentence opener: capitalised
    assert result["allowed"], result
    assert config.read_text(encoding="utf-8") == '# our terms\nallow = ["RMA", "ZORGTICKET-12"]\n'
    assert result["modified_buffers"] == 1  # the reply itself (edited above); no hidden config buffer
    assert not any(t.startswith("Suppress") for t in result["offered"])  # plain text: nothing pasted along

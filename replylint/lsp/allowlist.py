"""Adding a term to a list of a configuration file (``allow``, ``ignore``), as one small text edit.

The edit touches only that array (or inserts a ``key = [...]`` line), so the rest
of the file — comments, order, other tables — stays as the user wrote it. Works on
``.replylint.toml`` (top-level keys) and ``pyproject.toml`` (``[tool.replylint]``).
"""
from __future__ import annotations

import json
import re
import tomllib

from replylint.suppressions import Edit

_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _key_line(key: str) -> re.Pattern[str]:
    k = re.escape(key)
    return re.compile(rf"^[ \t]*(?:{k}|\"{k}\"|'{k}')[ \t]*=[ \t]*", re.MULTILINE)


def _toml_string(term: str) -> str:
    return json.dumps(term, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _table_region(text: str, table: str | None) -> tuple[int, int] | None:
    """(start, end) of the keys of ``table`` (None: the top level); None if the table is absent."""
    if table is None:
        m = _HEADER.search(text)
        return 0, m.start() if m else len(text)
    dotted = r"[ \t]*\.[ \t]*".join(map(re.escape, table.split(".")))  # the table name, spaces allowed around its dots
    header = re.compile(r"^[ \t]*\[[ \t]*" + dotted + r"[ \t]*\][^\n]*\n?", re.MULTILINE)
    m = header.search(text)
    if not m:
        return None
    nxt = _HEADER.search(text, m.end())
    return m.end(), nxt.start() if nxt else len(text)


def _skip_string(text: str, i: int) -> int:
    """Offset just after the TOML string that starts at ``text[i]``."""
    ch = text[i]
    quote = ch * 3 if text.startswith(ch * 3, i) else ch
    j = i + len(quote)
    while j < len(text):
        if ch == '"' and text[j] == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            return j + len(quote)
        j += 1
    return len(text)


def _skip_comment(text: str, i: int) -> int:
    nl = text.find("\n", i)
    return len(text) if nl < 0 else nl


def _array_end(text: str, pos: int) -> int | None:
    """Offset of the ``]`` closing the array that opens at ``text[pos] == '['``."""
    depth, i = 0, pos
    while i < len(text):
        ch = text[i]
        if ch == "#":
            i = _skip_comment(text, i)
        elif ch in "\"'":
            i = _skip_string(text, i)
        else:
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
    return None


def _last_significant(text: str, start: int, end: int) -> int | None:
    """Offset of the last character of ``text[start:end]`` outside blanks and comments."""
    last, i = None, start
    while i < end:
        ch = text[i]
        if ch == "#":
            i = min(_skip_comment(text, i), end)
        elif ch in "\"'":
            i = _skip_string(text, i)
            last = i - 1
        else:
            if not ch.isspace():
                last = i
            i += 1
    return last


def current_allow(text: str, table: str | None, key: str = "allow") -> list[str]:
    data = tomllib.loads(text)
    for part in (table.split(".") if table else []):
        data = data.get(part, {}) if isinstance(data, dict) else {}
    value = data.get(key, []) if isinstance(data, dict) else []
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


def add_allowed_term(text: str, term: str, table: str | None = None, key: str = "allow") -> Edit | None:
    """The edit that adds ``term`` to ``allow`` (or another list ``key``); None when it is already there.

    ``table`` is None for ``.replylint.toml`` and ``"tool.replylint"`` for pyproject.toml.
    Raises ``ValueError`` when the file is not valid TOML.
    """
    try:
        existing = current_allow(text, table, key)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"the configuration file is not valid TOML: {exc}") from None
    if term in existing:
        return None
    item = _toml_string(term)
    newline = "\r\n" if "\r\n" in text else "\n"
    region = _table_region(text, table)
    if region is None:  # pyproject.toml without [tool.replylint]
        sep = "" if not text or text.endswith("\n") else newline
        change = Edit(len(text), len(text), f"{sep}{newline}[{table}]{newline}{key} = [{item}]{newline}")
        return _checked(text, change, term, table, key)
    start, end = region
    m = _key_line(key).search(text, start, end)
    if m is None:
        if table is None and end < len(text):  # before the first table header
            change = Edit(end, end, f"{key} = [{item}]{newline}{newline}")
        elif end == len(text) and table is None:
            sep = "" if not text or text.endswith("\n") else newline
            change = Edit(end, end, f"{sep}{key} = [{item}]{newline}")
        else:  # first key of the table
            change = Edit(start, start, f"{key} = [{item}]{newline}")
        return _checked(text, change, term, table, key)
    value = m.end()
    if value < len(text) and text[value] == "[":
        close = _array_end(text, value)
        if close is None:
            raise ValueError(f"the {key} list has no closing bracket")
        last = _last_significant(text, value + 1, close)
        if last is None:
            change = Edit(value + 1, value + 1, item)
        elif text[last] == ",":
            change = Edit(last + 1, last + 1, f" {item}")
        else:
            change = Edit(last + 1, last + 1, f", {item}")
    else:  # allow = "one term"
        line_end = text.find("\n", value)
        line_end = len(text) if line_end < 0 else line_end
        stop = line_end
        if text[line_end - 1:line_end] == "\r":
            stop -= 1
        items = ", ".join(_toml_string(t) for t in [*existing, term])
        change = Edit(value, stop, f"[{items}]")
    return _checked(text, change, term, table, key)


def _checked(text: str, change: Edit, term: str, table: str | None, key: str) -> Edit:
    new = text[:change.start] + change.new_text + text[change.end:]
    try:
        ok = term in current_allow(new, table, key)
    except tomllib.TOMLDecodeError:
        ok = False
    if not ok:
        raise ValueError(f"could not add the term to the {key} list without breaking the file")
    return change

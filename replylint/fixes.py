"""``--fix`` and ``--diff``: the suggestions of phrase rules written back into the file.

A finding's span is known in the file (its line and column, through the reader's source map),
so a fix replaces exactly those characters. The replacement must be written the way the file
spells text at that place, or a fix would break the file:

* JSON strings: JSON escapes (``"``, ``\\``, control characters);
* YAML: by the scalar's style — plain and block scalars take the text as it is unless it holds
  what would end them (a line break; ``: `` or `` #`` in a plain scalar), single-quoted doubles
  ``'``, double-quoted uses escapes;
* CSV/TSV: text without quotes, delimiters or line breaks (the same in quoted and bare fields);
* HTML: ``&``, ``<``, ``>`` as character references;
* plain text and Markdown: as it is.

A replacement that cannot be written safely is skipped, and so is every fix of a file that does
not read back with the same replies afterwards. A suggestion written in lower case replaces
text starting with a capital with a capital (``The warehouse messed up`` → ``We made a
mistake``). Overlapping fixes: the first wins, the rest wait for the next run.

Fixes are safe or unsafe, as in ruff: a suggestion whose pattern says ``fix: unsafe`` may change
what the reply says (a tier code made vague, "escalate" made "pass on"), so ``--fix`` and
``--diff`` leave it out unless ``--unsafe-fixes`` is given.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .config import Config
from .positions import LineIndex
from .readers import ReaderError, ReadSettings, reader_for
from .reporters import Finding
from .suppressions import Edit

__all__ = ["FixPlan", "apply_edits", "fix_summary", "plan_fixes"]


@dataclass
class FixPlan:
    """The fixed text and the edits that made it (empty: nothing to fix)."""

    text: str
    edits: list[Edit] = field(default_factory=list)
    skipped: int = 0  # suggestions that could not be written safely


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (in any order)."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[pos:e.start])
        out.append(e.new_text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _cased(replacement: str, original: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _yaml_styles(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, style) of every scalar of a YAML text."""
    spans: list[tuple[int, int, str | None]] = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[Any] = list(yaml.compose_all(text, Loader=loader))
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index, node.style))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in node.value for v in pair)
    return spans


class _Encoder:
    """Writes a replacement the way the file's format spells text at a given place."""

    def __init__(self, path: Path, text: str):
        self.suffix = path.suffix.lower()
        self.yaml_spans = _yaml_styles(text) if self.suffix in (".yaml", ".yml") else []

    def encode(self, replacement: str, source_span: str, start: int) -> str | None:
        if "\n" in replacement or "\r" in replacement:
            return None
        structured = self.suffix in (".json", ".yaml", ".yml", ".csv", ".tsv")
        if structured and ("\n" in source_span or "\r" in source_span):
            return None  # a span folded over lines in the file: not one run of characters to replace
        if self.suffix == ".json":
            return json.dumps(replacement, ensure_ascii=False)[1:-1]
        if self.suffix in (".csv", ".tsv"):
            return None if any(c in replacement for c in '",;|\t') else replacement
        if self.suffix in (".html", ".htm", ".xhtml"):
            return html.escape(replacement, quote=False)
        if self.yaml_spans:
            style = next((s for a, b, s in self.yaml_spans if a <= start < b), "?")
            if style == '"':
                return json.dumps(replacement, ensure_ascii=False)[1:-1]
            if style == "'":
                return replacement.replace("'", "''")
            if style in ("|", ">"):
                return replacement
            if not style and ": " not in replacement and " #" not in replacement \
                    and replacement == replacement.strip():
                return replacement
            return None
        return replacement


def applies(finding: Finding, unsafe: bool) -> bool:
    """Whether ``--fix`` applies the finding's suggestion (unsafe ones only with ``--unsafe-fixes``)."""
    return bool(finding.diagnostic.suggestions) and (finding.diagnostic.fix_safe or unsafe)


def fix_summary(findings: list[Finding], unsafe: bool) -> str | None:
    """ruff's line under a report: how many findings ``--fix`` would fix, and how many more
    ``--unsafe-fixes`` would (None: neither)."""
    safe = sum(bool(f.diagnostic.suggestions) and f.diagnostic.fix_safe for f in findings)
    unsafe_only = sum(bool(f.diagnostic.suggestions) and not f.diagnostic.fix_safe for f in findings)
    return fix_summary_of(safe, unsafe_only, unsafe)


def fix_summary_of(safe: int, unsafe_only: int, unsafe: bool) -> str | None:
    """:func:`fix_summary` from counts: findings with a safe suggestion, findings whose
    suggestions are marked unsafe (a streamed report counts them as it goes)."""
    fixable = safe + (unsafe_only if unsafe else 0)
    hidden = 0 if unsafe else unsafe_only
    hint = f"{hidden} hidden fix{'es' * (hidden != 1)} can be enabled with --unsafe-fixes" if hidden else ""
    if fixable:
        return f"[*] {fixable} fixable with --fix" + (f" ({hint})." if hint else ".")
    return hint + "." if hint else None


def plan_fixes(path: Path, text: str, findings: list[Finding], config: Config | None = None,
               unsafe: bool = False) -> FixPlan:
    """The edits that apply each finding's first suggestion to ``text`` (the file ``path``);
    suggestions marked unsafe only when ``unsafe``."""
    fixable = [f for f in findings if applies(f, unsafe)]
    plan = FixPlan(text)
    if not fixable:
        return plan
    try:
        encoder = _Encoder(path, text)
    except yaml.YAMLError:
        return plan  # a file PyYAML reads only after mending (osTicket) is not fixed
    index = LineIndex(text)
    taken_until = -1
    for f in sorted(fixable, key=lambda f: (f.line, f.column)):
        start = index.offset(f.line - 1, f.column - 1)
        end = index.offset(f.end_line - 1, f.end_column - 1)
        if start < taken_until or end <= start:
            plan.skipped += 1
            continue
        original = text[start:end]
        encoded = encoder.encode(_cased(f.diagnostic.suggestions[0], original), original, start)
        if encoded is None:
            plan.skipped += 1
            continue
        plan.edits.append(Edit(start, end, encoded))
        taken_until = end
    if plan.edits:
        fixed = apply_edits(text, plan.edits)
        if _reads_the_same(path, text, fixed, config):
            plan.text = fixed
        else:
            plan.skipped += len(plan.edits)
            plan.edits = []
    return plan


def _reads_the_same(path: Path, before: str, after: str, config: Config | None) -> bool:
    """Whether the fixed text is still valid and holds the same replies (by name)."""
    reader = reader_for(path) or reader_for(Path("x.txt"))
    assert reader is not None
    settings = ReadSettings.from_config(config) if config is not None else ReadSettings()
    try:
        old = [r.name for r in reader(path, before, settings)]
        new = [r.name for r in reader(path, after, settings)]
    except ReaderError:
        return False
    return old == new


def unified_diff(path: str, before: str, after: str) -> str:
    """``--diff``: what ``--fix`` would change, as a unified diff."""
    import difflib

    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def write_fixed(path: Path, fixed: str, encoding: str, read_as: tuple[int, int, str]) -> str | None:
    """Write ``fixed`` over ``path`` unless the file changed since it was read (``read_as``:
    its size, modification time and SHA-256 then). Written to a temporary file next to it and
    renamed over it, so a crash leaves the old file or the new one, never half of each; the
    file's permissions are kept. Returns why it was not written, or None."""
    import hashlib
    import os
    import tempfile

    try:
        raw = path.read_bytes()
        info = path.stat()
    except OSError as exc:
        return f"not fixed: {exc.strerror or exc}"
    if (len(raw), info.st_mtime_ns, hashlib.sha256(raw).hexdigest()) != read_as:
        return "not fixed: the file changed since it was read (run again)"
    data = fixed.encode(encoding)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".replylint", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, info.st_mode & 0o7777)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:
        return f"not fixed: cannot write: {exc.strerror or exc}"
    return None

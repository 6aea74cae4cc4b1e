"""Hostile input families of issue 15, shared by ``tests/test_fuzz_families.py`` and
``benchmarks/fuzz_run.py``.

Each family makes an input of about ``size`` bytes from a variant (the delimiter, the
punctuation mark, the token…) and a ``salt`` that makes the text unique (so the
paragraph cache never hides the cost). A case is ``(surface, text)``: ``lint`` is the
library on a reply; a suffix (``.csv``, ``.json``, ``.yaml``) is that reader; ``pattern``
is a pattern-file list (``lists.yaml``) through :func:`replylint.pattern_files.load_yaml`.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

Case = tuple[str, str]


@dataclass(frozen=True)
class Family:
    name: str
    variants: tuple[str, ...]
    make: Callable[[str, int, int], list[Case]]  # (variant, size, salt) -> cases
    owner: str = ""  # another issue that owns the fix, when it is not this one
    free_variants: bool = True  # any short text is a variant (else only the named ones)


def _fill(unit: str, size: int) -> str:
    return unit * max(1, size // max(1, len(unit.encode("utf-8"))))


def delimiter_storm(d: str, size: int, salt: int) -> list[Case]:
    """Through the readers (the field and row scanners); the library only for blank
    delimiters: a run of punctuation in a reply is the punctuation-run family."""
    storm = _fill(d, size)
    reply = f"Sorry for the delay #{salt}. {storm} Our warehouse messed up."
    cells = _fill(d + "x", size // 2)
    cases = [(".csv", f"title{d}reply\nt{salt}{d}\"{storm}\"\n"),
             (".csv", f"title,reply\n{cells}\n"),
             (".tsv", f"title\treply\n{_fill(d + chr(9), size // 2)}\n"),
             (".json", json.dumps({"body": reply})),
             (".yaml", "body: " + json.dumps(reply) + "\n")]
    if not d.strip():
        cases.append(("lint", reply))
    return cases


def punctuation_run(p: str, size: int, salt: int) -> list[Case]:
    return [("lint", _fill(p, size) + f" Sorry for the delay #{salt}.")]


def placeholder_storm(p: str, size: int, salt: int) -> list[Case]:
    return [("lint", f"Hi #{salt} " + _fill(p, size) + " Sorry for the delay.")]


def token_repeat(t: str, size: int, salt: int) -> list[Case]:
    text = f"#{salt} " + _fill(t, size)
    return [("lint", text), (".json", json.dumps({"body": [text]})), (".yaml", "body: " + json.dumps(text))]


def long_line(kind: str, size: int, salt: int) -> list[Case]:
    unit = {"word": "a", "words": "warehouse ", "base64": "QmFzZTY0K", "url": "https://x.example/a?b=c&",
            "mixed": "Склад客服sorry!"}[kind]
    line = f"{salt}" + _fill(unit, size)
    return [("lint", line), (".csv", f"reply\n\"{line}\"\n"), (".yaml", f"body: {json.dumps(line)}\n")]


def alias_heavy_yaml(shape: str, size: int, salt: int) -> list[Case]:
    """Many aliases, each under the limit: what a real file full of shared snippets does."""
    n = max(1, size // 40)
    if shape == "templates":
        head = f"common: &c \"Sorry for the delay #{salt}, we are on it.\"\n"
        return [(".yaml", head + "replies:\n" + "".join(f"  - body: *c\n    title: t{i}\n" for i in range(n)))]
    words = ", ".join(f"w{salt}x{i}" for i in range(8))
    head = f"define:\n  x: '[a-z]+'\nlists:\n  base: &b [{words}]\n"
    return [("pattern", head + "".join(f"  l{i}: *b\n" for i in range(min(n, 1000))))]


FAMILIES = (
    Family("delimiter storm", ("\t", "\n", "\r\n", ",", ";", "|", '"', "-", "="), delimiter_storm),
    Family("punctuation run", ("!", ")", "}", '"', "?", ".", "…", ",", ";", "|", "-", "="), punctuation_run),
    Family("placeholder storm", ("{{", "{%", "%{%{", "}"), placeholder_storm),
    Family("one token repeated", ("sorry ", "склад ", "客服", "Zorg-1 ", "a "), token_repeat),
    Family("50k-character line", ("word", "words", "base64", "url", "mixed"), long_line, free_variants=False),
    Family("alias-heavy YAML", ("templates", "lists"), alias_heavy_yaml, free_variants=False),
)


def run_case(case: Case, linter=None) -> int:
    """Run one case; returns how many replies or findings it produced. Raises only what
    the surface is allowed to raise (a ReaderError, a PatternFileError)."""
    from pathlib import Path

    surface, text = case
    if surface == "lint":
        assert linter is not None
        found = linter.lint(text)
        assert all(0 <= d.start < d.end <= len(text) for d in found)
        return len(found)
    if surface == "pattern":
        import tempfile

        from replylint.pattern_files import load_yaml

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "lists.yaml"
            path.write_text(text, encoding="utf-8")
            return len(load_yaml(path) or {})
    from replylint.readers import ReadSettings, reader_for

    reader = reader_for(Path("case" + surface))
    assert reader is not None
    return sum(1 for reply in reader(Path("case" + surface), text, ReadSettings()) if reply.locate(0))

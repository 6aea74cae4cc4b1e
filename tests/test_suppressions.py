"""Suppression directives: what the writers add is what the parser reads back."""
from __future__ import annotations

import pytest

from replylint.document import Document
from replylint.suppressions import Edit, Suppressions, parse_suppressions, suppress_file, suppress_line

RULES = ("dead-end", "excuse", "internal-jargon")


def apply(text: str, edit: Edit | None) -> str:
    assert edit is not None
    return text[:edit.start] + edit.new_text + text[edit.end:]


def silenced(text: str) -> set[tuple[str, int]]:
    """(rule, line) pairs the directives of ``text`` silence."""
    sup, _ = parse_suppressions(text)
    return {(rule, line) for rule in RULES for line in range(text.count("\n") + 1) if sup.silences(rule, line)}


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle))


# ---------------------------------------------------------------- parsing


def test_parse_scopes_and_forms():
    text = ("<!-- replylint-disable-file internal-jargon -->\n"   # 0
            "a # replylint-disable-line excuse\n"                 # 1
            "// replylint-disable-next-line dead-end excuse\n"    # 2
            "b\n"                                                 # 3
            "[replylint-disable dead-end]\n"                      # 4
            "c\n"                                                 # 5
            "[replylint-enable]\n"                                # 6
            "d\n")                                                # 7
    expected = {("internal-jargon", n) for n in range(9)} | {("excuse", 1), ("dead-end", 3), ("excuse", 3)}
    expected |= {("dead-end", n) for n in (4, 5, 6)}
    assert silenced(text) == expected


def test_directive_without_rules_silences_every_rule():
    assert silenced("x\n# replylint-disable-next-line\ny") == {(rule, 2) for rule in RULES}


def test_unclosed_region_runs_to_the_end():
    assert silenced("a\n<!-- replylint-disable excuse -->\nb\nc") == {("excuse", n) for n in (1, 2, 3)}


def test_file_directive_for_every_rule_is_not_narrowed_by_a_later_one():
    text = "<!-- replylint-disable-file -->\n<!-- replylint-disable-file excuse -->\nx"
    assert silenced(text) == {(rule, n) for rule in RULES for n in range(3)}


def test_directive_spans_are_masked():
    text = "No. <!-- replylint-disable-line dead-end -->\r\n# replylint-disable-file excuse\r\nSo."
    doc = Document.from_text(text)
    assert len(doc.masked) == len(text)
    assert "replylint" not in doc.masked and doc.masked.startswith("No. ") and doc.masked.endswith("So.")
    _, spans = parse_suppressions(text)
    assert [text[s:e] for s, e in spans] == ["<!-- replylint-disable-line dead-end -->",
                                             "# replylint-disable-file excuse\r"]


def test_silences_scales_with_many_directives():
    text = "".join(f"line {n} # replylint-disable-line excuse\n" for n in range(20000))
    sup, _ = parse_suppressions(text)
    assert sup.silences("excuse", 19999) and not sup.silences("dead-end", 19999)
    assert not sup.silences("excuse", 20000)


def test_suppressions_default_silences_nothing():
    assert not Suppressions().silences("excuse", 0)


# ---------------------------------------------------------------- round trips

TEXTS = {
    "lf": "Hi there.\n  See ZORG now. NOPEWAY.\nBye.\n",
    "crlf": "Hi there.\r\n  See ZORG now. NOPEWAY.\r\nBye.\r\n",
    "no-final-newline": "Hi there.\n  See ZORG now. NOPEWAY.",
    "first-line": "  See ZORG now. NOPEWAY.\nBye.",
}


@pytest.mark.parametrize("html", [True, False], ids=["html", "hash"])
@pytest.mark.parametrize("name", list(TEXTS))
def test_line_directive_round_trip(name, html):
    text = TEXTS[name]
    new = apply(text, suppress_line(text, text.index("NOPEWAY"), "dead-end", html=html))
    assert ("<!-- replylint-disable-line dead-end -->" in new) == html
    assert ("# replylint-disable-next-line dead-end" in new) != html
    assert silenced(new) == {("dead-end", line_of(new, "NOPEWAY"))}
    # the rest of the text is untouched, line endings included
    assert new.replace(" <!-- replylint-disable-line dead-end -->", "") \
              .replace("  # replylint-disable-next-line dead-end" + ("\r\n" if "\r\n" in text else "\n"), "") == text
    assert suppress_line(new, new.index("NOPEWAY"), "dead-end", html=html) is None


@pytest.mark.parametrize("html", [True, False], ids=["html", "hash"])
@pytest.mark.parametrize("name", list(TEXTS))
def test_file_directive_round_trip(name, html):
    text = TEXTS[name]
    new = apply(text, suppress_file(text, "internal-jargon", html=html))
    newline = "\r\n" if "\r\n" in text else "\n"
    if html:
        directive = "<!-- replylint-disable-file internal-jargon -->"
    else:
        directive = "# replylint-disable-file internal-jargon"
    assert new == directive + newline + text
    assert silenced(new) == {("internal-jargon", n) for n in range(new.count("\n") + 1)}
    assert suppress_file(new, "internal-jargon", html=html) is None


def test_html_file_directive_goes_after_front_matter():
    text = "---\r\ntitle: x\r\n---\r\nSee ZORG.\r\n"
    new = apply(text, suppress_file(text, "internal-jargon", html=True))
    assert new == "---\r\ntitle: x\r\n---\r\n<!-- replylint-disable-file internal-jargon -->\r\nSee ZORG.\r\n"


@pytest.mark.parametrize("text,expected", [
    ("No. NOPEWAY. <!-- replylint-disable-line excuse -->\n",
     "No. NOPEWAY. <!-- replylint-disable-line excuse dead-end -->\n"),
    ("No. NOPEWAY.<!--replylint-disable-line excuse-->",
     "No. NOPEWAY.<!--replylint-disable-line excuse dead-end-->"),
    ("# replylint-disable-next-line excuse\r\nNo. NOPEWAY.\r\n",
     "# replylint-disable-next-line excuse dead-end\r\nNo. NOPEWAY.\r\n"),
    ("[replylint-disable-next-line excuse]\nNo. NOPEWAY.",
     "[replylint-disable-next-line excuse dead-end]\nNo. NOPEWAY."),
])
@pytest.mark.parametrize("html", [True, False], ids=["html", "hash"])
def test_line_directive_extends_an_existing_one(text, expected, html):
    new = apply(text, suppress_line(text, text.index("NOPEWAY"), "dead-end", html=html))
    assert new == expected
    line = line_of(new, "NOPEWAY")
    assert silenced(new) == {("dead-end", line), ("excuse", line)}


@pytest.mark.parametrize("text,expected", [
    ("<!-- replylint-disable-file excuse -->\nSee ZORG.\n", "<!-- replylint-disable-file excuse internal-jargon -->\n"),
    ("# replylint-disable-file excuse\r\nSee ZORG.\r\n", "# replylint-disable-file excuse internal-jargon\r\n"),
])
@pytest.mark.parametrize("html", [True, False], ids=["html", "hash"])
def test_file_directive_extends_an_existing_one(text, expected, html):
    new = apply(text, suppress_file(text, "internal-jargon", html=html))
    assert new.startswith(expected) and new.count("replylint-disable-file") == 1
    assert silenced(new) == {(rule, n) for rule in ("excuse", "internal-jargon") for n in range(3)}


def test_several_rules_written_one_after_another():
    text = "Hi.\nNo. NOPEWAY. ZORG.\n"
    for rule in ("dead-end", "excuse", "dead-end"):
        edit = suppress_line(text, text.index("NOPEWAY"), rule, html=True)
        text = apply(text, edit) if edit else text
    assert text == "Hi.\nNo. NOPEWAY. ZORG. <!-- replylint-disable-line dead-end excuse -->\n"
    assert silenced(text) == {("dead-end", 1), ("excuse", 1)}


def test_already_silenced_gives_no_edit():
    assert suppress_line("No. <!-- replylint-disable-line -->", 0, "dead-end", html=True) is None
    assert suppress_line("# replylint-disable-file dead-end\nNo.", 36, "dead-end", html=False) is None
    assert suppress_line("[replylint-disable]\nNo.", 22, "excuse", html=False) is None
    assert suppress_file("x\n// replylint-disable-file\n", "excuse", html=False) is None


def test_directive_for_every_rule_is_not_narrowed_by_the_writer():
    # a directive that names no rule id silences all of them; extending it would narrow it
    text = "<!-- replylint-disable-file -- -->\nNo."
    assert suppress_file(text, "excuse", html=True) is None


def test_linter_honours_written_directives(linter):
    text = "There's nothing we can do.\r\nThere's nothing we can do.\r\n"
    found = [d for d in linter.lint(text) if d.rule == "dead-end"]
    assert len(found) == 2
    for html in (True, False):
        new = apply(text, suppress_line(text, found[1].start, "dead-end", html=html))
        remaining = [d for d in linter.lint(new) if d.rule == "dead-end"]
        assert len(remaining) == 1 and new.index("There's") == remaining[0].start
        new = apply(text, suppress_file(text, "dead-end", html=html))
        assert not [d for d in linter.lint(new) if d.rule == "dead-end"]

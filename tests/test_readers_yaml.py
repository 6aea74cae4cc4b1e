"""YAML templates: which strings are replies, and exact line/column of every character."""
from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.readers import ReaderError, yaml_templates
from replylint.readers.yaml_templates import align_scalar

from .readers_helpers import locate, read, reply_named, source_position
from .test_cli import run


@pytest.fixture(params=["C", "python"])
def loader(request, monkeypatch):
    """Run each test with libyaml's composer and with PyYAML's pure-Python one."""
    if request.param == "C":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML built without libyaml")
        monkeypatch.setattr(yaml_templates, "_Loader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yaml_templates, "_Loader", yaml.SafeLoader)


STYLES = """\
replies:
  - title: Plain
    body: Hello there. We cannot
      help with that today.
  - title: Double
    body: "Tab\\there, quote \\" and \\u00e9t\\u00e9 \\
      then Nothing here."
  - title: Single
    body: 'It''s fine,
      Nothing here.'
  - title: Literal
    body: |
      First line.
        Indented Nothing here.

      After a blank line.
  - title: Folded
    body: >-
      Folded text that
      continues Nothing here.
  - title: Keep
    body: |+2
        two extra spaces Nothing here.

"""


def test_plain_multiline_scalar(tmp_path, loader):
    reply = reply_named(read(tmp_path, "t.yaml", STYLES), "Plain")
    assert reply.text == "Hello there. We cannot help with that today."
    assert locate(reply, "help with")[0] == source_position(STYLES, "help with")
    assert locate(reply, "cannot help")[1] == (4, 11)  # ends after "help" on the next line


def test_double_quoted_escapes_and_escaped_line_break(tmp_path, loader):
    reply = reply_named(read(tmp_path, "t.yaml", STYLES), "Double")
    assert reply.text == 'Tab\there, quote " and été then Nothing here.'
    assert locate(reply, "here,")[0] == source_position(STYLES, "here, quote")
    assert locate(reply, '"')[0] == source_position(STYLES, '\\" and')  # the escape's backslash
    start, end = locate(reply, "été")
    assert start == source_position(STYLES, "\\u00e9t")
    assert end == (source_position(STYLES, " \\\n")[0], source_position(STYLES, " \\\n")[1])
    assert locate(reply, "Nothing here")[0] == source_position(STYLES, "Nothing here")


def test_single_quoted_doubled_quote(tmp_path, loader):
    reply = reply_named(read(tmp_path, "t.yaml", STYLES), "Single")
    assert reply.text == "It's fine, Nothing here."
    assert locate(reply, "'s fine")[0] == source_position(STYLES, "''s fine")
    assert locate(reply, "s fine")[0] == source_position(STYLES, "s fine")
    assert locate(reply, "Nothing")[0] == source_position(STYLES, "Nothing here.'")


def test_literal_block_scalar(tmp_path, loader):
    reply = reply_named(read(tmp_path, "t.yaml", STYLES), "Literal")
    assert reply.text == "First line.\n  Indented Nothing here.\n\nAfter a blank line.\n"
    for needle in ("First", "Indented Nothing", "After a blank"):
        assert locate(reply, needle)[0] == source_position(STYLES, needle)
    assert locate(reply, "After a blank line.")[1] == (16, 26)


def test_folded_block_scalar(tmp_path, loader):
    reply = reply_named(read(tmp_path, "t.yaml", STYLES), "Folded")
    assert reply.text == "Folded text that continues Nothing here."
    assert locate(reply, "continues")[0] == source_position(STYLES, "continues")
    # the space that folding made from the line break sits at the end of the first line
    assert reply.locate(reply.text.index(" continues")) == (19, 23)


def test_block_scalar_with_indentation_indicator_and_keep(tmp_path, loader):
    reply = reply_named(read(tmp_path, "t.yaml", STYLES), "Keep")
    assert reply.text == "  two extra spaces Nothing here.\n\n"
    assert locate(reply, "two extra")[0] == source_position(STYLES, "two extra")


# Letters, marks, digits, punctuation, symbols and YAML's own indicators (control
# characters aside: PyYAML does not round-trip some of them, e.g. NEL).
_TEXT = st.text(st.one_of(st.characters(categories=("L", "M", "N", "P", "S", "Zs")),
                          st.sampled_from(list("\n\t \\\"'#:-{}[]%&*!|>"))), max_size=60)


@given(text=_TEXT,
       style=st.sampled_from([None, "'", '"', "|", ">"]),
       width=st.integers(10, 40))
@settings(max_examples=300, deadline=None)
def test_every_character_maps_into_its_scalar(text, style, width):
    """Whatever PyYAML writes, each non-blank character maps onto itself (or onto the
    escape that wrote it) inside the scalar's source."""
    source = yaml.dump({"body": text}, default_style=style, width=width, allow_unicode=True)
    node = yaml.compose(source, Loader=yaml.SafeLoader).value[0][1]
    assert node.value == text
    starts, ends = align_scalar(source, node)
    assert len(starts) == len(ends) == len(text)
    assert starts == sorted(starts)
    for i, ch in enumerate(text):
        assert node.start_mark.index <= starts[i] < ends[i] <= node.end_mark.index
        if not ch.isspace():
            written = source[starts[i]:ends[i]]
            assert written == ch or written.startswith("\\") or written == "''", (i, ch, written)


def test_configured_keys_and_nested_strings(tmp_path, loader):
    source = "faq:\n  - q: Where is it?\n    a:\n      en: It is here.\n      ru: Вот здесь.\n    body: ignored\n"
    replies = read(tmp_path, "faq.yml", source, keys=("a",))
    assert [(r.name, r.text) for r in replies] == [("faq[0].a.en", "It is here."), ("faq[0].a.ru", "Вот здесь.")]
    assert locate(replies[1], "здесь")[0] == source_position(source, "здесь")


def test_default_keys_titles_and_non_strings(tmp_path, loader):
    source = ("- name: Greeting\n  message: Hi there!\n  value: 42\n  enabled: yes\n"
              "- message: No title here.\n- name: Greeting\n  reply: Same title again.\n")
    replies = read(tmp_path, "r.yaml", source)
    assert [r.name for r in replies] == ["Greeting ([0].message)", "[1].message", "Greeting ([2].reply)"]


def test_aliases_are_linted_once(tmp_path, loader):
    source = "base: &b\n  body: Shared text.\ncopy1: *b\ncopy2: *b\n"
    replies = read(tmp_path, "a.yaml", source)
    assert [r.text for r in replies] == ["Shared text."]


def test_alias_bomb_is_refused(tmp_path, loader):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("body: hello")
    with pytest.raises(ReaderError, match="alias bomb"):
        read(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")


def test_recursive_alias_is_refused(tmp_path):
    with pytest.raises(ReaderError, match="recursive alias"):
        read(tmp_path, "loop.yaml", "a: &a\n  - body: x\n  - *a\n")


def test_invalid_yaml_says_where(tmp_path, loader):
    with pytest.raises(ReaderError) as info:
        read(tmp_path, "bad.yaml", "replies:\n  - body: ok\n   - body: [unclosed\n")
    assert str(info.value).startswith("invalid YAML: ")
    assert "\n" not in str(info.value)
    assert info.value.line == 3


def test_unsafe_tags_are_not_run(tmp_path, loader):
    marker = tmp_path / "pwned"
    source = f"body: !!python/object/apply:os.mkdir ['{marker}']\ntext: fine\n"
    replies = read(tmp_path, "evil.yaml", source)
    assert not marker.exists()  # nodes are composed, never constructed
    assert [r.text for r in replies] == [str(marker), "fine"]


def test_several_documents(tmp_path, loader):
    source = "---\nbody: First.\n---\nbody: Second.\n"
    replies = read(tmp_path, "docs.yaml", source)
    assert [r.text for r in replies] == ["First.", "Second."]
    assert locate(replies[1], "Second")[0] == (4, 7)


def test_crlf_line_endings(tmp_path, loader):
    source = "body: |\r\n  One line.\r\n  Two Nothing here.\r\n"
    reply = read(tmp_path, "crlf.yaml", source)[0]
    assert locate(reply, "Nothing")[0] == (3, 7)


# --------------------------------------------------------------- osTicket
PREMADE = """\
#
# Canned response templates
#
---
- isenabled: 1
  title: What is osTicket (sample)?
  response: |
    osTicket is a widely-used open source support ticket system.
  notes: |
    Staff only: Nothing here.
- isenabled: 1
  title: Sample (with variables)
  response: |
    Hi %{ticket.name.first},
    <br>
    Your ticket #%{ticket.number} is in %{ticket.dept.name}.
"""

EMAIL = """\
---
notes: |
    Sent to users. Staff only.

subject: |
    Re: %{ticket.subject} [#%{ticket.number}]
body: |
    <h3><strong>Dear %{recipient.name},</strong></h3>
    <p>We hope this response has answered your questions.</p>
"""


def test_osticket_premade_is_recognised_without_config(tmp_path, loader):
    replies = read(tmp_path, "premade.yaml", PREMADE, keys=("nothing",))
    assert [r.name for r in replies] == ["What is osTicket (sample)?", "Sample (with variables)"]
    assert all("Staff only" not in r.text for r in replies)
    assert locate(replies[1], "Your ticket")[0] == source_position(PREMADE, "Your ticket")


def test_osticket_email_template_subject_and_body_not_notes(tmp_path, loader):
    replies = read(tmp_path, "ticket.reply.yaml", EMAIL, keys=("nothing",))
    assert [r.name for r in replies] == ["subject", "body"]
    assert locate(replies[1], "We hope")[0] == source_position(EMAIL, "We hope")


# ------------------------------------------------ osTicket's unindented placeholder line
OSTICKET_PREMADE = """---
- isenabled: 1
  title: Example
  response: |
    Ticket #%{ticket.number} is in
%{ticket.dept.name} department. There's nothing we can do.
  notes: |
    staff only
"""


def test_unindented_placeholder_line_is_read_as_part_of_the_block(tmp_path):
    """osTicket's bg/ru/zh-CN premade.yaml: PyYAML refuses the line; osTicket reads it."""
    path = tmp_path / "premade.yaml"
    path.write_text(OSTICKET_PREMADE, encoding="utf-8")
    code, out, err = run(["check", str(path), "--select", "dead-end"])
    assert code == 1, err
    assert f"{path}:6:33: error dead-end" in out  # the file's own column, not the mended one
    assert err == (f"{path}:6:1: warning: a line starting with a placeholder at column 1 is read as part of the "
                   "block scalar above it (as osTicket reads it; indent it to make the file valid YAML)\n")


def test_recovery_only_for_a_placeholder_under_an_indented_line(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("body: |\n  text\n%bad\n", encoding="utf-8")
    code, _, err = run(["check", str(path)])
    assert code == 2 and ": error: invalid YAML" in err
    path.write_text("%{x}\nbody: hi\n", encoding="utf-8")
    code, _, err = run(["check", str(path)])
    assert code == 2 and ": error: invalid YAML" in err


def test_json_output_keeps_the_recovery_warning(tmp_path):
    path = tmp_path / "premade.yaml"
    path.write_text(OSTICKET_PREMADE, encoding="utf-8")
    _, out, _ = run(["check", str(path), "--format", "json", "--select", "dead-end"])
    kinds = [(r["kind"], r["line"]) for r in json.loads(out)]
    assert kinds == [("finding", 6), ("file-warning", 6)]

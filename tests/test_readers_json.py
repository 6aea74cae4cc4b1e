"""JSON templates and Zendesk macro exports: which strings, and exact positions through escapes."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.readers import ReaderError
from replylint.readers.json_templates import decode_string, parse_json

from .readers_helpers import locate, read, reply_named, source_position

ESCAPES = r'''{
  "replies": [
    {"title": "Escapes", "body": "Line one.\nSay \"hi\" \u00e9t\u00e9 \ud83d\ude00 Nothing\/here.\tEnd"},
    {"title": "Plain", "text": "No escapes at all, Nothing here."}
  ]
}
'''


def test_escaped_json_string_maps_every_character(tmp_path):
    reply = reply_named(read(tmp_path, "r.json", ESCAPES), "Escapes")
    assert reply.text == 'Line one.\nSay "hi" été 😀 Nothing/here.\tEnd'
    assert locate(reply, "Say")[0] == source_position(ESCAPES, "Say")
    assert locate(reply, '"hi"') == (source_position(ESCAPES, '\\"hi'), source_position(ESCAPES, ' \\u00e9t'))
    assert locate(reply, "été") == (source_position(ESCAPES, "\\u00e9t"), source_position(ESCAPES, " \\ud83d"))
    assert locate(reply, "😀")[0] == source_position(ESCAPES, "\\ud83d")
    assert locate(reply, "😀")[1] == source_position(ESCAPES, " Nothing\\/")  # the pair is one character
    assert locate(reply, "Nothing/here")[1] == source_position(ESCAPES, ".\\tEnd")
    assert locate(reply, "End")[0] == source_position(ESCAPES, "End")


def test_unescaped_string(tmp_path):
    reply = reply_named(read(tmp_path, "r.json", ESCAPES), "Plain")
    assert locate(reply, "Nothing here") == ((4, 52), (4, 64))
    assert source_position(ESCAPES, "Nothing here") == (4, 52)


@given(st.text(max_size=40), st.booleans())
@settings(max_examples=300, deadline=None)
def test_decoding_agrees_with_json_module(text, ascii_only):
    token = json.dumps(text, ensure_ascii=ascii_only)
    value, starts, ends = decode_string(token, 0, len(token))
    assert value == text
    for i, ch in enumerate(value):
        written = token[starts[i]:ends[i]]
        assert json.loads(f'"{written}"') == ch or (0xD800 <= ord(ch) <= 0xDFFF)


def test_tree_matches_json_module():
    source = '{"a": [1, 2.5e3, true, null, {"b": "x", "b": "last"}], "c\\u0041": -0, "d": NaN}'
    tree = parse_json(source)
    assert set(tree) == {"a", "cA", "d"}
    assert tree["a"][:4] == [None, None, None, None]
    assert tree["a"][4]["b"].value == "last"  # like json.loads: the last duplicate wins


def test_generic_keys_and_nested_languages(tmp_path):
    source = '{"snippets": [{"name": "Late", "answer": {"en": "Sorry!", "bg": "Съжаляваме!"}}, {"id": 7}]}'
    replies = read(tmp_path, "s.json", source)
    assert [(r.name, r.text) for r in replies] == [("Late (snippets[0].answer.en)", "Sorry!"),
                                                   ("Late (snippets[0].answer.bg)", "Съжаляваме!")]


def test_top_level_string_or_number_has_no_replies(tmp_path):
    assert read(tmp_path, "s.json", '"just a string"') == []
    assert read(tmp_path, "n.json", "42") == []


# ------------------------------------------------------------------ Zendesk
MACRO = {"title": "Refund::Approved", "active": True, "actions": [
    {"field": "status", "value": "solved"},
    {"field": "comment_value_html", "value": "<p>Hi {{ticket.requester.first_name}},</p><p>Nothing here.</p>"},
    {"field": "comment_value", "value": ["channel:all", "Plain Nothing here."]},
    {"field": "subject", "value": "Not a reply"},
]}


@pytest.mark.parametrize("shape", ["export", "bare list", "single macro", "api response"])
def test_zendesk_macros_are_recognised_without_config(tmp_path, shape):
    data = {"export": {"macros": [MACRO], "count": 1},
            "bare list": [MACRO],
            "single macro": MACRO,
            "api response": {"macro": MACRO}}[shape]
    source = json.dumps(data, indent=2)
    replies = read(tmp_path, "macros.json", source, keys=("nothing",))
    assert [r.text for r in replies] == [MACRO["actions"][1]["value"], "Plain Nothing here."]
    pointer = {"export": "macros[0]", "bare list": "[0]", "single macro": "", "api response": "macro"}[shape]
    assert [r.name for r in replies] == [f"Refund::Approved ({pointer}{'.' if pointer else ''}actions[1].value)",
                                         f"Refund::Approved ({pointer}{'.' if pointer else ''}actions[2].value[1])"]
    assert locate(replies[0], "Nothing here")[0] == source_position(source, "Nothing here")
    assert locate(replies[1], "Nothing here")[0] == source_position(source, "Nothing here", nth=1)


def test_zendesk_macro_without_comment_has_no_replies(tmp_path):
    source = json.dumps({"macros": [{"title": "Close", "actions": [{"field": "status", "value": "solved"}]}]})
    assert read(tmp_path, "m.json", source) == []


def test_invalid_json_says_where(tmp_path):
    with pytest.raises(ReaderError) as info:
        read(tmp_path, "bad.json", '{\n  "body": "x",\n  "text": oops\n}\n')
    assert str(info.value).startswith("invalid JSON: Expecting value")
    assert (info.value.line, info.value.column) == (3, 11)


def test_deep_nesting_is_an_error_not_a_crash(tmp_path):
    with pytest.raises(ReaderError, match="nested too deeply|invalid JSON"):
        read(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)

"""``[ … ]`` span markers: guards outside must match but are not underlined; matching is unchanged."""
from __future__ import annotations

import pytest

import replylint
from replylint.langdetect import LANGUAGES
from replylint.languages import get_language
from replylint.token_patterns import PatternContext, PatternSyntaxError, compile_pattern

EN = get_language("en")
CTX = PatternContext(lang="en", split_literal=EN.phrase_norms, lists={"dept": ["billing team", "accounts"]})


def _first_span(pattern: str, text: str) -> tuple[str, str] | None:
    """(matched text, marked text) of the first match in ``text``, as the engine would scan it."""
    compiled = compile_pattern(pattern, CTX)
    tokens = EN.tokenize(text)
    for i in range(len(tokens)):
        found = compiled.match_span(tokens, i, len(tokens))
        if found:
            end, start, stop = found
            return text[tokens[i].start:tokens[end - 1].end], text[tokens[start].start:tokens[stop - 1].end]
    return None


@pytest.mark.parametrize("pattern,text,expected", [
    ("( i | we ) [ ( only | just ) handle ] !it", "I only handle delivery questions.",
     ("I only handle delivery", "only handle")),
    ("( i | we ) ( only | just ) handle !it", "I only handle delivery questions.",
     ("I only handle delivery", "I only handle delivery")),
    ("[ not ] my job", "That's not my job.", ("not my job", "not")),
    ("contact _? [ @dept ] directly", "Please contact the billing team directly.",
     ("contact the billing team directly", "billing team")),
    ("[ ( i | we ) ca n't ] help", "We can't help.", ("We can't help", "We can't")),
    ("a _{0,2} [ b ] _{0,2} c", "a b b b c", ("a b b b c", "b")),  # ties: the first mark, then the longest
    ("/[a-z]+/ [ job ]", "my job", ("my job", "job")),  # brackets inside /regex/ are not markers
])
def test_match_span(pattern, text, expected):
    assert _first_span(pattern, text) == expected


def test_guard_that_fails_means_no_match():
    assert _first_span("( i | we ) [ ( only | just ) handle ] !it", "I only handle it myself.") is None


@pytest.mark.parametrize("text", ["I only handle delivery.", "We just handle it.", "only handle", "I handle billing."])
def test_markers_do_not_change_what_matches(text):
    plain = compile_pattern("( i | we ) ( only | just )? handle !it", CTX)
    marked = compile_pattern("( i | we ) [ ( only | just )? handle ] !it", CTX)
    tokens = EN.tokenize(text)
    for i in range(len(tokens)):
        assert plain.match_at(tokens, i, len(tokens)) == marked.match_at(tokens, i, len(tokens))
        span = marked.match_span(tokens, i, len(tokens))
        assert (span[0] if span else None) == plain.match_at(tokens, i, len(tokens))
    assert (plain.keys, plain.required, plain.index_keys) == (marked.keys, marked.required, marked.index_keys)


@pytest.mark.parametrize("pattern,message", [
    ("[ a ] [ b ]", "at most one"),
    ("a ] b [", "needs its ']'"),
    ("[ a b", "needs its ']'"),
    ("( a [ b ] | c )", "top level"),
    ("@marked", "top level"),
    ("[ _{0,2} ] a", "at least one word"),
    ("[ a ]? b", "cannot be optional"),
    ("[", "needs words"),
])
def test_marker_errors(pattern, message):
    ctx = PatternContext(lang="en", split_literal=EN.phrase_norms, lists={"marked": ["[ a ] b"]})
    with pytest.raises(PatternSyntaxError, match=message):
        compile_pattern(pattern, ctx)


def _sentences(tokens):
    start = 0
    for k, token in enumerate(tokens):
        if token.ends_sentence or k == len(tokens) - 1:
            yield start, k + 1
            start = k + 1


def _spans(pack, compiled, text: str) -> set[str]:
    tokens = pack.language.tokenize(text)
    found = set()
    for lo, hi in _sentences(tokens):
        for i in range(lo, hi):
            hit = compiled.match_span(tokens, i, hi)
            if hit:
                found.add(text[tokens[hit[1]].start:tokens[hit[2] - 1].end])
    return found


def _stated_spans():
    linter = replylint.Linter()
    for lang in LANGUAGES:
        pack = linter.pack(lang)
        by_id = {(ce.path, ce.entry.id): ce for ce in pack.patterns}
        for pf in pack.files:
            for example in pf.flag_examples:
                if example.span and example.pattern:
                    yield pytest.param(pack, by_id[(pf.path, example.pattern)], example,
                                       id=f"{lang}/{pf.path.name}:{example.line}")


@pytest.mark.parametrize("pack,entry,example", list(_stated_spans()))
def test_shipped_example_spans_are_what_the_pattern_marks(pack, entry, example):
    assert entry.tokens is not None
    assert example.span in _spans(pack, entry.tokens, str(example))

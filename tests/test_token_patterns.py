"""The token-pattern language (replylint/token_patterns.py, docs/patterns.md), tested directly:
compile a pattern, tokenize a text with the real language, and match."""
from __future__ import annotations

import pytest

from replylint.index_keys import CHAR_KEY, PREFIX_KEY, SUBSTRING_KEY
from replylint.languages import Token, get_language, normalize
from replylint.token_patterns import PatternContext, PatternSyntaxError, TokenPattern, compile_pattern

EN = get_language("en")
RU = get_language("ru")
ZH = get_language("zh")

LISTS = {
    "dept": ["billing team", "accounts", "warehouse"],
    "team": ["billing", "billing team"],
    "stems": ["bill* team", "=accounts"],
    "empty": [],
}


def ctx(lang=EN, lists=None) -> PatternContext:
    return PatternContext(lang=lang.code, split_literal=lang.phrase_norms, lists=LISTS if lists is None else lists,
                          concatenative=lang.concatenative)


def pat(source: str, lang=EN, lists=None) -> TokenPattern:
    return compile_pattern(source, ctx(lang, lists))


def matches(source: str, text: str, lang=EN, lists=None) -> list[str]:
    """Every (longest) match of ``source`` in ``text``, one per start token, as text."""
    compiled = pat(source, lang, lists)
    tokens = lang.tokenize(text)
    out = []
    for i in range(len(tokens)):
        end = compiled.match_at(tokens, i, len(tokens))
        if end is not None:
            out.append(text[tokens[i].start:tokens[end - 1].end])
    return out


def whole(source: str, text: str, lang=EN) -> bool:
    """Whether ``source`` matches all of ``text`` from its first token."""
    tokens = lang.tokenize(text)
    return pat(source, lang).match_at(tokens, 0, len(tokens)) == len(tokens)


def present_keys(lang, text: str) -> set[str]:
    keys: set[str] = set()
    for t in lang.tokenize(text):
        keys |= lang.prefilter_keys(t)
    return keys


def zh_tokens(*words: str) -> list[Token]:
    """Chinese tokens of a given segmentation (to show matching does not depend on jieba's)."""
    out, pos = [], 0
    for w in words:
        out.append(Token(w, normalize(w), frozenset((normalize(w),)), pos, pos + len(w), False, False))
        pos += len(w)
    return out


# ------------------------------------------------------------------ words: lemma, =exact, stem*

def test_plain_word_matches_any_inflection_by_lemma():
    assert matches("help", "helps helping helped help") == ["helps", "helping", "helped", "help"]


def test_plain_word_does_not_match_a_different_word():
    assert matches("help", "hello helpful") == []


def test_exact_form_matches_only_that_form():
    assert matches("=help", "helps helping help") == ["help"]


def test_stem_matches_words_starting_with_it():
    assert matches("bill*", "billing bill billed bull") == ["billing", "bill", "billed"]


def test_stem_needs_the_whole_prefix():
    assert matches("billi*", "bill billing") == ["billing"]


def test_matching_ignores_case():
    assert matches("=help", "HELP Help") == ["HELP", "Help"]


def test_pattern_words_are_lowercased_too():
    assert matches("HELP", "help") == ["help"]


# ------------------------------------------------------------------ a|b versus ( … | … )

def test_bar_without_spaces_joins_single_words():
    assert matches("mess|screw up", "they messed up, we screwed up") == ["messed up", "screwed up"]


def test_bar_without_spaces_binds_only_the_neighbouring_words():
    # "out of stock|sold out" is out / of / (stock or sold) / out
    assert whole("out of stock|sold out", "out of sold out")
    assert not whole("out of stock|sold out", "sold out")
    assert not whole("out of stock|sold out", "out of stock")


def test_group_with_spaced_bars_joins_phrases():
    assert whole("( out of stock | sold out )", "out of stock")
    assert whole("( out of stock | sold out )", "sold out")
    assert not whole("( out of stock | sold out )", "out of sold out")


def test_group_in_the_middle_of_a_sequence():
    assert matches("( i | we ) ca n't help", "We can't help. They can't help.") == ["We can't help"]


def test_word_alternatives_may_mix_exact_stem_and_lemma():
    assert matches("=helps|bill*|team", "help helps billing teams") == ["helps", "billing", "teams"]


def test_group_of_many_phrase_options_still_finds_each():
    # four or more options are filed by their first words; every option must stay reachable
    source = "( out of stock | sold out | no longer available | bill* team | /x\\d+/ )"
    for text in ["out of stock", "sold out", "no longer available", "billing team", "x42"]:
        assert whole(source, text), text


# ------------------------------------------------------------------ ? optional

def test_optional_word_may_be_present():
    assert whole("technical? issue", "technical issue")


def test_optional_word_may_be_absent():
    assert whole("technical? issue", "issue")


def test_optional_group():
    assert whole("( very much )? sorry", "very much sorry")
    assert whole("( very much )? sorry", "sorry")
    assert not whole("( very much )? sorry", "very sorry")


def test_optional_word_is_taken_when_present():
    tokens = EN.tokenize("sorry again")
    assert pat("sorry again?").match_at(tokens, 0, len(tokens)) == 2


# ------------------------------------------------------------------ _ and _{m,n} gaps

def test_underscore_is_exactly_one_word():
    assert whole("not _ job", "not my job")
    assert not whole("not _ job", "not job")
    assert not whole("not _ job", "not my own job")


@pytest.mark.parametrize("gap,ok", [(0, False), (1, True), (2, True), (3, False)])
def test_gap_bounds_are_inclusive(gap, ok):
    text = " ".join(["a"] + ["x"] * gap + ["b"])
    assert whole("a _{1,2} b", text) is ok


def test_gap_from_zero_allows_adjacent_words():
    assert whole("a _{0,2} b", "a b")


def test_gap_does_not_run_past_the_bound_hi():
    tokens = EN.tokenize("a x x b")
    assert pat("a _{0,3} b").match_at(tokens, 0, 3) is None
    assert pat("a _{0,3} b").match_at(tokens, 0, 4) == 4


# ------------------------------------------------------------------ !element

def test_negation_matches_one_word_that_is_not_the_element():
    assert whole("a !not b", "a x b")


def test_negation_rejects_the_element():
    assert not whole("a !not b", "a not b")


def test_negation_consumes_exactly_one_word():
    assert not whole("a !not b", "a b")
    assert not whole("a !not b", "a x y b")


def test_negation_needs_a_word_to_be_there():
    tokens = EN.tokenize("handle")
    assert pat("handle !it").match_at(tokens, 0, len(tokens)) is None


def test_negation_of_word_alternatives_rejects_each():
    for word in ["it", "this", "that"]:
        assert not whole("handle !it|this|that", f"handle {word}")
    assert whole("handle !it|this|that", "handle billing")


def test_negation_of_a_lemma_rejects_its_inflections():
    assert not whole("a !help", "a helped")


def test_negation_of_a_regex():
    assert whole("ticket !/\\d+/", "ticket abc")
    assert not whole("ticket !/\\d+/", "ticket 42")


# ------------------------------------------------------------------ @lists

def test_list_matches_any_single_word_entry():
    assert matches("@dept", "ask accounts or the warehouse") == ["accounts", "warehouse"]


def test_list_matches_phrase_entries():
    assert matches("@dept mess up", "the billing team messed up") == ["billing team messed up"]


def test_list_entry_phrase_must_match_whole():
    assert matches("@dept mess up", "the team messed up") == []


def test_list_takes_the_longest_entry():
    tokens = EN.tokenize("billing team")
    assert pat("@team").match_at(tokens, 0, len(tokens)) == 2


def test_list_entries_are_patterns_themselves():
    assert whole("@stems", "billed team")
    assert whole("@stems", "accounts")
    assert not whole("@stems", "account")  # =accounts: that form only


def test_empty_list_matches_nothing():
    assert matches("@empty help", "help me") == []
    assert matches("@empty|help", "help me") == ["help"]


# ------------------------------------------------------------------ /regex/

def test_regex_matches_a_whole_word():
    assert matches("/jira-\\d+/", "see JIRA-4821 today") == ["JIRA-4821"]


def test_regex_must_match_the_word_completely():
    assert matches("/jira/", "see JIRA-4821") == []
    assert matches("/\\d+/", "abc123") == []


def test_regex_is_matched_against_the_lowercase_form():
    # the case-sensitive scoped group still matches: the token's form is lowercased first
    assert matches("/(?-i:[a-z]+-\\d+)/", "see JIRA-4821") == ["JIRA-4821"]


def test_regex_may_contain_bars_and_parentheses():
    assert matches("/(foo|bar)\\d/ now", "bar1 now") == ["bar1 now"]


def test_regex_sees_yo_folded_to_ye():
    assert matches("/еще/", "Ещё раз", RU) == ["Ещё"]


def test_literal_question_mark_via_regex():
    assert matches("why /\\?/", "why?") == ["why?"]


# ------------------------------------------------------------------ longest match

def test_longest_of_alternative_phrases_wins():
    tokens = EN.tokenize("sold out")
    assert pat("( sold | sold out )").match_at(tokens, 0, len(tokens)) == 2


def test_longest_gap_wins():
    tokens = EN.tokenize("sorry for the delay")
    assert pat("sorry _{0,3}").match_at(tokens, 0, len(tokens)) == 4


def test_match_must_be_non_empty():
    tokens = EN.tokenize("x")
    assert pat("a? b?|x").match_at(tokens, 0, 1) == 1
    assert pat("b _{0,1}").match_at(tokens, 0, 1) is None


# ------------------------------------------------------------------ split literals

def test_contraction_literal_is_split_like_the_text():
    assert matches("can't help", "I can't help you") == ["can't help"]


def test_contraction_written_as_tokens():
    assert matches("i ca n't help", "I can't help") == ["I can't help"]


def test_contraction_with_curly_apostrophe_in_the_text():
    assert matches("can't help", "I can’t help") == ["can’t help"]


def test_exact_split_literal():
    assert matches("=can't", "I can't") == ["can't"]


def test_hyphenated_russian_literal_is_split_like_the_text():
    assert matches("из-за сбой", "Это из-за сбоя системы", RU) == ["из-за сбоя"]


def test_hyphenated_literal_does_not_match_its_parts_apart():
    assert matches("из-за", "из за", RU) == []


# ------------------------------------------------------------------ Russian inflection

def test_russian_lemma_matches_inflected_forms():
    assert matches("отдел", "отделу отделом отдела", RU) == ["отделу", "отделом", "отдела"]


def test_russian_exact_form_does_not_match_other_cases():
    assert matches("=отдела", "отделу отдела", RU) == ["отдела"]


def test_russian_ambiguous_form_matches_either_lemma():
    assert matches("стать", "стали", RU) == ["стали"]
    assert matches("сталь", "стали", RU) == ["стали"]


def test_yo_and_ye_are_the_same_letter():
    assert matches("ещё", "еще", RU) == ["еще"]
    assert matches("еще", "ЕЩЁ", RU) == ["ЕЩЁ"]


def test_russian_list_and_verb_inflections():
    lists = {"dept": ["склад", "бухгалтерия"]}
    compiled = compile_pattern("@dept напутать", ctx(RU, lists))
    tokens = RU.tokenize("бухгалтерия напутала")
    assert compiled.match_at(tokens, 0, len(tokens)) == 2


# ------------------------------------------------------------------ Chinese literals

def test_chinese_spaced_pattern_matches_unspaced_text():
    assert matches("这 不归 我 管", "这不归我管。", ZH) == ["这不归我管"]


def test_chinese_spaced_and_unspaced_patterns_are_the_same():
    spaced, joined = pat("这 不归 我 管", ZH), pat("这不归我管", ZH)
    for words in [("这", "不归", "我", "管"), ("这不归我管",), ("这", "不", "归", "我", "管"), ("这不", "归我", "管")]:
        tokens = zh_tokens(*words)
        assert spaced.match_at(tokens, 0, len(tokens)) == len(tokens), words
        assert joined.match_at(tokens, 0, len(tokens)) == len(tokens), words


def test_chinese_literal_ends_at_a_word_boundary():
    tokens = zh_tokens("这", "不归", "我", "管理处")
    assert pat("这 不归 我 管", ZH).match_at(tokens, 0, len(tokens)) is None


def test_chinese_literal_starts_at_a_word_boundary():
    tokens = zh_tokens("还这", "不归", "我", "管")
    assert all(pat("这不归我管", ZH).match_at(tokens, i, len(tokens)) is None for i in range(len(tokens)))


def test_chinese_stem_allows_a_longer_last_word():
    tokens = zh_tokens("这", "不归", "我", "管理处")
    assert pat("这 不归 我 管*", ZH).match_at(tokens, 0, len(tokens)) == 4


def test_chinese_adjacent_literals_are_recorded_as_one_phrase():
    context = ctx(ZH)
    compile_pattern("这 不归 我 管", context)
    assert "这不归我管" in context.literals


def test_chinese_marker_splits_the_phrase():
    tokens = zh_tokens("这不", "归我", "管")
    assert pat("这不归我管", ZH).match_at(tokens, 0, 3) == 3
    assert pat("这 [ 不归 我 管 ]", ZH).match_at(tokens, 0, 3) is None  # needs a boundary after 这


def test_chinese_gap_between_literals():
    assert matches("是 _{0,2} 搞错", "是物流那边搞错了", ZH) == ["是物流那边搞错"]


# ------------------------------------------------------------------ possible() prefilter

def test_possible_when_every_required_word_is_present():
    text = "that is not my job"
    assert pat("not my job").possible(present_keys(EN, text), text)


def test_not_possible_when_a_required_word_is_absent():
    text = "that is not my task"
    assert not pat("not my job").possible(present_keys(EN, text), text)


def test_possible_ignores_optional_words():
    text = "sorry"
    assert pat("( very much )? sorry").possible(present_keys(EN, text), text)


def test_possible_accepts_any_alternative():
    text = "we just handle billing"
    assert pat("( only | just ) handle").possible(present_keys(EN, text), text)


def test_possible_through_stems_and_lemmas():
    text = "the billing teams"
    assert pat("bill* team").possible(present_keys(EN, text), text)
    assert not pat("bill* team").possible(present_keys(EN, "the bull teams"), "the bull teams")


def test_chinese_possible_needs_the_phrase_in_the_surface():
    compiled = pat("这 不归 我 管", ZH)
    assert compiled.possible(present_keys(ZH, "这不归我管"), "他说这不归我管")
    assert not compiled.possible(present_keys(ZH, "这不是我管"), "这不是我管")


@pytest.mark.parametrize("source,text,lang", [
    ("not my job", "That's not my job.", EN),
    ("i _? ( only | just ) handle", "I only handle returns.", EN),
    ("bill* team", "the billing team", EN),
    ("@dept mess up", "accounts messed up", EN),
    ("_ help", "can't help", EN),
    ("отдел", "не мой отделу", RU),
    ("из-за сбой", "из-за сбоя", RU),
    ("这 不归 我 管", "这不归我管", ZH),
])
def test_a_matching_sentence_offers_an_index_key_and_passes_the_prefilter(source, text, lang):
    compiled = pat(source, lang)
    tokens = lang.tokenize(text)
    assert any(compiled.match_at(tokens, i, len(tokens)) for i in range(len(tokens)))
    present = present_keys(lang, text)
    surface = "".join(normalize(text).split()) if lang.concatenative else text
    assert compiled.possible(present, surface)
    assert compiled.index_keys & present


# ------------------------------------------------------------------ index_keys

def test_index_keys_prefer_the_longest_required_word():
    assert pat("i _? ( only | just ) handle").index_keys == {"handle"}


def test_index_keys_prefer_a_word_over_a_stem():
    assert pat("bill* team").index_keys == {"team"}


def test_index_keys_of_a_stem_only_pattern_are_a_marked_prefix():
    assert pat("bill*").index_keys == {PREFIX_KEY + "bil"}


def test_index_keys_of_a_list_are_its_first_words():
    assert pat("@dept mess up").index_keys == {"billing", "accounts", "warehouse"}


def test_index_keys_skip_a_leading_gap():
    compiled = pat("_ help")
    assert compiled.keys is None
    assert compiled.index_keys == {"help"}


def test_index_keys_of_chinese_are_the_first_character():
    compiled = pat("这 不归 我 管", ZH)
    assert compiled.index_keys == {CHAR_KEY + "这"}
    assert compiled.required == [frozenset({SUBSTRING_KEY + "这不归我管"})]


def test_pattern_without_required_words_has_no_index_keys():
    assert pat("/\\d+/").index_keys is None


# ------------------------------------------------------------------ syntax errors

@pytest.mark.parametrize("source,message,column", [
    ("( a | b", "group not closed", 8),
    ("( a | | b )", "empty alternative", 7),
    ("a||b", "empty alternative", 1),
    ("x a|", "empty alternative", 3),
    ("a _{3,1} b", "gap _{m,n}", 3),
    ("a _{0,21}", "gap _{m,n}", 3),
    ("@nolist x", "unknown word list @nolist", 1),
    ("x @nolist", "unknown word list @nolist", 3),
    ("a? _{0,2}", "everything is optional", 1),
    ("( a | b )?", "everything is optional", 1),
    ("( a | b ) | c", "needs a ( … | … ) group", 11),
    ("a b)", "unexpected ')'", 4),
    ("/abc", "regex not closed", 5),
    ("/(/", "bad regex", 1),
    ("", "empty pattern", 1),
    ("( a | [ b ] )", "top level", 7),
    ("[ a", "needs its ']'", 1),
])
def test_syntax_error_names_the_problem_and_its_column(source, message, column):
    with pytest.raises(PatternSyntaxError) as err:
        pat(source)
    assert message in str(err.value)
    assert err.value.column == column
    assert f"column {column}" in str(err.value)


def test_syntax_error_is_a_value_error():
    with pytest.raises(ValueError):
        pat("( a")


# ------------------------------------------------------------------ [ … ] span markers

def test_match_span_returns_the_marked_tokens():
    tokens = EN.tokenize("that is not my job")
    assert pat("[ not ] my job").match_span(tokens, 2, len(tokens)) == (5, 2, 3)


def test_match_span_without_markers_is_the_whole_match():
    tokens = EN.tokenize("that is not my job")
    assert pat("not my job").match_span(tokens, 2, len(tokens)) == (5, 2, 5)


def test_match_span_is_none_without_a_match():
    tokens = EN.tokenize("that is not my task")
    assert pat("[ not ] my job").match_span(tokens, 2, len(tokens)) is None


def test_marked_span_after_guards_with_a_gap():
    tokens = EN.tokenize("please contact the billing team directly")
    assert pat("contact _? [ @dept ] directly").match_span(tokens, 1, len(tokens)) == (6, 3, 5)


@pytest.mark.parametrize("text", ["I only handle delivery", "we handle it", "I just handle", "handle billing"])
def test_markers_do_not_change_what_matches(text):
    plain = pat("( i | we )? ( only | just )? handle !it")
    marked = pat("( i | we )? [ ( only | just )? handle ] !it")
    tokens = EN.tokenize(text)
    for i in range(len(tokens)):
        assert plain.match_at(tokens, i, len(tokens)) == marked.match_at(tokens, i, len(tokens))


def test_brackets_inside_a_regex_are_not_markers():
    compiled = pat("/[a-z]+/ job")
    assert compiled.marked is None
    assert whole("/[a-z]+/ job", "my job")


# ------------------------------------------------------------------ grammatical forms (ru)

def _ru_linter(tmp_path, pattern: str):
    import replylint
    from replylint.config import Config
    folder = tmp_path / "ru"
    folder.mkdir()
    (folder / "lists.yaml").write_text("lists:\n  verbs: [проверить, вернуть]\n", encoding="utf-8")
    (folder / "dead-end.yaml").write_text(f'rule: dead-end\npatterns:\n  p: "{pattern}"\n', encoding="utf-8")
    return replylint.Linter(Config(pattern_dirs=(tmp_path,)), builtin_patterns=False)


def test_grammemes_select_forms_of_a_class(tmp_path):
    """``@verbs:futr,1per`` is the future first person of each lemma: a promise, not the past."""
    lin = _ru_linter(tmp_path, "@verbs:futr,1per")
    text = "Мы проверим заказ и вернём деньги."
    found = [text[d.start:d.end] for d in lin.lint(text, lang="ru") if d.rule == "dead-end"]
    assert found == ["проверим", "вернём"]
    assert not [d for d in lin.lint("Мы проверили заказ и вернули деньги.", lang="ru") if d.rule == "dead-end"]


def test_unknown_grammeme_is_a_pattern_error(tmp_path):
    from replylint.pattern_files import PatternFileError
    lin = _ru_linter(tmp_path, "проверить:futr,bogus")
    with pytest.raises(PatternFileError, match="unknown grammeme"):
        lin.pack("ru")


def test_grammemes_need_a_morphology():
    ctx = PatternContext(lang="en", split_literal=lambda s: [s], lists={})
    with pytest.raises(PatternSyntaxError, match="need a language with a morphology"):
        compile_pattern("check:futr", ctx)


def test_a_clock_time_is_not_a_grammeme():
    ctx = PatternContext(lang="en", split_literal=lambda s: [s], lists={})
    compile_pattern("at 10:30", ctx)

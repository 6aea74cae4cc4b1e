"""replylint.languages: the Language interface and its four modules (ru, bg, en, zh)."""
from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import replylint
from replylint.index_keys import CHAR_KEY, PREFIX_KEY
from replylint.languages import LANGUAGES, Language, SentenceText, get_language, language_class, normalize, same_script
from replylint.languages.en import english_stems

SAMPLES = {
    "en": "I can't help,  it's the billing team's fault.\n\tShipping messed up!",
    "ru": "Из-за сбоя  отдел ещё\nне ответил. Ёлка стали?",
    "bg": "Куриерската фирма е виновна.\n  Не можем да направим нищо!",
    "zh": "您好， 这不归我管。\n请联系 商家 APP 客服！",
}


def texts(tokens) -> list[str]:
    return [t.text for t in tokens]


# ------------------------------------------------------------------ the registry

def test_every_registered_language_implements_the_interface():
    assert set(LANGUAGES) == {"ru", "bg", "en", "zh"}
    for code in LANGUAGES:
        language = get_language(code)
        assert isinstance(language, Language)
        assert language.code == code
        assert language.name and language.script


def test_language_class_does_not_need_an_instance():
    assert language_class("zh").concatenative is True
    assert language_class("en").concatenative is False


@pytest.mark.parametrize("code", LANGUAGES)
def test_get_language_returns_one_shared_instance(code):
    assert get_language(code) is get_language(code)


@pytest.mark.parametrize("code", LANGUAGES)
def test_get_language_from_eight_threads_gives_the_same_instance(code):
    barrier = threading.Barrier(8)
    got: list[Language] = []

    def work():
        barrier.wait()
        got.append(get_language(code))

    pool = [threading.Thread(target=work) for _ in range(8)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert len(got) == 8
    assert all(language is get_language(code) for language in got)


COLD_START = """
import json, threading
from replylint import languages
barrier = threading.Barrier(8)
got = []
def work(code):
    barrier.wait()
    got.append((code, id(languages.get_language(code))))
pool = [threading.Thread(target=work, args=(("bg", "en")[n % 2],)) for n in range(8)]
for t in pool: t.start()
for t in pool: t.join()
print(json.dumps({code: len({i for c, i in got if c == code}) for code in ("bg", "en")}
                 | {"created": sorted(languages._instances)}))
"""


def test_get_language_creates_one_instance_when_eight_threads_start_cold():
    out = subprocess.run([sys.executable, "-c", COLD_START], capture_output=True, text=True, timeout=300, check=True)
    result = json.loads(out.stdout)
    assert result == {"bg": 1, "en": 1, "created": ["bg", "en"]}


# ------------------------------------------------------------------ tokens and offsets

@pytest.mark.parametrize("code", LANGUAGES)
def test_token_offsets_index_the_original_text(code):
    text = SAMPLES[code]
    tokens = get_language(code).tokenize(text)
    assert tokens
    for t in tokens:
        assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("code", LANGUAGES)
def test_token_offsets_are_shifted_by_offset(code):
    text = SAMPLES[code]
    prefix = "xx \n"
    plain = get_language(code).tokenize(text)
    shifted = get_language(code).tokenize(text, offset=len(prefix))
    assert [(t.start - len(prefix), t.end - len(prefix)) for t in shifted] == [(t.start, t.end) for t in plain]
    whole = prefix + text
    for t in shifted:
        assert whole[t.start:t.end] == t.text


@pytest.mark.parametrize("code", LANGUAGES)
def test_tokens_are_in_order_and_do_not_overlap(code):
    tokens = get_language(code).tokenize(SAMPLES[code])
    for a, b in zip(tokens, tokens[1:], strict=False):
        assert a.end <= b.start


@pytest.mark.parametrize("code", LANGUAGES)
def test_whitespace_is_dropped(code):
    tokens = get_language(code).tokenize(SAMPLES[code])
    assert all(t.text.strip() == t.text and t.text for t in tokens)


def test_whitespace_only_text_has_no_tokens():
    for code in LANGUAGES:
        assert get_language(code).tokenize(" \n\t  \r\n") == []


@given(st.text(alphabet="ab ёЁщ.,!?'\n\t-7", max_size=40))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_offsets_index_the_text_for_any_text(text):
    for code in ("en", "ru"):
        for t in get_language(code).tokenize(text, offset=3):
            assert text[t.start - 3:t.end - 3] == t.text


def test_normalize_lowercases_and_folds_yo():
    assert normalize("ЁЛКА Ещё") == "елка еще"


def test_token_norm_folds_yo_but_text_keeps_it():
    tok = get_language("ru").tokenize("ЕЩЁ")[0]
    assert (tok.text, tok.norm) == ("ЕЩЁ", "еще")
    assert "еще" in tok.lemmas


def test_punctuation_is_marked_and_ends_sentences():
    tokens = get_language("en").tokenize("Hi, there!")
    assert [(t.text, t.is_punct, t.ends_sentence) for t in tokens] == [
        ("Hi", False, False), (",", True, False), ("there", False, False), ("!", True, True)]


# ------------------------------------------------------------------ lemmas

def test_russian_keeps_every_plausible_lemma():
    tok = get_language("ru").tokenize("стали")[0]
    assert {"сталь", "стать", "стали"} <= tok.lemmas


def test_russian_lemma_of_an_inflected_noun():
    tok = get_language("ru").tokenize("отделу")[0]
    assert {"отдел", "отделу"} <= tok.lemmas


def test_russian_lemmas_are_normalised():
    tok = get_language("ru").tokenize("Всё")[0]
    assert all(lemma == normalize(lemma) for lemma in tok.lemmas)


@pytest.mark.parametrize("word,expected", [
    ("mixes", {"mix"}),
    ("messed", {"mess"}),
    ("shipping", {"ship"}),
    ("stopped", {"stop"}),
    ("tries", {"try"}),
    ("carried", {"carry"}),
    ("cats", {"cat"}),
    ("closed", {"close"}),
])
def test_english_stems_offer_the_regular_base_form(word, expected):
    assert expected <= english_stems(word)


@pytest.mark.parametrize("word", ["boss", "go", "is", "can't", "x2es"])
def test_english_stems_leave_short_non_alpha_and_ss_words_alone(word):
    assert english_stems(word) == set()


def test_english_token_lemmas_include_the_stems():
    tok = get_language("en").tokenize("messed")[0]
    assert {"mess", "messed"} <= tok.lemmas


def test_english_contraction_lemmas():
    tokens = get_language("en").tokenize("can't")
    assert texts(tokens) == ["ca", "n't"]
    assert "can" in tokens[0].lemmas and "not" in tokens[1].lemmas


@pytest.mark.parametrize("word,lemma", [("виновна", "виновен"), ("фирмата", "фирма"), ("е", "съм")])
def test_bulgarian_lemmas_from_simplemma(word, lemma):
    tok = get_language("bg").tokenize(word)[0]
    assert {lemma, word} <= tok.lemmas


def test_chinese_token_lemma_is_its_form():
    for tok in get_language("zh").tokenize("您好世界"):
        assert tok.lemmas == {tok.norm}


def test_phrase_norms_split_like_the_tokenizer():
    assert get_language("en").phrase_norms("Can't") == ["ca", "n't"]
    assert get_language("ru").phrase_norms("Из-за") == ["из", "-", "за"]
    assert get_language("ru").phrase_norms("Ещё") == ["еще"]
    assert "".join(get_language("zh").phrase_norms("这不归我管")) == "这不归我管"


# ------------------------------------------------------------------ sentences (spaced languages)

def sentence_texts(code: str, text: str) -> list[str]:
    return [text[s.start:s.end] for s in get_language(code).sentences(text)]


def test_sentences_split_at_sentence_punctuation():
    assert sentence_texts("en", "Hello there. How are you? Fine!") == ["Hello there.", "How are you?", "Fine!"]


def test_sentences_without_final_punctuation_keep_the_tail():
    assert sentence_texts("en", "Hello there. No full stop") == ["Hello there.", "No full stop"]


def test_commas_do_not_split_sentences():
    assert sentence_texts("ru", "Здравствуйте, мы проверим заказ.") == ["Здравствуйте, мы проверим заказ."]


def test_a_hard_wrapped_line_stays_in_the_same_sentence():
    text = "This line is\nwrapped here. Next one."
    assert sentence_texts("en", text) == ["This line is\nwrapped here.", "Next one."]


def test_sentences_split_before_list_items():
    text = "Your options:\n- we refund you\n- we send a new one"
    assert sentence_texts("en", text) == ["Your options:", "- we refund you", "- we send a new one"]


def test_a_numbered_list_marker_is_not_a_sentence():
    text = "Шаги\n1. Первое\n2. Второе"
    assert sentence_texts("ru", text) == ["Шаги", "1. Первое", "2. Второе"]


def test_spaced_sentences_carry_their_tokens_and_no_surface():
    text = "Вината е на куриера. Не можем да направим нищо."
    sentences = get_language("bg").sentences(text)
    assert [len(s.tokens) for s in sentences] == [5, 6]
    for s in sentences:
        assert isinstance(s, SentenceText)
        assert s.surface == ""
        assert s.tokens[0].start == s.start and s.tokens[-1].end == s.end
        assert get_language("bg").tokens_of(text, s) is s.tokens


def test_empty_text_has_no_sentences():
    for code in LANGUAGES:
        assert get_language(code).sentences("") == []


def test_a_run_of_sentence_punctuation_ends_one_sentence():
    """spaCy splits '?!' into '?' and '!'; the run still ends one sentence, so a 'scope: next'
    condition looks at the real next sentence, not at a lone '!'."""
    assert sentence_texts("en", "Really?! Yes.") == ["Really?!", "Yes."]
    assert sentence_texts("en", "Stop!!! Now.") == ["Stop!!!", "Now."]
    assert not any(d.rule == "dead-end" for d in replylint.lint(
        "Deleted photos can't be recovered?! I've refunded the difference to your card instead."))


# ------------------------------------------------------------------ Chinese sentences

def test_chinese_sentences_split_at_chinese_punctuation():
    text = "您好。这不归我管！你自己联系吧？好"
    assert sentence_texts("zh", text) == ["您好。", "这不归我管！", "你自己联系吧？", "好"]


def test_chinese_sentences_split_at_line_breaks():
    text = "第一行\n第二行\n\n  第三行  "
    assert sentence_texts("zh", text) == ["第一行", "第二行", "第三行"]


def test_chinese_wrapped_lines_stay_one_sentence():
    """A hard-wrapped e-mail: a break after a clause mark, or ending a long line without final
    punctuation, continues the sentence; short lines (greeting, sign-off), quotes and list items
    still end one."""
    text = ("经核查，\n您的包裹因分拣设备故障滞留了一天。如有变化，我们会在当天18:00前邮件\n告知您。\n"
            "祝好\n售后客服 小周\n> 你们怎么回事\n1. 第一步")
    assert sentence_texts("zh", text) == [
        "经核查，\n您的包裹因分拣设备故障滞留了一天。", "如有变化，我们会在当天18:00前邮件\n告知您。",
        "祝好", "售后客服 小周", "> 你们怎么回事", "1. 第一步"]
    first = get_language("zh").sentences(text)[0]
    assert first.surface == "经核查，您的包裹因分拣设备故障滞留了一天。"  # patterns see no line break


def test_chinese_punctuation_run_ends_one_sentence():
    assert sentence_texts("zh", "真的？！好的。") == ["真的？！", "好的。"]


def test_chinese_sentences_tokenize_lazily():
    sentences = get_language("zh").sentences("您好。这不归我管！")
    assert all(s.tokens is None for s in sentences)


def test_chinese_surface_is_the_normalised_text_without_spaces():
    text = "你 自己 联系 APP 吧？"
    (sentence,) = get_language("zh").sentences(text)
    assert sentence.surface == "你自己联系app吧？"


def test_chinese_tokens_of_a_sentence_index_the_paragraph():
    text = "您好。再见了"
    zh = get_language("zh")
    second = zh.sentences(text)[1]
    tokens = zh.tokens_of(text, second)
    assert "".join(texts(tokens)) == "再见了"
    for t in tokens:
        assert text[t.start:t.end] == t.text


# ------------------------------------------------------------------ prefilter keys

def test_spaced_prefilter_keys_are_forms_and_marked_prefixes():
    tok = get_language("en").tokenize("Billing")[0]
    keys = get_language("en").prefilter_keys(tok)
    assert {"billing", "bill"} <= keys
    assert {PREFIX_KEY + "b", PREFIX_KEY + "bi", PREFIX_KEY + "bil"} <= keys
    assert PREFIX_KEY + "bill" not in keys  # prefixes are one to three letters


def test_russian_prefilter_keys_include_lemma_prefixes():
    tok = get_language("ru").tokenize("отделу")[0]
    keys = get_language("ru").prefilter_keys(tok)
    assert {"отдел", "отделу", PREFIX_KEY + "отд"} <= keys


def test_prefilter_keys_of_a_short_word():
    tok = get_language("ru").tokenize("я")[0]
    assert get_language("ru").prefilter_keys(tok) == {"я", PREFIX_KEY + "я"}


def test_chinese_prefilter_key_is_the_first_character():
    zh = get_language("zh")
    (tok,) = zh.tokenize("你好")
    assert zh.prefilter_keys(tok) == {CHAR_KEY + "你"}


# ------------------------------------------------------------------ same_script and word_count

@pytest.mark.parametrize("a,b,same", [
    ("ru", "bg", True), ("bg", "ru", True), ("en", "en", True), ("zh", "zh", True),
    ("en", "ru", False), ("zh", "en", False), ("zh", None, False), (None, None, True),
])
def test_same_script(a, b, same):
    assert same_script(a, b) is same


def test_word_count_counts_words_in_spaced_languages():
    assert get_language("en").word_count("hello  big\nworld") == 3
    assert get_language("ru").word_count("") == 0


def test_word_count_counts_characters_in_chinese():
    assert get_language("zh").word_count("这不归我管") == 5
    assert language_class("zh").word_count("你好") == 2


def test_chinese_writes_no_jieba_cache_outside_the_workspace(tmp_path, monkeypatch):
    """jieba's initialize() would write jieba.cache into the system temp folder; ours builds the
    dictionary in memory, so loading Chinese writes nothing there."""
    import tempfile

    from replylint.languages.zh import Chinese

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    zh = Chinese()
    assert [t.norm for t in zh.tokenize("这不归我管")]  # the dictionary works
    assert list(tmp_path.iterdir()) == []

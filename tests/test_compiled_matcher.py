"""The one-pass prefilters (phrase_filter.py, regex_prefilter.py) change how fast a paragraph
is matched, never what is found: matching.match_paragraph must give exactly the hits of the
straightforward reference matcher (matching_reference.py) on random texts built from each
language's pattern vocabulary, on the pattern files' examples, and on the dev set."""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest
import regex

import replylint
from replylint.analysis import Hits, ParagraphMatches
from replylint.config import Config
from replylint.document import Document, paragraphs
from replylint.matching import match_paragraph
from replylint.matching_reference import reference_match_paragraph
from replylint.regex_prefilter import RegexPrefilter, hyperscan, hyperscan_source

from .conftest import SHARED

LANGS = ("ru", "bg", "zh", "en")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.-]*")
# characters on which engines disagree (marks, odd spaces, ß, dotted I): mixed into random texts
_TRICKY = ["ß", "\u0301", "İ", "\u200b", "²", "\x1c", "ς", "ﬁ", "K"]


def _findings(matches: ParagraphMatches) -> set[tuple]:
    hits: Hits = matches.hits
    out = set()
    for bucket in (hits.matches, hits.anti, hits.exceptions):
        for found in bucket.values():
            out.update((h.pattern.id, h.start, h.end, h.sentence, h.mark_start, h.mark_end) for h in found)
    return out


@pytest.fixture(scope="module")
def linter() -> replylint.Linter:
    lin = replylint.Linter()
    for lang in LANGS:
        lin.pack(lang).regex_prefilter.build()
    return lin


def _vocabulary(pack) -> list[str]:
    words: list[str] = []
    for cp in pack.patterns:
        words.extend(_WORD.findall(cp.entry.source))
    for pf in pack.files:
        for example in pf.flag_examples + pf.pass_examples:
            words.extend(_WORD.findall(str(example)))
    return sorted(set(words))


def _random_texts(pack, lang: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = _vocabulary(pack)
    glue = "" if lang == "zh" else " "
    punctuation = ["。", "，", "！", "？"] if lang == "zh" else [".", ",", "!", "?", " —", ":"]
    digits = ["3", "15", "24.12", "10:30", "2-3", "48", "一", "两"]
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(3, 40)):
            roll = rng.random()
            if roll < 0.75:
                parts.append(rng.choice(vocabulary))
            elif roll < 0.87:
                parts.append(rng.choice(punctuation))
            elif roll < 0.97:
                parts.append(rng.choice(digits))
            else:
                parts.append(rng.choice(_TRICKY))
        texts.append(glue.join(parts))
    return texts


def _examples(pack) -> list[str]:
    return [str(e) for pf in pack.files for e in pf.flag_examples + pf.pass_examples]


def _dev_texts(lang: str, limit: int = 150) -> list[str]:
    path = SHARED / "corpora" / "dev" / f"{lang}.jsonl"
    if not path.is_file():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line)["text"] for line in lines[:limit]]


def _assert_same(pack, texts: list[str]) -> int:
    compared = 0
    for text in texts:
        masked = Document.from_text(text).masked
        for start, end in paragraphs(masked):
            block = masked[start:end]
            assert _findings(match_paragraph(pack, block)) == _findings(reference_match_paragraph(pack, block)), block
            compared += 1
    return compared


@pytest.mark.parametrize("lang", LANGS)
def test_same_hits_as_the_reference_on_random_vocabulary_texts(linter, lang):
    pack = linter.pack(lang)
    assert _assert_same(pack, _random_texts(pack, lang, 250, seed=13)) > 0


@pytest.mark.slow  # every pattern at every position of ~1,000 examples: a minute for English
@pytest.mark.parametrize("lang", LANGS)
def test_same_hits_as_the_reference_on_the_pattern_examples(linter, lang):
    pack = linter.pack(lang)
    assert _assert_same(pack, _examples(pack)) > 0


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_same_hits_as_the_reference_on_the_dev_set(linter, lang):
    texts = _dev_texts(lang)
    if not texts:
        pytest.skip("../shared/corpora/dev is absent")
    assert _assert_same(linter.pack(lang), texts) > 0


def test_the_prefilter_decides_about_most_regex_rules(linter):
    """Not a speed test: the one pass must actually take rules off the plain-search list."""
    if hyperscan is None:
        pytest.skip("Hyperscan is not installed here: every rule is searched (same findings)")
    for lang in LANGS:
        prefilter = linter.pack(lang).regex_prefilter
        assert prefilter.scanned >= prefilter.size // 2, lang


@pytest.mark.parametrize("source, expected", [
    (r"\mчерез\M", r"\bчерез\b"),              # regex's word start/end: a literal m to Hyperscan
    (r"a{2,5}b", "a{2,}b"),                      # bounded repeats relaxed (a superset)
    (r"(?P<mark>сбой)", "(?:сбой)"),
    (r"a{,3}b", None),                           # a quantifier in regex, text in PCRE
    (r"[[a-z]--[aeiou]]", None),                 # regex's set operations
    (r"(a)\1", None),                            # backreferences
    (r"strasse|straße", None),                   # ß folds to ss in regex only
    (r"(?i)abc", None),                          # inline flags are left to regex
    (r"\p{Han}+", r"\p{Han}+"),
    (r"(a+)+$", None),                           # nested repeats: left to regex, whose budget reports them
    (r"(?:\s+\w+)?x", r"(?:\s+\w+)?x"),           # an optional group of repeats is not nested repetition
])
def test_hyperscan_source_keeps_only_what_both_engines_read_alike(source, expected):
    assert hyperscan_source(source) == expected


def test_without_hyperscan_every_rule_is_searched(monkeypatch):
    import replylint.regex_prefilter as module

    monkeypatch.setattr(module, "hyperscan", None)
    prefilter = RegexPrefilter([regex.compile(r"\mсбой", regex.I | regex.V1), regex.compile("x")], eager=True)
    assert prefilter.scanned == 0
    assert prefilter.candidates("ничего") == [0, 1]


@pytest.mark.skipif(hyperscan is None, reason="Hyperscan is not installed here")
def test_a_text_the_engines_may_read_differently_is_searched_with_every_rule():
    prefilter = RegexPrefilter([regex.compile(r"strasse", regex.I | regex.V1),
                                regex.compile(r"\w+ок", regex.I | regex.V1)], eager=True)
    assert prefilter.scanned == 2  # neither pattern has ß itself, but a text may fold to it
    assert prefilter.candidates("звонок") == [1]
    assert prefilter.candidates("Straße") == [0, 1]          # full case folding: regex only
    assert prefilter.candidates("зво\u0301нок") == [0, 1]    # a combining mark: \\w differs


def test_the_prefilter_survives_pickling_as_the_pack_cache_stores_it():
    import pickle

    prefilter = RegexPrefilter([regex.compile(r"\mсбой\M", regex.I | regex.V1)], eager=True)
    again = pickle.loads(pickle.dumps(prefilter))
    assert again.candidates("у нас СБОЙ") == [0]
    assert again.candidates("всё хорошо") == ([] if hyperscan is not None else [0])


def test_the_phrase_filter_gives_the_same_answer_without_its_automaton(linter):
    import pickle

    from replylint import phrase_filter

    pack = linter.pack("zh")
    again = pickle.loads(pickle.dumps(pack.phrase_filter))
    plain = pickle.loads(pickle.dumps(pack.phrase_filter))
    plain._automaton = None  # the fallback: one ``in`` per phrase
    texts = [s.surface for t in _examples(pack) for s in pack.language.sentences(t)]
    texts += ["", "天气不错", "".join(sorted(phrase_filter.PhraseFilter.__doc__ or ""))]
    for text in texts:
        assert again.phrases_in(text) == plain.phrases_in(text), text
        assert again.any_possible(text) == plain.any_possible(text), text


# ------------------------------------------------------- the set-at-a-time matcher's parts

def _sentences(pack, texts: list[str]):
    """(tokens, prefilter key sets, surface) of every sentence of the texts' paragraphs."""
    language = pack.language
    for text in texts:
        masked = Document.from_text(text).masked
        for start, end in paragraphs(masked):
            block = masked[start:end]
            for sentence in language.sentences(block):
                tokens = language.tokens_of(block, sentence)
                yield tokens, [language.prefilter_keys(t) for t in tokens], sentence.surface


def _sample(pack, lang: str) -> list[str]:
    return _random_texts(pack, lang, 80, seed=31) + _examples(pack)[:200]


@pytest.mark.parametrize("lang", LANGS)
def test_the_requirement_filter_gives_the_patterns_possible_answers(linter, lang):
    """One bit pass over the tokens gives exactly the patterns ``TokenPattern.possible`` admits
    (every pattern asked in turn), and ``can_match`` agrees for patterns without phrases."""
    pack = linter.pack(lang)
    requirements = pack.requirements
    patterns = pack.token_patterns
    assert patterns and all(p.tokens is not None for p in patterns)
    sentences = 0
    admitted = 0
    for tokens, keys, surface in _sentences(pack, _sample(pack, lang)):
        present: set[str] = set().union(*keys)
        masks, offered = requirements.sentence([(k, t.norm) for k, t in zip(keys, tokens, strict=True)], surface)
        assert masks == [requirements.token_mask(k, t.norm) for k, t in zip(keys, tokens, strict=True)]
        got = [c.pattern for c in offered]
        present_bits = requirements.phrase_mask(surface)
        for mask in masks:
            present_bits |= mask
        assert [c.pattern for c in requirements.candidates(present_bits)] == got  # buckets found either way
        assert len(got) == len({id(p) for p in got}), "a pattern was offered twice"
        expected = {id(p) for p in patterns if p.tokens.possible(present, surface)}
        assert {id(p) for p in got} == expected, surface
        for p in patterns:
            if not p.tokens.phrase_groups:
                assert p.tokens.can_match(present) == (id(p) in expected)
        sentences += 1
        admitted += len(expected)
    assert sentences > 50 and admitted > 0


@pytest.mark.parametrize("lang", LANGS)
def test_anchored_starts_and_set_at_a_time_runs_agree_with_one_start_matching(linter, lang):
    """For every pattern and sentence: the tokens a match starts at carry the pattern's start bit,
    ``reach`` over all starts is the union of ``Node.ends`` per start, and ``span_at`` is
    ``match_span`` (the reference's one-start reader)."""
    pack = linter.pack(lang)
    requirements = pack.requirements
    entries = {id(c.pattern): c for c in requirements._always}
    entries.update((id(c.pattern), c) for bucket in requirements._buckets.values() for c in bucket)
    assert len(entries) == len(pack.token_patterns)
    matched = 0
    for tokens, keys, _surface in _sentences(pack, _random_texts(pack, lang, 25, seed=7) + _examples(pack)[:40]):
        hi = len(tokens)
        masks = [requirements.token_mask(k, t.norm) for k, t in zip(keys, tokens, strict=True)]
        for cp in pack.token_patterns:
            pattern = cp.tokens
            ends = [set(pattern.node.ends(tokens, i, hi)) for i in range(hi)]
            assert pattern.reach(tokens, range(hi), hi) == set().union(set(), *ends), cp.entry.source
            start_bit = entries[id(cp)].start
            for i in range(hi):
                expected = pattern.match_span(tokens, i, hi)
                assert pattern.span_at(tokens, i, hi) == expected, (cp.entry.source, i)
                if expected is not None:
                    matched += 1
                    assert not start_bit or masks[i] & start_bit, (cp.entry.source, i)
    assert matched > 0


@pytest.mark.parametrize("lang", LANGS)
def test_the_matcher_of_a_pack_read_back_from_the_cache_finds_the_same(linter, lang):
    """The pack cache pickles the requirement filter and the patterns' remembered answers are
    dropped: a pack decoded by the cache's own allow-list unpickler matches as the reference."""
    import pickle

    from replylint import pack_cache
    from replylint.requirement_filter import RequirementFilter

    pack = linter.pack(lang)
    language = pack.language
    try:
        pack.language = None  # as pack_cache.store does
        data = pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        pack.language = language
    again = pack_cache.decode(hashlib.sha256(data).digest() + data)  # the entry's framing (user_cache.write_framed)
    again.language = language
    assert isinstance(again.requirements, RequirementFilter)
    assert again.requirements is not pack.requirements
    again.regex_prefilter.build()
    assert _assert_same(again, _random_texts(again, lang, 60, seed=5) + _examples(again)[:100]) > 0


ANCHOR_FIXTURE = Path(__file__).parent / "fixtures" / "anchor-patterns"


def _anchor_texts(count: int, seed: int) -> list[str]:
    """Random sentences of the anchor fixture's words, with clause ends, stops and a time."""
    rng = random.Random(seed)
    words = ["due", "to", "the", "high", "weather", "volume", "because", "of", "sorry", "it", "is", "late"]
    punctuation = [".", ",", "!", "?", " —", ":", ";", "10:30", "\""]
    return [" ".join(rng.choice(words) if rng.random() < 0.7 else rng.choice(punctuation)
                     for _ in range(rng.randint(3, 30))) for _ in range(count)]


@pytest.mark.parametrize("lang, texts", [
    ("en", _anchor_texts(300, seed=3)),
    ("zh", ["因为天气原因。", "因为天气原因，好", "因为天气原因：好", "好因为天气原因", "因为 天气 原因 ；"]),
])
def test_same_hits_as_the_reference_with_start_and_end_anchors(lang, texts):
    """``^`` / ``$`` (tests/fixtures/anchor-patterns): the set-at-a-time reach and the one-start
    reader must agree where a clause ends, before punctuation and at the sentence's edges."""
    pack = replylint.Linter(Config(pattern_dirs=(ANCHOR_FIXTURE,)), builtin_patterns=False).pack(lang)
    assert _assert_same(pack, texts) > 0

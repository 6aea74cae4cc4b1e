"""Possessive repeats in regex rules (the zh concrete-time ``{times}``): the Hyperscan prefilter
reads them as the greedy repeat, a superset, and they keep a run of times from backtracking
without end in ``regex``."""
from __future__ import annotations

import random

import pytest
import regex

import replylint
from replylint.regex_prefilter import RegexPrefilter, hyperscan, hyperscan_source

# pieces of Chinese times and of what follows them in the concrete-time antipatterns
_PIECES = ("今天 明天 今晚 明早 当天 下午 上午 晚上 3点 5点半 18:00 [时间x] 7天 3个工作日 24小时 半小时 十二点 "
           "内 之内 前 之前 后 左右 周五 星期三 本周五 下个周一 这周 本周内 月底 （周三） 3月14日 [日期x] [数字x] "
           "个 工作日 小时 天 月 到 至 - 已 已经 于 在 请 您 需要 过 再 来 试 超过 了 满 不 截止 有效期 到期 过期 "
           "还有 空位 名额 无理由 都 可以 能 支持 在线 营业 发出 签收 完成 昨天 刚才 的 我们 会 ， 。 \n 1 12").split()
_PIECES.append(" ")
_GENERIC = [r"(?:(?:a|ab|b+)\s*)++c", r"x(?:\d+[-.]?)*+y", r"(?:ab?){2,4}+b", r"a?+ab"]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(2, 14))) for _ in range(count)]
    letters = "aabbc xy1-.."
    texts += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(count)]
    return texts


@pytest.fixture(scope="module")
def possessive_rules() -> list[regex.Pattern]:
    pack = replylint.Linter().pack("zh")
    rules = [p.regex for p in pack.regex_patterns if p.regex is not None and "++" in p.regex.pattern]
    assert len(rules) >= 10  # the concrete-time antipatterns that use {times}
    return rules + [regex.compile(p, regex.I | regex.V1) for p in _GENERIC]


def test_a_possessive_repeat_of_a_repeating_group_is_read_as_the_greedy_one():
    assert hyperscan_source(r"(a+)++$") == r"(a+)+$"
    assert hyperscan_source(r"(?:(?:a|b+)\s*)++x") == r"(?:(?:a|b+)\s*)+x"
    assert hyperscan_source(r"(?:a\d+){2,3}+b") == r"(?:a\d+){2,}b"
    assert hyperscan_source(r"a*+b|c?+d") == r"a*b|c?d"
    assert hyperscan_source(r"(?:a\d+){2,3}b") is None  # greedy nested repeats are still left out
    assert hyperscan_source(r"(?:a+)+?b") is None


def test_every_match_of_the_possessive_rule_is_a_match_of_its_translation(possessive_rules):
    """The translation is a superset, checked with ``regex`` itself: each match of the rule, at
    its own span, is a match of the greedy form Hyperscan is given."""
    checked = 0
    for rule in possessive_rules:
        source = hyperscan_source(rule.pattern)
        assert source is not None, rule.pattern
        greedy = regex.compile(source, regex.I | regex.V1)
        for text in _random_texts(400, seed=len(rule.pattern)):
            for m in rule.finditer(text):
                assert greedy.fullmatch(text, m.start(), m.end()) is not None, (rule.pattern, text, m.span())
                checked += 1
    assert checked > 100


@pytest.mark.skipif(hyperscan is None, reason="Hyperscan is not installed here")
def test_the_prefilter_never_rules_out_a_possessive_rule_that_matches(possessive_rules):
    prefilter = RegexPrefilter(possessive_rules, eager=True)
    assert prefilter.scanned == len(possessive_rules)  # none is searched on every text
    matched = 0
    for text in _random_texts(600, seed=13):
        found = [k for k, rule in enumerate(possessive_rules) if rule.search(text)]
        assert set(found) <= set(prefilter.candidates(text)), text
        matched += bool(found)
    assert matched > 50


def test_a_run_of_times_does_not_use_up_the_regex_budget():
    """With a greedy repeat, 周五周五…x (41 characters) tried every way of splitting the run and
    raised SlowPatternError."""
    linter = replylint.Linter()
    for text in ("周五" * 20 + "x", "今晚" * 25 + "。", "明天下午" * 30 + "已经发出"):
        linter.lint(text, lang="zh")

"""A signal file's ``unless`` conditions apply to the signal itself, before the rules use it:
an invitation that waits on the customer is no promise (RULES.md conventions), while an
unconditional commitment still is, and a vague time still makes the reply a promise."""
from __future__ import annotations

import pytest

import replylint


def _rules(text: str, lang: str) -> set[str]:
    return {d.rule for d in replylint.lint(text, lang=lang)}


@pytest.mark.parametrize("lang,text", [
    ("ru", "Напишите нам в личные сообщения, чтобы мы могли проверить заказ."),
    ("ru", "Пришлите, пожалуйста, номер заказа — я посмотрю, в чём дело."),
    ("bg", "Пишете ни на лично, за да можем да проверим поръчката."),
    ("bg", "Ако ни изпратите снимка, ще проверим какво се е случило."),
])
def test_an_invitation_that_waits_on_the_customer_is_not_a_promise(lang, text):
    assert "missing-timeline" not in _rules(text, lang)


@pytest.mark.parametrize("lang,text", [
    ("ru", "Мы проверим заказ и свяжемся с вами."),
    ("bg", "Ще проверим поръчката и ще се свържем с вас."),
])
def test_an_unconditional_commitment_is_a_promise(lang, text):
    assert "missing-timeline" in _rules(text, lang)


@pytest.mark.parametrize("lang,text", [
    ("ru", "Напишите нам, и мы всё исправим в ближайшее время."),
    ("bg", "Пишете ни и ще го оправим възможно най-скоро."),
])
def test_a_vague_time_makes_the_invitation_a_promise(lang, text):
    assert {"vague-timeline", "missing-timeline"} <= _rules(text, lang)

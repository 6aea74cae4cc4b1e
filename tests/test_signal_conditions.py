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
    ("en", "If you could send us a photo of the label, we'll take it from there."),
    ("en", "Pop the jacket back to us in the prepaid bag and we'll swap it for the right size."),
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
    ("en", "Please send us a DM with your email address so we can connect ASAP."),
])
def test_a_vague_time_makes_the_invitation_a_promise(lang, text):
    assert {"vague-timeline", "missing-timeline"} <= _rules(text, lang)


@pytest.mark.parametrize("lang,text", [
    ("en", "That's not my department. Try the billing team."),
    ("ru", "Это не моя работа, обращайтесь в бухгалтерию."),
    ("bg", "Това не е в моята компетентност. Потърсете търговеца директно."),
    ("zh", "您好，这不归我管，信用卡分期的事您自己联系信用卡中心吧。"),
])
def test_a_disclaimer_acknowledges_a_problem(lang, text):
    """RULES.md: an explicit disclaimer counts as acknowledging a problem for missing-apology."""
    assert {"not-my-job", "missing-apology"} <= _rules(text, lang)


@pytest.mark.parametrize("lang,text", [
    ("en", "You'll need to ask the airline about that, we only sell the tickets."),
    ("ru", "Это вопрос к банку, мы только принимаем платежи."),
    ("bg", "Обърнете се към куриерската фирма, ние само продаваме стоката."),
    ("zh", "这个问题请您联系快递公司，我们只负责发货。"),
])
def test_a_restricting_disclaimer_acknowledges_a_problem(lang, text):
    """"We only sell the tickets" beside a referral disclaims responsibility (RULES.md)."""
    assert {"not-my-job", "missing-apology"} <= _rules(text, lang)


@pytest.mark.parametrize("lang,text", [
    ("en", "Please contact your bank, they can help you with the charge."),
    ("ru", "Пожалуйста, свяжитесь с вашим банком, они помогут с этим платежом."),
])
def test_a_polite_referral_alone_does_not(lang, text):
    """A referral with no disclaimer is not-my-job but raises no problem (RULES.md)."""
    found = _rules(text, lang)
    assert "not-my-job" in found and "missing-apology" not in found


@pytest.mark.parametrize("lang,text", [
    ("en", "You should have read the terms before booking."),
    ("zh", "你下单的时候怎么不选好尺码呢？现在要换的话运费只能你自己出了。"),
])
def test_blaming_the_customer_acknowledges_a_problem(lang, text):
    assert {"blame-customer", "missing-apology"} <= _rules(text, lang)


@pytest.mark.parametrize("lang,text", [
    ("ru", "Надеемся, посылка скоро будет у вас."),
    ("bg", "Надяваме се пратката да пристигне скоро."),
    ("en", "We hope the parcel turns up soon."),
    ("bg", "В момента системата е бавна, пробвайте пак по-късно."),
])
def test_a_wish_or_the_customers_retry_is_no_promise(lang, text):
    """RULES.md: wishes, hopes and instructions to the customer are not promises, so a vague
    time in them is neither vague-timeline nor missing-timeline."""
    assert not {"vague-timeline", "missing-timeline"} & _rules(text, lang)

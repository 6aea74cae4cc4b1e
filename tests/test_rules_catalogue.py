"""The examples of RULES.md, in all four languages, as the product's acceptance tests.

Each row: a reply, its language, and the rule that must (or must not) be reported.
These run against the built-in pattern packs; every pattern file also carries its own
flag/pass examples (tests/test_pattern_examples.py).
"""
from __future__ import annotations

import pytest

FLAGS = [
    # excuse
    ("en", "We're short-handed today, so your ticket is waiting.", "excuse"),
    ("ru", "Задержка произошла из-за технического сбоя.", "excuse"),
    ("bg", "Това се дължи на голямото натоварване.", "excuse"),
    ("zh", "由于系统原因，暂时无法处理。", "excuse"),
    # blame-department
    ("en", "The warehouse sent the wrong item.", "blame-department"),
    ("ru", "Это бухгалтерия напутала.", "blame-department"),
    ("bg", "Куриерската фирма е виновна.", "blame-department"),
    ("zh", "是物流那边搞错了。", "blame-department"),
    # not-my-job
    ("en", "That's not my department.", "not-my-job"),
    ("ru", "Я этим не занимаюсь.", "not-my-job"),
    ("ru", "Обратитесь в другой отдел.", "not-my-job"),
    ("bg", "Това не е в моята компетентност.", "not-my-job"),
    ("zh", "这不归我管，您自己联系商家吧。", "not-my-job"),
    # internal-jargon
    ("en", "Escalated to L2, it's in the backlog.", "internal-jargon"),
    ("en", "Your issue is tracked as JIRA-4821.", "internal-jargon"),
    ("ru", "У него мать сдохла.", "internal-jargon"),
    ("bg", "Пуснахме тикет към втора линия.", "internal-jargon"),
    ("zh", "已经给您升级工单到二线了。", "internal-jargon"),
    # blame-customer
    ("en", "You should have read the terms.", "blame-customer"),
    ("en", "Why didn't you call us sooner?", "blame-customer"),
    ("ru", "Вы неправильно указали адрес.", "blame-customer"),
    ("bg", "Трябваше да прочетете условията.", "blame-customer"),
    ("zh", "是您自己操作错误。", "blame-customer"),
    # dead-end
    ("en", "There's nothing we can do.", "dead-end"),
    ("ru", "Ничего не можем сделать.", "dead-end"),
    ("bg", "Нищо не можем да направим.", "dead-end"),
    ("zh", "这个真没办法。", "dead-end"),
    # vague-timeline (and, with no concrete time, missing-timeline)
    ("en", "We will refund you as soon as possible.", "vague-timeline"),
    ("en", "We will refund you ASAP.", "missing-timeline"),
    ("ru", "Мы вернём деньги в ближайшее время.", "vague-timeline"),
    ("ru", "Мы свяжемся с вами как можно скорее.", "missing-timeline"),
    ("bg", "Ще се свържем с вас възможно най-скоро.", "vague-timeline"),
    ("zh", "我们会尽快处理。", "vague-timeline"),
    # missing-apology
    ("en", "Your order was delayed. It will arrive tomorrow.", "missing-apology"),
    ("ru", "Ваш заказ задержался. Курьер привезёт его завтра.", "missing-apology"),
    ("bg", "Поръчката ви закъсня. Куриерът ще я достави утре.", "missing-apology"),
    ("zh", "您的订单延误了，明天送达。", "missing-apology"),
    # missing-timeline
    ("en", "We'll check and call you back.", "missing-timeline"),
    ("ru", "Мы проверим и перезвоним вам.", "missing-timeline"),
    ("bg", "Ще проверим и ще се свържем с вас.", "missing-timeline"),
    ("zh", "我们会处理的。", "missing-timeline"),
]

PASSES = [
    # a cause given as information, paired with the remedy
    ("en", "The charge is a pre-authorisation and will drop off by Friday.", "excuse"),
    # a department named as the one acting
    ("en", "I've asked our billing team to refund you today.", "blame-department"),
    ("ru", "Я попросил бухгалтерию вернуть вам деньги сегодня.", "blame-department"),
    # the agent takes the hand-off
    ("en", "I've passed this to our delivery team; they will call you today.", "not-my-job"),
    # the company's own channel
    ("en", "Please DM us your order number and we'll sort it out today.", "not-my-job"),
    # a customer-facing term
    ("en", "Your order number 1234 is on its way.", "internal-jargon"),
    # a neutral request for information; negation
    ("en", "Could you send the address again?", "blame-customer"),
    ("ru", "Это ни в коем случае не ваша вина.", "blame-customer"),
    # an alternative right away
    ("en", "We can't change the booking, but I can refund it in full today.", "dead-end"),
    # a vague word beside a concrete time: neither timeline rule
    ("en", "We'll call you as soon as possible, and no later than 3pm today.", "vague-timeline"),
    ("en", "We'll call you as soon as possible, and no later than 3pm today.", "missing-timeline"),
    ("ru", "Перезвоним вам в течение двух рабочих дней.", "missing-timeline"),
    ("ru", "Ответим до 18:00.", "missing-timeline"),
    ("bg", "Ще ви се обадим до петък.", "missing-timeline"),
    ("bg", "Ще ви се обадим утре.", "missing-timeline"),
    ("zh", "我们会在3个工作日内处理。", "missing-timeline"),
    ("zh", "明天下午给您回电。", "missing-timeline"),
    ("en", "We'll email you within 24 hours.", "missing-timeline"),
    ("en", "We'll ship it by Friday 5pm.", "missing-timeline"),
    # an apology is present; "unfortunately" alone is not one
    ("ru", "Приносим извинения: заказ задержался, курьер привезёт его завтра.", "missing-apology"),
    ("bg", "Съжаляваме за забавянето, пратката ще пристигне утре.", "missing-apology"),
    ("zh", "抱歉，订单延误了，明天送达。", "missing-apology"),
    # no problem raised at all
    ("en", "Thanks for reaching out! Have a lovely day.", "missing-apology"),
    # quoted customer words and placeholders are not the agent's words
    ("en", "> There's nothing you can do, the warehouse messed up!\nHi {{name}}, I'm sorry. "
           "A replacement ships today.", "dead-end"),
    ("ru", "Здравствуйте, %{ticket.number}! Вы написали: «бухгалтерия напутала». Извините, "
           "мы вернём деньги сегодня.", "blame-department"),
]


@pytest.mark.parametrize("lang,text,rule", FLAGS)
def test_rule_flags(linter, lang, text, rule):
    found = {d.rule for d in linter.lint(text)}
    assert rule in found, f"{rule} not reported; got {sorted(found)}"


@pytest.mark.parametrize("lang,text,rule", PASSES)
def test_rule_passes(linter, lang, text, rule):
    found = {d.rule for d in linter.lint(text)}
    assert rule not in found, f"{rule} reported on a reply that should pass"


@pytest.mark.parametrize("lang,text,rule", FLAGS[:8])
def test_language_is_detected(linter, lang, text, rule):
    assert {d.lang for d in linter.lint(text)} == {lang}

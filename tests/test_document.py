"""Masking keeps offsets; language detection per paragraph."""
from __future__ import annotations

import pytest

from replylint.document import Document, paragraphs
from replylint.langdetect import detect


@pytest.mark.parametrize("text,hidden", [
    ("Hi {{ticket.requester.name}}, thanks", "ticket.requester.name"),
    ("Ticket %{ticket.number} is open", "ticket.number"),
    ("Dear {name}, hello", "name"),
    ("{% if x %}Hello{% endif %}", "if x"),
    ("> the customer said this\nmy words", "customer said"),
    ("Вы написали: «ничего не работает».", "ничего не работает"),
    ("<p>Hello</p> &nbsp; world", "<p>"),
    ("see `code here` now", "code here"),
    ("write to help@example.com or https://example.com/x", "example.com"),
])
def test_masks_keep_length_and_hide(text, hidden):
    doc = Document.from_text(text)
    assert len(doc.masked) == len(text)
    assert hidden not in doc.masked


def test_masks_keep_agent_words():
    doc = Document.from_text("Hi {{name}}, sorry for the delay.")
    assert "sorry for the delay." in doc.masked


def test_paragraphs():
    text = "one\n\n  \ntwo\nthree\n\nfour"
    assert [text[s:e].strip() for s, e in paragraphs(text)] == ["one", "two\nthree", "four"]


@pytest.mark.parametrize("text,lang", [
    ("Здравствуйте! Мы уже проверяем ваш заказ.", "ru"),
    ("Здравейте! Вече проверяваме поръчката ви.", "bg"),
    ("Благодарим, че летите с нас.", "bg"),
    ("Спасибо, что летаете с нами.", "ru"),
    ("您好，我们会尽快处理。", "zh"),
    ("Hi, we're checking your order.", "en"),
    ("Това се дължи на голямото натоварване.", "bg"),
    ("Задержка произошла из-за технического сбоя.", "ru"),
    ("Поради голямия брой запитвания отговаряме по-бавно.", "bg"),
    ("Предадохме запитването на отговорния отдел.", "bg"),
    ("Не знам, питайте някой друг.", "bg"),
    ("Спасибо за обращение, ваш запрос принят в работу.", "ru"),
    # Short sentences (issue 13): Bulgarian noun articles (-нето, -ията), Russian "за"/"благодарим"
    ("Работим по отстраняването на проблема.", "bg"),
    ("Вижте тикета за подробности.", "bg"),  # a Bulgarian imperative, the rest shared with Russian
    ("Информацията е изпратена до отдела.", "bg"),
    ("Приносим извинения за неудобства.", "ru"),
    ("Благодарим за обращение.", "ru"),
    ("Ответим при первой возможности.", "ru"),
])
def test_detect(text, lang):
    assert detect(text)[0] == lang


def test_mixed_language_reply_is_split_per_paragraph(linter):
    analysis = linter.analyze(Document.from_text(
        "Здравствуйте! Мы уже проверяем ваш заказ и скоро ответим.\n\nHi! We are checking your order now."))
    assert [p.lang for p in analysis.paragraphs] == ["ru", "en"]


@pytest.mark.xfail(strict=True, reason="known defect, measured 2026-12-03: the new bg-f batch has 9 bg sentences "
                   "read as ru with confidence (ru 1); detection must be fixed, the bound is unchanged")
def test_detect_single_corpus_sentences():
    """Each sentence of the labelled corpus alone (benchmarks/langdetect_sentences.py): Russian and
    Bulgarian are told apart without confident mistakes; ties (no evidence either way) take the
    reply's language in the engine, so only confident wrong guesses count."""
    from benchmarks.langdetect_sentences import sentences
    from replylint.langdetect import MIN_CONFIDENCE

    confident_wrong = {"ru": 0, "bg": 0}
    for lang, text in sentences():
        if lang in confident_wrong:
            guess, confidence = detect(text)
            confident_wrong[lang] += guess != lang and confidence >= MIN_CONFIDENCE
    assert confident_wrong["ru"] <= 1 and confident_wrong["bg"] <= 2, confident_wrong

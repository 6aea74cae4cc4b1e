"""Sentences: a hard-wrapped line is one sentence with the next; a list item, heading or
quote starts a new one; block-level HTML ends a paragraph; Chinese line breaks end sentences."""
from __future__ import annotations

import pytest

import replylint
from replylint.document import Document
from replylint.languages import get_language


def _found(text: str) -> list[str]:
    return sorted(d.rule for d in replylint.lint(text))


@pytest.mark.parametrize("wrapped", [
    "Our warehouse\nmessed up your order, and it is not my\ndepartment.",
    "Our warehouse\r\nmessed up your order, and it is not my\r\ndepartment.",
    "Our warehouse\n  messed up your order, and it is not my\n\tdepartment.",
])
def test_a_wrapped_sentence_reads_as_one_line(wrapped):
    one_line = "Our warehouse messed up your order, and it is not my department."
    assert _found(wrapped) == _found(one_line) == ["blame-department", "missing-apology", "not-my-job"]


@pytest.mark.parametrize("lang,wrapped,one_line", [
    ("ru", "Это склад\nнапутал с вашим заказом.", "Это склад напутал с вашим заказом."),
    ("bg", "Вината е\nна куриера, не можем да\nнаправим нищо.", "Вината е на куриера, не можем да направим нищо."),
])
def test_wrapping_in_cyrillic(lang, wrapped, one_line):
    assert _found(wrapped) == _found(one_line) != []


@pytest.mark.parametrize("marker", ["- ", "* ", "• ", "1. ", "2) ", "> ", "# "])
def test_list_items_and_headings_start_a_sentence(marker):
    language = get_language("en")
    text = f"Your options\n{marker}we refund you today\n{marker}we send a new one"
    assert len(language.sentences(text)) == 3


def test_a_line_that_is_not_a_list_item_does_not_split():
    assert len(get_language("en").sentences("We will call\nyou tomorrow\nat noon")) == 1


def test_block_html_tags_end_a_paragraph():
    doc = Document.from_text("<p>There's nothing we can do</p><p>Sorry</p>")
    assert "\n\n" in doc.masked and len(doc.masked) == len(doc.text)
    analysis = replylint.Linter().analyze(doc)
    assert len(analysis.paragraphs) == 2


def test_chinese_line_breaks_end_sentences():
    assert len(get_language("zh").sentences("您好\n这不归我管")) == 2

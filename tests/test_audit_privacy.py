"""Excerpts in audit outputs: e-mail addresses and phone numbers masked by default, agents'
names replaced by stable pseudonyms when asked."""
from __future__ import annotations

from replylint.audit.privacy import Privacy


def _one(privacy: Privacy, text: str, span: str, agent: str = "Dana") -> tuple[str, str, str]:
    start = text.index(span)
    x = privacy.excerpts(text, agent, [(start, start + len(span))])[0]
    return x.before, x.span, x.after


def test_emails_and_phone_numbers_are_masked_dates_and_order_times_are_not():
    text = ("Write to anna.k@example.com or call +7 (495) 123-45-67 by 2024-03-05 at 10:30. "
            "Order 4821 ships soon.")
    before, span, after = _one(Privacy(), text, "ships soon")
    assert "[email]" in before and "[phone]" in before
    assert "example.com" not in before and "123-45-67" not in before
    assert "2024-03-05" in before and "10:30" in before and "Order 4821" in before
    assert span == "ships soon"


def test_no_mask_keeps_them():
    text = "Write to anna.k@example.com, we'll reply soon."
    assert "anna.k@example.com" in _one(Privacy(mask_contacts=False), text, "soon")[0]


def test_a_window_never_cuts_an_address_in_half():
    text = "x " * 60 + "mail help.desk.team@example.com " + "y " * 40 + "we cannot do anything"
    before, _, _ = _one(Privacy(), text, "cannot do anything")
    assert "example" not in before and "@" not in before


def test_pseudonyms_are_stable_for_a_key_and_replace_the_name_in_excerpts():
    a, b = Privacy(pseudonymise=True, key="k1"), Privacy(pseudonymise=True, key="k1")
    assert a.agent("Dana Whitfield") == b.agent("Dana Whitfield") != a.agent("Sam Okafor")
    assert a.agent("Dana Whitfield") != Privacy(pseudonymise=True, key="k2").agent("Dana Whitfield")
    assert a.agent("Dana Whitfield").startswith("agent-")
    text = "Sorry, that's not our department. Best, Dana"
    before, span, after = _one(a, text, "not our department", agent="Dana Whitfield")
    assert "Dana" not in after and a.agent("Dana Whitfield") in after
    assert Privacy().agent("Dana") == "Dana"

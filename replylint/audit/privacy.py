"""What of a reply leaves the audit: excerpts around a finding, with e-mail addresses and
phone numbers masked (on by default), and agents' names replaced by stable pseudonyms when
asked (``--pseudonymise``)."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import regex

EMAIL = regex.compile(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}")
# +7 (495) 123-45-67, 555-0100-22, +44 20 7946 0958: 7 or more digits with separators.
# Dates (2024-03-05, 05.03.2024) and times are left alone.
PHONE = regex.compile(r"(?<![\p{L}\p{N}])\+?\(?\d(?:[\d\s().-]{5,18})\d(?![\p{L}\p{N}])")
_DATE = regex.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{2}[./-]\d{2}[./-]\d{2,4}$|^\d{1,2}:\d{2}")
CONTEXT = 90  # characters of context on each side of a finding


def _spans(text: str) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), "[email]") for m in EMAIL.finditer(text)]
    for m in PHONE.finditer(text):
        value = m.group().strip()
        digits = sum(ch.isdigit() for ch in value)
        if digits >= 7 and not _DATE.match(value) and not any(s < m.end() and m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), "[phone]"))
    return sorted(found)


def mask(text: str, spans: list[tuple[int, int, str]], start: int, end: int) -> str:
    """``text[start:end]`` with every masked span that overlaps it replaced by its label."""
    out, pos = [], start
    for s, e, label in spans:
        if e <= start or s >= end:
            continue
        out.append(text[pos:max(pos, s)])
        if s >= pos:
            out.append(label)
        pos = max(pos, min(e, end))
    out.append(text[pos:end])
    return "".join(out)


@dataclass(frozen=True)
class Excerpt:
    before: str
    span: str
    after: str


class Privacy:
    """Masking and pseudonyms for one run (the key is kept in the checkpoint, so a resumed run
    gives the same pseudonyms)."""

    def __init__(self, mask_contacts: bool = True, pseudonymise: bool = False, key: str | None = None):
        self.mask_contacts = mask_contacts
        self.pseudonymise = pseudonymise
        self.key = key or (secrets.token_hex(16) if pseudonymise else "")

    def agent(self, name: str) -> str:
        """The name shown for an agent."""
        if not self.pseudonymise:
            return name
        digest = hmac.new(self.key.encode(), name.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"agent-{digest[:8]}"

    def _names(self, agent: str) -> list[str]:
        """Words of an agent's name that may appear in the reply's signature."""
        words = regex.findall(r"[\p{L}][\p{L}.'-]*", agent.split(" @")[0])
        return sorted({w for w in words if len(w) >= 2 and w.lower() not in ("unsigned", "agent")}, key=len,
                      reverse=True)

    def excerpts(self, text: str, agent: str, findings: list[tuple[int, int]]) -> list[Excerpt]:
        """For each (start, end): the marked span and some context on each side, cut at spaces."""
        spans = _spans(text) if self.mask_contacts else []
        names = self._names(agent) if self.pseudonymise else []
        pattern = regex.compile(r"(?<!\p{L})(?:" + "|".join(regex.escape(n) for n in names) + r")(?!\p{L})") \
            if names else None
        shown = self.agent(agent)
        out = []
        for start, end in findings:
            lo = max(0, start - CONTEXT)
            hi = min(len(text), end + CONTEXT)
            if lo > 0:
                space = text.find(" ", lo, start)
                lo = space + 1 if space != -1 else lo
            if hi < len(text):
                space = text.rfind(" ", end, hi)
                hi = space if space != -1 else hi
            for s, e, _ in spans:  # never cut a masked address in half at the window's edge
                if s < lo < e:
                    lo = s
                if s < hi < e:
                    hi = e
            pieces = [mask(text, spans, lo, start), mask(text, spans, start, end), mask(text, spans, end, hi)]
            if pattern is not None:
                pieces = [pattern.sub(shown, p) for p in pieces]
            before = ("…" if lo > 0 else "") + pieces[0]
            after = pieces[2] + ("…" if hi < len(text) else "")
            out.append(Excerpt(before, pieces[1], after))
        return out

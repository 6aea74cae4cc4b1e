"""The Customer Support on Twitter (TWCS) layout: ``tweet_id, author_id, inbound,
created_at, text, response_tweet_id, in_response_to_tweet_id``.

Outbound tweets (``inbound`` false) are the company's replies; ``author_id`` is the company's
handle (the team) and the agent is the sign-off at the end (``^KS``, ``-Dana``, ``- Jessi``,
``*JM``). Inbound tweets are the customers' and are skipped. The ticket is the tweet the reply
answers (``in_response_to_tweet_id``), which keeps reading streaming: no thread has to be
held in memory to find its root.
"""
from __future__ import annotations

import regex

from .records import AuditReply, ReadStats, parse_time
from .zendesk import RecordError

_TRAILING_URLS = regex.compile(r"(?:\s*https?://\S+)+\s*$")
# ^KS  -Dana  - Jessi  ~Alex  *JM  /MR  (1-20 letters, optionally two initials with a dot)
_SIGN_OFF = regex.compile(r"(?:^|\s)(?:\^|[-–—~*/]\s?)(\p{Lu}[\p{L}.]{0,19})\s*$")
_TRUE = frozenset({"true", "1", "yes", "t"})
_FALSE = frozenset({"false", "0", "no", "f"})


def sign_off(text: str) -> str | None:
    """The agent's sign-off at the end of a tweet (trailing links ignored), or None."""
    m = _SIGN_OFF.search(_TRAILING_URLS.sub("", text))
    return m.group(1).rstrip(".") if m else None


def _flag(value: object, line: int) -> bool:
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise RecordError(f"'inbound' must be True or False, not {str(value)[:20]!r}")


def twcs_reply(row: dict, source: int, line: int, stats: ReadStats) -> AuditReply | None:
    """The agent reply of one TWCS row, or None (customer tweet, empty)."""
    stats.records += 1
    missing = [c for c in ("tweet_id", "author_id", "inbound", "text") if row.get(c) is None]
    if missing:
        raise RecordError(f"missing {', '.join(missing)} (the row has too few fields)")
    if _flag(row["inbound"], line):
        stats.skip("customer message")
        return None
    text = str(row["text"])
    if not text.strip():
        stats.skip("empty")
        return None
    try:
        created = parse_time(row.get("created_at"))
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    company = str(row["author_id"]).strip()
    name = sign_off(text)
    agent = f"{name} @{company}" if name else f"(unsigned) @{company}"
    ticket = str(row.get("in_response_to_tweet_id") or row["tweet_id"]).strip()
    if ticket.endswith(".0"):  # pandas-written CSVs store the ids as floats
        ticket = ticket[:-2]
    stats.replies += 1
    return AuditReply(source, line, ticket, agent, company, created, text)

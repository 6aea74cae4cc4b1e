"""Linting replies for an audit with the engine ``replylint check`` uses: the same
:class:`~replylint.Linter` built from the same configuration, and the same per-reply function
(:func:`replylint.runner.check_reply` on the reply as a plain-text file), so a reply gets the
same diagnostics in an audit as in ``replylint check``.

Each process (a local worker or a Dask worker) keeps one warm ``Linter`` per configuration:
the languages load once, then every batch reuses them.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from ..config import Config
from ..diagnostic import LEVEL_RANK
from ..engine import Linter
from ..readers import whole_text_reply
from ..runner import check_reply
from .privacy import Privacy
from .records import AuditReply, iso_week

_LINTERS: dict[str, Linter] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class LintSettings:
    """What a worker needs to lint like the command line did: the configuration (with
    ``--select``/``--ignore`` applied), ``--lang``, and the privacy settings."""

    config: Config
    lang: str | None = None
    mask_contacts: bool = True
    pseudonymise: bool = False
    pseudonym_key: str = ""

    def privacy(self) -> Privacy:
        return Privacy(self.mask_contacts, self.pseudonymise, self.pseudonym_key)


def warm_linter(config: Config) -> Linter:
    """This process's linter for ``config`` (built once, then shared by its threads)."""
    key = repr(config)
    linter = _LINTERS.get(key)
    if linter is None:
        with _LOCK:
            linter = _LINTERS.get(key)
            if linter is None:
                linter = _LINTERS[key] = Linter(config)
    return linter


def lint_reply(reply: AuditReply, linter: Linter, settings: LintSettings, privacy: Privacy) -> dict:
    """One result row: the reply's metadata (agent pseudonymised when asked), its main
    language, and each finding with a masked excerpt."""
    text = whole_text_reply(f"ticket {reply.ticket}", reply.text)
    findings, lang, _directive_notices = check_reply(text, linter, settings.lang or reply.lang)
    diagnostics = [f.diagnostic for f in findings]
    excerpts = privacy.excerpts(reply.text, reply.agent, [(d.start, d.end) for d in diagnostics])
    return {
        "source": reply.source, "line": reply.line, "ticket": reply.ticket, "url": reply.url,
        "agent": privacy.agent(reply.agent), "team": reply.team or "(no team)",
        "created_at": reply.created_at.isoformat() if reply.created_at else "",
        "week": iso_week(reply.created_at), "lang": lang or "",
        "findings": [{"rule": d.rule, "level": d.level, "message": d.message, "start": d.start, "end": d.end,
                      "pattern": d.pattern or "", "before": x.before, "span": x.span, "after": x.after}
                     for d, x in zip(diagnostics, excerpts, strict=True)],
    }


def lint_batch(replies: list[AuditReply], settings: LintSettings) -> list[dict]:
    linter = warm_linter(settings.config)
    privacy = settings.privacy()
    return [lint_reply(r, linter, settings, privacy) for r in replies]


def severity(row: dict) -> tuple[int, int]:
    """How bad a reply is: (findings at error level, all findings)."""
    return (sum(LEVEL_RANK[f["level"]] == LEVEL_RANK["error"] for f in row["findings"]), len(row["findings"]))

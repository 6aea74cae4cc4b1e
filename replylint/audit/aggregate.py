"""Counting an audit: per rule and per agent / team / language / week — replies checked,
replies with a finding, rate per 100 replies, the trend — and the worst examples.

Rows are fed in a fixed order (input, then position in it), whatever runner produced them,
and every choice (ties among worst examples, ordering of tables) depends only on that order,
so serial, all-cores and Dask runs give the same summary.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..diagnostic import LEVEL_RANK
from .linting import severity

DIMENSIONS = ("agent", "team", "lang", "week")
TREND_WEEKS = 4  # trend: rate over the last 4 weeks of the archive minus the 4 before


def rate(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


@dataclass
class Group:
    replies: int = 0
    flagged: int = 0
    rules: dict[str, int] = field(default_factory=dict)
    weeks: dict[str, list[int]] = field(default_factory=dict)  # week -> [replies, flagged]

    def add(self, rules: set[str], week: str | None) -> None:
        self.replies += 1
        self.flagged += bool(rules)
        for rule in rules:
            self.rules[rule] = self.rules.get(rule, 0) + 1
        if week is not None:
            counts = self.weeks.setdefault(week, [0, 0])
            counts[0] += 1
            counts[1] += bool(rules)


class Aggregator:
    def __init__(self, examples: int = 5, worst_replies: int = 10):
        self.examples = examples
        self.worst_count = worst_replies
        self.total = Group()
        self.findings: dict[str, int] = {}
        self.groups: dict[str, dict[str, Group]] = {dim: {} for dim in DIMENSIONS}
        self._worst: dict[str, list] = {}
        self._worst_replies: list = []
        self._seq = 0

    def add(self, row: dict, where: str) -> None:
        """One result row (see :func:`replylint.audit.linting.lint_reply`); ``where`` is
        ``path:line`` of the reply in its input."""
        self._seq += 1
        findings = row["findings"]
        rules = {f["rule"] for f in findings}
        self.total.add(rules, None)
        for f in findings:
            self.findings[f["rule"]] = self.findings.get(f["rule"], 0) + 1
        for dim in DIMENSIONS:
            value = row[dim] or ("(undated)" if dim == "week" else "(unknown)")
            group = self.groups[dim].get(value)
            if group is None:
                group = self.groups[dim][value] = Group()
            group.add(rules, None if dim == "week" else row["week"])
        if not findings:
            return
        errors, total = severity(row)
        meta = {k: row[k] for k in ("ticket", "url", "agent", "team", "created_at", "lang")}
        meta["where"] = where
        for start_order, f in enumerate(findings):
            worth = (LEVEL_RANK[f["level"]], errors, total, -self._seq, -start_order)
            heap = self._worst.setdefault(f["rule"], [])
            item = (worth, {**meta, **f})
            if len(heap) < self.examples:
                heapq.heappush(heap, item)
            elif worth > heap[0][0]:
                heapq.heapreplace(heap, item)
        reply_item = ((errors, total, -self._seq), {**meta, "findings": findings})
        if len(self._worst_replies) < self.worst_count:
            heapq.heappush(self._worst_replies, reply_item)
        elif reply_item[0] > self._worst_replies[0][0]:
            heapq.heapreplace(self._worst_replies, reply_item)

    # ------------------------------------------------------------------ summary
    def weeks(self) -> list[str]:
        return sorted(w for w in self.groups["week"] if w != "(undated)")

    def _trend(self, weekly: Mapping[str, list[int]], weeks: list[str]) -> float | None:
        if len(weeks) < 2:
            return None
        n = min(TREND_WEEKS, len(weeks) // 2)
        recent, before = weeks[-n:], weeks[-2 * n:-n]

        def window(names: Iterable[str]) -> tuple[int, int]:
            counts = [weekly.get(w, [0, 0]) for w in names]
            return sum(c[0] for c in counts), sum(c[1] for c in counts)

        (r_rep, r_flag), (b_rep, b_flag) = window(recent), window(before)
        if not r_rep or not b_rep:
            return None
        return round(rate(r_flag, r_rep) - rate(b_flag, b_rep), 2)

    def summary(self, rule_info: Mapping[str, tuple[str, str]]) -> dict:
        """The JSON summary; ``rule_info`` is rule id -> (level, summary) in catalogue order."""
        weeks = self.weeks()
        order = list(rule_info) + sorted(set(self.findings) - set(rule_info))
        total = self.total
        rules = [{"id": r, "level": rule_info.get(r, ("", ""))[0], "summary": rule_info.get(r, ("", ""))[1],
                  "replies": total.rules.get(r, 0), "findings": self.findings.get(r, 0),
                  "rate": rate(total.rules.get(r, 0), total.replies)} for r in order]
        by: dict[str, list[dict]] = {}
        for dim in DIMENSIONS:
            rows: list[dict[str, Any]] = []
            for value, g in self.groups[dim].items():
                entry = {"value": value, "replies": g.replies, "flagged": g.flagged, "rate": rate(g.flagged, g.replies),
                         "rules": {r: {"replies": g.rules[r], "rate": rate(g.rules[r], g.replies)}
                                   for r in order if r in g.rules}}
                if dim != "week":
                    entry["trend"] = self._trend(g.weeks, weeks)
                    entry["weekly"] = [[w, *g.weeks[w]] for w in weeks if w in g.weeks]
                rows.append(entry)
            if dim == "week":
                rows.sort(key=lambda e: e["value"])
            else:
                rows.sort(key=lambda e: (-e["rate"], -e["replies"], e["value"]))
            by[dim] = rows
        worst = {r: [item for _, item in sorted(self._worst[r], key=lambda x: x[0], reverse=True)]
                 for r in order if r in self._worst}
        worst_replies = [item for _, item in sorted(self._worst_replies, key=lambda x: x[0], reverse=True)]
        return {"totals": {"replies": total.replies, "flagged": total.flagged,
                           "rate": rate(total.flagged, total.replies),
                           "findings": sum(self.findings.values()), "weeks": len(weeks),
                           "trend": self._trend({w: [g.replies, g.flagged] for w, g in self.groups["week"].items()},
                                                weeks)},
                "rules": rules, "by": by, "worst": worst, "worst_replies": worst_replies}

"""The values that flow through an audit: one agent reply with its metadata, and what
reading the inputs skipped."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

# Malformed records listed one by one; past this only counted (a broken export can have
# millions of bad lines, and the report must stay readable).
MAX_LISTED_ERRORS = 200


@dataclass
class AuditReply:
    """One public agent reply, as an export gives it."""

    source: int        # index of the input in the run (orders results the same whatever the runner)
    line: int          # 1-based line (or record number) in that input
    ticket: str
    agent: str
    team: str
    created_at: datetime | None
    text: str
    lang: str | None = None
    url: str | None = None


@dataclass
class ReadStats:
    """Counts of what reading skipped, and the malformed records (``path:line: problem``)."""

    records: int = 0
    replies: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + n

    def error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(message)

    def merge(self, other: ReadStats) -> None:
        self.records += other.records
        self.replies += other.replies
        for reason, n in other.skipped.items():
            self.skip(reason, n)
        self.error_count += other.error_count
        room = MAX_LISTED_ERRORS - len(self.errors)
        self.errors.extend(other.errors[:max(0, room)])

    def to_dict(self) -> dict:
        return {"records": self.records, "replies": self.replies, "skipped": dict(sorted(self.skipped.items())),
                "errors": list(self.errors), "error_count": self.error_count}

    @classmethod
    def from_dict(cls, data: dict) -> ReadStats:
        return cls(data["records"], data["replies"], dict(data["skipped"]), list(data["errors"]), data["error_count"])


def parse_time(value: object) -> datetime | None:
    """A timestamp as exports write it: ISO 8601 (Zendesk, most CSVs), Twitter's
    ``Tue Oct 31 22:10:47 +0000 2017`` (TWCS), or Unix seconds. Naive times are UTC.
    ``None`` when empty; ``ValueError`` when present but unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, tz=UTC)
    else:
        text = str(value).strip()
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            try:
                moment = datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")
            except ValueError:
                if text.isdigit():
                    moment = datetime.fromtimestamp(int(text), tz=UTC)
                else:
                    raise ValueError(f"unreadable date {text[:40]!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso_week(moment: datetime | None) -> str:
    """``2017-W44`` (ISO week of the UTC date), or ``""`` for an undated reply."""
    if moment is None:
        return ""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"

"""Generic archives: CSV, TSV, JSONL or Parquet where every row is an agent reply, with
configurable columns (``--columns text=body,agent=author``)."""
from __future__ import annotations

from dataclasses import dataclass

from .records import AuditReply, ReadStats, parse_time
from .zendesk import RecordError

FIELDS = ("text", "ticket", "agent", "team", "created_at", "lang", "url")
# Column names tried, in order, when --columns does not name one.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "reply", "response", "body", "message", "comment"),
    "ticket": ("ticket", "ticket_id", "conversation_id", "id"),
    "agent": ("agent", "agent_name", "author", "author_name", "assignee"),
    "team": ("team", "group", "group_name", "queue"),
    "created_at": ("created_at", "date", "timestamp", "time", "sent_at"),
    "lang": ("lang", "language", "locale"),
    "url": ("url", "ticket_url", "link"),
}
LANG_CODES = {"ru": "ru", "bg": "bg", "zh": "zh", "en": "en"}


class ColumnsError(ValueError):
    """A --columns value that cannot be used."""


@dataclass(frozen=True)
class ColumnMap:
    """Which column holds each field (None: try the defaults)."""

    names: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, value: str | None) -> ColumnMap:
        if not value:
            return cls()
        pairs = []
        for part in value.split(","):
            if not part.strip():
                continue
            key, sep, column = part.partition("=")
            key = key.strip()
            if not sep or key not in FIELDS or not column.strip():
                raise ColumnsError(f"--columns: {part.strip()!r} should be FIELD=COLUMN with FIELD one of "
                                   f"{', '.join(FIELDS)}")
            pairs.append((key, column.strip()))
        return cls(tuple(pairs))

    def resolve(self, header: list[str] | set[str]) -> dict[str, str]:
        """field -> column for this file's header; ``text`` is required."""
        present = set(header)
        chosen = dict(self.names)
        for key, column in chosen.items():
            if column not in present:
                raise ColumnsError(f"no column {column!r} (for {key}); columns: {', '.join(sorted(present))}")
        for key in FIELDS:
            found = [c for c in DEFAULT_COLUMNS[key] if c in present]
            if key not in chosen and found:
                chosen[key] = found[0]
        if "text" not in chosen:
            raise ColumnsError("no reply column (tried " + ", ".join(DEFAULT_COLUMNS["text"])
                               + "); name it with --columns text=COLUMN")
        return chosen


def _lang(value: object) -> str | None:
    if value is None:
        return None
    code = str(value).strip().lower().replace("_", "-").split("-")[0]
    return LANG_CODES.get(code)


def generic_reply(row: dict, columns: dict[str, str], source: int, line: int, stats: ReadStats) -> AuditReply | None:
    stats.records += 1
    if not isinstance(row, dict):
        raise RecordError("a record must be an object with named fields")
    text = row.get(columns["text"])
    if text is None:
        raise RecordError(f"no {columns['text']!r} value")
    if not isinstance(text, str):
        raise RecordError(f"{columns['text']!r} must be text, not {type(text).__name__}")
    if not text.strip():
        stats.skip("empty")
        return None

    def value(key: str, default: str = "") -> str:
        got = row.get(columns[key]) if key in columns else None
        return default if got is None else str(got)

    try:
        created = parse_time(row.get(columns["created_at"])) if "created_at" in columns else None
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    stats.replies += 1
    return AuditReply(source, line, value("ticket", str(line)), value("agent", "(unknown)"), value("team"),
                      created, text, _lang(row.get(columns["lang"])) if "lang" in columns else None,
                      value("url") or None)

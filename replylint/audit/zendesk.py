"""Zendesk exports: which comments are public agent replies, and who wrote them.

Shapes read (each JSON file, or each line of a JSONL file):

* a ticket with its ``comments`` (the full JSON export writes one per line);
* a page ``{"tickets": [...], "users": [...], "groups": [...]}`` (API list and incremental
  exports, with sideloads);
* ticket events with ``child_events`` of type ``Comment`` (the incremental ticket event
  export with ``include=comment_events``), alone or as ``{"ticket_events": [...]}``;
* users and groups (``users.json`` / a users JSONL), which tell agents from end users.

A comment is kept when it is public, its author is an agent or admin, and it was not added by
a trigger or automation (``via.channel`` ``rule``/``system``). With no users in the export an
author who is not the ticket's requester counts as an agent (the report says so).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .records import AuditReply, ReadStats, parse_time

AGENT_ROLES = frozenset({"agent", "admin"})
AUTOMATED_CHANNELS = frozenset({"rule", "system"})
_API_TICKET_URL = re.compile(r"^(https?://[^/]+)/api/v2/tickets/(\d+)(?:\.json)?$")


class RecordError(ValueError):
    """A record that is not what its format needs; the message says what is wrong."""


@dataclass
class Directory:
    """Agents (id -> name, default group), whether end users were listed, and group names."""

    agents: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    end_users: set[str] = field(default_factory=set)
    groups: dict[str, str] = field(default_factory=dict)

    def add_user(self, user: Any) -> None:
        if not isinstance(user, dict) or "id" not in user:
            raise RecordError("a user needs an 'id'")
        uid = str(user["id"])
        if user.get("role") in AGENT_ROLES:
            group = user.get("default_group_id")
            self.agents[uid] = (str(user.get("name") or f"agent {uid}"), None if group is None else str(group))
        else:
            self.end_users.add(uid)

    def add_group(self, group: Any) -> None:
        if isinstance(group, dict) and "id" in group:
            self.groups[str(group["id"])] = str(group.get("name") or f"group {group['id']}")

    def add_page(self, record: dict) -> None:
        for user in record.get("users") or ():
            self.add_user(user)
        for group in record.get("groups") or ():
            self.add_group(group)

    def update(self, other: Directory) -> None:
        self.agents.update(other.agents)
        self.end_users |= other.end_users
        self.groups.update(other.groups)

    @property
    def knows_users(self) -> bool:
        return bool(self.agents or self.end_users)

    def copy(self) -> Directory:
        return Directory(dict(self.agents), set(self.end_users), dict(self.groups))


def add_directory_record(directory: Directory, record: Any) -> None:
    """A record of a users/groups file."""
    if isinstance(record, dict) and ("users" in record or "groups" in record):
        directory.add_page(record)
    elif isinstance(record, dict) and "role" in record:
        directory.add_user(record)
    elif isinstance(record, dict) and "name" in record and "id" in record:
        directory.add_group(record)
    elif isinstance(record, list):
        for item in record:
            add_directory_record(directory, item)
    else:
        raise RecordError("not a Zendesk user or group")


def agent_url(ticket: dict) -> str | None:
    """The agent-interface link of a ticket (its ``url`` is the API's)."""
    url = ticket.get("url")
    if not isinstance(url, str):
        return None
    m = _API_TICKET_URL.match(url)
    return f"{m.group(1)}/agent/tickets/{m.group(2)}" if m else url


def _text(comment: dict) -> str | None:
    for key in ("body", "plain_body", "html_body"):
        value = comment.get(key)
        if isinstance(value, str):
            return value
    return None


def _channel(via: Any) -> str | None:
    return via.get("channel") if isinstance(via, dict) else None


class ZendeskReader:
    """Turns Zendesk records into agent replies, counting what it skips."""

    def __init__(self, source: int, directory: Directory, stats: ReadStats):
        self.source = source
        self.directory = directory.copy()  # sideloaded users of this file are added locally
        self.stats = stats

    def replies(self, record: Any, line: int) -> Iterator[AuditReply]:
        if isinstance(record, list):
            for item in record:
                yield from self.replies(item, line)
            return
        if not isinstance(record, dict):
            raise RecordError("not a Zendesk ticket, ticket event or user (a JSON object is needed)")
        if "users" in record or "groups" in record:
            self.directory.add_page(record)
        if "tickets" in record or "ticket_events" in record:
            for ticket in record.get("tickets") or ():
                yield from self._ticket(ticket, line)
            for event in record.get("ticket_events") or ():
                yield from self._event(event, line)
        elif "ticket" in record and isinstance(record["ticket"], dict):
            yield from self._ticket({**record["ticket"], "comments": record.get("comments", [])}, line)
        elif "child_events" in record:
            yield from self._event(record, line)
        elif "comments" in record or "requester_id" in record or "subject" in record:
            yield from self._ticket(record, line)
        elif "role" in record:
            self.directory.add_user(record)
        elif not ({"users", "groups"} & set(record)):
            raise RecordError("not a Zendesk ticket, ticket event or user")

    def _is_agent(self, author: str, requester: str | None) -> bool | None:
        """True agent, False end user, None unknown (listed users, but not this one)."""
        d = self.directory
        if author in d.agents:
            return True
        if author in d.end_users or (requester is not None and author == requester):
            return False
        return None if d.knows_users else True

    def _team(self, group_id: Any, author: str) -> str:
        group = None if group_id is None else str(group_id)
        if group is None and author in self.directory.agents:
            group = self.directory.agents[author][1]
        if group is None:
            return ""
        return self.directory.groups.get(group, f"group {group}")

    def _agent_name(self, author: str) -> str:
        return self.directory.agents[author][0] if author in self.directory.agents else f"agent {author}"

    def _comment(self, comment: Any, line: int, ticket_id: str, requester: str | None, group: Any,
                 default_time: Any, url: str | None, via: Any = None) -> Iterator[AuditReply]:
        self.stats.records += 1
        if not isinstance(comment, dict) or "author_id" not in comment:
            raise RecordError(f"ticket {ticket_id}: a comment needs an 'author_id'")
        text = _text(comment)
        if text is None:
            raise RecordError(f"ticket {ticket_id}: comment {comment.get('id', '?')} has no body")
        if comment.get("public", True) is False:
            self.stats.skip("internal note")
            return
        author = str(comment["author_id"])
        agent = self._is_agent(author, requester)
        if agent is False:
            self.stats.skip("customer message")
            return
        if agent is None:
            self.stats.skip("author not in the users")
            return
        if _channel(comment.get("via", via)) in AUTOMATED_CHANNELS:
            self.stats.skip("automated (trigger or automation)")
            return
        if not text.strip():
            self.stats.skip("empty")
            return
        try:
            created = parse_time(comment.get("created_at", default_time))
        except ValueError as exc:
            raise RecordError(f"ticket {ticket_id}: {exc}") from None
        self.stats.replies += 1
        yield AuditReply(self.source, line, ticket_id, self._agent_name(author), self._team(group, author),
                         created, text, None, url)

    def _ticket(self, ticket: Any, line: int) -> Iterator[AuditReply]:
        if not isinstance(ticket, dict) or "id" not in ticket:
            raise RecordError("a ticket needs an 'id'")
        comments = ticket.get("comments")
        if comments is None:
            raise RecordError(f"ticket {ticket['id']} has no 'comments' (export with comments included)")
        if not isinstance(comments, list):
            raise RecordError(f"ticket {ticket['id']}: 'comments' must be a list")
        requester = None if ticket.get("requester_id") is None else str(ticket["requester_id"])
        url = agent_url(ticket)
        for comment in comments:
            yield from self._comment(comment, line, str(ticket["id"]), requester, ticket.get("group_id"),
                                     ticket.get("updated_at"), url)

    def _event(self, event: Any, line: int) -> Iterator[AuditReply]:
        if not isinstance(event, dict) or "ticket_id" not in event:
            raise RecordError("a ticket event needs a 'ticket_id'")
        for child in event.get("child_events") or ():
            if isinstance(child, dict) and child.get("event_type") == "Comment":
                if "author_id" not in child and "updater_id" in event:
                    child = {**child, "author_id": event["updater_id"]}
                yield from self._comment(child, line, str(event["ticket_id"]), None, None,
                                         event.get("created_at", event.get("timestamp")), None, event.get("via"))

"""Reading archives for ``replylint audit``: only public agent replies are kept, with the
right agent, team, ticket and date; malformed records are reported with file and line."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from replylint.audit.generic import ColumnMap, ColumnsError
from replylint.audit.reading import ReadOptions, read_directory, read_source
from replylint.audit.records import ReadStats, iso_week, parse_time
from replylint.audit.sources import detect, expand
from replylint.audit.twcs import sign_off
from replylint.audit.zendesk import Directory

from .audit_helpers import TWCS, ZENDESK, ZENDESK_INCREMENTAL

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def read(path: Path, options: ReadOptions | None = None, directory: Directory | None = None, fmt: str = "auto"):
    options = options or ReadOptions()
    stats = ReadStats()
    replies = list(read_source(detect(str(path), fmt), 0, options, directory or Directory(), stats))
    return replies, stats


@pytest.mark.parametrize("text, name", [
    ("@1 Sorry about that, we'll fix it today. ^KS", "KS"),
    ("@1 Please DM us your order number. -Dana", "Dana"),
    ("@1 Happy to help! - Jessi https://t.co/abc", "Jessi"),
    ("@1 We're on it. *JM", "JM"),
    ("@1 We are looking into this for you.", None),
    ("@1 Prices are 10-20% off", None),
])
def test_twcs_sign_off_is_the_agent(text, name):
    assert sign_off(text) == name


def test_twcs_keeps_outbound_tweets_and_skips_customers(tmp_path):
    path = tmp_path / "twcs.csv"
    path.write_text(HEADER
                    + "1,115712,True,Tue Oct 31 22:10:47 +0000 2017,@AppleSupport my phone died,2,\n"
                    + "2,AppleSupport,False,Tue Oct 31 22:15:00 +0000 2017,@115712 Sorry! DM us. ^KS,,1\n",
                    encoding="utf-8")
    replies, stats = read(path)
    assert [(r.agent, r.team, r.ticket, r.line) for r in replies] == [("KS @AppleSupport", "AppleSupport", "1", 3)]
    assert replies[0].created_at == datetime(2017, 10, 31, 22, 15, tzinfo=UTC)
    assert stats.skipped == {"customer message": 1} and stats.records == 2


def test_twcs_sample_has_a_few_hundred_replies_and_no_customer_tweet():
    replies, stats = read(TWCS)
    assert len(replies) == 160 and stats.skipped["customer message"] == 160
    assert all(not r.text.startswith("@AppleSupport") for r in replies)
    assert {r.team for r in replies} == {"AppleSupport", "AmazonHelp", "Delta"}


def test_malformed_csv_rows_are_reported_with_their_line_and_skipped(tmp_path):
    path = tmp_path / "twcs.csv"
    path.write_text(HEADER
                    + "1,Delta,maybe,Tue Oct 31 22:10:47 +0000 2017,hello,,\n"
                    + "2,Delta,False,Tue Oct 31 22:10:47 +0000 2017,We are sorry. ^TR,,1,extra,fields\n"
                    + "3,Delta,False,not a date,We are sorry. ^TR,,1\n"
                    + '4,Delta,False,Tue Oct 31 22:10:47 +0000 2017,"a reply\nover two lines ^LM",,1\n'
                    + "5,Delta,False,Tue Oct 31 22:10:47 +0000 2017,The last one ^TR,,1\n",
                    encoding="utf-8")
    replies, stats = read(path)
    assert [r.line for r in replies] == [5, 7]
    assert stats.error_count == 3
    assert stats.errors[0].startswith(f"{path}:2: error: 'inbound' must be True or False")
    assert stats.errors[1].startswith(f"{path}:3: error: 9 fields where the header has 7")
    assert stats.errors[2] == f"{path}:4: error: unreadable date 'not a date'"


def _directory() -> Directory:
    d = Directory()
    read_directory(detect(str(ZENDESK_INCREMENTAL / "users.jsonl")), d, ReadStats())
    return d


def test_zendesk_json_page_keeps_public_agent_comments_only():
    replies, stats = read(ZENDESK)
    assert len(replies) == 48
    assert stats.skipped == {"customer message": 48, "internal note": 12}
    first = replies[0]
    assert first.agent == "Ирина Соколова" and first.team == "Support RU"
    assert first.url == "https://acme.zendesk.com/agent/tickets/1001"
    assert not any(r.text.startswith(("Внутренняя заметка", "Internal note")) for r in replies)


def test_zendesk_jsonl_with_a_separate_users_file():
    replies, stats = read(ZENDESK_INCREMENTAL / "tickets.jsonl", directory=_directory())
    assert len(replies) == 32 and stats.skipped["customer message"] == 32
    assert {r.team for r in replies} == {"Support RU", "Support BG", "Support ZH", "Support EN"}


def test_zendesk_without_users_counts_the_requester_as_the_customer(tmp_path):
    path = tmp_path / "t.jsonl"
    ticket = {"id": 7, "requester_id": 1, "comments": [
        {"author_id": 1, "body": "Where is my order?", "public": True},
        {"author_id": 2, "body": "Sorry, it ships today by 5pm.", "public": True, "created_at": "2024-03-05T10:00:00Z"},
        {"author_id": 2, "body": "note", "public": False},
        {"author_id": 3, "body": "Auto: we got your request", "public": True, "via": {"channel": "rule"}}]}
    path.write_text(json.dumps(ticket) + "\n", encoding="utf-8")
    replies, stats = read(path)
    assert [(r.agent, r.text) for r in replies] == [("agent 2", "Sorry, it ships today by 5pm.")]
    assert stats.skipped == {"customer message": 1, "internal note": 1, "automated (trigger or automation)": 1}


def test_zendesk_ticket_events_with_comment_events(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"ticket_events": [
        {"ticket_id": 9, "updater_id": 5, "created_at": "2024-03-05T10:00:00Z", "via": {"channel": "web"},
         "child_events": [{"event_type": "Comment", "body": "We will call you tomorrow at 10.", "public": True},
                          {"event_type": "Change", "field_name": "status"}]},
        {"ticket_id": 9, "updater_id": 5, "child_events": [{"event_type": "Comment", "body": "x", "public": False}]},
    ], "users": [{"id": 5, "name": "Dana", "role": "agent"}]}), encoding="utf-8")
    replies, stats = read(path)
    assert [(r.ticket, r.agent) for r in replies] == [("9", "Dana")]
    assert stats.skipped == {"internal note": 1}


def test_a_broken_jsonl_line_is_reported_and_the_next_ones_are_read(tmp_path):
    path = tmp_path / "t.jsonl"
    good = json.dumps({"id": 1, "comments": [{"author_id": 2, "body": "Sorry, fixed today.", "public": True}]})
    path.write_text(good + "\n{not json\n" + json.dumps({"hello": 1}) + "\n" + good + "\n", encoding="utf-8")
    replies, stats = read(path)
    assert [r.line for r in replies] == [1, 4]
    assert stats.errors[0].startswith(f"{path}:2: error: not valid JSON")
    assert stats.errors[1] == f"{path}:3: error: not a Zendesk ticket, ticket event or user"


def test_generic_csv_with_configured_columns(tmp_path):
    path = tmp_path / "replies.csv"
    path.write_text("id,who,queue,sent,body,language\n1,Ann,Billing,2024-03-05,Sorry! Refund today.,en\n"
                    "2,Bob,Billing,2024-03-12,  ,ru\n", encoding="utf-8")
    replies, stats = read(path, ReadOptions(columns=ColumnMap.parse("agent=who,created_at=sent")))
    assert [(r.ticket, r.agent, r.team, r.lang, iso_week(r.created_at)) for r in replies] == \
        [("1", "Ann", "Billing", "en", "2024-W10")]
    assert stats.skipped == {"empty": 1}


def test_generic_without_a_reply_column_says_how_to_name_it(tmp_path):
    path = tmp_path / "replies.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(Exception, match="--columns text=COLUMN"):
        read(path)
    with pytest.raises(ColumnsError, match="FIELD=COLUMN"):
        ColumnMap.parse("words=body")


def test_since_and_until_keep_the_replies_in_range(tmp_path):
    path = tmp_path / "r.jsonl"
    rows = [{"text": "Sorry, done today.", "created_at": d} for d in ("2024-01-01", "2024-02-01", "2024-03-01", None)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    replies, stats = read(path, ReadOptions(since=parse_time("2024-02-01"), until=parse_time("2024-03-01")))
    assert [r.created_at.month for r in replies] == [2]
    assert stats.replies == 1
    assert stats.skipped == {"before --since": 1, "after --until": 1, "no date (with --since/--until)": 1}


def test_parse_time_formats():
    assert parse_time("2024-03-05T10:00:00Z") == datetime(2024, 3, 5, 10, tzinfo=UTC)
    assert parse_time("Tue Oct 31 22:10:47 +0000 2017") == datetime(2017, 10, 31, 22, 10, 47, tzinfo=UTC)
    assert parse_time(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert parse_time("") is None
    with pytest.raises(ValueError):
        parse_time("yesterday")


def test_expand_walks_folders_and_globs_and_names_missing_inputs(tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv").write_text("text\nx\n")
    (tmp_path / "notes.txt").write_text("x")
    errors: list[str] = []
    found = expand([str(tmp_path), str(tmp_path / "*.jsonl"), str(tmp_path / "nope.csv")], errors)
    assert found == [str(tmp_path / "a.jsonl"), str(tmp_path / "sub" / "b.csv"), str(tmp_path / "a.jsonl")]
    assert errors == [f"{tmp_path / 'nope.csv'}: error: no such file or directory"]


def test_parquet_input(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "r.parquet"
    pq.write_table(pa.table({"text": ["Sorry, done today.", "Ok"], "agent": ["Ann", "Bob"]}), path)
    replies, _ = read(path)
    assert [(r.agent, r.line) for r in replies] == [("Ann", 1), ("Bob", 2)]


def test_one_jsonl_with_users_first_then_tickets(tmp_path):
    from .audit_helpers import audit, summary_of

    path = tmp_path / "export.jsonl"
    users = {"users": [{"id": 5, "name": "Dana", "role": "agent"}, {"id": 1, "name": "C", "role": "end-user"}]}
    ticket = {"id": 3, "comments": [{"author_id": 1, "body": "Hi?", "public": True},
                                    {"author_id": 5, "body": "Sorry, fixed today.", "public": True}]}
    path.write_text(json.dumps(users) + "\n" + json.dumps(ticket) + "\n", encoding="utf-8")
    code, _, err = audit(path, "-o", tmp_path / "out" / "r.html")
    assert code == 0, err
    summary = summary_of(tmp_path / "out" / "r.html")
    assert [g["value"] for g in summary["by"]["agent"]] == ["Dana"]
    assert summary["read"]["skipped"] == {"customer message": 1}

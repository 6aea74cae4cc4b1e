"""Builds the bundled audit samples (deterministic; run from the repository root):

    python examples/audit/make_samples.py

* ``twcs-sample.csv``: the Customer Support on Twitter layout — customer tweets (inbound) and
  agent replies with sign-offs (``^KS``, ``-Dana``), three companies, eight weeks.
* ``zendesk/tickets.json``: a Zendesk ticket export page with comments and sideloaded users
  and groups, four languages (replies from ``benchmarks/corpus/tune/*-a.jsonl``), with
  customer comments and internal notes that the audit must skip.
* ``zendesk-incremental/``: the same kind of data as the incremental export writes it —
  ``users.jsonl`` (one user per line) and ``tickets.jsonl`` (one ticket per line).
"""
from __future__ import annotations

import csv
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "benchmarks" / "corpus" / "tune"
START = datetime(2017, 9, 4, 9, 0, tzinfo=timezone.utc)

CUSTOMER_TWEETS = [
    "my order still hasn't shipped and it's been two weeks",
    "why was I charged twice this month??",
    "the app keeps crashing when I open my bag",
    "flight delayed again, nobody at the gate knows anything",
    "can't log in, password reset email never arrives",
    "my package says delivered but it's not here",
]
AGENT_TWEETS = [
    "We're sorry for the wait. Your order ships today and you'll get tracking by 6pm.",
    "Sorry about the double charge! The refund is on its way and lands within 3 business days.",
    "That's not what we want to hear. Please DM us your email and we'll fix this today.",
    "The delay is because our warehouse is short-staffed this week. We'll ship it soon.",
    "That's a billing department issue, you'll need to contact them directly.",
    "There's nothing we can do about that, unfortunately.",
    "You must have entered the wrong address when ordering.",
    "We'll look into this ASAP.",
    "Our team will get back to you.",
    "Thanks for reaching out! Could you DM us your order number so we can take a look?",
    "Happy to help! Tap Settings > Account > Reset and you should be all set.",
    "That sounds frustrating, sorry. We've escalated it and will update you by Friday.",
    "Per our T2 queue the ticket is in backlog, so no ETA yet.",
    "Sorry for the trouble. Please call us at +1 (800) 555-0199 or write to help@example.com and we'll sort it out.",
]
COMPANIES = {"AppleSupport": ["KS", "JM", "AB"], "AmazonHelp": ["Dana", "Jessi", "Raj"],
             "Delta": ["TR", "LM"]}
SIGN_STYLES = ["^{}", "-{}", "- {}", "*{}"]


def twcs(rng: random.Random, rows: int = 320) -> None:
    out = []
    tweet_id = 100000
    for i in range(rows // 2):
        customer = str(700000 + rng.randrange(2000))
        company = rng.choice(list(COMPANIES))
        agent = rng.choice(COMPANIES[company])
        when = START + timedelta(hours=rng.randrange(8 * 7 * 24))
        question, answer = tweet_id, tweet_id + 1
        tweet_id += 2
        stamp = when.strftime("%a %b %d %H:%M:%S +0000 %Y")
        out.append([question, customer, True, stamp, f"@{company} {rng.choice(CUSTOMER_TWEETS)}", answer, ""])
        style = rng.choice(SIGN_STYLES)
        sign = style.format(agent) if i % 17 else ""  # a few unsigned replies
        text = f"@{customer} {rng.choice(AGENT_TWEETS)} {sign}".rstrip()
        stamp2 = (when + timedelta(minutes=rng.randrange(3, 90))).strftime("%a %b %d %H:%M:%S +0000 %Y")
        out.append([answer, company, False, stamp2, text, "", question])
    with open(HERE / "twcs-sample.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
                         "in_response_to_tweet_id"])
        writer.writerows(out)


AGENTS = {  # id: (name, language, group)
    501: ("Ирина Соколова", "ru", 11), 502: ("Павел Орлов", "ru", 11),
    503: ("Мария Петрова", "bg", 12), 504: ("Георги Иванов", "bg", 12),
    505: ("王芳", "zh", 13), 506: ("李伟", "zh", 13),
    507: ("Dana Whitfield", "en", 14), 508: ("Sam Okafor", "en", 14),
}
GROUPS = {11: "Support RU", 12: "Support BG", 13: "Support ZH", 14: "Support EN"}
CUSTOMER_TEXT = {"ru": "Здравствуйте, где мой заказ?", "bg": "Здравейте, къде е поръчката ми?",
                 "zh": "你好，我的订单到哪了？", "en": "Hi, where is my order?"}
NOTE_TEXT = {"ru": "Внутренняя заметка: склад опять напутал.", "bg": "Вътрешна бележка: складът пак сгреши.",
             "zh": "内部备注：仓库又搞错了。", "en": "Internal note: warehouse messed up again, TPS backlog."}


def _replies(lang: str, n: int) -> list[str]:
    rows = [json.loads(line) for line in open(CORPUS / f"{lang}-a.jsonl", encoding="utf-8")]
    return [r["text"] for r in rows[:n]]


def zendesk_tickets(rng: random.Random, per_lang: int, first_id: int, offset: int) -> tuple[list, list]:
    tickets, users = [], []
    for uid, (name, lang, group) in AGENTS.items():
        users.append({"id": uid, "name": name, "role": "agent", "default_group_id": group, "locale": lang})
    ticket_id, customer_id = first_id, 9000 + first_id
    for lang in ("ru", "bg", "zh", "en"):
        agents = [uid for uid, a in AGENTS.items() if a[1] == lang]
        for k, text in enumerate(_replies(lang, offset + per_lang)[offset:]):
            when = START + timedelta(days=rng.randrange(56), hours=rng.randrange(10))
            agent = agents[k % 2]
            customer_id += 1
            users.append({"id": customer_id, "name": f"Customer {customer_id}", "role": "end-user"})
            iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
            comments = [
                {"id": ticket_id * 10 + 1, "author_id": customer_id, "public": True, "body": CUSTOMER_TEXT[lang],
                 "created_at": iso(when), "via": {"channel": "email"}},
                {"id": ticket_id * 10 + 2, "author_id": agent, "public": True, "body": text,
                 "created_at": iso(when + timedelta(hours=2)), "via": {"channel": "web"}},
            ]
            if k % 5 == 0:
                comments.append({"id": ticket_id * 10 + 3, "author_id": agent, "public": False,
                                 "body": NOTE_TEXT[lang], "created_at": iso(when + timedelta(hours=3)),
                                 "via": {"channel": "web"}})
            tickets.append({"id": ticket_id, "url": f"https://acme.zendesk.com/api/v2/tickets/{ticket_id}.json",
                            "subject": CUSTOMER_TEXT[lang], "requester_id": customer_id,
                            "group_id": AGENTS[agent][2], "created_at": iso(when), "comments": comments})
            ticket_id += 1
    return tickets, users


def main() -> None:
    rng = random.Random(14)
    twcs(rng)
    tickets, users = zendesk_tickets(rng, 12, 1001, 0)
    (HERE / "zendesk").mkdir(exist_ok=True)
    page = {"tickets": tickets, "users": users,
            "groups": [{"id": g, "name": n} for g, n in GROUPS.items()], "next_page": None, "count": len(tickets)}
    (HERE / "zendesk" / "tickets.json").write_text(json.dumps(page, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
    tickets, users = zendesk_tickets(rng, 8, 2001, 12)
    folder = HERE / "zendesk-incremental"
    folder.mkdir(exist_ok=True)
    with open(folder / "users.jsonl", "w", encoding="utf-8") as handle:
        for user in users:
            handle.write(json.dumps(user, ensure_ascii=False) + "\n")
        for g, n in GROUPS.items():
            handle.write(json.dumps({"groups": [{"id": g, "name": n}]}) + "\n")
    with open(folder / "tickets.jsonl", "w", encoding="utf-8") as handle:
        for ticket in tickets:
            handle.write(json.dumps(ticket, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

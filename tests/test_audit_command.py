"""``replylint audit`` end to end: outputs, the same findings as ``replylint check``, bad
input, outputs never over inputs, resuming, and all cores giving the serial result."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from replylint.audit import linting, local
from replylint.cli import main

from .audit_helpers import REPO, TWCS, ZENDESK, ZENDESK_INCREMENTAL, audit, csv_of, need, summary_of


def test_twcs_sample_report(tmp_path):
    report = tmp_path / "twcs.html"
    code, out, err = audit(TWCS, "-o", report)
    assert code == 0, err
    assert "Checked 160 agent replies" in out
    summary = summary_of(report)
    assert summary["totals"]["replies"] == 160
    assert summary["read"]["skipped"] == {"customer message": 160}
    assert {g["value"] for g in summary["by"]["team"]} == {"AppleSupport", "AmazonHelp", "Delta"}
    assert "KS @AppleSupport" in {g["value"] for g in summary["by"]["agent"]}
    assert summary["totals"]["weeks"] == 8 and summary["worst"]
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script src" not in html and "<link" not in html
    assert not (tmp_path / "twcs.audit-checkpoint").exists()  # removed after a finished audit


def test_zendesk_sample_in_four_languages(tmp_path):
    report = tmp_path / "zd.html"
    code, _, err = audit(ZENDESK, ZENDESK_INCREMENTAL, "-o", report, "--by", "agent,lang")
    assert code == 0, err
    summary = summary_of(report)
    assert summary["totals"]["replies"] == 80
    assert {g["value"]: g["replies"] for g in summary["by"]["lang"]} == {"ru": 20, "bg": 20, "zh": 20, "en": 20}
    assert summary["read"]["skipped"] == {"customer message": 80, "internal note": 20}
    assert not summary["requester_fallback"]
    rows = list(csv.DictReader(io.StringIO(csv_of(report))))
    assert {r["url"] for r in rows if r["source"].endswith("tickets.json")} >= \
        {"https://acme.zendesk.com/agent/tickets/1001"}
    # no customer text and no internal note ever reaches the outputs
    text = csv_of(report) + report.read_text(encoding="utf-8")
    assert "Внутренняя заметка" not in text and "Internal note" not in text and "где мой заказ" not in text


def _agent_texts() -> list[str]:
    page = json.loads(ZENDESK.read_text(encoding="utf-8"))
    agents = {u["id"] for u in page["users"] if u["role"] == "agent"}
    return [c["body"] for t in page["tickets"] for c in t["comments"] if c["public"] and c["author_id"] in agents]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_audit_findings_are_those_of_check_on_the_same_texts(tmp_path, capsys):
    texts = _agent_texts()
    folder = tmp_path / "texts"
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    assert main(["check", "--format", "json", str(folder)]) == 1
    from_check = {(Path(f["path"]).stem, f["rule"], f["line"], f["column"], f["end_line"], f["end_column"],
                   f["level"], f["message"]) for f in json.loads(capsys.readouterr().out)}
    report = tmp_path / "zd.html"
    code, _, err = audit(ZENDESK, "-o", report, "--no-mask")
    assert code == 0, err
    rows = [r for r in csv.DictReader(io.StringIO(csv_of(report))) if r["rule"]]
    # each ticket (its number in the export is the row's line) has one agent reply, in order
    tickets = len(json.loads(ZENDESK.read_text(encoding="utf-8"))["tickets"])
    index = {str(n): f"{n - 1:03d}" for n in range(1, tickets + 1)}
    from_audit = set()
    for r in rows:
        stem = index[r["line"]]
        text = texts[int(stem)]
        start, end = int(r["start"]), int(r["end"])
        assert text[start:end] == r["span"]
        from_audit.add((stem, r["rule"], *_line_col(text, start), *_line_col(text, end), r["level"], r["message"]))
    assert from_audit == from_check and len(from_audit) > 50


def test_no_agent_replies_says_so(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text("tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
                    "1,115712,True,Tue Oct 31 22:10:47 +0000 2017,@Delta hello,,\n", encoding="utf-8")
    code, _, err = audit(path, "-o", tmp_path / "r.html")
    assert code == 2
    assert "no public agent replies to check in 1 input(s) (1 records read; skipped: 1 customer message)" in err
    assert not (tmp_path / "r.html").exists()


def test_malformed_records_are_listed_and_the_rest_is_reported(tmp_path):
    path = tmp_path / "t.jsonl"
    good = json.dumps({"id": 1, "comments": [{"author_id": 2, "body": "Sorry, it is fixed.", "public": True}]})
    path.write_text(good + "\n{broken\n" + good + "\n", encoding="utf-8")
    report = tmp_path / "r.html"
    code, out, err = audit(path, "-o", report)
    assert code == 1
    assert f"{path}:2: error: not valid JSON" in err
    assert summary_of(report)["totals"]["replies"] == 2
    assert "malformed record" in report.read_text(encoding="utf-8")


def test_an_unreadable_input_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{nope", encoding="utf-8")
    report = tmp_path / "out" / "r.html"
    report.parent.mkdir()
    code, _, err = audit(bad, TWCS, "-o", report)
    assert code == 1 and f"{bad}:1:2: error: not valid JSON" in err
    assert summary_of(report)["totals"]["replies"] == 160


def test_a_report_is_never_written_over_an_input(tmp_path):
    data = tmp_path / "export.csv"
    data.write_text(TWCS.read_text(encoding="utf-8"), encoding="utf-8")
    before = data.read_bytes()
    code, _, err = audit(data, "-o", tmp_path / "export.html", "--csv", data)
    assert code == 2 and "the csv output would overwrite an input" in err
    assert data.read_bytes() == before
    code, _, err = audit(tmp_path, "-o", tmp_path / "report.html")
    assert code == 2 and "inside the input folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


def test_pseudonymise_hides_agents_names_everywhere(tmp_path):
    report = tmp_path / "r.html"
    code, _, err = audit(ZENDESK, "-o", report, "--pseudonymise", "--pseudonym-key", "s3cret")
    assert code == 0, err
    text = report.read_text(encoding="utf-8") + csv_of(report) + json.dumps(summary_of(report), ensure_ascii=False)
    for name in ("Ирина Соколова", "Dana Whitfield", "王芳", "Мария Петрова"):
        assert name not in text
    agents = {g["value"] for g in summary_of(report)["by"]["agent"]}
    assert len(agents) == 8 and all(a.startswith("agent-") for a in agents)
    code, _, _ = audit(ZENDESK, "-o", tmp_path / "again.html", "--pseudonymise", "--pseudonym-key", "s3cret")
    assert {g["value"] for g in summary_of(tmp_path / "again.html")["by"]["agent"]} == agents


def test_parquet_has_the_rows_of_the_csv(tmp_path):
    pq = need("pyarrow.parquet")
    report = tmp_path / "r.html"
    assert audit(TWCS, "-o", report)[0] == 0
    table = pq.read_table(tmp_path / "r.findings.parquet").to_pylist()
    rows = list(csv.DictReader(io.StringIO(csv_of(report))))
    assert len(table) == len(rows) and [t["rule"] or "" for t in table] == [r["rule"] for r in rows]
    assert [t["start"] for t in table][:20] == [int(r["start"]) if r["start"] else None for r in rows][:20]


def _outputs(report: Path) -> tuple[dict, str]:
    return summary_of(report), csv_of(report)


def test_interrupted_audit_resumes_without_redoing_finished_batches(tmp_path, monkeypatch):
    fresh = tmp_path / "fresh.html"
    assert audit(TWCS, "-o", fresh, "--partition-size", "20", "-j", "1")[0] == 0

    real = linting.lint_batch
    calls = {"n": 0}

    def flaky(replies, settings):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(replies, settings)

    monkeypatch.setattr(local, "lint_batch", flaky)
    report = tmp_path / "r.html"
    code, _, err = audit(TWCS, "-o", report, "--partition-size", "20", "-j", "1")
    assert code == 130 and "run the same command again to resume" in err
    folder = tmp_path / "r.audit-checkpoint"
    assert len(list(folder.glob("p*.jsonl"))) == 3
    calls["n"] = 100  # no more interruptions; count the batches linted now
    code, _, err = audit(TWCS, "-o", report, "--partition-size", "20", "-j", "1")
    assert code == 0 and "resuming from" in err
    assert calls["n"] - 100 == 8 - 3  # 160 replies in batches of 20: only the 5 unfinished ones
    assert not folder.exists()
    assert _outputs(report)[0] == _outputs(fresh)[0] | {"inputs": _outputs(report)[0]["inputs"]}
    assert _outputs(report)[1] == _outputs(fresh)[1]


def test_a_changed_input_starts_over(tmp_path, monkeypatch):
    data = tmp_path / "in" / "export.csv"
    data.parent.mkdir()
    data.write_text(TWCS.read_text(encoding="utf-8"), encoding="utf-8")
    report = tmp_path / "r.html"
    monkeypatch.setattr(local, "lint_batch", lambda r, s: (_ for _ in ()).throw(KeyboardInterrupt))
    assert audit(data, "-o", report, "--partition-size", "20")[0] == 130
    monkeypatch.undo()
    data.write_text(TWCS.read_text(encoding="utf-8").replace("^KS", "^KZ"), encoding="utf-8")
    code, _, err = audit(data, "-o", report, "--partition-size", "20")
    assert code == 0 and "resuming" not in err
    assert "KZ @AppleSupport" in {g["value"] for g in summary_of(report)["by"]["agent"]}


def test_worker_processes_give_the_serial_result(tmp_path, monkeypatch):
    serial = tmp_path / "serial.html"
    assert audit(TWCS, ZENDESK, "-o", serial, "-j", "1", "--partition-size", "25")[0] == 0
    monkeypatch.setattr(local, "MIN_BYTES_FOR_WORKERS", 0)
    parallel = tmp_path / "parallel.html"
    assert audit(TWCS, ZENDESK, "-o", parallel, "-j", "2", "--partition-size", "25")[0] == 0
    assert _outputs(parallel) == _outputs(serial)


def test_bad_options(tmp_path):
    assert audit(TWCS, "--partition-size", "0")[0] == 2
    assert audit(TWCS, "--columns", "words=body")[0] == 2
    code, _, err = audit(TWCS, "--select", "no-such-rule", "-o", tmp_path / "r.html")
    assert code == 2 and "unknown rule 'no-such-rule'" in err
    code, _, err = audit(tmp_path / "missing.csv", "-o", tmp_path / "r.html")
    assert code == 2 and "no such file or directory" in err


def test_the_core_command_line_does_not_import_the_audit_extra():
    code = ("import sys, replylint.cli as c; c.build_parser();"
            "print([m for m in ('dask', 'distributed', 'pyarrow', 'fsspec') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.stdout.strip() == "[]", out.stderr


def test_help_lists_audit(capsys):
    assert main(["audit", "--help"]) == 0
    text = capsys.readouterr().out
    for option in ("--by", "--since", "--dask", "--pseudonymise", "--no-mask", "--columns", "--partition-size"):
        assert option in text

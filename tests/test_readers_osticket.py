"""osTicket's real templates (../shared/corpora/osticket, four languages): ordinary, decent
replies, so nothing in them is flagged at error level. Skipped where the corpus is absent."""
from __future__ import annotations

import json

import pytest

from .conftest import SHARED
from .test_cli import run

CORPUS = SHARED / "corpora" / "osticket"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpora/osticket is not here")

# Upstream's bg, ru and zh-CN premade.yaml have a line starting with "%{" at column 1 inside
# a block scalar: not YAML (osTicket reads them with its own lenient parser).
BROKEN_UPSTREAM = {"bg/premade.yaml", "ru/premade.yaml", "zh-CN/premade.yaml"}


@pytest.fixture(scope="module")
def report():
    code, out, err = run(["check", str(CORPUS), "--format", "json"])
    return code, json.loads(out), err


def test_no_errors_in_osticket_templates(report):
    _, findings, _ = report
    errors = [f"{f['path']}:{f['line']}:{f['column']} {f['rule']} {f['message']}" for f in findings
              if f["level"] == "error"]
    assert errors == []
    assert len(findings) <= 30  # a few timeline/apology warnings at most


def test_only_the_broken_upstream_files_are_unreadable(report):
    code, _, err = report
    unreadable = {line.split(":")[0] for line in err.splitlines()}
    assert {str(p.relative_to(CORPUS)) for p in map(CORPUS.__truediv__, BROKEN_UPSTREAM)} == BROKEN_UPSTREAM
    assert unreadable == {str(CORPUS / name) for name in BROKEN_UPSTREAM}
    assert all(": error: invalid YAML: " in line for line in err.splitlines())
    assert code == 2


def test_every_language_is_detected_per_template():
    code, out, _ = run(["check", str(CORPUS / "en_US"), str(CORPUS / "ru" / "email"), str(CORPUS / "bg" / "email"),
                        str(CORPUS / "zh-CN" / "email"), "--statistics", "--select", "dead-end"])
    stats = out[out.index("Per language:"):]
    for lang in ("en", "ru", "bg", "zh"):
        assert f"  {lang} " in stats
    assert code == 0

"""The audit's HTML report as a person sees it: opened in Debian's headless Chromium through
Playwright (no browser download), on the TWCS sample and on the four-language Zendesk
sample — no console errors, charts present and non-empty, tables sort, a screenshot taken."""
from __future__ import annotations

import pytest

from .audit_helpers import TWCS, ZENDESK, ZENDESK_INCREMENTAL, audit, need, need_chromium

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    sync_api = need("playwright.sync_api")
    executable = need_chromium()
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser, report):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith("file://") else None)
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    return page, problems


def _column(page, dim: str, col: int) -> list[str]:
    return page.eval_on_selector_all(f'table[data-dim="{dim}"] tbody tr',
                                     f"rows => rows.map(r => r.cells[{col}].textContent.trim())")


def _check_report(browser, report, screenshot):
    page, problems = _open(browser, report)
    # charts: the rule bars and the weekly line are drawn, with a visible size
    bars = page.eval_on_selector_all('svg[data-chart="rules"] rect.bar', "rs => rs.map(r => r.getBBox().width)")
    assert bars and max(bars) > 10
    line = page.eval_on_selector('svg[data-chart="weeks"] polyline.line', "p => p.points.numberOfItems")
    assert line >= 2
    box = page.locator('svg[data-chart="rules"]').bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    assert page.locator("svg.spark").count() > 0
    # sorting: click "per 100" in the agent table, ascending then descending
    header = page.locator('table[data-dim="agent"] th', has_text="per 100").first
    header.click()
    ascending = [float(v) for v in _column(page, "agent", 3)]
    assert ascending == sorted(ascending) and len(set(ascending)) > 1
    header.click()
    descending = [float(v) for v in _column(page, "agent", 3)]
    assert descending == sorted(ascending, reverse=True)
    page.locator('table[data-dim="agent"] th').first.click()  # by name, as text
    names = _column(page, "agent", 0)
    assert names == sorted(names, key=str.lower)
    assert page.locator("mark").count() > 0  # worst examples with the span marked
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
    assert problems == []
    page.close()


@pytest.mark.slow
def test_twcs_report_in_chromium(browser, tmp_path):
    report = tmp_path / "twcs.html"
    assert audit(TWCS, "-o", report)[0] == 0
    _check_report(browser, report, tmp_path / "twcs.png")


@pytest.mark.slow
def test_zendesk_four_language_report_in_chromium(browser, tmp_path):
    report = tmp_path / "zendesk.html"
    assert audit(ZENDESK, ZENDESK_INCREMENTAL, "-o", report)[0] == 0
    _check_report(browser, report, tmp_path / "zendesk.png")
    page, _ = _open(browser, report)
    langs = _column(page, "lang", 0)
    assert sorted(langs) == ["bg", "en", "ru", "zh"]
    text = page.inner_text("body")
    assert "Ирина Соколова" in text and "王芳" in text and "Мария Петрова" in text
    page.close()

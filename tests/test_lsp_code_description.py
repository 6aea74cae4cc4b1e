"""A diagnostic links its rule's docs page (LSP codeDescription): the docs site when one is
set, else the generated page in the source checkout; and carries the pattern id in its data."""
from __future__ import annotations

import replylint
from replylint import rule_docs
from replylint.lsp import diagnostics
from replylint.lsp.diagnostics import CheckResult
from replylint.lsp.files import DocumentCheck, Placed


def _lsp_diagnostic(monkeypatch, base: str | None):
    if base is not None:
        monkeypatch.setattr(rule_docs, "DOCS_BASE", base)
    linter = replylint.Linter()
    text = "There's nothing we can do."
    [d] = [d for d in linter.lint(text) if d.rule == "dead-end"]
    placed = Placed(d, d.start, d.end)
    return CheckResult("file:///r.txt", 1, text, DocumentCheck([placed]), linter).to_lsp(placed, "utf-16")


def test_code_description_links_the_rule_page(monkeypatch):
    lsp = _lsp_diagnostic(monkeypatch, "https://docs.example.org/rules/")
    assert lsp.code == "dead-end"
    assert lsp.code_description is not None and lsp.code_description.href == "https://docs.example.org/rules/dead-end.md"
    assert lsp.data["pattern"].startswith("en/dead-end#")


def test_without_a_docs_site_the_checkout_page_is_linked(monkeypatch):
    href = _lsp_diagnostic(monkeypatch, None).code_description.href
    assert href.startswith("file://") and href.endswith("/docs/rules/dead-end.md")


def test_no_link_when_no_page_exists(monkeypatch, tmp_path):
    # An installed wheel carries no docs: a link that leads nowhere is worse than none.
    monkeypatch.setattr(diagnostics, "CHECKOUT", tmp_path)
    diagnostics._checkout_page.cache_clear()
    try:
        assert _lsp_diagnostic(monkeypatch, None).code_description is None
    finally:
        diagnostics._checkout_page.cache_clear()

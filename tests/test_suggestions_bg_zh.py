"""The built-in Bulgarian and Chinese rewrites (issue 10 item 5), end to end: ``--fix`` writes the
safe ones, ``--unsafe-fixes`` adds those that need a value or commit the agent to something,
and every rewrite with a placeholder is marked unsafe. Each pattern's own fix is checked by its
``fixed`` example (``replylint test-patterns``); this file checks the path through the CLI."""
from __future__ import annotations

import pytest

import replylint

from .test_cli import run

REPLIES = {
    # a safe rewrite (blame-customer) and an unsafe one with a placeholder (vague-timeline)
    "bg": ("Моля, прочетете внимателно условията. Ще ви пишем скоро.\n",
           "Моля, вижте условията. Ще ви пишем скоро.\n",
           "Моля, вижте условията. Ще ви пишем до <дата>.\n"),
    "zh": ("详情页尺码表写得很清楚的呢。我们会尽快给您安排发货的。\n",
           "详情页尺码表有说明的呢。我们会尽快给您安排发货的。\n",
           "详情页尺码表有说明的呢。我们会在<具体时间>前给您安排发货的。\n"),
}


@pytest.fixture(params=sorted(REPLIES))
def project(request, tmp_path, monkeypatch):
    lang = request.param
    (tmp_path / ".replylint.toml").write_text(
        f'select = ["blame-customer", "vague-timeline"]\nlang = "{lang}"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(REPLIES[lang][0], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path, REPLIES[lang]


def test_fix_writes_only_the_safe_rewrite(project):
    path, (_, safe_only, _) = project
    run(["check", "--fix", "r.txt"])
    assert (path / "r.txt").read_text(encoding="utf-8") == safe_only


def test_unsafe_fixes_fill_in_the_placeholder_rewrite_too(project):
    path, (_, _, everything) = project
    run(["check", "--fix", "--unsafe-fixes", "r.txt"])
    assert (path / "r.txt").read_text(encoding="utf-8") == everything


@pytest.mark.parametrize("lang", ["bg", "zh"])
def test_a_rewrite_with_a_placeholder_is_never_a_safe_fix(lang):
    """``<дата>``, ``<алтернатива>``, ``<具体时间>``: the agent must fill them in before sending."""
    linter = replylint.Linter()
    with_placeholder = [(str(pf.path), e.id) for pf in linter.pack(lang).files for e in pf.patterns
                        if any("<" in s and ">" in s for s in e.suggest) and e.fix_safe]
    assert with_placeholder == []
    assert any("<" in s for pf in linter.pack(lang).files for e in pf.patterns for s in e.suggest)

"""Built-in phrase rules carry rewrites (issue 10 item 5): ``--fix`` writes the safe ones,
``--unsafe-fixes`` also the ones that change what the agent commits to or leave a value to
fill in ("by <date>", "I'll contact…"). One reply per language, through the command line, on
the shipped patterns only; the per-pattern ``fixed`` examples check each rewrite itself."""
from __future__ import annotations

import pytest

from .test_cli import run

CASES = {
    "en": ("It's sitting in the backlog. We'll call you back shortly. Please contact Klarna directly.\n",
           "It's sitting in our list of planned work. We'll call you back shortly. Please contact Klarna directly.\n",
           "It's sitting in our list of planned work. We'll call you back by <date>. I'll contact Klarna directly.\n"),
    "ru": ("Тикет закрыт. Ошибку исправим в ближайшее время. Обратитесь в банк, выпустивший карту.\n",
           "Запрос закрыт. Ошибку исправим в ближайшее время. Обратитесь в банк, выпустивший карту.\n",
           "Запрос закрыт. Ошибку исправим до <дата>. Я передам ваш вопрос в банк, выпустивший карту.\n"),
}


@pytest.mark.parametrize("lang", sorted(CASES))
def test_fix_writes_safe_then_unsafe_builtin_suggestions(tmp_path, monkeypatch, lang):
    reply, safe, unsafe = CASES[lang]
    (tmp_path / ".replylint.toml").write_text(f'lang = "{lang}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "r.txt"
    path.write_text(reply, encoding="utf-8")
    run(["check", "--fix", "r.txt"])
    assert path.read_text(encoding="utf-8") == safe
    path.write_text(reply, encoding="utf-8")
    run(["check", "--fix", "--unsafe-fixes", "r.txt"])
    assert path.read_text(encoding="utf-8") == unsafe

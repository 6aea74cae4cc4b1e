"""The language server's loader (lsp/loading.py) hands each loaded language's regex prefilter
to a background build, so no check stalls on a Hyperscan compile (zh's takes ~20 s)."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

from replylint.langdetect import LANGUAGES
from replylint.lsp.loading import LanguageLoader, Progress


class _Prefilter:
    def __init__(self) -> None:
        self.background_builds = 0

    def build_in_background(self) -> None:
        self.background_builds += 1


class _Linter:
    """Stands in for replylint.Linter: ``pack`` is all the loader calls."""

    def __init__(self) -> None:
        self.packs = {lang: SimpleNamespace(regex_prefilter=_Prefilter()) for lang in LANGUAGES}

    def pack(self, lang: str) -> SimpleNamespace:
        return self.packs[lang]


def test_every_loaded_language_has_its_prefilter_built_in_the_background():
    linter = _Linter()

    async def load() -> None:
        loader = LanguageLoader(Progress(), busy=lambda: False)
        loader.start()
        loader.want(linter, ["zh"])  # type: ignore[arg-type]
        while len(loader.loaded) < len(LANGUAGES):
            await asyncio.sleep(0.05)
        loader.stop()

    asyncio.run(asyncio.wait_for(load(), timeout=30))
    assert {lang: p.regex_prefilter.background_builds for lang, p in linter.packs.items()} \
        == dict.fromkeys(LANGUAGES, 1)

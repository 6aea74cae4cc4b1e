"""Loading the language pipelines in the background: the open replies' languages first.

Loading is CPU work (spaCy, dictionaries, compiling the patterns: 0.4–1.5 s a language on
this machine) and the interpreter runs one thread at a time, so loading a language nobody
needs yet slows down the check that is waiting for the one it does need. The loader
therefore:

1. loads the languages the open documents are written in (detected from their text, a
   cheap character-based guess), one at a time, in its own thread — each language under its
   own lock in the library, so a check needing Russian waits only for Russian;
2. loads the remaining languages only while no check is waiting or running, one per idle
   moment, so a reply opened later in another language is ready at once;
3. tells the editor what it is doing through ``$/progress`` (``Loading Russian…``), when the
   client offers work-done progress;
4. then has each loaded language's Hyperscan prefilter built in a thread of its own
   (``RegexPrefilter.build_in_background``: the compile releases the interpreter lock), so no
   check stalls on it; until it is ready, checks search every rule (the same findings).

It runs on the server's event loop; only :meth:`replylint.Linter.pack` runs in the thread.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Callable, Iterable

import replylint
from replylint.langdetect import LANGUAGES, detect
from replylint.languages import language_class

log = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 0.2
QUIET_BEFORE_BACKGROUND = 1.0  # seconds without a new wanted language before loading the rest


def languages_of(text: str, default: str | None) -> list[str]:
    """The languages a text's paragraphs seem to be in (first 20 paragraphs), likeliest first."""
    found: list[str] = []
    for block in [b for b in text.split("\n\n") if b.strip()][:20]:
        lang, _ = detect(block[:2000], default=default)
        if lang in LANGUAGES and lang not in found:
            found.append(lang)
    if not found and default in LANGUAGES:
        found.append(default)
    return found


def language_name(code: str) -> str:
    return getattr(language_class(code), "name", code)


class Progress:
    """What the loader reports; the server sends it as ``$/progress`` (or nothing)."""

    def begin(self, message: str) -> None: ...

    def report(self, message: str, percentage: int) -> None: ...

    def end(self, message: str) -> None: ...


class LanguageLoader:
    def __init__(self, progress: Progress, busy: Callable[[], bool],
                 announce: Callable[[str], None] | None = None):
        self.progress = progress
        self.busy = busy
        # told "replylint: languages loaded (…)" each time the queue is drained (the client's
        # log shows when loading finished; tests wait for it instead of a clock)
        self.announce = announce
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="replylint-load")
        self.loaded: set[tuple[int, str]] = set()  # (id of linter's pack key owner, language)
        self.wanted: list[tuple[replylint.Linter, str]] = []
        self.background: replylint.Linter | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._reporting = False
        self._last_want = 0.0
        self.done = asyncio.Event()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def want(self, linter: replylint.Linter, langs: Iterable[str]) -> None:
        """Load these languages for ``linter`` before anything else."""
        for lang in langs:
            item = (linter, lang)
            if (id(linter), lang) not in self.loaded and item not in self.wanted:
                self.wanted.append(item)
        if self.background is None:
            self.background = linter
        self._last_want = asyncio.get_running_loop().time()
        self._wake.set()

    def _next(self) -> tuple[replylint.Linter, str, bool] | None:
        while self.wanted:
            linter, lang = self.wanted.pop(0)
            if (id(linter), lang) not in self.loaded:
                return linter, lang, True
        rest = self.background
        if rest is None:
            return None
        for lang in LANGUAGES:
            if (id(rest), lang) not in self.loaded:
                return rest, lang, False
        return None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        total = len(LANGUAGES)
        while True:
            item = self._next()
            if item is None:
                if self._reporting:
                    self.progress.end("replylint: all languages ready")
                    self._reporting = False
                    if self.announce is not None:
                        langs = sorted({lang for _, lang in self.loaded})
                        self.announce(f"replylint: languages loaded ({', '.join(langs)})")
                self.done.set()
                self._wake.clear()
                await self._wake.wait()
                continue
            linter, lang, urgent = item
            if not urgent:
                # Background languages wait for a quiet moment: never compete with a check.
                while self.busy() or self.wanted or loop.time() - self._last_want < QUIET_BEFORE_BACKGROUND:
                    await asyncio.sleep(IDLE_POLL_SECONDS)
                    if self.wanted:
                        break
                if self.wanted:
                    continue
            self.done.clear()
            name = language_name(lang)
            done = sum(1 for key in self.loaded if key[0] == id(linter))
            if not self._reporting:
                self.progress.begin(f"loading {name}…")
                self._reporting = True
            else:
                self.progress.report(f"loading {name}…", int(100 * done / total))
            try:
                pack = await loop.run_in_executor(self.pool, linter.pack, lang)
            except Exception as exc:  # noqa: BLE001 - the check that needs it reports the problem
                log.warning("loading %s failed: %s", name, exc)
            else:
                # The regex prefilter's database, in its own thread: no check waits for it.
                pack.regex_prefilter.build_in_background()
            self.loaded.add((id(linter), lang))
            log.info("%s loaded", name)

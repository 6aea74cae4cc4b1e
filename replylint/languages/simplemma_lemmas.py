"""simplemma's lemma lookups without decoding its whole dictionary at every start.

``simplemma.lemmatize`` decodes a language's front-coded dictionary into a Python dict on
first use: 0.16 s CPU for Bulgarian (226,000 forms) and about as much for English on a quiet
machine, 0.4–1.4 s under load — most of a cold ``replylint check`` of one reply. simplemma's
own ``TrieDictionaryFactory`` keeps the same dictionary as a MARISA trie (the ``marisa-trie``
package), a data file that loads in about a millisecond. The trie is built from the shipped
dictionary once (0.3–0.5 s), written atomically to the cache folder the user chose
(:mod:`replylint.user_cache`, ``REPLYLINT_CACHE_DIR``), and loaded from there afterwards; a damaged trie is rebuilt by
simplemma. The lemmas are the same (same dictionary, same strategy); tests compare them.

Without a usable cache folder (``REPLYLINT_CACHE_DIR`` unset or ``off``, not writable) or without
``marisa-trie``, lookups go through simplemma's default in-memory dictionary as before.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .. import user_cache

log = logging.getLogger(__name__)


def lemmatizer(lang: str) -> Callable[[str], str]:
    """``word -> lemma`` for ``lang``, loaded now (not mid-request)."""
    import simplemma

    lemmatize: Callable[[str], str] | None = None
    try:
        lemmatize = _trie_lemmatizer(lang)
    except Exception as exc:  # noqa: BLE001 - any trouble with the trie cache falls back to the dict
        log.debug("simplemma trie for %s unavailable (%s): using the in-memory dictionary", lang, exc)
    if lemmatize is None:
        def lemmatize(word: str) -> str:
            return str(simplemma.lemmatize(word, lang=lang))
    lemmatize("и" if lang == "bg" else "a")  # load the dictionary now
    return lemmatize


def _trie_lemmatizer(lang: str) -> Callable[[str], str] | None:
    try:
        import marisa_trie  # noqa: F401  # TrieDictionaryFactory needs it
        from simplemma import Lemmatizer
        from simplemma.__metadata__ import __version__ as simplemma_version
        from simplemma.strategies import DefaultStrategy
        from simplemma.strategies.dictionaries import TrieDictionaryFactory
    except ImportError:
        return None
    folder = user_cache.subfolder("simplemma-tries", simplemma_version)
    if folder is None:
        return None
    target = folder / f"{lang}.dic"
    if not target.is_file():
        _build(lang, folder, target, TrieDictionaryFactory)
    factory = TrieDictionaryFactory(disk_cache_dir=str(folder))
    strategy = DefaultStrategy(dictionary_factory=factory)  # the same strategy as simplemma.lemmatize
    instance = Lemmatizer(lemmatization_strategy=strategy)

    def lemmatize(word: str) -> str:
        return str(instance.lemmatize(word, lang=lang))

    return lemmatize


def _build(lang: str, folder: Path, target: Path, factory_class: type) -> None:
    """Build the trie in a private temporary folder and move it into place in one step, so a
    parallel worker never reads a half-written file."""
    scratch = Path(tempfile.mkdtemp(prefix=f".{lang}-", dir=folder))
    try:
        factory_class(disk_cache_dir=str(scratch)).get_dictionary(lang)  # builds and saves scratch/<lang>.dic
        os.replace(scratch / f"{lang}.dic", target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

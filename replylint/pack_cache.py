"""Compiled packs cached on disk, so a cold start does not recompile a language's patterns.

Compiling a language's few hundred token patterns takes 0.3–1.1 s; loading the compiled
pack back takes 20–70 ms. A pack is stored under a key made of everything it is built from:
the content of every YAML file in its pattern folders, the configured word lists and rule names,
the source of the modules that compile and match patterns, the Python, ``regex`` and Hyperscan
versions (a pack carries its serialised Hyperscan database), and the versions of the libraries
a language expands its patterns' words with at compile time (:data:`LEXICON_DISTRIBUTIONS`:
pymorphy3 and its Russian dictionary give the grammatical forms of a Russian word, simplemma
the lemmas of Bulgarian and English, jieba the segmentation of Chinese). Any change gives a
new key, so a cached pack is never stale; old entries of a language are pruned.

The cache is opt-in (:mod:`replylint.user_cache`): ``$REPLYLINT_CACHE_DIR`` names its folder
(``user``: the user's cache folder, ``~/.cache/replylint`` on Linux), and without it nothing is
written — replylint writes nothing outside the workspace unless asked. It is never in the
workspace: a pickle from a folder an untrusted repository could fill (a ``.replylint_cache`` in
the checkout) must not be read. Three more guards make reading it back safe:

* the folder must belong to the user and be writable by nobody else, or it is not used;
* an entry starts with the SHA-256 of its payload, checked before unpickling (a truncated or
  damaged file is recompiled, never half-read);
* the payload is read by an unpickler that only builds replylint's own pack classes, paths and
  compiled ``regex`` patterns (:data:`_ALLOWED`): a pickle that names any other callable
  (``os.system``, ``builtins.eval``…) is refused, so an entry cannot run code.

A cache that cannot be read or written is ignored: the pack is compiled. Why not JSON: a pack
is a graph of compiled token patterns and regex objects; rebuilding them from plain data costs
most of what compiling costs (0.3–1.1 s a language), loading the pickle 20–70 ms.
"""
from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import io
import logging
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from . import user_cache

if TYPE_CHECKING:
    from .packs import LanguagePack

log = logging.getLogger(__name__)

# 3: TokenPattern.not_after / not_before (issue 10)
# 4: CompiledPattern.only_for, PatternEntry.only_for (an antipattern's ``for:``)
# 5: token_patterns.Anchor, the ^ and $ of a token pattern
FORMAT = 5  # bump when the pickled layout changes in a way the source hash would not show
KEEP_PER_LANGUAGE = 8
_PACKAGE = Path(__file__).resolve().parent
# The modules whose code decides what a compiled pack holds.
_SOURCES = ("packs.py", "user_cache.py", "pattern_files.py", "token_patterns.py", "index_keys.py", "regex_budget.py",
            "yaml_limits.py", "pack_cache.py", "languages/base.py", "languages/tokens.py",
            "languages/affix_tokenizer.py", "languages/ru.py", "languages/bg.py", "languages/en.py",
            "languages/zh.py", "phrase_filter.py", "regex_prefilter.py", "requirement_filter.py")
_source_digest: str | None = None
# The installed distributions whose data goes into a language's compiled pack: a new
# dictionary release changes the word forms a pattern matches, so the key must change too.
LEXICON_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "ru": ("pymorphy3", "pymorphy3-dicts-ru"),
    "bg": ("simplemma",),
    "en": ("simplemma",),
    "zh": ("jieba",),
}


def lexicon_versions(lang: str) -> tuple[tuple[str, str], ...]:
    """(distribution, installed version) of each library ``lang``'s pack is expanded with
    (every known one for a language not listed); ``-`` for one that is not installed."""
    names = LEXICON_DISTRIBUTIONS.get(lang) or tuple(sorted({d for ds in LEXICON_DISTRIBUTIONS.values() for d in ds}))
    out = []
    for name in names:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        out.append((name, version))
    return tuple(out)


def _hyperscan_version() -> str:
    """The installed Hyperscan's version (``-`` without it): a pack holds its serialised database."""
    try:
        return importlib.metadata.version("hyperscan")
    except importlib.metadata.PackageNotFoundError:
        return "-"


def cache_dir() -> Path | None:
    """Where packs are cached (None: caching is off, or the folder is not private to this user)."""
    return user_cache.subfolder()


# What a pack's pickle may name: the classes a pack is made of, paths, compiled regex patterns.
_ALLOWED_MODULES = ("replylint.packs", "replylint.pattern_files", "replylint.token_patterns", "replylint.phrase_filter",
                    "replylint.regex_prefilter", "replylint.requirement_filter")
_ALLOWED = {("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "PurePosixPath"),
            ("pathlib", "PureWindowsPath"), ("regex._regex", "compile")}


class _PackUnpickler(pickle.Unpickler):
    """Builds only what a pack is made of; any other global in the stream is an error."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module in _ALLOWED_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):  # a class of ours, never a function of those modules
                return found
        raise pickle.UnpicklingError(f"a pack cache entry may not name {module}.{name}")


def decode(data: bytes) -> Any:
    """The object in a cache entry's bytes; raises on a wrong digest or a forbidden global."""
    return _PackUnpickler(io.BytesIO(user_cache.framed_payload(data))).load()


def _sources() -> str:
    global _source_digest
    if _source_digest is None:
        h = hashlib.sha256()
        for name in _SOURCES:
            path = _PACKAGE / name
            h.update(name.encode())
            h.update(path.read_bytes() if path.is_file() else b"-")
        for data in sorted((_PACKAGE / "languages" / "data").glob("*.json")):
            h.update(data.name.encode())
            h.update(data.read_bytes())
        _source_digest = h.hexdigest()
    return _source_digest


def pack_key(lang: str, folders: tuple[Path, ...], extra_lists: Any, known_rules: Any) -> str:
    """A digest of everything the pack of ``lang`` is compiled from."""
    h = hashlib.sha256()
    h.update(repr((FORMAT, lang, sys.version_info[:3], regex.__version__, lexicon_versions(lang), _sources(),
                   _hyperscan_version(), extra_lists, known_rules)).encode())
    for folder in folders:
        h.update(b"\0folder\0" + str(folder.resolve()).encode())
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*.yaml") if p.is_file()):  # what the reader reads
            h.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()[:32]


def load(lang: str, key: str) -> LanguagePack | None:
    """The cached pack for ``key``, or None (absent, unreadable or from another layout)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"pack-{lang}-{key}.pickle"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()  # a pack is hundreds of thousands of small objects: collecting mid-load triples the time
    try:
        pack = decode(data)
        if type(pack).__name__ != "LanguagePack":
            raise TypeError(f"not a pack: {type(pack).__name__}")
    except Exception as exc:  # noqa: BLE001 - a damaged cache entry is recompiled, never fatal
        log.debug("ignoring the cached pack %s: %s", path, exc)
        return None
    finally:
        if enabled:
            gc.enable()
    try:
        os.utime(path)  # most recently used: kept by pruning
    except OSError:
        pass
    return pack


def store(lang: str, key: str, pack: LanguagePack) -> None:
    """Write ``pack`` under ``key`` (atomically), pruning old entries of the language."""
    folder = cache_dir()
    if folder is None:
        return
    language = pack.language
    try:
        pack.language = None  # type: ignore[assignment]  # the process-wide instance is re-attached on load
        data = pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - a pack that does not pickle is simply not cached
        log.debug("not caching the %s pack: %s", lang, exc)
        return
    finally:
        pack.language = language
    try:
        folder.mkdir(parents=True, exist_ok=True)
        user_cache.write_framed(folder / f"pack-{lang}-{key}.pickle", data)
        user_cache.prune(folder, f"pack-{lang}-*.pickle", KEEP_PER_LANGUAGE)
    except OSError as exc:
        log.debug("cannot write the pack cache in %s: %s", folder, exc)


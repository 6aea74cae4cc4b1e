"""One pass over a paragraph that tells which of a language's regex rules can match it.

Chinese has ≈80 regex rules, and one ``regex`` search each (with its time limit) was ~70 %
of a Chinese reply's time. Here all rules of a language go into one Hyperscan database in
prefilter mode: Hyperscan scans the text once and reports every rule that *may* match; only
those get their exact ``regex`` search (regex_budget.findall), so findings are exactly those
of running every rule. Hyperscan never under-reports a rule it compiled in prefilter mode,
but it reads PCRE, not the ``regex`` module's dialect, so a rule goes into the database only
when :func:`hyperscan_source` can show that both read it the same way (``\\m`` is ``regex``'s
start of word, a literal ``m`` to Hyperscan; ``{,3}`` a quantifier in one and text in the
other); every other rule is searched on every text, as before. A text whose full case folding
differs from its lowercase (``ß``, ligatures) is searched with every rule, since ``regex``
folds fully and Hyperscan simply. Without Hyperscan (it has wheels for Linux and macOS on
x86-64 only) every rule is searched, which gives the same findings, slower.

The database takes ≈0.7–1.8 s to compile per language, so it travels with the pack through
the pack cache (serialised with ``hyperscan.dumpb``) and is also kept by its own key (the rules'
sources, flags, Hyperscan version: hyperscan_cache.py), so a pack compiled again after a token
pattern or word list changed loads it instead of compiling it; a database that cannot be
loaded is compiled again. Scratch space is per thread.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import regex

from . import hyperscan_cache

try:
    import hyperscan
except ImportError:  # pragma: no cover - exercised by tests that hide the module
    hyperscan = None  # type: ignore[assignment]

BUILD_AFTER = 32  # texts searched the plain way before the database is compiled (see RegexPrefilter)
# The same when no cache folder can keep the database for the next run: then every run pays the
# compile (zh's 108 rules take ~20 s of CPU, ru/bg/en 0.4-1 s), which saves ~0.1-1.3 ms a text, so
# it pays for itself only in a long run. benchmarks/RESULTS.md, "Issue 13 (2026-12-04)".
BUILD_AFTER_UNCACHED = 20_000
_ESCAPES_KEPT = frozenset("dDwWsSbBntrfv")
_GROUP_STARTS = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?i:", "(?-i:")
_NAMED_GROUP = regex.compile(r"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>")
_SINGLE = regex.compile(r"\{[01](?:,[01])?\}")  # {0,1}, {1}: not a repeat
_QUANTIFIER = regex.compile(r"\{\d+(?:,\d*)?\}")
_PROPERTY = regex.compile(r"\{\^?[A-Za-z_]+\}")
# Characters on which the two engines' \w, \s or case folding may disagree (marks, other
# numbers, format characters, odd spaces, dotted/dotless i, Kelvin and Ångström signs). A text
# with any of them is searched with every rule: rare in replies, and exactness comes first.
_UNSURE = regex.compile(r"[\p{M}\p{No}\p{Nl}\p{Cf}\p{Other_Alphabetic}[\p{Pc}--_]"
                        r"\x1c-\x1f\x85\u0130\u0131\u180e\u212a\u212b]", regex.V1)


def hyperscan_source(pattern: str) -> str | None:
    """The pattern in a form Hyperscan reads as ``regex`` does (V1, ignoring case), or None
    when it uses anything outside a small, checked subset. Conservative by design: a rule
    left out is still searched, only without the speed-up."""
    if any(ch.casefold() != ch.lower() for ch in pattern):
        return None
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    repeats = [False]  # per open group: whether it holds a repeat (*, +, {m,n} with n > 1)
    closed_repeating = False  # the group that just closed held a repeat
    while i < n:
        ch = pattern[i]
        if not in_class:
            if ch in "*+{" and not (ch == "{" and _SINGLE.match(pattern, i)):
                if closed_repeating and not _possessive(pattern, i):
                    # a repeated group that itself repeats, such as (a+)+: the shape of catastrophic
                    # backtracking. Left to regex on every text, so its CPU budget still reports it.
                    # A possessive repeat, (a+)++, never gives back what it took, so it cannot.
                    return None
                repeats[-1] = True
            if ch == ")":
                inner = repeats.pop() if len(repeats) > 1 else False
                repeats[-1] = repeats[-1] or inner
                closed_repeating = inner
            elif ch != "?":
                closed_repeating = False
            if ch == "(" and not pattern.startswith("(?", i):
                repeats.append(False)
        if ch == "\\":
            if i + 1 >= n:
                return None
            nxt = pattern[i + 1]
            if nxt in "mM" and not in_class:
                out.append(r"\b")  # start/end of a word: within every word boundary (a superset)
                i += 2
                continue
            if nxt in "pP":
                prop = _PROPERTY.match(pattern, i + 2)
                if prop is None:
                    return None
                out.append(pattern[i:prop.end()])
                i = prop.end()
                continue
            if nxt in _ESCAPES_KEPT or not (nxt.isalnum() or nxt == "_") and nxt.isascii() and nxt.isprintable():
                out.append(pattern[i:i + 2])
                i += 2
                continue
            return None  # backreferences, \X, \L<list>, \N{…}, \u…: not checked here
        if in_class:
            if ch == "[" or pattern.startswith(("--", "&&", "||", "~~"), i):
                return None  # the regex module's nested classes and set operations
            if ch == "]":
                in_class = False
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            start = i + 2 if pattern.startswith("[^", i) else i + 1
            if start >= n or pattern[start] == "]":
                return None  # a leading ']' is read differently by the two
            out.append(pattern[i:start])
            in_class = True
            i = start
            continue
        if ch == "(" and pattern.startswith("(?", i):
            named = _NAMED_GROUP.match(pattern, i)
            if named is not None:
                out.append("(?:")  # names do not matter to the prefilter
                repeats.append(False)
                i = named.end()
                continue
            kept = next((g for g in _GROUP_STARTS if pattern.startswith(g, i)), None)
            if kept is None:
                return None  # inline flags, branch reset, recursion, conditionals, …
            out.append(kept)
            repeats.append(False)
            i += len(kept)
            continue
        if ch == "{":
            quantifier = _QUANTIFIER.match(pattern, i)
            if quantifier is None:
                return None  # '{,n}', fuzzy matching '{e<=1}', or a literal brace
            # "at least m", not "m to n": a superset (allowed in prefilter mode) that Hyperscan
            # compiles several times faster than bounded repeats of Unicode classes
            out.append(quantifier.group().split(",")[0].rstrip("}") + ",}")
            i = quantifier.end()
            if pattern.startswith("+", i):
                i += 1  # possessive: the greedy repeat is a superset (below)
            continue
        if ch in "*+?" and pattern.startswith("+", i + 1):
            # a possessive quantifier (a++, a*+, a?+), which Hyperscan does not read: the greedy
            # one matches everything it matches (it only has more ways to backtrack), a superset
            out.append(ch)
            i += 2
            continue
        out.append(ch)
        i += 1
    return None if in_class else "".join(out)


def _possessive(pattern: str, i: int) -> bool:
    """Whether the quantifier at ``i`` (``*``, ``+`` or ``{m,n}``) is possessive (followed by ``+``)."""
    if pattern[i] == "{":
        quantifier = _QUANTIFIER.match(pattern, i)
        return quantifier is not None and pattern.startswith("+", quantifier.end())
    return pattern.startswith("+", i + 1)


class RegexPrefilter:
    """Which of a language's regex rules to search in a text (indices into its rule list).

    The Hyperscan database is built at once when ``eager`` (the pack is about to be cached
    on disk, so later processes load it ready), else on the :data:`BUILD_AFTER`-th text: a
    short-lived process (one reply, a test) never pays the second it takes to compile, a
    long run pays it once — or, when no cache folder keeps it for the next run, on the
    :data:`BUILD_AFTER_UNCACHED`-th, since then every run pays it again. Until it is built every
    rule is searched (the same findings)."""

    def __init__(self, patterns: Sequence[regex.Pattern], *, eager: bool = False):
        self.size = len(patterns)
        self._sources = [p.pattern for p in patterns]
        self._scanned: list[int] = []
        self._database: bytes | None = None
        self._always = self._every = list(range(self.size))
        self._loaded: Any = None
        self._built = hyperscan is None or not patterns
        self._texts = 0
        self._background: threading.Thread | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        if eager:
            self.build()

    def build(self) -> None:
        """Make the Hyperscan database ready now (a no-op when built or without Hyperscan): from
        the database cache (hyperscan_cache.py: this process's memory, or the user cache folder)
        when the same rules were compiled before with this Hyperscan, else compiled and cached."""
        with self._lock:
            if self._built:
                return
            sources = [hyperscan_source(p) for p in self._sources]
            key = hyperscan_cache.database_key(sources, _FLAGS, _VERSION)
            if not self._load_cached(key):
                self._compile(key, sources)
            self._built = True

    def build_in_background(self) -> threading.Thread | None:
        """Build the database in a daemon thread (None when there is nothing to build).

        For a long-lived process, the language server: Hyperscan releases the interpreter lock
        while it compiles, so checks go on meanwhile (searching every rule), instead of one
        check stalling on the compile (zh's takes ~20 s) at the text that reaches the threshold."""
        with self._lock:
            if self._built or self._background is not None:
                return self._background
            self._background = threading.Thread(target=self.build, name="replylint-hyperscan", daemon=True)
        self._background.start()
        return self._background

    def _load_cached(self, key: str) -> bool:
        cached = hyperscan_cache.load(key)
        if cached is None:
            return False
        scanned, data = cached
        try:
            database = hyperscan.loadb(data, hyperscan.HS_MODE_BLOCK)
        except hyperscan.error:
            database = None
        if database is None or any(not 0 <= k < self.size for k in scanned):
            hyperscan_cache.forget(key)  # unusable: compiled again (and rewritten)
            return False
        self._use(scanned, data, database)
        return True

    def _compile(self, key: str, sources: list[str | None]) -> None:
        scanned = [k for k, source in enumerate(sources) if source is not None]
        database = _database(scanned, sources)
        if database is None:  # some rule Hyperscan rejects: find which, one by one
            scanned = [k for k in scanned if _database([k], sources) is not None]
            database = _database(scanned, sources)
        if database is not None:
            data = hyperscan.dumpb(database)
            self._use(scanned, data, database)
            hyperscan_cache.store(key, scanned, data)

    def _use(self, scanned: list[int], data: bytes, database: Any) -> None:
        self._scanned = scanned
        kept = set(scanned)
        self._always = [k for k in range(self.size) if k not in kept]
        self._loaded = database  # before _database: a reader that sees one sees the other
        self._database = data

    @property
    def scanned(self) -> int:
        """How many rules the one pass decides about (the rest are searched on every text)."""
        return len(self._scanned)

    def candidates(self, text: str) -> list[int]:
        """Indices of the rules that may match ``text``, in rule order."""
        if not self._built and self._background is None:
            self._texts += 1
            if (self._texts == BUILD_AFTER and hyperscan_cache.persistent()) \
                    or self._texts >= BUILD_AFTER_UNCACHED:  # (the cache folder is looked at once)
                self.build()
        if self._database is None or _UNSURE.search(text) is not None or text.casefold() != text.lower():
            return self._every
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: Hyperscan needs valid UTF-8
            return self._every
        scanner = self._scanner()
        if scanner is None:
            return self._every
        database, scratch = scanner
        found: set[int] = set()
        database.scan(data, match_event_handler=_collect, context=found, scratch=scratch)
        if not found:
            return self._always
        return sorted(found.union(self._always))

    def _scanner(self) -> tuple[Any, Any] | None:
        """The database (deserialised once) and this thread's scratch space; None when a
        cached pack's database cannot be used here (Hyperscan missing or another version)."""
        database = self._loaded
        if database is None:
            if hyperscan is None:
                return None
            try:
                database = self._loaded = hyperscan.loadb(self._database or b"", hyperscan.HS_MODE_BLOCK)
            except hyperscan.error:
                # a cached pack's database this Hyperscan cannot load: compiled again (or taken
                # from the database cache), never left unused
                self._rebuild()
                if self._loaded is None:
                    return None
                database = self._loaded
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(database)
        return database, scratch

    def _rebuild(self) -> None:
        with self._lock:
            self._database, self._loaded, self._scanned = None, None, []
            self._always = self._every
            self._built = hyperscan is None or not self.size
        self.build()

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_loaded"] = state["_background"] = None
        del state["_local"], state["_lock"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._local = threading.local()
        self._lock = threading.Lock()


if hyperscan is not None:
    _VERSION = str(getattr(hyperscan, "__version__", "unknown"))  # a database loads only in the same version
    _FLAGS = (hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP
              | hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_ALLOWEMPTY)


def _database(ids: list[int], sources: Sequence[str | None]) -> Any:
    """A Hyperscan database of the rules ``ids``, or None if there are none or Hyperscan
    rejects one of them (its unsupported constructs are then left to ``regex``)."""
    if not ids:
        return None
    database = hyperscan.Database()
    try:
        database.compile(expressions=[str(sources[k]).encode() for k in ids], ids=ids, elements=len(ids),
                         flags=[_FLAGS] * len(ids))
    except hyperscan.error:
        return None
    return database


def _collect(pattern_id: int, start: int, end: int, flags: int, found: set[int]) -> None:
    found.add(pattern_id)

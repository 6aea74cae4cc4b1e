"""Checking files for the command line: read each file into replies, lint them, place
the findings in the file — in this process, or in worker processes for many files.

Each worker builds its linters once (one per configuration file) and checks whole
files; results come back in the order the files were given, so the report is the same
whatever ``--jobs`` is.
"""
from __future__ import annotations

import gc
import hashlib
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import cpu_share, hyperscan_cache
from .config import Config, ConfigError, find_config_file, load_config
from .config_layers import KEEP, ConfigOverrides, layer
from .diagnostic import Diagnostic
from .document import Document
from .engine import Linter
from .fixes import plan_fixes
from .gitignore import GitIgnore
from .paths import matching_glob
from .pattern_files import PatternFileError
from .readers import ReaderError, ReadSettings, Reply, parts_for, reader_for, supported_suffixes, whole_text_reply
from .regex_budget import SlowPatternError
from .regex_prefilter import BUILD_AFTER_UNCACHED
from .reporters import FileError, Finding
from .ruleset import RuleSet
from .suppression_report import directive_notices

# Linting a reply takes about a millisecond; loading a language takes a few tenths of a second.
# Worker processes pay off only with many replies per worker, and start from a parent that
# has loaded the languages a sample of the run needs (forked workers share them).
MIN_REPLIES_PER_WORKER = 25


@dataclass(frozen=True)
class CheckOptions:
    lang: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    config_file: Path | None = None
    column: str | None = None
    stdin_filename: str = "-"
    debug: bool = False
    exclude: tuple[str, ...] = ()
    force_exclude: bool | None = None  # None: as the configuration says
    respect_gitignore: bool | None = None  # None: as the configuration says
    report_unused_suppressions: bool = False
    keep_source: bool = False  # results carry the file's text (--output-format full, --fix, --diff)
    fix: bool = False  # results carry the text with suggestions applied (--fix, --diff)
    unsafe_fixes: bool = False  # ... including the suggestions marked unsafe (--unsafe-fixes)


class LinterPool:
    """One linter per configuration file, so a folder tree with several configs works."""

    def __init__(self, options: CheckOptions):
        self.options = options
        self._by_config: dict[Path | None, Linter] = {}
        self._config_by_dir: dict[Path, Path | None] = {}
        self._gitignore = GitIgnore()

    def _linter(self, config: Config) -> Linter:
        """A linter for ``config`` with the command line's rule choices on top; a rule named
        on the command line that this configuration's rule set lacks is a ConfigError."""
        o = self.options
        rules = RuleSet(config).validate()
        for names, flag in ((o.select, "--select"), (o.ignore, "--ignore")):
            unknown = rules.unknown(names or ())
            if unknown:
                where = f" (rules of {config.source})" if config.source else ""
                raise ConfigError(f"replylint: error: unknown rule {unknown[0]!r} in {flag}{where} "
                                  "(see `replylint rules`)")
        return self._with_cli_overrides(config)

    def _with_cli_overrides(self, config: Config) -> Linter:
        """A linter for ``config`` with ``--select`` (replaces) and ``--ignore`` (extends) on top."""
        o = self.options
        return Linter(layer(config, ConfigOverrides(select=KEEP if o.select is None else tuple(o.select),
                                                    ignore=None if o.ignore is None else tuple(o.ignore))))

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Left out by ``--exclude``, by the ``exclude`` globs of the file's configuration, or
        by ``.gitignore`` (unless ``respect-gitignore = false``). Also asked for folders, so a
        left-out folder is not walked at all."""
        if matching_glob(path, self.options.exclude, Path.cwd(), folders=True) is not None:
            return True
        try:
            config = self.for_path(path).config
        except (ConfigError, PatternFileError):
            return False  # the file's check reports the broken configuration
        if config.excludes(path):
            return True
        respect = self.options.respect_gitignore
        if config.respect_gitignore if respect is None else respect:
            return self._gitignore.ignored(path, is_dir)
        return False

    def force_exclude(self, path: Path) -> bool:
        """Whether a file named on the command line is left out (``--force-exclude`` or
        ``force-exclude = true``): pre-commit names every staged file, excluded or not."""
        forced = self.options.force_exclude
        try:
            forced = self.for_path(path).config.force_exclude if forced is None else forced
        except (ConfigError, PatternFileError):
            return False
        return bool(forced) and self.excluded(path)

    def config_files(self) -> list[Path]:
        """The configuration files loaded so far (inputs too: ``-o`` must not overwrite them)."""
        return [path for path in self._by_config if path is not None]

    def for_path(self, path: Path | None) -> Linter:
        if self.options.config_file is not None:
            config_path: Path | None = self.options.config_file
        else:
            folder = (path.parent if path is not None else Path.cwd()).resolve()
            if folder not in self._config_by_dir:
                self._config_by_dir[folder] = find_config_file(folder)
            config_path = self._config_by_dir[folder]
        if config_path not in self._by_config:
            config = load_config(config_path) if config_path is not None else Config()
            self._by_config[config_path] = self._linter(config)
        return self._by_config[config_path]


def iter_files(paths: list[str], errors: list[str],
               excluded: Callable[..., bool] = lambda path, is_dir=False: False,
               named_excluded: Callable[[Path], bool] = lambda path: False) -> Iterable[Path | str]:
    """Files to check: named files as given (minus what ``named_excluded`` leaves out:
    ``--force-exclude``), folders walked for known suffixes (minus what ``excluded`` leaves
    out: ``exclude`` globs, ``.gitignore``; left-out folders are not entered)."""
    suffixes = set(supported_suffixes())
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            def unreadable(exc: OSError) -> None:
                errors.append(f"{exc.filename}: error: cannot read folder: {exc.strerror or exc}")

            # os.walk does not follow symlinked folders: no loops
            for root, dirs, files in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__")
                                 and not excluded(Path(root) / d, True))
                for name in sorted(files):
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in suffixes and not excluded(candidate):
                        yield candidate
        elif path.exists() or path.is_symlink():
            if not named_excluded(path):
                yield path
        else:
            errors.append(f"{raw}: error: no such file or directory")


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with a byte-order mark."""
    return raw.decode(encoding_of(raw))


def encoding_of(raw: bytes) -> str:
    """The codec that reads ``raw`` (and writes a fixed file back the same way)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in raw[:8192]:
        raise UnicodeDecodeError("utf-8", raw, raw.index(b"\x00"), raw.index(b"\x00") + 1, "binary file")
    return "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"


@dataclass(frozen=True)
class Source:
    """A file's text as it was read, and what it takes to tell whether it changed since."""

    text: str
    encoding: str = "utf-8"
    fingerprint: tuple[int, int, str] | None = None  # size, mtime_ns, sha256 (None: standard input)


def fingerprint(path: Path) -> tuple[int, int, str]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def read_replies(path: Path | str, pool: LinterPool, stdin_name: str, column: str | None = None,
                 sources: list[Source] | None = None) -> Iterable[Reply]:
    """The replies of a file (or of standard input: ``-``); its :class:`Source` is appended to
    ``sources`` when given (for ``--output-format full``, ``--fix`` and ``--diff``)."""
    if path == "-":  # read as the format of --stdin-filename (plain text by default)
        stdin_reader = reader_for(Path(stdin_name))
        limit = pool.for_path(None).config.max_file_size
        text = sys.stdin.read(limit + 1)  # characters: at least as many bytes, so never under the limit
        if len(text) > limit:
            raise ReaderError(f"standard input is too large (more than {limit:,} characters; "
                              "setting max-file-size)")
        if sources is not None:
            sources.append(Source(text))
        if stdin_reader is None:
            return [whole_text_reply(stdin_name, text)]
        return stdin_reader(Path(stdin_name), text, ReadSettings.from_config(pool.for_path(None).config, column))
    assert isinstance(path, Path)
    linter = pool.for_path(path)
    reader = reader_for(path) or reader_for(Path("x.txt"))
    assert reader is not None
    text, source = read_text(path, linter.config)
    if sources is not None:
        sources.append(source)
    return reader(path, text, ReadSettings.from_config(linter.config, column))


def read_text(path: Path, config: Config) -> tuple[str, Source]:
    """A file's text, refused as :class:`ReaderError` when it is no regular file, too large
    (``max-file-size``) or not UTF-8/UTF-16 text."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        raise ReaderError("not a regular file")
    size = info.st_size
    if size > config.max_file_size:
        raise ReaderError(f"file is too large ({size:,} bytes; the limit is {config.max_file_size:,}, "
                          "setting max-file-size)")
    raw = path.read_bytes()
    try:
        encoding = encoding_of(raw)
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReaderError(f"not valid UTF-8 text (byte {exc.start})") from None
    return text, Source(text, encoding, (len(raw), info.st_mtime_ns, hashlib.sha256(raw).hexdigest()))


def per_file_ignores(config: Config, path: str) -> frozenset[str]:
    """The rules ``per-file-ignores`` turns off for this file (globs matched as for
    ``per-file-lang``; every matching glob adds its rules, as in ruff)."""
    base = config.source.parent if config.source is not None else None
    rules: set[str] = set()
    for glob, names in config.per_file_ignores.items():
        if matching_glob(path, (glob,), base, also_as_given=True, folders=True) is not None:
            rules.update(names)
    return frozenset(rules)


def per_file_lang(config: Config, path: str) -> str | None:
    """The language ``per-file-lang`` gives this file: globs match the path relative to the
    configuration file's folder, the path as given, or the file name."""
    base = config.source.parent if config.source is not None else None
    glob = matching_glob(path, config.per_file_lang, base, also_as_given=True)
    return None if glob is None else config.per_file_lang[glob]


UNUSED_SUPPRESSION = "unused-suppression"  # the rule id of --report-unused-suppressions findings


def check_reply(reply: Reply, linter: Linter, lang: str | None, report_unused: bool = False,
                ) -> tuple[list[Finding], str | None, list[FileError]]:
    """Lint one reply: findings placed in its source file, the reply's main language, and
    warnings about its directives (unknown rules)."""
    doc = Document.from_text(reply.text, extra_masks=reply.masks, file_rules=reply.file_rules)
    lang = lang or reply.lang or per_file_lang(linter.config, reply.path)
    locate_end = reply.locate_end or reply.locate
    analysis = linter.check(doc, lang=lang)
    ignored = per_file_ignores(linter.config, reply.path) if linter.config.per_file_ignores else frozenset()
    findings = []
    for d in analysis.diagnostics:
        if d.rule in ignored:
            continue
        line, col = reply.locate(d.start)
        end_line, end_col = locate_end(d.end)
        findings.append(Finding(reply.path, d, line, col, end_line, end_col, reply.name))
    warnings = []
    rules = linter.rules
    enabled = {r for r in rules if rules.enabled(r) and r not in ignored}
    for notice in directive_notices(analysis, rules, enabled, report_unused=report_unused,
                                    skip_file_scope=reply.file_rules != frozenset()):
        line, col = reply.locate(notice.offset)
        if notice.unused:  # a finding, so it fails the run and shows in every format (ESLint's way)
            diagnostic = Diagnostic(UNUSED_SUPPRESSION, "error", notice.message, notice.offset, notice.end,
                                    analysis.lang_at(notice.offset))
            end_line, end_col = locate_end(notice.end)
            findings.append(Finding(reply.path, diagnostic, line, col, end_line, end_col, reply.name))
        else:
            warnings.append(FileError(reply.path, notice.message, line, col, level="warning"))
    return findings, analysis.main_language(), warnings


@dataclass
class FileResult:
    """What checking one file gave: findings, its replies (name, language), or an error."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    replies: list[tuple[str, str | None]] = field(default_factory=list)
    error: FileError | None = None
    warnings: list[FileError] = field(default_factory=list)  # what the reader worked around
    source: Source | None = None  # kept for --output-format full, --fix and --diff
    fixed: str | None = None  # the text with the suggestions applied (--fix, --diff), if any applied
    fixes: int = 0  # how many findings that text fixes
    partial: bool = False  # one part of a big file, more parts follow (``check_files(pieces=True)``)


def check_file(path: Path | str, pool: LinterPool) -> FileResult:
    o = pool.options
    display = o.stdin_filename if path == "-" else str(path)
    result = FileResult(display)
    with _file_errors(result, o.debug):
        sources: list[Source] = []
        replies = read_replies(path, pool, o.stdin_filename, o.column, sources)
        result.warnings = [FileError(display, w.message, w.line, w.column, level="warning")
                           for w in getattr(replies, "warnings", ())]
        linter = pool.for_path(None if path == "-" else Path(path))
        _lint_replies(result, replies, linter, o)
        if o.keep_source:
            result.source = sources[0]
        if o.fix and path != "-" and not getattr(replies, "warnings", None):  # never fix a mended file
            plan = plan_fixes(Path(display), sources[0].text, result.findings, linter.config,
                              unsafe=o.unsafe_fixes)
            if plan.edits:
                result.fixed, result.fixes = plan.text, len(plan.edits)
    return result


def _lint_replies(result: FileResult, replies: Iterable[Reply], linter: Linter, o: CheckOptions) -> None:
    """Lint each reply as the reader yields it (none is kept): its findings, notices and
    (name, language) go into ``result``."""
    for reply in replies:
        findings, lang, notices = check_reply(reply, linter, o.lang, o.report_unused_suppressions)
        result.findings.extend(findings)
        result.warnings.extend(notices)
        result.replies.append((reply.name, lang))


@contextmanager
def _file_errors(result: FileResult, debug: bool) -> Iterator[None]:
    """What goes wrong checking a file becomes ``result.error``: one bad file never stops the run."""
    display = result.path
    try:
        yield
    except (ConfigError, PatternFileError) as exc:
        result.error = FileError(display, str(exc), text=str(exc))
    except ReaderError as exc:  # one line whatever the parser put in its message
        result.error = FileError(display, " ".join(str(exc).split("\n")), exc.line, exc.column)
    except OSError as exc:
        result.error = FileError(display, str(exc.strerror or exc))
    except SlowPatternError as exc:
        result.error = FileError(display, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the run
        if debug:
            raise
        result.error = FileError(display, f"internal error ({type(exc).__name__}: {exc}); "
                                          "rerun with --debug for a traceback")


# ------------------------------------------------------------------ big files in parts
# A CSV/TSV export of many rows is cut into parts of PART_ROWS rows, each checked by a worker
# like a file of its own; the parent plans the parts (checking the whole file first, so a bad
# row is reported as a serial run reports it) and merges the parts' results in file order.
PART_ROWS = 500


@dataclass(frozen=True)
class Unit:
    """One piece of work: a whole file, or one part of a big file (``part``, from its reader's planner)."""

    path: Path | str
    part: Any = None
    last: bool = True  # the file's last unit: its result is complete
    weight: int = 1  # replies, roughly (a file of templates counts as one)


def plan_units(files: list[Path | str], pool: LinterPool) -> list[Unit]:
    """The work of a run for worker processes: each file whole, except big CSV/TSV exports
    in parts. A file that cannot be planned (unreadable, a bad row) stays whole: its check
    reports the problem exactly as a serial run would."""
    o = pool.options
    units: list[Unit] = []
    for path in files:
        splitter = parts_for(path) if isinstance(path, Path) and not (o.keep_source or o.fix) else None
        parts: list[Any] = []
        if splitter is not None:
            assert isinstance(path, Path)
            try:
                config = pool.for_path(path).config
                if path.stat().st_size >= SPLIT_MIN_BYTES:
                    text, _ = read_text(path, config)
                    parts = splitter[0](path, text, ReadSettings.from_config(config, o.column), PART_ROWS)
                    del text
            except Exception:  # noqa: BLE001 - checked whole, the file reports its own problem
                parts = []
        if len(parts) < 2:
            units.append(Unit(path))
            continue
        units.extend(Unit(path, part, last=i == len(parts) - 1, weight=PART_ROWS) for i, part in enumerate(parts))
    return units


SPLIT_MIN_BYTES = 64 * 1024  # below this a CSV is a few hundred rows at most: checked whole


_text_cache: dict[tuple[str, int, int], str] = {}  # a worker's last file: it reads one file's parts in a row


def _part_text(path: Path, config: Config) -> str:
    """The text of a big file whose parts are being read (kept while its parts are read in a row)."""
    info = path.stat()
    key = (str(path), info.st_size, info.st_mtime_ns)
    if key not in _text_cache:
        _text_cache.clear()
        _text_cache[key] = read_text(path, config)[0]
    return _text_cache[key]


def check_part(path: Path, part: Any, pool: LinterPool) -> FileResult:
    """Check one part of a big file (see :func:`plan_units`): its findings placed in the whole file."""
    o = pool.options
    result = FileResult(str(path))
    with _file_errors(result, o.debug):
        linter = pool.for_path(path)
        splitter = parts_for(path)
        assert splitter is not None
        replies = splitter[1](path, _part_text(path, linter.config), ReadSettings.from_config(linter.config, o.column),
                              part)
        _lint_replies(result, replies, linter, o)
    return result


def check_unit(unit: Unit, pool: LinterPool) -> FileResult:
    if unit.part is None:
        return check_file(unit.path, pool)
    assert isinstance(unit.path, Path)
    return check_part(unit.path, unit.part, pool)


def merge_parts(results: Iterable[tuple[Unit, FileResult]]) -> Iterator[FileResult]:
    """One result per file from the results of its units, in order: findings, replies and
    notices concatenated (parts are in file order); the first error stands for the file."""
    pending: FileResult | None = None
    for unit, result in results:
        if pending is None:
            pending = result
        elif pending.error is None:
            if result.error is not None:
                pending = FileResult(pending.path, error=result.error)
            else:
                pending.findings.extend(result.findings)
                pending.replies.extend(result.replies)
                pending.warnings.extend(result.warnings)
        if unit.last:
            yield pending
            pending = None


# ------------------------------------------------------------------ processes
_worker_pool: LinterPool | None = None


def _init_worker(options: CheckOptions) -> None:
    global _worker_pool
    _worker_pool = LinterPool(options)


def _check_in_worker(unit: Unit) -> FileResult:
    assert _worker_pool is not None
    return check_unit(unit, _worker_pool)


def default_jobs() -> int:
    """One worker per CPU this process may use; :func:`check_files` starts fewer when the
    work is small or other programs keep CPUs busy (``cpu_share``)."""
    return cpu_share.usable_cpus()


SAMPLED_UNITS = 32  # units whose first reply the parent reads to tell which languages to load


def _preload(units: list[Unit], pool: LinterPool) -> list[str]:
    """Load the languages of a sample of the run's units (the first reply of up to
    :data:`SAMPLED_UNITS` units spread over the run; languages detected, nothing linted),
    so that forked workers share one load instead of each paying it (a second worker's own
    load of four languages was ~1.2 s CPU). A language the sample misses loads in the worker
    that meets it. Returns the languages loaded (sorted)."""
    o = pool.options
    step = max(1, len(units) // SAMPLED_UNITS)
    loaded: set[str] = set()
    for unit in units[::step][:SAMPLED_UNITS]:
        try:
            linter = pool.for_path(unit.path if isinstance(unit.path, Path) else None)
            for reply in _unit_replies(unit, pool):
                langs = _reply_languages(reply, linter, o.lang)
                linter.preload(langs - loaded)
                loaded |= langs
                break  # the first reply of the unit is its sample
        except Exception:  # noqa: BLE001 - the unit's own check reports what is wrong with it
            continue
    return sorted(loaded)


def _build_prefilters(units: list[Unit], pool: LinterPool, langs: list[str]) -> None:
    """Build the Hyperscan databases of the loaded languages before forking (a process builds
    its own on its 32nd paragraph of a language: once here instead of once per worker). Not
    when no cache folder keeps the databases and the run is short: compiling then costs more
    than it saves (zh: ~20 s; regex_prefilter.BUILD_AFTER_UNCACHED)."""
    if not hyperscan_cache.persistent() and len(units) < BUILD_AFTER_UNCACHED:
        return
    linters = {id(linter): linter for linter in (_linter_of(unit, pool) for unit in units[:SAMPLED_UNITS])
               if linter is not None}
    for linter in linters.values():
        for lang in langs:
            linter.pack(lang).regex_prefilter.build()


def _linter_of(unit: Unit, pool: LinterPool) -> Linter | None:
    try:
        return pool.for_path(unit.path if isinstance(unit.path, Path) else None)
    except Exception:  # noqa: BLE001 - the unit's own check reports a broken configuration
        return None


def _unit_replies(unit: Unit, pool: LinterPool) -> Iterable[Reply]:
    """The replies of a unit as its check reads them (for sampling its languages)."""
    o = pool.options
    assert isinstance(unit.path, Path)
    if unit.part is None:
        return read_replies(unit.path, pool, o.stdin_filename, o.column)
    linter = pool.for_path(unit.path)
    splitter = parts_for(unit.path)
    assert splitter is not None
    settings = ReadSettings.from_config(linter.config, o.column)
    return splitter[1](unit.path, _part_text(unit.path, linter.config), settings, unit.part)


def _reply_languages(reply: Reply, linter: Linter, lang: str | None) -> set[str]:
    """The languages :func:`check_reply` would lint ``reply`` in (detected, not linted)."""
    lang = lang or reply.lang or per_file_lang(linter.config, reply.path)
    if lang:
        return {lang}
    doc = Document.from_text(reply.text, extra_masks=reply.masks, file_rules=reply.file_rules)
    return {block_lang for _, _, block_lang in linter.detect_languages(doc.masked, None)}


def check_files(files: list[Path | str], pool: LinterPool, jobs: int,
                progress: Callable[[], None] = lambda: None, pieces: bool = False) -> Iterable[FileResult]:
    """Results in the order of ``files``, one per file; worker processes when there is
    enough work (files, or the rows of big CSV/TSV exports, which are split into parts) and
    the CPUs for them.

    ``pieces``: a big file's parts come as they are done (``partial`` on all but its last),
    findings sorted within each, so a report can be written as the run goes and nothing
    grows with the findings of a file (also with one process); after a part that fails, the
    file's later parts are left out and the failed part's result stands for the rest."""
    if "-" in files or (jobs < 2 and not pieces):
        yield from _serial(files, pool, progress)
        return
    free = cpu_share.FreeCPUs() if jobs >= 2 else None  # sampled while the run is planned
    units = plan_units(files, pool)
    workers = min(jobs, sum(u.weight for u in units) // MIN_REPLIES_PER_WORKER)
    fork = sys.platform == "linux"
    loaded: list[str] = []
    if workers >= 2 and free is not None:
        if fork:  # loaded now, they serve this process too if it stays alone
            loaded = _preload(units, pool)
        workers = cpu_share.workers_for(free.measure(), workers)  # the window spans planning and loading
    if workers < 2:
        yield from _serial_units(units, pool, progress, pieces)
        return
    import multiprocessing

    # fork: workers start at once with the languages the parent loaded; elsewhere the default.
    context = multiprocessing.get_context("fork") if fork else None
    if context is not None:
        _build_prefilters(units, pool, loaded)
        # The loaded packs are hundreds of thousands of objects: frozen, the workers' garbage
        # collector does not walk them (and so does not copy the parent's pages into each worker).
        gc.freeze()
    _text_cache.clear()  # the parent's copy of a big file is not the workers' business
    split = any(u.part is not None for u in units)
    chunk = 1 if split else max(1, min(16, len(units) // (workers * 4)))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(pool.options,)) as executor:
        done = zip(units, executor.map(_check_in_worker, units, chunksize=chunk), strict=True)
        for result in (as_pieces(done) if pieces else merge_parts(done)):
            yield result
            if not result.partial:
                progress()


def as_pieces(results: Iterable[tuple[Unit, FileResult]]) -> Iterator[FileResult]:
    """Each unit's result as it comes, its findings in report order (line, column, rule);
    ``partial`` on the parts of a file but its last. A failed part ends its file: the later
    parts are dropped."""
    failed = False
    for unit, result in results:
        if failed:
            failed = not unit.last
            continue
        result.findings.sort(key=lambda f: (f.line, f.column, f.diagnostic.rule))
        result.partial = not unit.last and result.error is None
        failed = result.error is not None and not unit.last
        yield result


def _serial_units(units: list[Unit], pool: LinterPool, progress: Callable[[], None],
                  pieces: bool = False) -> Iterator[FileResult]:
    """The planned units in this process (the report of :func:`_serial`, without planning again)."""
    try:
        done = ((unit, check_unit(unit, pool)) for unit in units)
        for result in (as_pieces(done) if pieces else merge_parts(done)):
            yield result
            if not result.partial:
                progress()
    finally:
        _text_cache.clear()


def _serial(files: list[Path | str], pool: LinterPool, progress: Callable[[], None]) -> Iterator[FileResult]:
    for path in files:
        yield check_file(path, pool)
        progress()

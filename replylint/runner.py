"""Checking files for the command line: read each file into replies, lint them, place
the findings in the file — in this process, or in worker processes for many files.

Each worker builds its linters once (one per configuration file) and checks whole
files; results come back in the order the files were given, so the report is the same
whatever ``--jobs`` is.
"""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, ConfigError, find_config_file, load_config
from .config_layers import KEEP, ConfigOverrides, layer
from .document import Document
from .engine import Linter
from .paths import matching_glob
from .pattern_files import PatternFileError
from .readers import ReaderError, ReadSettings, Reply, reader_for, supported_suffixes, whole_text_reply
from .regex_budget import SlowPatternError
from .reporters import FileError, Finding
from .ruleset import RuleSet

# Linting a reply takes about a millisecond; loading the four languages takes seconds.
# Worker processes pay off only with many files per worker, and start from a parent that
# has loaded the languages already (forked workers share them).
MIN_FILES_PER_WORKER = 25


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


class LinterPool:
    """One linter per configuration file, so a folder tree with several configs works."""

    def __init__(self, options: CheckOptions):
        self.options = options
        self._by_config: dict[Path | None, Linter] = {}
        self._config_by_dir: dict[Path, Path | None] = {}

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

    def excluded(self, path: Path) -> bool:
        """Left out by ``--exclude`` or by the ``exclude`` globs of the file's configuration."""
        if matching_glob(path, self.options.exclude) is not None:
            return True
        try:
            return self.for_path(path).config.excludes(path)
        except (ConfigError, PatternFileError):
            return False  # the file's check reports the broken configuration

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
               excluded: Callable[[Path], bool] = lambda path: False) -> Iterable[Path | str]:
    """Files to check: named files as given, folders walked for known suffixes
    (minus what ``excluded`` leaves out: configured ``exclude`` globs)."""
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
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
                for name in sorted(files):
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in suffixes and not excluded(candidate):
                        yield candidate
        elif path.exists() or path.is_symlink():
            yield path
        else:
            errors.append(f"{raw}: error: no such file or directory")


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with a byte-order mark."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:8192]:
        raise UnicodeDecodeError("utf-8", raw, raw.index(b"\x00"), raw.index(b"\x00") + 1, "binary file")
    return raw.decode("utf-8-sig")


def read_replies(path: Path | str, pool: LinterPool, stdin_name: str, column: str | None = None) -> Iterable[Reply]:
    """The replies of a file as its reader yields them (one at a time: see :data:`readers.Reader`)."""
    if path == "-":  # read as the format of --stdin-filename (plain text by default)
        stdin_reader = reader_for(Path(stdin_name))
        limit = pool.for_path(None).config.max_file_size
        text = sys.stdin.read(limit + 1)  # characters: at least as many bytes, so never under the limit
        if len(text) > limit:
            raise ReaderError(f"standard input is too large (more than {limit:,} characters; "
                              "setting max-file-size)")
        if stdin_reader is None:
            return [whole_text_reply(stdin_name, text)]
        return stdin_reader(Path(stdin_name), text, ReadSettings.from_config(pool.for_path(None).config, column))
    assert isinstance(path, Path)
    linter = pool.for_path(path)
    reader = reader_for(path) or reader_for(Path("x.txt"))
    assert reader is not None
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        raise ReaderError("not a regular file")
    size = info.st_size
    if size > linter.config.max_file_size:
        raise ReaderError(f"file is too large ({size:,} bytes; the limit is {linter.config.max_file_size:,}, "
                          "setting max-file-size)")
    raw = path.read_bytes()
    try:
        text = decode(raw)
    except UnicodeDecodeError as exc:
        raise ReaderError(f"not valid UTF-8 text (byte {exc.start})") from None
    return reader(path, text, ReadSettings.from_config(linter.config, column))


def per_file_lang(config: Config, path: str) -> str | None:
    """The language ``per-file-lang`` gives this file: globs match the path relative to the
    configuration file's folder, the path as given, or the file name."""
    base = config.source.parent if config.source is not None else None
    glob = matching_glob(path, config.per_file_lang, base, also_as_given=True)
    return None if glob is None else config.per_file_lang[glob]


def check_reply(reply: Reply, linter: Linter, lang: str | None) -> tuple[list[Finding], str | None]:
    """Lint one reply; findings placed in its source file, and the reply's main language."""
    doc = Document.from_text(reply.text, extra_masks=reply.masks)
    lang = lang or reply.lang or per_file_lang(linter.config, reply.path)
    locate_end = reply.locate_end or reply.locate
    analysis = linter.check(doc, lang=lang)
    findings = []
    for d in analysis.diagnostics:
        line, col = reply.locate(d.start)
        end_line, end_col = locate_end(d.end)
        findings.append(Finding(reply.path, d, line, col, end_line, end_col, reply.name))
    return findings, analysis.main_language()


@dataclass
class FileResult:
    """What checking one file gave: findings, its replies (name, language), or an error."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    replies: list[tuple[str, str | None]] = field(default_factory=list)
    error: FileError | None = None


def check_file(path: Path | str, pool: LinterPool) -> FileResult:
    o = pool.options
    display = o.stdin_filename if path == "-" else str(path)
    result = FileResult(display)
    try:
        replies = read_replies(path, pool, o.stdin_filename, o.column)
        linter = pool.for_path(None if path == "-" else Path(path))
        for reply in replies:
            findings, lang = check_reply(reply, linter, o.lang)
            result.findings.extend(findings)
            result.replies.append((reply.name, lang))
    except (ConfigError, PatternFileError) as exc:
        result.error = FileError(display, str(exc), text=str(exc))
    except ReaderError as exc:  # one line whatever the parser put in its message
        result.error = FileError(display, " ".join(str(exc).split("\n")), exc.line, exc.column)
    except OSError as exc:
        result.error = FileError(display, str(exc.strerror or exc))
    except SlowPatternError as exc:
        result.error = FileError(display, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the run
        if o.debug:
            raise
        result.error = FileError(display, f"internal error ({type(exc).__name__}: {exc}); "
                                          "rerun with --debug for a traceback")
    return result


# ------------------------------------------------------------------ processes
_worker_pool: LinterPool | None = None


def _init_worker(options: CheckOptions) -> None:
    global _worker_pool
    _worker_pool = LinterPool(options)


def _check_in_worker(path: Path) -> FileResult:
    assert _worker_pool is not None
    return check_file(path, _worker_pool)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def check_files(files: list[Path | str], pool: LinterPool, jobs: int,
                progress: Callable[[], None] = lambda: None) -> Iterable[FileResult]:
    """Results in the order of ``files``; worker processes when there are enough files."""
    on_disk = [f for f in files if f != "-"]
    workers = min(jobs, len(on_disk) // MIN_FILES_PER_WORKER)
    if workers < 2 or "-" in files:
        for path in files:
            yield check_file(path, pool)
            progress()
        return
    import multiprocessing

    # fork: workers start at once with the languages the parent loaded; elsewhere the default.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    if context is not None:
        try:
            pool.for_path(Path(on_disk[0])).preload()
        except Exception:  # noqa: BLE001 - a broken configuration is reported per file
            pass
    chunk = max(1, min(16, len(on_disk) // (workers * 4)))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(pool.options,)) as executor:
        for result in executor.map(_check_in_worker, on_disk, chunksize=chunk):
            yield result
            progress()

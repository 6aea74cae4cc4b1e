"""``replylint`` command line: ``check``, ``rules``, ``explain``, ``test-patterns``.

Exit codes follow ruff: 0 nothing at or above ``--fail-on``; 1 something is;
2 usage, configuration or I/O errors (other files are still checked first).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from . import reporters
from .config import Config, ConfigError, discover, find_config_file, load_config
from .diagnostic import LEVEL_RANK
from .engine import Linter
from .langdetect import LANGUAGES
from .packs import SlowPatternError
from .pattern_files import PatternFileError
from .readers import Reader, ReaderError, Reply, reader_for, supported_suffixes, whole_text_reply
from .reporters import Finding, RunContext

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def _rule_list(value: str) -> tuple[str, ...]:
    return tuple(r.strip() for r in value.split(",") if r.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="replylint", description="Lint customer-support replies (ru, bg, zh, en).")
    parser.add_argument("--version", action="version", version=f"replylint {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check files, folders or standard input (-)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--lang", choices=LANGUAGES, help="language of every reply (default: detect per paragraph)")
    check.add_argument("--select", type=_rule_list, help="only these rules (comma-separated)")
    check.add_argument("--ignore", type=_rule_list, help="skip these rules (comma-separated)")
    check.add_argument("--format", "--output-format", dest="format", default="text",
                       help=f"output format: {', '.join(reporters.names())} (default: text)")
    check.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                       help="lowest level that makes the exit code 1 (default: error)")
    check.add_argument("--config", type=Path, help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
    check.add_argument("--output", "-o", type=Path, help="write the report to this file instead of standard output")
    check.add_argument("--stdin-filename", default="-", help="name to report for standard input")
    check.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")

    rules = sub.add_parser("rules", help="list the rules with their levels")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    explain = sub.add_parser("explain", help="explain a rule: what it flags, why, and what to write instead")
    explain.add_argument("rule")
    test = sub.add_parser("test-patterns", help="run the examples of every pattern file (built-in and configured)")
    test.add_argument("--config", type=Path)
    return parser


def _version() -> str:
    from . import __version__

    return __version__


# ------------------------------------------------------------------------ checking
@dataclass
class CheckOptions:
    lang: str | None
    select: tuple[str, ...] | None
    ignore: tuple[str, ...] | None
    config_file: Path | None


class LinterPool:
    """One linter per configuration file, so a folder tree with several configs works."""

    def __init__(self, options: CheckOptions):
        self.options = options
        self._by_config: dict[Path | None, Linter] = {}
        self._config_by_dir: dict[Path, Path | None] = {}
        base = Linter()
        self.known_rules = set(base.rules)
        self._by_config[None] = self._with_cli_overrides(Config())

    def _with_cli_overrides(self, config: Config) -> Linter:
        o = self.options
        ignore = tuple(config.ignore) + tuple(o.ignore or ())
        return Linter(config.with_overrides(select=o.select, ignore=ignore))

    def for_path(self, path: Path | None) -> Linter:
        if self.options.config_file is not None:
            config_path: Path | None = self.options.config_file
        else:
            folder = (path.parent if path is not None else Path.cwd()).resolve()
            if folder not in self._config_by_dir:
                self._config_by_dir[folder] = find_config_file(folder)
            config_path = self._config_by_dir[folder]
        if config_path not in self._by_config:
            self._by_config[config_path] = self._with_cli_overrides(load_config(config_path, self.known_rules))
        return self._by_config[config_path]


def iter_files(paths: list[str], errors: list[str]):
    """Yield files to check: named files as given, folders walked for known suffixes."""
    suffixes = set(supported_suffixes())
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):  # does not follow symlinked folders: no loops
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
                for name in sorted(files):
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in suffixes:
                        yield candidate
        elif path.exists() or path.is_symlink():
            yield path
        else:
            errors.append(f"{raw}: error: no such file or directory")


def read_replies(path, pool: LinterPool, stdin_name: str) -> list[Reply]:
    if path == "-":
        return [whole_text_reply(stdin_name, sys.stdin.read())]
    linter = pool.for_path(path)
    reader: Reader | None = reader_for(path)
    if reader is None:
        reader = reader_for(Path("x.txt"))
    size = path.stat().st_size
    if size > linter.config.max_file_size:
        raise ReaderError(f"file is too large ({size} bytes; the limit is {linter.config.max_file_size})")
    raw = path.read_bytes()
    try:
        text = decode(raw)
    except UnicodeDecodeError as exc:
        raise ReaderError(f"not valid UTF-8 text (byte {exc.start})") from None
    return reader(path, text, linter.config)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with a byte-order mark."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:8192]:
        raise UnicodeDecodeError("utf-8", raw, raw.index(b"\x00"), raw.index(b"\x00") + 1, "binary file")
    return raw.decode("utf-8-sig")


def check_reply(reply: Reply, linter: Linter, lang: str | None) -> list[Finding]:
    from .document import Document

    doc = Document.from_text(reply.text, extra_masks=reply.masks)
    lang = lang or reply.lang or _per_file_lang(linter.config, reply.path)
    findings = []
    for d in linter.lint_document(doc, lang=lang):
        line, col = reply.locate(d.start)
        end_line, end_col = reply.locate(d.end)
        findings.append(Finding(reply.path, d, line, col, end_line, end_col, reply.name))
    return findings


def _per_file_lang(config: Config, path: str) -> str | None:
    from fnmatch import fnmatch

    for pattern, lang in config.per_file_lang.items():
        if fnmatch(path, pattern) or fnmatch(Path(path).name, pattern):
            return lang
    return None


def run_check(args, out: TextIO, err: TextIO) -> int:
    if args.format not in reporters.names():
        err.write(f"replylint: error: unknown --format {args.format!r} (use one of {', '.join(reporters.names())})\n")
        return EXIT_ERROR
    options = CheckOptions(args.lang, args.select, args.ignore, args.config)
    try:
        pool = LinterPool(options)
        for rules, flag in ((options.select, "--select"), (options.ignore, "--ignore")):
            unknown = [r for r in rules or () if r not in pool.known_rules]
            if unknown:
                err.write(f"replylint: error: unknown rule {unknown[0]!r} in {flag} (see `replylint rules`)\n")
                return EXIT_ERROR
        if args.config is not None:
            pool.for_path(None)
    except (ConfigError, PatternFileError) as exc:
        err.write(f"{exc}\n")
        return EXIT_ERROR
    ctx = RunContext(rules=pool.for_path(None).rules)
    findings: list[Finding] = []
    for path in iter_files(args.paths, ctx.errors):
        display = args.stdin_filename if path == "-" else str(path)
        try:
            replies = read_replies(path, pool, args.stdin_filename)
            linter = pool.for_path(None if path == "-" else path)
            for reply in replies:
                findings.extend(check_reply(reply, linter, args.lang))
                ctx.replies.append((reply.path, reply.name, reply.lang))
            ctx.files_checked += 1
            ctx.replies_checked += len(replies)
        except (ConfigError, PatternFileError) as exc:
            ctx.errors.append(str(exc))
        except ReaderError as exc:
            ctx.errors.append(f"{display}: error: {exc}")
        except OSError as exc:
            ctx.errors.append(f"{display}: error: {exc.strerror or exc}")
        except SlowPatternError as exc:
            ctx.errors.append(f"{display}: error: {exc}")
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the run
            if args.debug:
                raise
            ctx.errors.append(f"{display}: error: internal error ({type(exc).__name__}: {exc}); "
                              "rerun with --debug for a traceback")
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.diagnostic.rule))
    reporters.get(args.format)(findings, out, ctx)
    for line in ctx.errors:
        err.write(line + "\n")
    if ctx.errors:
        return EXIT_ERROR
    threshold = LEVEL_RANK[args.fail_on]
    return EXIT_FINDINGS if any(LEVEL_RANK[f.diagnostic.level] >= threshold for f in findings) else EXIT_OK


# ----------------------------------------------------------------- other commands
def run_rules(args, out: TextIO) -> int:
    linter = Linter()
    if args.format == "json":
        json.dump([{"id": r.id, "level": r.level, "kind": r.kind, "summary": r.summary}
                   for r in linter.rules.values()], out, indent=2)
        out.write("\n")
        return EXIT_OK
    width = max(len(r) for r in linter.rules)
    for rule in linter.rules.values():
        out.write(f"{rule.id:<{width}}  {rule.level:<7}  {rule.summary}\n")
    return EXIT_OK


def run_explain(args, out: TextIO, err: TextIO) -> int:
    linter = Linter()
    rule = linter.rules.get(args.rule)
    if rule is None:
        err.write(f"replylint: error: unknown rule {args.rule!r} (see `replylint rules`)\n")
        return EXIT_ERROR
    out.write(rule.explanation() + "\n")
    return EXIT_OK


def run_test_patterns(args, out: TextIO, err: TextIO) -> int:
    from .examples_check import check_examples

    try:
        config = load_config(args.config) if args.config else discover(Path.cwd())
        linter = Linter(config)
        failures = [f for lang in LANGUAGES for f in check_examples(linter, lang)]
    except (ConfigError, PatternFileError) as exc:
        err.write(f"{exc}\n")
        return EXIT_ERROR
    for failure in failures:
        out.write(f"{failure}\n")
    out.write(f"{len(failures)} example{'s' * (len(failures) != 1)} failed.\n" if failures else "All pattern examples hold.\n")
    return EXIT_FINDINGS if failures else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    out, err = sys.stdout, sys.stderr
    if args.command is None:
        parser.print_help(err)
        return EXIT_ERROR
    if args.command == "check":
        if args.output is not None:
            try:
                with open(args.output, "w", encoding="utf-8") as handle:
                    return run_check(args, handle, err)
            except OSError as exc:
                err.write(f"{args.output}: error: cannot write report: {exc.strerror or exc}\n")
                return EXIT_ERROR
        return run_check(args, out, err)
    if args.command == "rules":
        return run_rules(args, out)
    if args.command == "explain":
        return run_explain(args, out, err)
    return run_test_patterns(args, out, err)


if __name__ == "__main__":
    sys.exit(main())

"""``replylint`` command line: ``check``, ``rules``, ``explain``, ``test-patterns``, ``audit``
(in :mod:`replylint.audit`).

Exit codes follow ruff: 0 nothing at or above ``--fail-on``; 1 something is;
2 usage, configuration or I/O errors (other files are still checked first).
"""
from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from . import reporters
from .config import ConfigError, discover, load_config
from .diagnostic import LEVEL_RANK
from .engine import Linter
from .langdetect import LANGUAGES
from .pattern_files import PatternFileError
from .reporters import Finding, RunContext
from .ruleset import RuleSet
from .runner import CheckOptions, LinterPool, check_files, default_jobs, iter_files

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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
    check.add_argument("--config", type=Path,
                       help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
    check.add_argument("--output", "-o", type=Path, help="write the report to this file instead of standard output")
    check.add_argument("--stdin-filename", default="-", help="name to report for standard input")
    check.add_argument("--column", help="CSV/TSV column that holds the replies (default: reply, response, "
                       "body, text or message)")
    check.add_argument("--statistics", action="store_true", help="count findings per rule and per language at the end")
    check.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="check files in N processes (default: the number of CPUs)")
    check.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="leave out files matching GLOB when walking folders (repeatable; adds to the "
                            "configuration's exclude)")
    check.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")

    rules = sub.add_parser("rules", help="list the rules with their levels (as the configuration sets them)")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--config", type=Path, help="configuration file (default: the nearest one)")
    explain = sub.add_parser("explain", help="explain a rule: what it flags, why, and what to write instead")
    explain.add_argument("rule")
    explain.add_argument("--config", type=Path, help="configuration file (default: the nearest one)")
    test = sub.add_parser("test-patterns", help="run the examples of every pattern file (built-in and configured)")
    test.add_argument("--config", type=Path)
    from .audit.command import add_parser as add_audit_parser

    add_audit_parser(sub)
    return parser


def _version() -> str:
    from . import __version__

    return __version__


# ------------------------------------------------------------------------ checking
def run_check(args, out: TextIO, err: TextIO) -> int:
    if args.format not in reporters.names():
        err.write(f"replylint: error: unknown --format {args.format!r} (use one of {', '.join(reporters.names())})\n")
        return EXIT_ERROR
    if args.jobs is not None and args.jobs < 1:
        err.write("replylint: error: --jobs must be at least 1\n")
        return EXIT_ERROR
    options = CheckOptions(args.lang, args.select, args.ignore, args.config, args.column,
                           args.stdin_filename, args.debug, tuple(args.exclude))
    pool = LinterPool(options)
    try:
        # The configuration that applies here (or --config): its mistakes, and rules named on
        # the command line that its rule set lacks, stop the run before any file is read.
        ctx = RunContext(rules=pool.for_path(None).rules, fail_on=args.fail_on)
    except (ConfigError, PatternFileError) as exc:
        err.write(f"{exc}\n")
        return EXIT_ERROR
    files = list(iter_files(args.paths, ctx.errors, pool.excluded))
    findings: list[Finding] = []
    with progress_bar(len(files), err) as advance:
        for result in check_files(files, pool, args.jobs or default_jobs(), advance):
            if result.error is not None:
                ctx.errors.append(str(result.error))
                ctx.failed_files.append(result.error)
                continue
            findings.extend(result.findings)
            ctx.replies.extend((result.path, name, lang) for name, lang in result.replies)
            ctx.files_checked += 1
            ctx.replies_checked += len(result.replies)
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.diagnostic.rule))
    reporters.get(args.format)(findings, out, ctx)
    if args.statistics:
        # After a text report on standard output; machine formats keep standard output clean.
        reporters.write_statistics(findings, out if args.format == "text" else err, ctx)
    for line in ctx.errors:
        err.write(line + "\n")
    if ctx.errors:
        return EXIT_ERROR
    threshold = LEVEL_RANK[args.fail_on]
    return EXIT_FINDINGS if any(LEVEL_RANK[f.diagnostic.level] >= threshold for f in findings) else EXIT_OK


# Files at or above which a terminal gets a progress bar.
PROGRESS_MIN_FILES = 10


@contextmanager
def progress_bar(total: int, err: TextIO):
    """A progress bar on standard error for many files on a terminal; otherwise nothing."""
    isatty = getattr(err, "isatty", None)
    if total < PROGRESS_MIN_FILES or not (isatty and isatty()):
        yield lambda: None
        return
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    with tqdm(total=total, file=err, unit="file", leave=False, dynamic_ncols=True) as bar:
        yield lambda: bar.update(1)


# ----------------------------------------------------------------- other commands
def _ruleset(args) -> RuleSet:
    """The rules as the configuration that applies here (or ``--config``) has them."""
    config = load_config(args.config) if args.config else discover(Path.cwd())
    return RuleSet(config).validate()


def run_rules(args, out: TextIO, err: TextIO) -> int:
    try:
        rules = _ruleset(args).effective_rules()
    except (ConfigError, PatternFileError) as exc:
        err.write(f"{exc}\n")
        return EXIT_ERROR
    if args.format == "json":
        json.dump([{"id": r.id, "level": r.level, "kind": r.kind, "summary": r.summary} for r in rules], out, indent=2)
        out.write("\n")
        return EXIT_OK
    width = max(len(r.id) for r in rules)
    for rule in rules:
        out.write(f"{rule.id:<{width}}  {rule.level:<7}  {rule.summary}\n")
    return EXIT_OK


def run_explain(args, out: TextIO, err: TextIO) -> int:
    try:
        ruleset = _ruleset(args)
    except (ConfigError, PatternFileError) as exc:
        err.write(f"{exc}\n")
        return EXIT_ERROR
    if args.rule not in ruleset:
        err.write(f"replylint: error: unknown rule {args.rule!r} (see `replylint rules`)\n")
        return EXIT_ERROR
    out.write(ruleset.effective(args.rule).explanation() + "\n")
    return EXIT_OK


def run_test_patterns(args, out: TextIO, err: TextIO) -> int:
    from .examples_check import check_examples

    try:
        config = load_config(args.config) if args.config else discover(Path.cwd())
        RuleSet(config).validate()  # a mistake in the configuration is still reported
        # Every rule is tested, whatever the configuration selects or ignores.
        linter = Linter(replace(config, select=None, ignore=()))
        failures = [f for lang in LANGUAGES for f in check_examples(linter, lang)]
    except (ConfigError, PatternFileError) as exc:
        err.write(f"{exc}\n")
        return EXIT_ERROR
    for failure in failures:
        out.write(f"{failure}\n")
    if failures:
        out.write(f"{len(failures)} example{'s' * (len(failures) != 1)} failed.\n")
    else:
        out.write("All pattern examples hold.\n")
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
        return run_rules(args, out, err)
    if args.command == "explain":
        return run_explain(args, out, err)
    if args.command == "audit":
        from .audit.command import run_audit

        return run_audit(args, out, err)
    return run_test_patterns(args, out, err)


if __name__ == "__main__":
    sys.exit(main())

"""``replylint`` command line: ``check``, ``rules``, ``explain``, ``test-patterns``, ``audit``
(in :mod:`replylint.audit`).

Exit codes follow ruff: 0 nothing at or above ``--fail-on``; 1 something is;
2 usage, configuration or I/O errors (other files are still checked first).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TextIO, cast

from . import reporters
from .config import ConfigError, discover, load_config
from .engine import Linter
from .escaping import GuardedStream, safe_line
from .fixes import fix_summary_of, unified_diff, write_fixed
from .langdetect import LANGUAGES
from .pattern_files import PatternFileError
from .reporters import Finding, RunContext
from .ruleset import RuleSet
from .runner import CheckOptions, FileResult, LinterPool, check_file, check_files, default_jobs, iter_files
from .safe_output import OutputError, check_output, write_atomically

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _rule_list(value: str) -> tuple[str, ...]:
    return tuple(r.strip() for r in value.split(",") if r.strip())


class _ExtendRules(argparse.Action):
    """``--select a,b --select c``: every occurrence adds its rules (argparse would keep the last)."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, (getattr(namespace, self.dest, None) or ()) + tuple(values))


class _GuardedParser(argparse.ArgumentParser):
    """argparse quotes what the user typed (``unrecognized arguments: …``): its messages
    go through the same guard as every other human-facing line."""

    def _print_message(self, message: str, file=None) -> None:
        if message:
            guard = GuardedStream(file or sys.stderr)
            guard.write(message)
            guard.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = _GuardedParser(prog="replylint", description="Lint customer-support replies (ru, bg, zh, en).")
    parser.add_argument("--version", action="version", version=f"replylint {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check files, folders or standard input (-)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--lang", choices=LANGUAGES, help="language of every reply (default: detect per paragraph)")
    check.add_argument("--select", type=_rule_list, action=_ExtendRules,
                       help="only these rules (comma-separated; repeatable, each adds to the list)")
    check.add_argument("--ignore", type=_rule_list, action=_ExtendRules,
                       help="skip these rules (comma-separated; repeatable)")
    check.add_argument("--format", "--output-format", dest="format", default="text",
                       help=f"output format: {', '.join(reporters.names())} (default: text, the same as "
                            "concise; full adds each finding's source line with the span underlined; colour "
                            "on a terminal unless NO_COLOR is set)")
    check.add_argument("--fix", action="store_true",
                       help="apply the first suggestion of each fixable finding in place (never to a file "
                            "changed since it was read), then report what remains")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff, also apply the suggestions marked unsafe (they may change "
                            "what the reply says: check them)")
    check.add_argument("--diff", action="store_true",
                       help="print what --fix would change as a unified diff and change nothing "
                            "(exit 1 when there is something to fix)")
    check.add_argument("--watch", "-w", action="store_true",
                       help="check again whenever a checked file changes (Ctrl-C stops)")
    check.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                       help="lowest level that makes the exit code 1 (default: error)")
    check.add_argument("--config", type=Path,
                       help="configuration file (default: nearest .replylint.toml or pyproject.toml)")
    check.add_argument("--output", "-o", type=Path,
                       help="write the report to this file instead of standard output (written whole once the "
                            "run is done; never over an input or through a symbolic link)")
    check.add_argument("--stdin-filename", default="-", help="name to report for standard input")
    check.add_argument("--column", help="CSV/TSV column that holds the replies (default: reply, response, "
                       "body, text or message)")
    check.add_argument("--statistics", action="store_true",
                       help="count findings per rule and per language (after the text report; with "
                            "--format json, a JSON object of counts instead of the findings)")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when findings reach --fail-on (errors reading files still exit 2)")
    check.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="check files in N processes (default: 1 with up to two CPUs, else the number of CPUs)")
    check.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="leave out files matching GLOB when walking folders (repeatable; adds to the "
                            "configuration's exclude; a name without / leaves out folders of that name)")
    check.add_argument("--force-exclude", action=argparse.BooleanOptionalAction, default=None,
                       help="apply the excludes to files named on the command line too, as pre-commit "
                            "names them (default: the configuration's force-exclude, else no)")
    check.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=None,
                       help="leave out files that .gitignore ignores (default: the configuration's "
                            "respect-gitignore, else yes)")
    check.add_argument("--report-unused-suppressions", action="store_true",
                       help="report replylint-disable directives that silence nothing (rule unused-suppression, "
                            "level error)")
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
    if args.fix and args.diff:
        err.write("replylint: error: --fix and --diff do not go together (--diff shows what --fix would do)\n")
        return EXIT_ERROR
    if (args.fix or args.diff or args.watch) and "-" in args.paths:
        err.write("replylint: error: --fix, --diff and --watch need files, not standard input\n")
        return EXIT_ERROR
    if args.watch:
        from .watch import watch

        return watch(lambda: check_once(args, out, err), args.paths, err)
    return check_once(args, out, err)


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _color(out: TextIO) -> bool:
    """ANSI colour for a terminal, unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def check_once(args, out: TextIO, err: TextIO) -> int:
    """One ``replylint check`` run over ``args.paths``; the exit code."""
    options = CheckOptions(args.lang, args.select, args.ignore, args.config, args.column,
                           args.stdin_filename, args.debug, tuple(args.exclude), args.force_exclude,
                           args.respect_gitignore, args.report_unused_suppressions,
                           keep_source=args.format == "full" or args.fix or args.diff,
                           fix=args.fix or args.diff, unsafe_fixes=args.unsafe_fixes)
    pool = LinterPool(options)
    try:
        # The configuration that applies here (or --config): its mistakes, and rules named on
        # the command line that its rule set lacks, stop the run before any file is read.
        ctx = RunContext(rules=pool.for_path(None).rules, fail_on=args.fail_on, color=_color(out))
    except (ConfigError, PatternFileError) as exc:
        err.write(safe_line(str(exc)) + "\n")
        return EXIT_ERROR
    # Each file once, in the order of the report (sorted by path), so findings can be written
    # as the run goes: a file named twice, or named and inside a named folder, is checked once.
    files = sorted(dict.fromkeys(iter_files(args.paths, ctx.errors, pool.excluded, pool.force_exclude)),
                   key=lambda path: args.stdin_filename if path == "-" else str(path))
    if args.output is not None:
        try:  # before anything is checked or written
            check_output(args.output, [*files, *pool.config_files()])
        except OutputError as exc:
            err.write(safe_line(str(exc)) + "\n")
            return EXIT_ERROR
    fixed: list[FileResult] = []
    keep_replies = reporters.names_replies(args.format)
    # With --output the report is built in memory and written only once it is complete.
    buffer = io.StringIO() if args.output is not None else None
    target: TextIO = buffer if buffer is not None else out
    human = args.format in ("text", "concise", "full")
    # The human formats escape what they quote themselves (so colour codes survive); without
    # colour the whole stream is guarded as well.
    report = cast(TextIO, GuardedStream(target)) if human and not ctx.color else target
    # Findings are written as they come (files in path order, each file's findings in line
    # order: the order of a sorted report), except with --fix (the fixed files are checked
    # again) and --diff; formats that need the whole run keep them (reporters.ReportStream).
    stream = (reporters.StatisticsStream(report, ctx) if args.statistics and args.format == "json"
              else reporters.stream(args.format, report, ctx))
    streaming = not (args.fix or args.diff)
    findings: list[Finding] = []
    show_bar = not (streaming and reporters.streams(args.format) and args.output is None and _isatty(out))
    with progress_bar(len(files) if show_bar else 0, err) as advance:
        for result in check_files(files, pool, args.jobs or default_jobs(), advance, pieces=streaming):
            if result.error is not None:
                ctx.errors.append(str(result.error))
                ctx.failed_files.append(result.error)
                continue
            if result.fixed is not None:
                fixed.append(result)
            if result.source is not None and args.format == "full":
                ctx.sources[result.path] = result.source.text
            ctx.file_warnings.extend(result.warnings)
            if streaming:
                result.findings.sort(key=lambda f: (f.line, f.column, f.diagnostic.rule))  # sorted: cheap
                for finding in result.findings:
                    stream.add(finding)
            else:
                findings.extend(result.findings)
            if keep_replies:
                ctx.replies.extend((result.path, name, lang) for name, lang in result.replies)
            for _, lang in result.replies:
                ctx.reply_langs[lang or "?"] = ctx.reply_langs.get(lang or "?", 0) + 1
            if not result.partial:
                ctx.files_checked += 1
            ctx.replies_checked += len(result.replies)
    if args.diff:
        return _show_diff(fixed, out, err, ctx)
    if args.fix:
        findings = _apply_fixes(fixed, findings, pool, ctx, err)
        findings.sort(key=lambda f: (f.path, f.line, f.column, f.diagnostic.rule))
        for finding in findings:
            stream.add(finding)
    stream.close()
    tally = stream.tally
    if args.statistics and args.format != "json":
        # After a text report on standard output; machine formats keep standard output clean.
        reporters.write_statistics(tally, report if human else err, ctx)
    summary = fix_summary_of(tally.safe_fixes, tally.unsafe_fixes, args.unsafe_fixes) if human else None
    if summary:
        report.write(summary + "\n")
    report.flush()
    for warning in ctx.file_warnings:
        err.write(safe_line(str(warning)) + "\n")
    if buffer is not None and args.output is not None:
        try:
            write_atomically(args.output, buffer.getvalue())
        except OutputError as exc:
            err.write(safe_line(str(exc)) + "\n")
            return EXIT_ERROR
        except OSError as exc:
            err.write(safe_line(f"{args.output}: error: cannot write report: {exc.strerror or exc}") + "\n")
            return EXIT_ERROR
    for line in ctx.errors:
        err.write(safe_line(line) + "\n")
    if ctx.errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if tally.at_or_above(args.fail_on) else EXIT_OK


def _show_diff(fixed: list[FileResult], out: TextIO, err: TextIO, ctx: RunContext) -> int:
    for result in fixed:
        assert result.source is not None and result.fixed is not None
        out.write(unified_diff(result.path, result.source.text, result.fixed))
    total = sum(r.fixes for r in fixed)
    err.write(f"{total} fix{'es' * (total != 1)} available in {len(fixed)} file{'s' * (len(fixed) != 1)}.\n"
              if total else "Nothing to fix.\n")
    for line in ctx.errors:
        err.write(line + "\n")
    if ctx.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if total else EXIT_OK


def _apply_fixes(fixed: list[FileResult], findings: list[Finding], pool: LinterPool, ctx: RunContext,
                 err: TextIO) -> list[Finding]:
    """Write each fixed file (unless it changed since it was read) and check it again: the
    findings that remain replace the file's findings."""
    done = files = 0
    for result in fixed:
        assert result.source is not None and result.fixed is not None and result.source.fingerprint is not None
        problem = write_fixed(Path(result.path), result.fixed, result.source.encoding, result.source.fingerprint)
        if problem is not None:
            ctx.errors.append(f"{result.path}: error: {problem}")
            continue
        again = check_file(Path(result.path), pool)
        if again.error is not None:  # pragma: no cover - plan_fixes re-read the text already
            ctx.errors.append(str(again.error))
            continue
        findings = [f for f in findings if f.path != result.path] + again.findings
        if again.source is not None and result.path in ctx.sources:
            ctx.sources[result.path] = again.source.text
        done += result.fixes
        files += 1
    if fixed:
        err.write(f"Fixed {done} problem{'s' * (done != 1)} in {files} file{'s' * (files != 1)}.\n")
    return findings


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
    # the bar shows counts only (no file names) and redraws with CR: the raw stream, not the guard
    raw = err.stream if isinstance(err, GuardedStream) else err
    with tqdm(total=total, file=raw, unit="file", leave=False, dynamic_ncols=True) as bar:
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
        err.write(safe_line(str(exc)) + "\n")
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
        err.write(safe_line(str(exc)) + "\n")
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
        err.write(safe_line(str(exc)) + "\n")
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
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    _tolerate_unencodable(sys.stdout)
    err = cast(TextIO, GuardedStream(sys.stderr))
    # check guards its text report itself (machine formats, github's ``::`` lines, stay as they are)
    out = sys.stdout if args.command == "check" else cast(TextIO, GuardedStream(sys.stdout))
    try:
        if args.command == "check":
            return run_check(args, out, err)
        if args.command == "rules":
            return run_rules(args, out, err)
        if args.command == "explain":
            return run_explain(args, out, err)
        if args.command == "audit":
            from .audit.command import run_audit

            return run_audit(args, out, err)
        return run_test_patterns(args, out, err)
    finally:
        out.flush()
        err.flush()


def _tolerate_unencodable(stream: TextIO) -> None:
    """Lone surrogates (a JSON ``\\ud800``, a non-UTF-8 file name) written as backslash
    escapes instead of raising: in a JSON or SARIF report that is the JSON escape itself."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
            pass


if __name__ == "__main__":
    sys.exit(main())

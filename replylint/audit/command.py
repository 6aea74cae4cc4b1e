"""``replylint audit EXPORT...``: arguments, and the run from inputs to the report.

Exit codes: 0 the report was written from every record; 1 it was written, but some records or
inputs were malformed or unreadable and skipped (listed on standard error and in the report);
2 no report (usage or configuration error, no input, no public agent replies).
"""
from __future__ import annotations

import argparse
import hashlib
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from ..config import ConfigError
from ..langdetect import LANGUAGES
from ..pattern_files import PatternFileError
from .aggregate import DIMENSIONS
from .checkpoint import Checkpoint, CheckpointError, checkpoint_folder
from .generic import ColumnMap, ColumnsError
from .linting import LintSettings
from .records import ReadStats, parse_time
from .sources import FORMATS, Source, SourceError, detect, expand, is_url, resolved

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR = 0, 1, 2
DEFAULT_OUTPUT = "replylint-audit.html"
DEFAULT_PARTITION = 2000


def _by(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in DIMENSIONS]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"--by takes {', '.join(DIMENSIONS)} (comma-separated), not {value!r}")
    return names


def _date(value: str) -> datetime:
    try:
        moment = parse_time(value)
    except ValueError:
        moment = None
    if moment is None:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)")
    return moment


def _rules(value: str) -> tuple[str, ...]:
    return tuple(r.strip() for r in value.split(",") if r.strip())


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("audit", help="quality review of a helpdesk archive: every public agent reply, one HTML report",
                       description="Check every public agent reply of ticket archives (Zendesk JSON/JSONL, the "
                       "TWCS CSV layout, generic CSV/JSONL/Parquet) and write an HTML report, per-reply findings "
                       "(CSV, Parquet) and a JSON summary. Customer messages and internal notes are never checked.")
    p.add_argument("inputs", nargs="+", metavar="EXPORT",
                   help="files, folders, globs, or fsspec URLs (s3://bucket/exports/*.jsonl)")
    p.add_argument("-o", "--output", type=Path, default=Path(DEFAULT_OUTPUT),
                   help=f"the HTML report (default: {DEFAULT_OUTPUT}); the other outputs go next to it")
    p.add_argument("--by", type=_by, action="append",
                   help="breakdowns shown in the report: agent, team, lang, week (comma-separated or repeated; "
                        "default: all four; the JSON summary always has all)")
    p.add_argument("--since", type=_date, help="only replies sent on or after this date (YYYY-MM-DD, UTC)")
    p.add_argument("--until", type=_date, help="only replies sent before this date")
    p.add_argument("--input-format", choices=FORMATS, default="auto",
                   help="format of the inputs (default: told from each file)")
    p.add_argument("--columns", help="generic CSV/JSONL/Parquet: FIELD=COLUMN pairs, comma-separated; fields: "
                   "text, ticket, agent, team, created_at, lang, url")
    p.add_argument("--ticket-url", metavar="TEMPLATE",
                   help="link for each ticket, {ticket} replaced (https://acme.zendesk.com/agent/tickets/{ticket})")
    p.add_argument("--pseudonymise", "--pseudonymize", action="store_true",
                   help="replace agents' names by stable pseudonyms (also in excerpts)")
    p.add_argument("--pseudonym-key", default=os.environ.get("REPLYLINT_PSEUDONYM_KEY"),
                   help="secret that makes pseudonyms the same from one audit to the next "
                        "(default: $REPLYLINT_PSEUDONYM_KEY, else a random key per audit)")
    p.add_argument("--no-mask", action="store_true", help="show e-mail addresses and phone numbers in excerpts")
    p.add_argument("--csv", type=Path, help="per-reply findings as CSV (default: <report>.findings.csv)")
    p.add_argument("--parquet", type=Path, help="per-reply findings as Parquet (default: <report>.findings.parquet)")
    p.add_argument("--json", type=Path, help="the summary as JSON (default: <report>.summary.json)")
    p.add_argument("--examples", type=int, default=5, metavar="N", help="worst examples per rule (default: 5)")
    p.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: the number of CPUs)")
    p.add_argument("--dask", metavar="SCHEDULER",
                   help="run on a Dask cluster: 'local' (a LocalCluster here) or the scheduler's address")
    p.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION, metavar="N",
                   help=f"replies per checkpointed batch (default: {DEFAULT_PARTITION})")
    p.add_argument("--no-resume", action="store_true", help="start over even if a checkpoint of this audit exists")
    p.add_argument("--lang", choices=LANGUAGES, help="language of every reply (default: detect per paragraph)")
    p.add_argument("--select", type=_rules, help="only these rules (comma-separated)")
    p.add_argument("--ignore", type=_rules, help="skip these rules (comma-separated)")
    p.add_argument("--config", type=Path, help="configuration file (default: the nearest one from here)")
    p.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    return p


def _outputs(args) -> dict[str, Path]:
    html = args.output
    stem = html.with_suffix("") if html.suffix else html
    return {"report": html,
            "csv": args.csv or stem.with_name(stem.name + ".findings.csv"),
            "parquet": args.parquet or stem.with_name(stem.name + ".findings.parquet"),
            "json": args.json or stem.with_name(stem.name + ".summary.json"),
            "checkpoint": checkpoint_folder(html)}


def _clashes(outputs: dict[str, Path], raw_inputs: list[str], locations: list[str]) -> list[str]:
    """Outputs that would overwrite an input, or land inside an input folder."""
    files = {p for p in (resolved(loc) for loc in locations) if p is not None}
    folders = [Path(r).resolve() for r in raw_inputs if not is_url(r) and os.path.isdir(r)]
    problems = []
    for kind, path in outputs.items():
        target = path.resolve()
        if target in files:
            problems.append(f"{path}: error: the {kind} output would overwrite an input; choose another --output")
        elif any(target.is_relative_to(folder) for folder in folders):
            problems.append(f"{path}: error: the {kind} output would be written inside the input folder "
                            "(and read as input next time); choose another --output")
    return problems


def _fingerprint(sources: list[Source], settings: LintSettings, read, args, key_given: bool) -> dict:
    from .. import __version__

    inputs = []
    for s in sources:
        mtime = None
        if not s.is_url:
            try:
                mtime = os.path.getmtime(s.location)
            except OSError:
                mtime = None
        inputs.append([s.location, s.format, s.size, mtime])
    return {"replylint": __version__, "inputs": inputs, "config": repr(settings.config), "lang": settings.lang,
            "mask": settings.mask_contacts, "pseudonymise": settings.pseudonymise,
            "key": hashlib.sha256(settings.pseudonym_key.encode()).hexdigest()[:16] if key_given else "random",
            "read": repr(read), "partition_size": args.partition_size}


def run_audit(args, out: TextIO, err: TextIO) -> int:
    try:
        return _run(args, out, err)
    except KeyboardInterrupt:
        err.write(f"replylint audit: interrupted; run the same command again to resume "
                  f"(finished batches are kept in {_outputs(args)['checkpoint']})\n")
        return 130


def _run(args, out: TextIO, err: TextIO) -> int:  # noqa: C901 - the steps of a run, in order
    from ..runner import CheckOptions, LinterPool, default_jobs
    from .local import AuditJob, run_local
    from .progress import Progress
    from .reading import ReadOptions, read_directory
    from .zendesk import Directory

    def fail(message: str) -> int:
        err.write(message.rstrip("\n") + "\n")
        return EXIT_ERROR

    limits = (("--jobs", args.jobs), ("--partition-size", args.partition_size), ("--examples", args.examples))
    for flag, value in limits:
        if value is not None and value < 1:
            return fail(f"replylint: error: {flag} must be at least 1")
    try:
        columns = ColumnMap.parse(args.columns)
    except ColumnsError as exc:
        return fail(f"replylint: error: {exc}")
    by = [d for group in (args.by or [list(DIMENSIONS)]) for d in group]
    by = list(dict.fromkeys(by))
    try:
        linter = LinterPool(CheckOptions(args.lang, args.select, args.ignore, args.config)).for_path(None)
    except (ConfigError, PatternFileError) as exc:
        return fail(str(exc))
    jobs = args.jobs or default_jobs()

    errors: list[str] = []
    locations = expand(args.inputs, errors)
    outputs = _outputs(args)
    clashes = _clashes(outputs, args.inputs, locations)
    if clashes:
        return fail("\n".join(clashes))
    sources: list[Source] = []
    for location in locations:
        try:
            sources.append(detect(location, args.input_format))
        except SourceError as exc:
            errors.append(str(exc))
    if not sources:
        return fail("\n".join(errors + ["replylint audit: error: no input to read"]))

    # Zendesk users and groups first: they tell agents from end users in every ticket file.
    directory = Directory()
    directory_stats = ReadStats()
    for number, source in enumerate(sources):
        if source.format == "zendesk-users":
            try:
                if read_directory(source, directory, directory_stats):
                    sources[number] = replace(source, format="zendesk")
            except (OSError, ValueError) as exc:
                errors.append(f"{source.location}: error: cannot read users: {exc}")
    errors.extend(directory_stats.errors)

    read = ReadOptions(columns, args.since, args.until, args.ticket_url)
    key_given = bool(args.pseudonym_key)
    settings = LintSettings(linter.config, args.lang, not args.no_mask, args.pseudonymise, args.pseudonym_key or "")
    checkpoint = Checkpoint(outputs["checkpoint"])
    fingerprint = _fingerprint(sources, settings, read, args, key_given)
    if args.pseudonymise and not key_given:
        from .privacy import Privacy

        fingerprint["pseudonym_key"] = Privacy(pseudonymise=True).key
    try:
        stored = checkpoint.open(fingerprint, resume=not args.no_resume)
    except (CheckpointError, OSError) as exc:
        return fail(str(exc))
    if args.pseudonymise and not key_given:
        settings = LintSettings(linter.config, args.lang, not args.no_mask, True, stored["pseudonym_key"])
    if checkpoint.resumed:
        err.write(f"replylint audit: resuming from {checkpoint.folder}\n")

    job = AuditJob(tuple(sources), read, settings, directory, args.partition_size)
    progress = Progress(sum(s.size for s in sources if s.format != "zendesk-users"), err)
    fatal: list[str] = []
    try:
        if args.dask:
            from .dask_run import DaskUnavailable, run_dask

            try:
                done = run_dask(job, checkpoint, args.dask, jobs, progress, fatal)
            except DaskUnavailable as exc:
                return fail(f"replylint: error: {exc}")
            except OSError as exc:
                return fail(f"replylint: error: cannot reach the Dask scheduler {args.dask}: {exc}")
        else:
            done = run_local(job, checkpoint, jobs, progress, fatal)
    finally:
        progress.close()
    errors.extend(fatal)

    from .. import __version__
    from .merge import merge

    stats = ReadStats()
    for index in sorted(done):
        stats.merge(done[index][1])
    errors.extend(stats.errors)
    if stats.replies == 0:
        skipped = ", ".join(f"{n:,} {reason}" for reason, n in sorted(stats.skipped.items()))
        for line in errors:
            err.write(line + "\n")
        return fail(f"replylint audit: error: no public agent replies to check in {len(sources)} input(s) "
                    f"({stats.records:,} records read; skipped: {skipped or 'none'})")
    rule_info = {r.id: (r.level, r.summary) for r in linter.rules.effective_rules()}
    head = {"replylint": __version__, "inputs": [s.location for s in sources],
            "formats": sorted({s.format for s in sources}), "read": stats.to_dict(),
            "requester_fallback": any(s.format == "zendesk" for s in sources) and not directory.knows_users}
    try:
        summary, written_kinds = merge(job, done, checkpoint, outputs, head, rule_info, by, args.examples,
                        parquet=args.parquet is not None)
    except OSError as exc:
        return fail(f"{exc.filename or outputs['report']}: error: cannot write: {exc.strerror or exc}")
    except ImportError as exc:
        return fail(f"replylint: error: {exc}")
    if not fatal:
        checkpoint.remove()
    totals = summary["totals"]
    for line in errors:
        err.write(line + "\n")
    written = [str(p) for k, p in outputs.items() if written_kinds.get(k)]
    out.write(f"Checked {totals['replies']:,} agent replies: {totals['flagged']:,} with a finding "
              f"({totals['rate']:.1f} per 100), {totals['findings']:,} findings.\n"
              f"Wrote {', '.join(written)}\n")
    if fatal:
        err.write(f"replylint audit: {len(fatal)} input(s) could not be read; the checkpoint "
                  f"{checkpoint.folder} is kept so a rerun reads only those\n")
    return EXIT_PARTIAL if errors else EXIT_OK


def generated_at() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")

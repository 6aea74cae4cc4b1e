"""``replylint audit``: quality review of a whole helpdesk archive.

Reads ticket archives (Zendesk exports, the TWCS CSV layout, generic CSV/JSONL/Parquet),
keeps every public agent reply, lints it with the same :class:`replylint.Linter` and the same
per-reply function as ``replylint check`` (:func:`replylint.runner.check_reply`), and writes a
report a support lead reads (HTML), per-reply findings (CSV, Parquet) and a JSON summary.

Modules, one job each::

    records.py    the values: AuditReply, ReadStats
    sources.py    inputs: paths, folders, globs, fsspec URLs; format detection; byte counting
    zendesk.py    Zendesk tickets/comments/ticket events and the users directory
    twcs.py       the Customer Support on Twitter CSV layout (agent from the sign-off)
    generic.py    CSV/JSONL/Parquet with configurable columns
    reading.py    a source -> AuditReply stream (dispatch on format, malformed records skipped)
    privacy.py    masking e-mails and phone numbers, pseudonyms for agents
    linting.py    one warm Linter per process; a batch of replies -> result rows
    checkpoint.py partitions on disk next to the output: resume without redoing work
    local.py      serial / all-cores run
    dask_run.py   the same partitions on a Dask cluster
    aggregate.py  counters per rule x agent/team/lang/week, worst examples
    outputs.py    CSV, Parquet, JSON summary
    charts.py     hand-made SVG charts (no library, no network)
    html_report.py the self-contained HTML report
    command.py    the ``audit`` subcommand (arguments and the run)
"""

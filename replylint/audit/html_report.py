"""The HTML report a support lead reads: one self-contained file (inline CSS, SVG charts,
a few lines of script to sort tables), no network needed to open it."""
from __future__ import annotations

from html import escape

from .aggregate import rate
from .charts import bar_chart, line_chart, sparkline

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1180px;color:#0f172a;
padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #e2e8f0}
.muted{color:#64748b}.kpis{display:flex;gap:14px;flex-wrap:wrap}.kpi{border:1px solid #e2e8f0;border-radius:8px;
padding:10px 14px}.kpi b{display:block;font-size:20px}table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border-bottom:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f8fafc;white-space:nowrap}th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}td.n{text-align:right;font-variant-numeric:tabular-nums}
.up{color:#b91c1c}.down{color:#15803d}mark{background:#fde68a;padding:0 1px}
.ex{border-left:3px solid #c2410c;padding:6px 10px;margin:10px 0;background:#fffbeb}.ex .text{white-space:pre-wrap}
.wide{overflow-x:auto}td:first-child,td.n{white-space:nowrap}th.rule{font-size:12px;font-weight:600}
.lvl-error{color:#b91c1c}.lvl-warning{color:#b45309}.lvl-info{color:#1d4ed8}details{margin:6px 0}
"""

# Click a header to sort by it (numbers by value, text alphabetically); click again to reverse.
SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var key = function (row) { var c = row.cells[col]; var v = c.getAttribute("data-v");
        return v === null ? c.textContent.trim().toLowerCase() : parseFloat(v); };
      rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1); });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""

DIM_TITLES = {"agent": "By agent", "team": "By team", "lang": "By language", "week": "By week"}


def _n(value: float | int, text: str | None = None) -> str:
    return f'<td class="n" data-v="{value}">{escape(text if text is not None else f"{value:,}")}</td>'


def _trend(value: float | None) -> str:
    if value is None:
        return '<td class="n" data-v="0">–</td>'
    cls = "up" if value > 0 else "down" if value < 0 else ""
    arrow = "▲" if value > 0 else "▼" if value < 0 else "="
    return f'<td class="n {cls}" data-v="{value}" title="last weeks minus the weeks before">{arrow} {value:+.1f}</td>'


def _ticket(item: dict) -> str:
    label = f"ticket {escape(item['ticket'])}"
    if item.get("url"):
        return f'<a href="{escape(item["url"])}" rel="noreferrer">{label}</a>'
    return label


def _example(item: dict) -> str:
    return (f'<div class="ex"><div class="muted">{_ticket(item)} · {escape(item["agent"])} · {escape(item["team"])}'
            f' · {escape(item["created_at"][:10] or "undated")} · {escape(item["lang"])} · '
            f'<span class="lvl-{escape(item["level"])}">{escape(item["level"])}</span> {escape(item["rule"])}</div>'
            f'<div class="text">{escape(item["before"])}<mark>{escape(item["span"])}</mark>'
            f'{escape(item["after"])}</div>'
            f'<div class="muted">{escape(item["message"])}</div></div>')


def _table(dim: str, rows: list[dict], rules: list[dict], weeks: list[str]) -> str:
    active = [r["id"] for r in rules if r["replies"]]
    head = ["<th>" + escape(dim) + "</th><th>replies</th><th>with a finding</th><th>per 100</th>"]
    if dim != "week":
        head.append("<th>trend</th><th>weekly</th>")
    head.extend(f'<th class="rule" title="replies with this finding per 100">{escape(r)}</th>' for r in active)
    body = []
    for row in rows:
        cells = [f"<td>{escape(row['value'])}</td>", _n(row["replies"]), _n(row["flagged"]),
                 _n(row["rate"], f"{row['rate']:.1f}")]
        if dim != "week":
            weekly = {w: (rep, flag) for w, rep, flag in row["weekly"]}
            spark = sparkline([rate(weekly[w][1], weekly[w][0]) if w in weekly else 0.0 for w in weeks])
            cells.append(_trend(row["trend"]))
            cells.append(f"<td>{spark}</td>")
        for r in active:
            got = row["rules"].get(r)
            cells.append(_n(got["rate"], f"{got['rate']:.1f}") if got else _n(0, "·"))
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="wide"><table class="sortable" data-dim="{escape(dim)}"><thead><tr>{"".join(head)}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table></div>')


def render(summary: dict, by: list[str], generated: str) -> str:
    totals, read = summary["totals"], summary["read"]
    rules = summary["rules"]
    weeks = [w["value"] for w in summary["by"]["week"] if w["value"] != "(undated)"]
    parts = [f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><meta name=viewport "
             f'content="width=device-width,initial-scale=1"><title>replylint audit</title><style>{STYLE}</style>'
             "</head><body>",
             "<h1>Reply quality audit</h1>",
             f'<p class="muted">replylint {escape(summary["replylint"])} · {escape(generated)} · '
             f'{len(summary["inputs"])} input(s): {escape(", ".join(summary["inputs"][:5]))}'
             f'{" …" if len(summary["inputs"]) > 5 else ""}</p>',
             '<div class="kpis">',
             f'<div class="kpi"><b>{totals["replies"]:,}</b>agent replies checked</div>',
             f'<div class="kpi"><b>{totals["flagged"]:,}</b>with a finding</div>',
             f'<div class="kpi"><b>{totals["rate"]:.1f}</b>per 100 replies</div>',
             f'<div class="kpi"><b>{totals["findings"]:,}</b>findings</div>']
    if totals["trend"] is not None:
        parts.append(f'<div class="kpi"><b>{totals["trend"]:+.1f}</b>trend (last weeks vs before)</div>')
    parts.append("</div>")
    skipped = ", ".join(f"{n:,} {reason}" for reason, n in read["skipped"].items())
    parts.append(f'<p class="muted">{read["records"]:,} records read; skipped: {escape(skipped or "none")}.'
                 f'{" Agents told from customers by the ticket requester (no users in the export)." if summary.get("requester_fallback") else ""}'  # noqa: E501
                 "</p>")
    if read["error_count"]:
        items = "".join(f"<li>{escape(e)}</li>" for e in read["errors"])
        more = read["error_count"] - len(read["errors"])
        parts.append(f'<details><summary>{read["error_count"]:,} malformed record(s) skipped</summary><ul>{items}'
                     f'{f"<li>… and {more:,} more</li>" if more > 0 else ""}</ul></details>')
    parts.append("<h2>Rules</h2>")
    ranked = sorted(rules, key=lambda r: -r["rate"])  # most frequent first; the table keeps catalogue order
    parts.append(bar_chart([(r["id"], r["rate"]) for r in ranked], "rules", "replies with a finding per 100 replies"))
    parts.append('<table class="sortable" data-dim="rule"><thead><tr><th>rule</th><th>level</th><th>replies</th>'
                 "<th>per 100</th><th>findings</th><th>flags</th></tr></thead><tbody>")
    for r in rules:
        per100 = f"{r['rate']:.1f}"
        parts.append(f"<tr><td>{escape(r['id'])}</td><td>{escape(r['level'])}</td>{_n(r['replies'])}"
                     f"{_n(r['rate'], per100)}{_n(r['findings'])}<td>{escape(r['summary'])}</td></tr>")
    parts.append("</tbody></table>")
    if len(weeks) > 1:
        week_rows = {w["value"]: w for w in summary["by"]["week"]}
        parts.append("<h2>Trend</h2>")
        parts.append(line_chart([(w, week_rows[w]["rate"]) for w in weeks], "weeks"))
    for dim in by:
        parts.append(f"<h2>{DIM_TITLES[dim]}</h2>")
        parts.append(_table(dim, summary["by"][dim], rules, weeks))
    if summary["worst"]:
        parts.append("<h2>Worst examples</h2>")
        for rule, items in summary["worst"].items():
            parts.append(f"<h3>{escape(rule)}</h3>" + "".join(_example(i) for i in items))
    parts.append('<p class="muted">Rates count replies with at least one finding, per 100 replies checked. Trend: '
                 "the rate over the last four weeks of the archive minus the four weeks before, in points. "
                 "E-mail addresses and phone numbers in excerpts are masked unless --no-mask was given.</p>")
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "".join(parts)

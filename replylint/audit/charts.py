"""Charts as inline SVG, drawn here: a bar chart of rates per rule, a weekly line chart and
sparklines. A report with these weighs a few tens of kilobytes and needs no script, font or
network to show them (docs/audit.md has the size comparison with Vega-Lite and matplotlib)."""
from __future__ import annotations

from html import escape

BAR_COLOUR, LINE_COLOUR, AXIS_COLOUR = "#c2410c", "#1d4ed8", "#94a3b8"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def bar_chart(items: list[tuple[str, float]], name: str, unit: str = "per 100 replies") -> str:
    """Horizontal bars, one per (label, value)."""
    label_w, bar_w, row_h = 170, 360, 24
    height = row_h * max(1, len(items)) + 30
    top = max([v for _, v in items] + [1.0])
    parts = [f'<svg class="chart" data-chart="{escape(name)}" role="img" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {label_w + bar_w + 70} {height}" width="{label_w + bar_w + 70}" height="{height}">',
             f"<title>{escape(name)}: {escape(unit)}</title>"]
    for i, (label, value) in enumerate(items):
        y = 8 + i * row_h
        w = 0 if top == 0 else bar_w * value / top
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
                     f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
                     f'fill="{BAR_COLOUR}"><title>{escape(label)}: {_num(value)} {escape(unit)}</title></rect>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12">{_num(value)}</text>')
    parts.append(f'<text x="{label_w}" y="{height - 6}" font-size="11" fill="#475569">{escape(unit)}</text></svg>')
    return "".join(parts)


def line_chart(points: list[tuple[str, float]], name: str, unit: str = "replies with a finding per 100") -> str:
    """A line over weeks (x: week labels, first and last shown; y: from 0 to the maximum)."""
    width, height, left, bottom, top_pad = 640, 220, 44, 34, 14
    plot_w, plot_h = width - left - 16, height - bottom - top_pad
    top = max([v for _, v in points] + [1.0])
    parts = [f'<svg class="chart" data-chart="{escape(name)}" role="img" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"><title>{escape(name)}</title>',
             f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" '
             f'stroke="{AXIS_COLOUR}"/><line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" '
             f'stroke="{AXIS_COLOUR}"/>',
             f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" font-size="11">{_num(top)}</text>'
             f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" font-size="11">0</text>']
    step = plot_w / max(1, len(points) - 1)
    coords = [(left + (i * step if len(points) > 1 else plot_w / 2), top_pad + plot_h - plot_h * v / top)
              for i, (_, v) in enumerate(points)]
    if len(coords) > 1:
        parts.append(f'<polyline class="line" fill="none" stroke="{LINE_COLOUR}" stroke-width="2" points="'
                     + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords) + '"/>')
    for (x, y), (label, value) in zip(coords, points, strict=True):
        parts.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{LINE_COLOUR}">'
                     f"<title>{escape(label)}: {_num(value)}</title></circle>")
    if points:
        parts.append(f'<text x="{left}" y="{height - 12}" font-size="11">{escape(points[0][0])}</text>'
                     f'<text x="{left + plot_w}" y="{height - 12}" text-anchor="end" font-size="11">'
                     f"{escape(points[-1][0])}</text>")
    parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - 12}" text-anchor="middle" font-size="11" '
                 f'fill="#475569">{escape(unit)}</text></svg>')
    return "".join(parts)


def sparkline(values: list[float], width: int = 80, height: int = 18) -> str:
    if len(values) < 2:
        return ""
    top = max(values + [1.0])
    step = (width - 2) / (len(values) - 1)
    points = " ".join(f"{1 + i * step:.1f},{height - 1 - (height - 2) * v / top:.1f}" for i, v in enumerate(values))
    return (f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><polyline fill="none" stroke="{LINE_COLOUR}" stroke-width="1.5" '
            f'points="{points}"/></svg>')

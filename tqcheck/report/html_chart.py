"""Horizontal bar charts as inline SVG, so the report needs no charting library or network.

Each bar carries its label and its number as text (the chart reads without colour), and the
SVG has a title for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

ROW = 22
LABEL_WIDTH = 260
BAR_WIDTH = 360
MAX_LABEL = 40


def _short(label: str) -> str:
    """Long file paths keep their end, where the file name is."""
    return label if len(label) <= MAX_LABEL else "…" + label[-(MAX_LABEL - 1) :]


def bar_chart(
    title: str, items: Sequence[tuple[str, int, str]], chart_id: str, note: str = ""
) -> str:
    """An SVG bar chart of (label, value, css class) rows, largest value the full width."""
    top = max((value for _, value, _ in items), default=0) or 1
    height = ROW * len(items) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 60
    rows = []
    for i, (label, value, css) in enumerate(items):
        y = 4 + i * ROW
        bar = max(1, round(BAR_WIDTH * value / top)) if value else 0
        rows.append(
            f'<g class="bar {escape(css)}"><title>{escape(label)}: {value}</title>'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{bar}" height="{ROW - 6}"/>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + 15}">{value}</text></g>'
        )
    caption = escape(title) + (f" <small>{escape(note)}</small>" if note else "")
    return (
        f'<figure class="chart"><figcaption id="{chart_id}-t">{caption}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-t" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        + "".join(rows)
        + "</svg></figure>"
    )

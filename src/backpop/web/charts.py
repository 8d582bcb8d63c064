"""Small inline SVG charts for the pages: no JavaScript, no image files, readable when zoomed.

Every chart has a text alternative (``aria-label``) and the page beside it shows
the same numbers as a table, so nothing is only in the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from backpop.acoustics.kinds import EVENT_KINDS

#: One colour per event kind, from the Okabe-Ito palette (distinguishable with
#: the common colour-vision deficiencies), all at >= 3:1 against white.
KIND_COLOURS = {
    "pop": "#0072B2",
    "click": "#D55E00",
    "crepitus": "#009E73",
    "clunk": "#CC79A7",
    "other": "#6b6b6b",
}
#: The kinds as a person names them.
KIND_LABELS = {"pop": "Pop", "click": "Click", "crepitus": "Grinding", "clunk": "Clunk", "other": "Other sound"}


def event_timeline(events: Sequence[dict[str, Any]], duration_s: float) -> str:
    """One row per event kind; a mark at each event's time, as wide as the event."""
    width, left, row_h, top = 640, 90, 22, 10
    plot_w = width - left - 10
    height = top + row_h * len(EVENT_KINDS) + 30
    span = max(float(duration_s), 1e-3)
    counts = {k: sum(1 for e in events if e.get("kind") == k) for k in EVENT_KINDS}
    label = (
        "Sound events over time: " + ", ".join(f"{KIND_LABELS[k]}: {n}" for k, n in counts.items() if n)
        if events
        else "No sound events were found."
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, kind in enumerate(EVENT_KINDS):
        y = top + i * row_h
        parts.append(
            f'<text x="{left - 6}" y="{y + row_h * 0.7:.1f}" text-anchor="end" class="axis">{KIND_LABELS[kind]}</text>'
        )
        parts.append(
            f'<line x1="{left}" y1="{y + row_h / 2:.1f}" x2="{left + plot_w}" y2="{y + row_h / 2:.1f}" class="grid"/>'
        )
    for event in events:
        kind = event.get("kind", "other")
        row = EVENT_KINDS.index(kind) if kind in EVENT_KINDS else len(EVENT_KINDS) - 1
        x = left + plot_w * float(event["start_s"]) / span
        w = max(2.0, plot_w * (float(event["end_s"]) - float(event["start_s"])) / span)
        y = top + row * row_h + 3
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{KIND_COLOURS.get(kind, "#000")}">'
            f"<title>{escape(KIND_LABELS.get(kind, kind))} at {float(event['start_s']):.3f} s</title></rect>"
        )
    axis_y = top + row_h * len(EVENT_KINDS) + 4
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" class="axis-line"/>')
    for j in range(5):
        t = span * j / 4
        x = left + plot_w * j / 4
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle" class="axis">{t:.1f} s</text>')
    parts.append("</svg>")
    return "".join(parts)


def weekly_bars(values: Sequence[float], labels: Sequence[str], *, title: str, colour: str = "#0072B2") -> str:
    """A bar per week, labelled with its value."""
    width, left, top, plot_h = 640, 34, 10, 120
    n = max(len(values), 1)
    plot_w = width - left - 10
    bar_w = plot_w / n
    top_value = max([float(v) for v in values] + [1.0])
    height = top + plot_h + 34
    label = f"{title}: " + ", ".join(f"week of {lab} {v:g}" for lab, v in zip(labels, values, strict=False))
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" class="axis-line"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" class="axis">{top_value:g}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" class="axis">0</text>',
    ]
    for i, (value, week) in enumerate(zip(values, labels, strict=False)):
        h = plot_h * float(value) / top_value
        x = left + i * bar_w + bar_w * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>week of {escape(week)}: {float(value):g}</title></rect>'
        )
        if n <= 16 or i % 2 == 0:
            parts.append(
                f'<text x="{x + bar_w * 0.35:.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                f'class="axis small">{escape(week.rsplit(" ", 1)[0])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)

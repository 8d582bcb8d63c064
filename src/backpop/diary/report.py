"""The clinician report: a self-contained HTML page (plots as embedded PNG) or a PDF.

It shows what the diary holds and what the knowledge base concluded; it
decides nothing itself. The trend verdict comes from ``backpop.trends``.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backpop.assessment import Disposition
from backpop.diary.store import _utc
from backpop.diary.trend import SOUND_KINDS, Trend, WeekRow, build_trend, week_start, weekly_rows

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from backpop.diary.store import Diary

#: Colours by disposition, from calm to alarming (colour-blind-safe Okabe-Ito hues).
DISPOSITION_COLOURS = {
    None: "#999999",
    Disposition.SELF_CARE: "#009E73",
    Disposition.MONITOR: "#56B4E9",
    Disposition.CONSULT: "#E69F00",
    Disposition.URGENT: "#D55E00",
    Disposition.EMERGENCY: "#CC0000",
}
SOUND_COLOURS = {
    "pop": "#0072B2",
    "click": "#56B4E9",
    "grinding": "#E69F00",
    "clunk": "#D55E00",
    "none": "#999999",
    "unsure": "#CC79A7",
    "unknown": "#DDDDDD",
}
PAIN_VALUE = {"none": 0, "mild": 1, "moderate": 2, "severe": 3}
#: At most this many recording thumbnails, newest first, so the report stays small.
MAX_THUMBNAILS = 24
#: The episode table lists this many of the most recent episodes.
MAX_EPISODE_ROWS = 40


@dataclass
class Report:
    title: str
    generated: datetime
    period: tuple[date, date] | None
    counts: dict[str, int]
    trend: Trend
    red_flags: list[dict[str, Any]]
    recent_episodes: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    figures: list[tuple[str, str, Figure]] = field(default_factory=list)
    thumbnails: list[tuple[str, Figure]] = field(default_factory=list)

    def html(self) -> str:
        return _render_html(self)

    def pdf(self, path: Path) -> None:
        _render_pdf(self, path)


def _figure(figsize: tuple[float, float]) -> tuple[Figure, Any]:
    """A figure outside pyplot's registry: nothing global, nothing to close, Agg output."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.subplots()


def build_report(
    diary: Diary, *, owner: str = "local", weeks: int | None = None, now: datetime | None = None
) -> Report:
    now_utc = _utc(now)
    since = None
    if weeks is not None:
        since = datetime.combine(week_start(now_utc.date()) - timedelta(weeks=weeks - 1), datetime.min.time())
    episodes = [e for e in diary.episodes_for_trend(owner, since=since) if e["occurred_at"] <= now_utc]
    cracks = [c for c in diary.self_adjusting_times(owner, since=since) if c <= now_utc]
    assessments = [
        a
        for a in diary.assessments_for_report(owner)
        if (since is None or a["occurred_at"] >= since) and a["occurred_at"] <= now_utc
    ]
    recordings = [r for r in diary.recordings_for_report(owner) if since is None or r["recorded_at"] >= since]
    notes = [n for n in diary.notes_for_report(owner) if since is None or n["created_at"] >= since]
    trend = build_trend(diary, weeks=12, owner=owner, now=now_utc)

    times = [e["occurred_at"] for e in episodes] + cracks + [r["recorded_at"] for r in recordings]
    period = (min(times).date(), now_utc.date()) if times else None

    red_flags = []
    for a in assessments:
        for flag in a["assessment"].get("red_flags") or []:
            red_flags.append(
                {
                    "when": a["occurred_at"],
                    "ref": f"e{a['episode_id']}",
                    "rule_id": flag.get("rule_id", ""),
                    "disposition": flag.get("disposition", ""),
                    "found": flag.get("found", ""),
                    "rule_out": flag.get("rule_out", ""),
                    "seen": a["seen_at"],
                }
            )

    report = Report(
        title="backpop diary report",
        generated=now_utc,
        period=period,
        counts={
            "episodes": len(episodes),
            "self-cracking events": len(cracks),
            "recordings": len(recordings),
            "notes": len(notes),
        },
        trend=trend,
        red_flags=red_flags,
        recent_episodes=list(reversed(episodes))[:MAX_EPISODE_ROWS],
        notes=notes[-MAX_EPISODE_ROWS:],
    )
    if period is not None:
        first = week_start(period[0])
        n_weeks = (week_start(now_utc.date()) - first).days // 7 + 1
        rows = weekly_rows(episodes, cracks, first=first, weeks=n_weeks, now=now_utc)
        report.figures = _figures(episodes, cracks, rows, period)
    report.thumbnails = [(_recording_caption(r), _thumbnail(r)) for r in list(reversed(recordings))[:MAX_THUMBNAILS]]
    return report


# -- figures --------------------------------------------------------------------


def _figures(
    episodes: list[dict[str, Any]],
    cracks: list[datetime],
    rows: list[WeekRow],
    period: tuple[date, date],
) -> list[tuple[str, str, Figure]]:
    from matplotlib.lines import Line2D

    figures = []
    start = datetime.combine(period[0], datetime.min.time()) - timedelta(days=1)
    end = datetime.combine(period[1], datetime.min.time()) + timedelta(days=2)

    # Timeline: one mark per episode, row = kind of sound, colour = disposition.
    fig, ax = _figure((9, 3.2))
    kinds = [k for k in SOUND_KINDS if any((e["facts"].get("sound") or "unknown") == k for e in episodes)]
    ypos = {k: i for i, k in enumerate(kinds)}
    for d, colour in DISPOSITION_COLOURS.items():
        chosen = [e for e in episodes if e["disposition"] == d]
        if chosen:
            ax.scatter(
                [e["occurred_at"] for e in chosen],
                [ypos[e["facts"].get("sound") or "unknown"] for e in chosen],
                c=colour,
                s=28,
                marker="|" if len(episodes) > 500 else "o",
                linewidths=1.5,
                alpha=0.85,
            )
    ax.set_yticks(range(len(kinds)), kinds)
    ax.set_ylim(-0.6, max(len(kinds) - 0.4, 0.6))
    ax.set_xlim(start, end)
    handles = [
        Line2D([], [], marker="o", ls="", color=c, label=d.value if d else "not assessed")
        for d, c in DISPOSITION_COLOURS.items()
        if any(e["disposition"] == d for e in episodes)
    ]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.set_title("Episodes by kind of sound, coloured by triage level")
    ax.grid(axis="x", alpha=0.3)
    fig.autofmt_xdate()
    figures.append(("timeline", "Timeline of episodes", fig))

    # Weekly counts, stacked by kind of sound.
    fig, ax = _figure((9, 3.0))
    x = [datetime.combine(r.start, datetime.min.time()) for r in rows]
    bottom = [0] * len(rows)
    for kind in SOUND_KINDS:
        values = [r.by_sound.get(kind, 0) for r in rows]
        if any(values):
            ax.bar(x, values, width=6, bottom=bottom, align="edge", color=SOUND_COLOURS[kind], label=kind)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("episodes per week")
    ax.set_xlim(start, end)
    if any(bottom):
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.set_title("Episodes per week (Monday to Sunday)")
    ax.grid(axis="y", alpha=0.3)
    fig.autofmt_xdate()
    figures.append(("weekly", "Weekly counts", fig))

    # Pain over time: every episode with a known pain level, plus the weekly worst.
    fig, ax = _figure((9, 2.8))
    with_pain = [e for e in episodes if e["facts"].get("pain") in PAIN_VALUE]
    if with_pain:
        ax.scatter(
            [e["occurred_at"] for e in with_pain],
            [PAIN_VALUE[e["facts"]["pain"]] for e in with_pain],
            s=12,
            alpha=0.35,
            color="#0072B2",
            label="episode",
        )
    worst = [(x[i] + timedelta(days=3.5), PAIN_VALUE[r.worst_pain]) for i, r in enumerate(rows) if r.worst_pain]
    if worst:
        ax.plot([w[0] for w in worst], [w[1] for w in worst], color="#D55E00", lw=1.5, label="worst that week")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.set_yticks(range(4), list(PAIN_VALUE))
    ax.set_ylim(-0.4, 3.4)
    ax.set_xlim(start, end)
    ax.set_title("Pain reported with each episode")
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()
    figures.append(("pain", "Pain over time", fig))

    # Self-cracking per day.
    fig, ax = _figure((9, 2.6))
    per_day = Counter(c.date() for c in cracks)
    if per_day:
        days = sorted(per_day)
        ax.bar(
            [datetime.combine(d, datetime.min.time()) for d in days],
            [per_day[d] for d in days],
            width=0.9,
            color="#CC79A7",
        )
    ax.axhline(5, color="#999999", ls="--", lw=1)
    ax.text(end, 5, " 5 a day", va="center", fontsize=8, color="#666666")
    ax.set_ylabel("times per day")
    ax.set_xlim(start, end)
    ax.set_title("How often you cracked your own back")
    ax.grid(axis="y", alpha=0.3)
    fig.autofmt_xdate()
    figures.append(("self-adjusting", "Self-cracking frequency", fig))
    return figures


def _event_time(event: Any) -> float | None:
    if isinstance(event, int | float):
        return float(event)
    if not isinstance(event, dict):
        return None
    for key in ("time", "time_s", "t", "onset", "onset_s", "start", "start_s", "peak_s"):
        value = event.get(key)
        if isinstance(value, int | float):
            return float(value)
    return None


def _event_kind(event: Any) -> str:
    if isinstance(event, dict):
        for key in ("kind", "label", "type", "class", "sound"):
            if isinstance(event.get(key), str):
                return event[key]
    return "event"


def _thumbnail(recording: dict[str, Any]) -> Figure:
    """The acoustics module's event plot when it has one; else a timeline of stored events."""
    listen = recording.get("listen")
    drawn = _acoustic_thumbnail(recording.get("path"), listen)
    if drawn is not None:
        return drawn
    fig, ax = _figure((4, 1.4))
    events = listen.get("events") if isinstance(listen, dict) else None
    duration = recording.get("duration_s") or (listen.get("duration_s") if isinstance(listen, dict) else None)
    points = [(t, _event_kind(e)) for e in (events or []) if (t := _event_time(e)) is not None]
    if points:
        kinds = sorted({k for _, k in points})
        palette = list(SOUND_COLOURS.values())
        for i, kind in enumerate(kinds):
            ax.vlines(
                [t for t, k in points if k == kind],
                0,
                1,
                color=SOUND_COLOURS.get(kind, palette[i % 7]),
                lw=1.5,
                label=kind,
            )
        ax.legend(fontsize=6, loc="upper right", ncols=min(len(kinds), 3))
    else:
        ax.text(0.5, 0.5, "no events stored", ha="center", va="center", transform=ax.transAxes, fontsize=8)
    if duration:
        ax.set_xlim(0, float(duration))
    ax.set_yticks([])
    ax.set_xlabel("seconds", fontsize=7)
    ax.tick_params(labelsize=7)
    return fig


def _acoustic_thumbnail(path: str | None, listen: Any) -> Figure | None:
    """The acoustics package's waveform-and-spectrogram plot, when the audio file is still there."""
    if not path or not isinstance(listen, dict) or not Path(path).is_file():
        return None
    try:
        import tempfile

        from matplotlib.image import imread

        from backpop.acoustics.analysis import ListenResult
        from backpop.acoustics.plot import plot_recording
        from backpop.errors import BackpopError

        result = ListenResult.model_validate(listen)
        with tempfile.TemporaryDirectory() as tmp:
            png = plot_recording(path, result, Path(tmp) / "thumb.png", columns=400)
            image = imread(png)
    except (ImportError, ValueError, OSError, BackpopError):
        return None  # no acoustics package, an older listen result, or unreadable audio
    fig, ax = _figure((4, 4 * image.shape[0] / image.shape[1]))
    ax.imshow(image)
    ax.set_axis_off()
    return fig


def _recording_caption(recording: dict[str, Any]) -> str:
    name = Path(recording["path"]).name if recording.get("path") else "recording"
    parts = [f"r{recording['id']}", name, recording["recorded_at"].strftime("%Y-%m-%d")]
    if recording.get("duration_s"):
        parts.append(f"{recording['duration_s']:.1f} s")
    return " · ".join(parts)


def _png(fig: Figure, dpi: int = 100) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# -- HTML -----------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222}
body{max-width:980px;margin:2em auto;padding:0 1em}
h1{margin-bottom:.1em}h2{border-bottom:2px solid #eee;padding-bottom:.2em;margin-top:1.6em}
.meta{color:#666}table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:14px}
th,td{border-bottom:1px solid #e4e4e4;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f6}.level{display:inline-block;padding:1px 7px;border-radius:9px;color:#fff;font-size:13px}
.box{border-left:5px solid #999;background:#fafafa;padding:.6em 1em;margin:.6em 0}
.alert{border-color:#CC0000;background:#fff1f0}img{max-width:100%}
.thumbs{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.thumbs figure{margin:0}.thumbs figcaption{font-size:12px;color:#555}.small{font-size:13px;color:#555}
"""


def _level(value: Any) -> str:
    try:
        d = Disposition(value) if value else None
    except ValueError:
        d = None
    if d is None:
        return ""
    return f'<span class="level" style="background:{DISPOSITION_COLOURS[d]}">{d.value}</span>'


def _when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M") + " UTC"


def _render_html(report: Report) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{e(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(report.title)}</h1>",
        f"<p class='meta'>Generated {_when(report.generated)}"
        + (f" · covering {report.period[0]} to {report.period[1]}" if report.period else " · the diary is empty")
        + "</p>",
    ]
    trend = report.trend
    a = trend.assessment
    if trend.unseen_urgent:
        rows = "".join(
            f"<tr><td>e{x['id']}</td><td>{_when(x['occurred_at'])}</td><td>{_level(x['disposition'].value)}</td></tr>"
            for x in trend.unseen_urgent
        )
        parts.append(
            "<div class='box alert'><strong>Urgent episodes not yet marked as seen by a clinician</strong>"
            f"<table><tr><th>id</th><th>when</th><th>level</th></tr>{rows}</table></div>"
        )
    parts.append("<h2>Summary</h2>")
    parts.append(
        "<table>" + "".join(f"<tr><th>{e(k)}</th><td>{v}</td></tr>" for k, v in report.counts.items()) + "</table>"
    )
    parts.append(
        f"<div class='box'><p><strong>Pattern over the last 12 weeks:</strong> {_level(a.disposition.value)} "
        f"{e(a.time_frame)}</p>"
    )
    if a.reasoning:
        parts.append("<ul>")
        for r in a.reasoning:
            facts = ", ".join(f"{k} = {v}" for k, v in r.facts.items())
            parts.append(
                f"<li><strong>{e(r.rule_id)}</strong> {_level(r.disposition.value)} {e(r.summary)} "
                f"<span class='small'>({e(facts)}; source: {e(r.source)})</span></li>"
            )
        parts.append("</ul>")
    else:
        parts.append("<p>No pattern in these weeks needs attention.</p>")
    parts.append("</div>")

    parts.append("<h2>Red flags ever raised</h2>")
    if report.red_flags:
        parts.append(
            "<table><tr><th>date</th><th>episode</th><th>rule</th><th>level</th><th>found</th>"
            "<th>to rule out</th><th>seen by a clinician</th></tr>"
        )
        for f in report.red_flags:
            parts.append(
                f"<tr><td>{_when(f['when'])}</td><td>{e(f['ref'])}</td><td>{e(f['rule_id'])}</td>"
                f"<td>{_level(f['disposition'])}</td><td>{e(f['found'])}</td>"
                f"<td>{e(f['rule_out'])}</td><td>{_when(f['seen']) or 'not yet'}</td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append("<p>No assessment in this period raised a red flag.</p>")

    for key, title, fig in report.figures:
        parts.append(f"<h2>{e(title)}</h2>")
        parts.append(f"<img alt='{e(title)}' id='plot-{key}' src='data:image/png;base64,{_png(fig)}'>")

    parts.append(
        "<h2>Last 12 weeks</h2><table><tr><th>week of</th><th>episodes</th><th>sounds</th>"
        "<th>pain</th><th>self-cracking per day</th><th>highest level</th></tr>"
    )
    for row in trend.weeks:
        parts.append(
            f"<tr><td>{row.start}</td><td>{row.episodes}</td>"
            f"<td>{e(', '.join(f'{k} {n}' for k, n in row.by_sound.items()))}</td>"
            f"<td>{e(', '.join(f'{k} {n}' for k, n in row.pain.items()))}</td>"
            f"<td>{row.self_adjusting_per_day:.1f}</td>"
            f"<td>{_level(row.highest_disposition.value if row.highest_disposition else None)}</td></tr>"
        )
    parts.append("</table>")

    if report.thumbnails:
        parts.append("<h2>Recordings</h2><div class='thumbs'>")
        for caption, fig in report.thumbnails:
            parts.append(
                f"<figure><img alt='{e(caption)}' src='data:image/png;base64,{_png(fig, dpi=90)}'>"
                f"<figcaption>{e(caption)}</figcaption></figure>"
            )
        parts.append("</div>")

    if report.recent_episodes:
        parts.append(f"<h2>Most recent episodes (up to {MAX_EPISODE_ROWS})</h2>")
        parts.append("<table><tr><th>id</th><th>when</th><th>facts</th><th>in their words</th><th>level</th></tr>")
        for x in report.recent_episodes:
            facts = ", ".join(f"{k}: {v}" for k, v in x["facts"].items())
            level = _level(x["disposition"].value if x["disposition"] else None)
            parts.append(
                f"<tr><td>e{x['id']}</td><td>{_when(x['occurred_at'])}</td><td>{e(facts)}</td>"
                f"<td>{e(x['text'] or '')}</td><td>{level}</td></tr>"
            )
        parts.append("</table>")
    if report.notes:
        parts.append("<h2>Notes</h2><table><tr><th>when</th><th>note</th></tr>")
        for n in report.notes:
            parts.append(f"<tr><td>{_when(n['created_at'])}</td><td>{e(n['text'])}</td></tr>")
        parts.append("</table>")
    parts.append(f"<p class='small'>{e(a.disclaimer)} Knowledge version {e(a.knowledge_version)}.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


# -- PDF ------------------------------------------------------------------------


def _render_pdf(report: Report, path: Path) -> None:
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    a = report.trend.assessment
    lines = [report.title, ""]
    lines.append(f"Generated {_when(report.generated)}")
    if report.period:
        lines.append(f"Covering {report.period[0]} to {report.period[1]}")
    lines += [f"{k}: {v}" for k, v in report.counts.items()]
    lines += ["", f"Pattern over the last 12 weeks: {a.disposition.value}. {a.time_frame}"]
    for r in a.reasoning:
        lines.append(f"- {r.rule_id}: {r.summary} ({r.source})")
    if report.trend.unseen_urgent:
        lines += ["", "Urgent episodes not yet marked as seen by a clinician:"]
        lines += [
            f"- e{x['id']} {_when(x['occurred_at'])} {x['disposition'].value}" for x in report.trend.unseen_urgent
        ]
    lines += ["", "Red flags ever raised:"]
    lines += [
        f"- {_when(f['when'])} {f['ref']} {f['rule_id']} ({f['disposition']}): {f['rule_out']}"
        for f in report.red_flags[:30]
    ] or ["- none"]
    if len(report.red_flags) > 30:
        lines.append(f"  ... and {len(report.red_flags) - 30} more (see the HTML report)")
    lines += ["", a.disclaimer]

    import textwrap

    wrapped: list[str] = []
    for line in lines:
        wrapped += textwrap.wrap(line, 95, subsequent_indent="   ") or [""]
    with PdfPages(path) as pdf:
        for start in range(0, len(wrapped), 52):
            page = Figure(figsize=(8.27, 11.69))
            page.text(0.06, 0.96, "\n".join(wrapped[start : start + 52]), va="top", fontsize=9)
            pdf.savefig(page)
        for _key, _title, fig in report.figures:
            pdf.savefig(fig)
        for caption, fig in report.thumbnails:
            fig.suptitle(caption, fontsize=7)
            pdf.savefig(fig)

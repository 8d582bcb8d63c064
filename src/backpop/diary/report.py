"""The clinician report: a self-contained HTML page (plots as embedded PNG) or a PDF.

It shows what the diary holds and what the knowledge base concluded; it
decides nothing itself. The trend verdict comes from ``backpop.trend_verdict``.
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
from backpop.diary.clock import utc
from backpop.diary.schema import DEFAULT_OWNER
from backpop.diary.weekly import SOUND_KINDS, Trend, WeekRow, build_trend, week_start, weekly_rows

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
    #: The calendar weeks the charts show (Monday first), oldest first.
    rows: list[WeekRow] = field(default_factory=list)
    #: Whose diary, when it is a named account ("" for the one-person diary).
    who: str = ""
    #: Each warning sign: (its plain name, "present" | "absent" | "not asked", the dates it was present
    #: or the date it was last answered no).
    warning_signs: list[tuple[str, str, list[datetime]]] = field(default_factory=list)
    #: The facts a GP asks first, in plain words: (what, value).
    glance: list[tuple[str, str]] = field(default_factory=list)

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
    diary: Diary, *, owner: str = DEFAULT_OWNER, weeks: int | None = None, now: datetime | None = None, who: str = ""
) -> Report:
    """The report on one owner's diary; `who` names the person on it (an account's user name), never
    the owner id that keeps the rows apart."""
    now_utc = utc(now)
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
        title="Back sounds diary: report for a clinician",
        generated=now_utc,
        period=period,
        counts={
            "episodes": len(episodes),
            "self-cracking, whole period": len(cracks),
            "recordings": len(recordings),
            "notes": len(notes),
        },
        trend=trend,
        red_flags=red_flags,
        recent_episodes=list(reversed(episodes))[:MAX_EPISODE_ROWS],
        notes=notes[-MAX_EPISODE_ROWS:],
        who=who,
        warning_signs=_warning_signs(episodes),
        glance=_glance(episodes, assessments, trend),
    )
    if period is not None:
        first = week_start(period[0])
        n_weeks = (week_start(now_utc.date()) - first).days // 7 + 1
        rows = weekly_rows(episodes, cracks, first=first, weeks=n_weeks, now=now_utc)
        report.figures = _figures(episodes, rows)
        report.rows = rows
    report.thumbnails = [(_recording_caption(r), _thumbnail(r)) for r in list(reversed(recordings))[:MAX_THUMBNAILS]]
    return report


def _warning_signs(episodes: list[dict[str, Any]]) -> list[tuple[str, str, list[datetime]]]:
    """Each yes/no warning sign, kept apart as present, absent or never asked."""
    from backpop.interview import warning_sign_fields
    from backpop.knowledge import knowledge
    from backpop.wording import fact_name

    signs = []
    for name in warning_sign_fields(knowledge()):
        present = [e["occurred_at"] for e in episodes if e["facts"].get(name) is True]
        absent = [e["occurred_at"] for e in episodes if e["facts"].get(name) is False]
        if present:
            signs.append((fact_name(name), "present", present))
        elif absent:
            signs.append((fact_name(name), "absent", [max(absent)]))
        else:
            signs.append((fact_name(name), "not asked", []))
    order = {"present": 0, "absent": 1, "not asked": 2}
    return sorted(signs, key=lambda sign: order[sign[1]])


def _glance(episodes: list[dict[str, Any]], assessments: list[dict[str, Any]], trend: Trend) -> list[tuple[str, str]]:
    """Who, what, when and since when, in plain words, from the most recent facts."""
    from backpop.wording import answer_text, day_text, fact_name, level_label, side_of, when_text

    rows: list[tuple[str, str]] = []
    latest: dict[str, Any] = {}
    for e in episodes:  # oldest first: later answers win
        latest.update({k: v for k, v in e["facts"].items() if v is not None})
    if "age" in latest:
        rows.append(("Age", f"{answer_text('age', latest['age'])} (as last given)"))
    if episodes:
        last = episodes[-1]
        what = [
            answer_text(k, last["facts"][k])
            for k in ("sound", "region", "activity")
            if last["facts"].get(k) not in (None, "unknown", "unsure")
        ]
        rows.append(("Most recent episode", f"{when_text(last['occurred_at'])}: " + (", ".join(what) or "no details")))
        if last["facts"].get("pain"):
            rows.append(("Pain then", answer_text("pain", last["facts"]["pain"])))
    # The most recent episode with a side: the person's answer, else read from their words (reading
    # words is not free: at most the latest 50 with words are read).
    side, read = None, 0
    for e in reversed(episodes):
        if e.get("side"):
            side = f"{answer_text('side', e['side'])} (as they answered)"
            break
        if e.get("text") and read < 50:
            read += 1
            found = side_of(e["text"])
            if found:
                side = f"{found} (from their own words)"
                break
    if side:
        rows.append((fact_name("side"), side))
    if episodes:
        rows.append(("First entry", day_text(episodes[0]["occurred_at"])))
    if "weeks" in latest:
        rows.append(("Going on for", f"{answer_text('weeks', latest['weeks'])} weeks (as last given)"))
    if latest.get("self_adjusting"):
        rows.append(("Cracks their own back", answer_text("self_adjusting", latest["self_adjusting"])))
    if assessments:
        top = max(assessments, key=lambda a: Disposition(a["assessment"]["disposition"]).level)
        rows.append(
            ("Highest level given", f"{level_label(top['assessment']['disposition'])}, {day_text(top['occurred_at'])}")
        )
    return rows


# -- figures --------------------------------------------------------------------

LEVELS = [Disposition.SELF_CARE, Disposition.MONITOR, Disposition.CONSULT, Disposition.URGENT, Disposition.EMERGENCY]


def _time_axis(ax: Any, first: date, weeks: int, *, label: str) -> None:
    """Dates on the x axis in days and weeks (never hours): Mondays for up to 16 weeks, months beyond."""
    from matplotlib.dates import DateFormatter, MonthLocator, WeekdayLocator

    start = datetime.combine(first, datetime.min.time())
    ax.set_xlim(start, start + timedelta(weeks=weeks))
    if weeks <= 16:
        ax.xaxis.set_major_locator(WeekdayLocator(byweekday=0, interval=1 if weeks <= 8 else 2))
        ax.xaxis.set_major_formatter(DateFormatter("%d %b"))
    elif weeks <= 60:
        ax.xaxis.set_major_locator(MonthLocator())
        ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))
    else:
        ax.xaxis.set_major_locator(MonthLocator(bymonth=(1, 4, 7, 10)))
        ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))
    ax.set_xlabel(label)
    for tick in ax.get_xticklabels():
        tick.set_rotation(30)
        tick.set_horizontalalignment("right")


def _figures(episodes: list[dict[str, Any]], rows: list[WeekRow]) -> list[tuple[str, str, Figure]]:
    from backpop.wording import answer_text, level_label

    figures = []
    first, n_weeks = rows[0].start, len(rows)
    x = [datetime.combine(r.start, datetime.min.time()) for r in rows]

    # Levels over time: one mark per day and level, as big as the number of episodes that day
    # (so a busy day is one larger mark with its count, not a pile of hidden ones).
    fig, ax = _figure((9, 3.0))
    per_day = Counter((e["occurred_at"].date(), e["disposition"]) for e in episodes if e["disposition"] is not None)
    for level in LEVELS:
        days = sorted(d for (d, lv) in per_day if lv == level)
        if not days:
            continue
        counts = [per_day[(d, level)] for d in days]
        xs = [datetime.combine(d, datetime.min.time()) + timedelta(hours=12) for d in days]
        ax.scatter(
            xs,
            [level.level] * len(days),
            s=[24 + 16 * min(c, 12) for c in counts],
            c=DISPOSITION_COLOURS[level],
            edgecolors="#222222",
            linewidths=0.5,
            zorder=3,
        )
        if len(days) <= 60:
            for xd, c in zip(xs, counts, strict=True):
                if c > 1:
                    ax.annotate(
                        str(c), (xd, level.level), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=7
                    )
    ax.set_yticks([lv.level for lv in LEVELS], [level_label(lv) for lv in LEVELS])
    ax.set_ylim(-0.6, 4.6)
    ax.grid(axis="x", alpha=0.3)
    _time_axis(ax, first, n_weeks, label="Date")
    ax.set_title("Triage level of each episode (a bigger mark: more episodes that day)")
    figures.append(("timeline", "Levels over time", fig))

    # Weekly counts, stacked by kind of sound: one bar per calendar week.
    fig, ax = _figure((9, 3.0))
    bottom = [0] * len(rows)
    for kind in SOUND_KINDS:
        values = [r.by_sound.get(kind, 0) for r in rows]
        if any(values):
            name = "Not said" if kind == "unknown" else answer_text("sound", kind)
            ax.bar(x, values, width=6, bottom=bottom, align="edge", color=SOUND_COLOURS[kind], label=name)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("Episodes per week")
    if any(bottom):
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.set_title("Episodes per week, by kind of sound")
    ax.grid(axis="y", alpha=0.3)
    ax.yaxis.get_major_locator().set_params(integer=True)
    _time_axis(ax, first, n_weeks, label="Week starting (Monday)")
    figures.append(("weekly", "Episodes per week", fig))

    # Pain over time: every episode with a known pain level, plus the weekly worst.
    fig, ax = _figure((9, 2.8))
    with_pain = [e for e in episodes if e["facts"].get("pain") in PAIN_VALUE]
    if with_pain:
        ax.scatter(
            [e["occurred_at"] for e in with_pain],
            [PAIN_VALUE[e["facts"]["pain"]] for e in with_pain],
            s=14,
            alpha=0.4,
            color="#0072B2",
            label="One episode",
        )
    worst = [(x[i] + timedelta(days=3.5), PAIN_VALUE[r.worst_pain]) for i, r in enumerate(rows) if r.worst_pain]
    if worst:
        ax.plot(
            [w[0] for w in worst], [w[1] for w in worst], color="#B3471B", lw=1.5, marker=".", label="Worst that week"
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    ax.set_yticks(range(4), ["None", "Mild", "Moderate", "Severe"])
    ax.set_ylim(-0.4, 3.4)
    ax.set_title("Pain reported with each episode")
    ax.grid(alpha=0.3)
    _time_axis(ax, first, n_weeks, label="Date")
    figures.append(("pain", "Pain over time", fig))

    # Self-cracking: times per calendar week, the same weeks and counts as the trend page.
    fig, ax = _figure((9, 2.6))
    counts = [r.self_adjusting for r in rows]
    ax.bar(x, counts, width=6, align="edge", color="#A6457F")
    ax.axhline(35, color="#777777", ls="--", lw=1)
    ax.text(1.0, 35, " 5 a day", va="center", fontsize=8, color="#555555", transform=ax.get_yaxis_transform())
    ax.set_ylabel("Times per week")
    ax.set_ylim(0, max(counts + [40]) * 1.1)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"Cracking their own back on purpose: {sum(counts)} times in these weeks")
    ax.grid(axis="y", alpha=0.3)
    _time_axis(ax, first, n_weeks, label="Week starting (Monday)")
    figures.append(("self-adjusting", "Self-cracking per week", fig))
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

#: Badge colours with white text at >= 4.5:1 (WCAG 2.2 AA), the same hues as the web pages.
BADGE = {
    Disposition.SELF_CARE: ("#166534", "#ffffff"),
    Disposition.MONITOR: ("#1e40af", "#ffffff"),
    Disposition.CONSULT: ("#fde68a", "#1a1a1a"),
    Disposition.URGENT: ("#9a3412", "#ffffff"),
    Disposition.EMERGENCY: ("#b3261e", "#ffffff"),
}

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1a1a1a;margin:0 auto;
 max-width:980px;padding:0 12px 2em}
h1{margin:.6em 0 .1em;font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.meta{color:#555}.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:14px}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.level{display:inline-block;padding:1px 7px;border-radius:9px;font-size:13px;white-space:nowrap}
.box{border-left:5px solid #777;background:#f7f7f7;padding:.6em 1em;margin:.6em 0}
.alert{border-color:#b3261e;background:#fff1f0}img{max-width:100%;height:auto}
.present{color:#8c1d18;font-weight:700}.absent{color:#166534}.notasked{color:#555;font-style:italic}
.thumbs{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.thumbs figure{margin:0}.thumbs figcaption{font-size:12px;color:#555}.small{font-size:13px;color:#555}
dl.glance{display:grid;grid-template-columns:minmax(8em,max-content) 1fr;gap:4px 12px}dl.glance dt{font-weight:700}
dl.glance dd{margin:0}blockquote{margin:0;font-style:italic}
@media (max-width:600px){dl.glance{grid-template-columns:1fr}dl.glance dd{margin-bottom:6px}
 body{font-size:14px}th,td{padding:3px 5px}}
"""


def _level(value: Any) -> str:
    from backpop.wording import level_label

    try:
        d = Disposition(value) if value else None
    except ValueError:
        d = None
    if d is None:
        return ""
    back, ink = BADGE[d]
    return f'<span class="level" style="background:{back};color:{ink}">{html.escape(level_label(d))}</span>'


def _when(value: datetime | None) -> str:
    from backpop.wording import when_text

    return when_text(value)


def _facts(facts: dict[str, Any]) -> str:
    from backpop.wording import facts_text

    return facts_text(facts)


def _wrap(label: str) -> str:
    """A table that may scroll sideways on a phone: focusable and named, for keyboards and screen readers."""
    return f"<div class='wrap' tabindex='0' role='region' aria-label='{html.escape(label)}'>"


def _sign_status(status: str, dates: list[datetime]) -> str:
    from backpop.wording import day_text

    if status == "present":
        shown = ", ".join(day_text(d) for d in dates[-5:]) + (f" and {len(dates) - 5} more" if len(dates) > 5 else "")
        return f"Present ({shown})"
    if status == "absent":
        return f"Absent (last answered {day_text(dates[0])})"
    return "Not asked"


def _render_html(report: Report) -> str:
    from backpop.wording import counts_text, day_text

    e = html.escape
    covering = (
        f" · covering {day_text(report.period[0])} to {day_text(report.period[1])}"
        if report.period
        else " · the diary is empty"
    )
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{e(report.title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{e(report.title)}</h1>",
        f"<p class='meta'>{('Diary of ' + e(report.who) + ' · ') if report.who else ''}"
        f"Generated {_when(report.generated)}{covering}</p>",
    ]
    trend = report.trend
    a = trend.assessment
    if trend.unseen_urgent:
        rows = "".join(
            f"<tr><td>{_when(x['occurred_at'])}</td><td>{_level(x['disposition'].value)}</td>"
            f"<td>{e(_facts(x['facts']))}</td></tr>"
            for x in trend.unseen_urgent
        )
        parts.append(
            "<div class='box alert' role='alert'>"
            "<strong>Urgent episodes not yet marked as seen by a clinician</strong>"
            f"{_wrap('Urgent episodes not yet seen')}<table><tr><th>When</th><th>Level</th><th>What they said</th></tr>"
            f"{rows}</table></div>"
            "</div>"
        )
    parts.append("<h2>Summary</h2><dl class='glance'>")
    for label, value in report.glance:
        parts.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
    for label, value in report.counts.items():
        parts.append(f"<dt>{e(label.capitalize())}</dt><dd>{value}</dd>")
    twelve = sum(r.self_adjusting for r in trend.weeks)
    parts.append(f"<dt>Self-cracking in the last 12 weeks</dt><dd>{twelve}</dd></dl>")
    parts.append(
        f"<div class='box'><p><strong>Pattern over the last 12 weeks:</strong> {_level(a.disposition.value)} "
        f"{e(a.time_frame)}</p>"
    )
    if a.reasoning:
        parts.append("<ul>")
        for r in a.reasoning:
            parts.append(f"<li>{e(r.summary)} <span class='small'>(rule {e(r.rule_id)}; {e(r.source)})</span></li>")
        parts.append("</ul>")
    else:
        parts.append("<p>No pattern in these weeks needs attention.</p>")
    parts.append("</div>")

    parts.append(
        "<h2>Warning signs</h2><p class='small'>Present, absent and never asked are kept apart: "
        "a sign that was not asked is not known to be absent.</p>" + _wrap("Warning signs") + "<table>"
        "<tr><th>Sign</th><th>Status</th></tr>"
    )
    for name, status, dates in report.warning_signs:
        css = status.replace(" ", "")
        parts.append(f"<tr><td>{e(name)}</td><td class='{css}'>{e(_sign_status(status, dates))}</td></tr>")
    parts.append("</table></div>")

    parts.append("<h2>Red flags ever raised</h2>")
    if report.red_flags:
        parts.append(
            _wrap("Red flags") + "<table><tr><th>When</th><th>Level</th><th>Found</th>"
            "<th>To rule out</th><th>Rule</th><th>Seen by a clinician</th></tr>"
        )
        for f in report.red_flags:
            parts.append(
                f"<tr><td>{_when(f['when'])}</td><td>{_level(f['disposition'])}</td><td>{e(f['found'])}</td>"
                f"<td>{e(f['rule_out'])}</td><td>{e(f['rule_id'])}</td><td>{_when(f['seen']) or 'Not yet'}</td></tr>"
            )
        parts.append("</table></div>")
    else:
        parts.append("<p>No assessment in this period raised a red flag.</p>")

    for key, title, fig in report.figures:
        parts.append(f"<h2>{e(title)}</h2>")
        parts.append(f"<img alt='{e(title)}' id='plot-{key}' src='data:image/png;base64,{_png(fig)}'>")

    parts.append(
        "<h2>Last 12 weeks</h2>"
        + _wrap("Last 12 weeks")
        + "<table><tr><th>Week starting</th><th>Episodes</th><th>Sounds</th>"
        "<th>Pain</th><th>Self-cracking</th><th>Highest level</th></tr>"
    )
    for row in trend.weeks:
        parts.append(
            f"<tr><td>{day_text(row.start)}</td><td>{row.episodes}</td>"
            f"<td>{e(counts_text('sound', row.by_sound))}</td>"
            f"<td>{e(counts_text('pain', row.pain))}</td>"
            f"<td>{row.self_adjusting} ({row.self_adjusting_per_day:.1f} a day)</td>"
            f"<td>{_level(row.highest_disposition.value if row.highest_disposition else None)}</td></tr>"
        )
    parts.append(
        f"<tr><th>Total</th><th>{sum(r.episodes for r in trend.weeks)}</th><th></th><th></th>"
        f"<th>{twelve}</th><th></th></tr></table></div>"
    )

    if report.recent_episodes:
        parts.append(f"<h2>Episodes, most recent first (up to {MAX_EPISODE_ROWS})</h2>")
        parts.append(
            _wrap("Episodes") + "<table><tr><th>When</th><th>Level</th><th>What they said</th>"
            "<th>In their own words</th></tr>"
        )
        for x in report.recent_episodes:
            level = _level(x["disposition"].value if x["disposition"] else None)
            words = f"<blockquote>{e(x['text'])}</blockquote>" if x.get("text") else ""
            parts.append(
                f"<tr><td>{_when(x['occurred_at'])}</td><td>{level}</td><td>{e(_facts(x['facts']))}</td>"
                f"<td>{words}</td></tr>"
            )
        parts.append("</table></div>")

    if report.thumbnails:
        parts.append("<h2>Recordings</h2><div class='thumbs'>")
        for caption, fig in report.thumbnails:
            parts.append(
                f"<figure><img alt='{e(caption)}' src='data:image/png;base64,{_png(fig, dpi=90)}'>"
                f"<figcaption>{e(caption)}</figcaption></figure>"
            )
        parts.append("</div>")
    if report.notes:
        parts.append("<h2>Notes</h2>" + _wrap("Notes") + "<table><tr><th>When</th><th>Note</th></tr>")
        for n in report.notes:
            parts.append(f"<tr><td>{_when(n['created_at'])}</td><td>{e(n['text'])}</td></tr>")
        parts.append("</table></div>")
    parts.append(f"<p class='small'>{e(a.disclaimer)} Knowledge base version {e(a.knowledge_version)}.</p>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


# -- PDF ------------------------------------------------------------------------


def report_lines(report: Report) -> list[str]:
    """The report's words, for the PDF's text pages: everything the HTML says except the pictures."""
    from backpop.wording import counts_text, day_text, level_label

    a = report.trend.assessment
    lines = [report.title, ""]
    if report.who:
        lines.append(f"Diary of {report.who}")
    lines.append(f"Generated {_when(report.generated)}")
    if report.period:
        lines.append(f"Covering {day_text(report.period[0])} to {day_text(report.period[1])}")
    if report.trend.unseen_urgent:
        lines += ["", "URGENT EPISODES NOT YET MARKED AS SEEN BY A CLINICIAN"]
        lines += [
            f"- {_when(x['occurred_at'])}, {level_label(x['disposition'])}: {_facts(x['facts'])}"
            for x in report.trend.unseen_urgent
        ]
    lines += ["", "SUMMARY"]
    lines += [f"{label}: {value}" for label, value in report.glance]
    lines += [f"{label.capitalize()}: {value}" for label, value in report.counts.items()]
    lines.append(f"Self-cracking in the last 12 weeks: {sum(r.self_adjusting for r in report.trend.weeks)}")
    lines.append(f"Pattern over the last 12 weeks: {level_label(a.disposition)}. {a.time_frame}")
    for r in a.reasoning:
        lines.append(f"- {r.summary} (rule {r.rule_id}; {r.source})")
    lines += ["", "WARNING SIGNS (present / absent / not asked)"]
    lines += [f"- {name}: {_sign_status(status, dates)}" for name, status, dates in report.warning_signs]
    lines += ["", "RED FLAGS EVER RAISED"]
    lines += [
        f"- {_when(f['when'])}, {level_label(f['disposition'])}: {f['found']} To rule out: {f['rule_out']} "
        f"(rule {f['rule_id']}); seen by a clinician: {_when(f['seen']) or 'not yet'}"
        for f in report.red_flags[:30]
    ] or ["- none"]
    if len(report.red_flags) > 30:
        lines.append(f"  ... and {len(report.red_flags) - 30} more (see the HTML report)")
    lines += ["", "LAST 12 WEEKS (week starting: episodes; sounds; pain; self-cracking; highest level)"]
    for row in report.trend.weeks:
        lines.append(
            f"- {day_text(row.start)}: {row.episodes}; {counts_text('sound', row.by_sound) or '-'}; "
            f"{counts_text('pain', row.pain) or '-'}; {row.self_adjusting}; "
            f"{level_label(row.highest_disposition) or '-'}"
        )
    lines += ["", f"EPISODES, MOST RECENT FIRST (up to {MAX_EPISODE_ROWS})"]
    for x in report.recent_episodes:
        level = level_label(x["disposition"]) if x["disposition"] else "not assessed"
        lines.append(f"- {_when(x['occurred_at'])}, {level}: {_facts(x['facts'])}")
        if x.get("text"):
            lines.append(f"   In their own words: \u201c{' '.join(x['text'].split())}\u201d")
    if report.notes:
        lines += ["", "NOTES"]
        lines += [f"- {_when(n['created_at'])}: {n['text']}" for n in report.notes]
    lines += ["", a.disclaimer, f"Knowledge base version {a.knowledge_version}."]
    return lines


def _render_pdf(report: Report, path: Path) -> None:
    import textwrap

    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    wrapped: list[str] = []
    for line in report_lines(report):
        wrapped += textwrap.wrap(line, 100, subsequent_indent="   ") or [""]
    per_page = 60
    with PdfPages(path) as pdf:
        for start in range(0, len(wrapped), per_page):
            page = Figure(figsize=(8.27, 11.69))
            page.text(
                0.06,
                0.965,
                "\n".join(wrapped[start : start + per_page]),
                va="top",
                fontsize=8.5,
                family="DejaVu Sans",
                linespacing=1.35,
            )
            pdf.savefig(page)
        for _key, title, fig in report.figures:
            fig.suptitle(title, fontsize=10, fontweight="bold")
            pdf.savefig(fig)
        for caption, fig in report.thumbnails:
            fig.suptitle(caption, fontsize=7)
            pdf.savefig(fig)

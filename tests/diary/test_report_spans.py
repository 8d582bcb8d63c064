"""The clinician report over a diary of 3 days, 12 weeks and 2 years: each chart's axis is in days and
weeks (never hours), its counts agree with `backpop diary trend --json`, marks do not hide each other,
level badges are readable (WCAG AA), and the PDF carries the episodes and the person's own words."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from matplotlib.dates import num2date
from typer.testing import CliRunner

from backpop.diary.cli import diary_app
from backpop.diary.report import BADGE, build_report

from .diary_helpers import save

#: `backpop diary trend` counts up to the real today, so these diaries end today too.
NOW = datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


SPANS = {"3 days": 3, "12 weeks": 12 * 7, "2 years": 730}


def _fill(diary, days: int) -> None:
    """Episodes every day or two (several on some days), self-cracking most days, over `days` days."""
    step = 1 if days <= 90 else 3
    for n in range(0, days, step):
        when = days_ago(n) - timedelta(hours=2)
        save(diary, when, sound="pop", pain="none", activity="twisting", repeat="not_for_a_while")
        if n % 5 == 0:  # a second and third episode the same day, at the same level
            save(diary, when + timedelta(minutes=20), sound="pop", pain="none")
            save(diary, when + timedelta(minutes=40), sound="click", pain="mild")
        for k in range(n % 3):
            diary.log_crack(when=when - timedelta(hours=k + 1))
    save(
        diary,
        days_ago(1),
        sound="grinding",
        pain="moderate",
        radiating_pain=True,
        text="My left leg tingles after the grinding",
    )


def _trend_json(db: str) -> dict:
    result = CliRunner().invoke(diary_app, ["trend", "--json", "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _axes(report):
    axes = {}
    for key, _title, fig in report.figures:
        fig.draw_without_rendering()  # lays out the ticks as they will be drawn
        axes[key] = fig.axes[0]
    return axes


def _bars_by_week(ax) -> dict[datetime, float]:
    return {num2date(p.get_x()).replace(tzinfo=None): p.get_height() for p in ax.patches}


@pytest.fixture(params=list(SPANS), ids=list(SPANS))
def filled(request, diary, diary_path):
    _fill(diary, SPANS[request.param])
    return request.param, diary, str(diary_path)


def test_every_time_axis_is_in_days_and_weeks_never_hours(filled):
    _span, diary, _db = filled
    report = build_report(diary, now=NOW)
    for key, ax in _axes(report).items():
        assert ax.get_xlabel() in ("Date", "Week starting (Monday)"), key
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert labels, key
        assert not any(":" in label for label in labels), (key, labels)  # no "06:00" hour ticks
        ticks = sorted(ax.get_xticks())
        assert all(b - a >= 7 for a, b in zip(ticks, ticks[1:], strict=False)), (key, labels)  # a week or more apart
        left, right = ax.get_xlim()
        assert num2date(left).weekday() == 0 and (right - left) % 7 == 0, key  # whole calendar weeks


def test_weekly_counts_agree_with_diary_trend_json(filled):
    _span, diary, db = filled
    report = build_report(diary, now=NOW)
    trend = _trend_json(db)
    axes = _axes(report)
    cracks = _bars_by_week(axes["self-adjusting"])
    episodes: dict[datetime, float] = {}
    for patch in axes["weekly"].patches:  # stacked by kind of sound: add the layers up
        week = num2date(patch.get_x()).replace(tzinfo=None)
        episodes[week] = episodes.get(week, 0) + patch.get_height()
    for week in trend["weeks"]:
        start = datetime.fromisoformat(week["start"])
        assert cracks.get(start, 0) == week["self_adjusting"], week["start"]
        assert episodes.get(start, 0) == week["episodes"], week["start"]
    assert trend["totals"]["self_adjusting"] == sum(w["self_adjusting"] for w in trend["weeks"])
    page = report.html()
    shown = re.search(r"<dt>Self-cracking in the last 12 weeks</dt><dd>(\d+)</dd>", page)
    assert shown and int(shown.group(1)) == trend["totals"]["self_adjusting"]


def test_timeline_marks_do_not_sit_on_each_other(filled):
    _span, diary, _db = filled
    axes = _axes(build_report(diary, now=NOW))
    points = [tuple(p) for c in axes["timeline"].collections for p in c.get_offsets()]
    assert points and len(points) == len(set(points))


def test_level_badges_meet_wcag_aa_contrast():
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for level, (back, ink) in BADGE.items():
        light, dark = sorted((luminance(back), luminance(ink)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, level


def test_report_speaks_plain_words_and_fits_a_phone(diary):
    _fill(diary, 10)
    page = build_report(diary, now=NOW).html()
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S))
    for raw in ("radiating_pain", "self_care", "not_for_a_while", "True", "False", "T12:", "= "):
        assert raw not in visible, raw
    assert "Pain shooting down a leg or arm" in visible
    assert "name='viewport'" in page
    assert "Present (" in visible and "Not asked" in visible  # warning signs kept apart


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_carries_the_episode_list_and_the_persons_words(diary, tmp_path):
    _fill(diary, 12 * 7)
    target = tmp_path / "report.pdf"
    build_report(diary, now=NOW).pdf(target)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "EPISODES, MOST RECENT FIRST" in text
    assert "My left leg tingles after the grinding" in " ".join(text.split())
    assert "WARNING SIGNS" in text and "Week starting (Monday)" in text

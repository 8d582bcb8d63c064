"""The diary's aggregate facts and weekly counts (the verdict is tested in tests/test_trend_verdict.py)."""

from __future__ import annotations

from datetime import timedelta

from backpop.assessment import Disposition
from backpop.diary.weekly import build_trend

from .diary_helpers import NOW, days_ago, save


def test_weekly_rows_count_sounds_pain_cracks_and_highest_level(diary):
    save(diary, days_ago(0), sound="grinding", pain="mild")
    save(diary, days_ago(1), sound="pop", pain="none")
    for _ in range(6):
        diary.log_crack(when=days_ago(1))
    trend = build_trend(diary, weeks=4, now=NOW)
    assert len(trend.weeks) == 4
    this_week = trend.weeks[-1]
    assert this_week.start.weekday() == 0
    assert this_week.by_sound == {"pop": 1, "grinding": 1}
    assert this_week.pain == {"none": 1, "mild": 1}
    assert this_week.worst_pain == "mild"
    assert this_week.self_adjusting == 6
    assert this_week.self_adjusting_per_day == 6 / 3  # Monday to Wednesday so far
    assert this_week.highest_disposition is Disposition.CONSULT
    assert trend.weeks[0].episodes == 0


def test_grinding_weeks_are_counted_over_the_last_six(diary):
    for week in (0, 1, 3, 7):  # week 7 is outside the window
        save(diary, days_ago(7 * week), sound="grinding", pain="none")
    trend = build_trend(diary, now=NOW)
    assert trend.facts["grinding_weeks_of_last_6"] == 3
    assert trend.facts["grinding_with_pain"] is False
    assert [r.rule_id for r in trend.assessment.reasoning] == ["T-GRIND"]


def test_self_adjusting_rate_is_averaged_over_fourteen_days(diary):
    for i in range(71):
        diary.log_crack(when=NOW - timedelta(hours=4 * i))
    trend = build_trend(diary, now=NOW)
    assert trend.facts["self_adjusting_per_day_last_2_weeks"] == round(71 / 14, 3)
    assert "T-SELF-ADJUST" in [r.rule_id for r in trend.assessment.reasoning]


def test_pain_with_a_sound_that_was_always_painless_is_new(diary):
    for n in (40, 30, 20):
        save(diary, days_ago(n), sound="click", pain="none")
    save(diary, days_ago(2), sound="click", pain="mild")
    assert build_trend(diary, now=NOW).facts["new_pain_with_sounds"] is True


def test_pain_with_a_sound_that_hurt_before_is_not_new(diary):
    save(diary, days_ago(30), sound="click", pain="mild")
    save(diary, days_ago(2), sound="click", pain="mild")
    assert build_trend(diary, now=NOW).facts["new_pain_with_sounds"] is False


def test_urgent_episode_stays_on_top_until_marked_seen(diary):
    ref = save(diary, days_ago(60), radiating_pain=True, pain="moderate")
    trend = build_trend(diary, now=NOW)
    assert trend.facts["unseen_urgent_episodes"] == 1
    assert [f"e{e['id']}" for e in trend.unseen_urgent] == [ref]
    assert trend.assessment.reasoning[0].rule_id == "T-UNSEEN"
    diary.mark_seen(ref)
    trend = build_trend(diary, now=NOW)
    assert trend.facts["unseen_urgent_episodes"] == 0
    assert trend.unseen_urgent == []

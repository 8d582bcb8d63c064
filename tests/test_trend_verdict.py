"""Trend rules in knowledge/trends.yaml, evaluated by the engine over aggregate facts."""

from __future__ import annotations

import pytest

from backpop.assessment import Disposition
from backpop.trend_verdict import assess_trend, trend_rules, trend_schema

SOURCES = {
    "seed: Understanding Crepitus",
    "seed: The Risks of Self-Adjusting Your Back",
    "seed: When Popping Indicates a Serious Issue",
}


def fired(facts):
    return [r.rule_id for r in assess_trend(facts).reasoning]


def test_every_trend_rule_has_an_id_and_a_seed_source():
    rules = trend_rules().rules
    assert {r.id for r in rules} == {"T-UNSEEN", "T-GRIND-PAIN", "T-NEW-PAIN", "T-GRIND", "T-SELF-ADJUST"}
    assert {r.source for r in rules} <= SOURCES


def test_schema_declares_the_facts_the_diary_computes():
    assert set(trend_schema()) == {
        "grinding_weeks_of_last_6",
        "grinding_with_pain",
        "self_adjusting_per_day_last_2_weeks",
        "new_pain_with_sounds",
        "unseen_urgent_episodes",
    }


def test_a_quiet_diary_needs_nothing():
    result = assess_trend({"grinding_weeks_of_last_6": 0, "unseen_urgent_episodes": 0})
    assert result.disposition is Disposition.SELF_CARE
    assert result.reasoning == []


@pytest.mark.parametrize(("weeks", "expected"), [(2, []), (3, ["T-GRIND"]), (6, ["T-GRIND"])])
def test_grinding_in_three_of_six_weeks_is_monitored(weeks, expected):
    result = assess_trend({"grinding_weeks_of_last_6": weeks, "grinding_with_pain": False})
    assert fired(result.facts) == expected
    if expected:
        assert result.disposition is Disposition.MONITOR
        assert result.reasoning[0].facts == {"grinding_weeks_of_last_6": weeks}


def test_persistent_grinding_with_pain_needs_a_consultation():
    result = assess_trend({"grinding_weeks_of_last_6": 3, "grinding_with_pain": True})
    assert result.disposition is Disposition.CONSULT
    assert fired(result.facts) == ["T-GRIND-PAIN", "T-GRIND"]
    assert result.reasoning[0].source == "seed: Understanding Crepitus"


@pytest.mark.parametrize(("per_day", "fires"), [(5.0, False), (71 / 14, True), (9.5, True)])
def test_more_than_five_self_cracks_a_day_brings_the_hypermobility_advice(per_day, fires):
    result = assess_trend({"self_adjusting_per_day_last_2_weeks": per_day})
    assert ("T-SELF-ADJUST" in fired(result.facts)) is fires
    if fires:
        assert result.disposition is Disposition.MONITOR
        assert {"avoid-forcing", "exercises"} <= {a.id for a in result.advice}


def test_new_pain_with_a_once_painless_sound_needs_a_consultation():
    result = assess_trend({"new_pain_with_sounds": True})
    assert result.disposition is Disposition.CONSULT
    assert fired(result.facts) == ["T-NEW-PAIN"]


def test_an_unseen_urgent_episode_keeps_the_trend_urgent_and_comes_first():
    result = assess_trend({"unseen_urgent_episodes": 1, "grinding_weeks_of_last_6": 4, "grinding_with_pain": False})
    assert result.disposition is Disposition.URGENT
    assert fired(result.facts)[0] == "T-UNSEEN"


def test_unknown_trend_fact_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown trend fact"):
        assess_trend({"grinding_weeks": 3})

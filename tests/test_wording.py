"""What a person reads is the same plain wording on every face: labels from the knowledge base,
never a field name, a Python literal or an ISO timestamp; the headline says what to do and by when,
and the condition to rule out is kept for the clinician."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime

import pytest

from backpop import Disposition, Episode, assess
from backpop.episode import allowed_values, field_names
from backpop.knowledge import knowledge
from backpop.wording import answer_text, emergency_number, fact_text, level_label, when_text

BACKPOP = [sys.executable, "-m", "backpop.cli"]
RAW = sorted(
    {n for n in field_names() if "_" in n}
    | {str(v) for n in field_names() for v in (allowed_values(n) or []) if "_" in str(v)}
)
#: Every warning sign answered "no", so that each result below is final, not provisional.
NONE_OF_THE_SIGNS = {name: False for name in knowledge().urgent_rule_fields if allowed_values(name) == [True, False]}
STORIES = {
    "self_care": Episode(
        **NONE_OF_THE_SIGNS, sound="pop", pain="none", activity="twisting", repeat="not_for_a_while", age=30
    ),
    "monitor": Episode(**NONE_OF_THE_SIGNS, sound="grinding", pain="none", age=50, activity="bending"),
    "consult": Episode(**NONE_OF_THE_SIGNS, sound="clunk", giving_way=True, pain="mild", age=40, activity="bending"),
    "urgent": Episode(
        **{**NONE_OF_THE_SIGNS, "pain_began_with_pop": True}, sound="pop", activity="heavy_lift", pain="severe", age=40
    ),
    "emergency": Episode(**{**NONE_OF_THE_SIGNS, "saddle_numbness": True}, pain="severe", sound="pop"),
}


def _terminal(episode: Episode, **env: str) -> str:
    done = subprocess.run(
        [*BACKPOP, "assess", "-"],
        input=episode.model_dump_json(exclude_none=True),
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", **env},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _no_raw(text: str) -> None:
    for raw in RAW:
        assert not re.search(rf"\b{re.escape(raw)}\b", text), raw
    for literal in (r"\bTrue\b", r"\bFalse\b", r"\bNone\b", r"\d{4}-\d{2}-\d{2}T\d{2}:", r"\b\w+ = \w+"):
        assert not re.search(literal, text), literal


@pytest.mark.parametrize("level", list(STORIES))
def test_every_level_has_a_headline_that_says_what_to_do_and_never_names_the_condition(level):
    result = assess(STORIES[level])
    assert result.disposition.value == level and not result.provisional
    words = (result.time_frame + " " + result.headline).lower()
    assert any(when in words for when in ("now", "today", "next few days", "next week", "check-up", "yourself"))
    for rule in knowledge().rules.rules:
        if rule.rule_out:
            assert rule.rule_out.lower() not in words, rule.id


@pytest.mark.parametrize("level", list(STORIES))
def test_the_terminal_speaks_plain_words_and_keeps_the_condition_for_the_clinician(level):
    out = _terminal(STORIES[level])
    _no_raw(out)
    assert level_label(Disposition(level)).upper() in out
    fired = [r for r in assess(STORIES[level]).reasoning if r.rule_out]
    if fired:
        clinician = out[out.index("For your clinician") :]
        assert fired[0].rule_out.split()[0] in clinician


def test_an_emergency_in_the_terminal_gives_the_countrys_number_once():
    out = _terminal(STORIES["emergency"], BACKPOP_COUNTRY="US")
    assert "Call 911" in out and out.count("Do not drive yourself") == 1
    assert "Call 112" in _terminal(STORIES["emergency"])


def test_known_emergency_numbers():
    assert (emergency_number("GB"), emergency_number("us"), emergency_number("CA")) == ("999", "911", "911")
    assert (
        emergency_number("DE") == "112" and emergency_number("ZZ") == "112" and emergency_number(None) in "112 999 911"
    )


def test_advice_fits_the_case():
    emergency = assess(STORIES["emergency"])
    ids = {a.id for a in emergency.advice}
    assert not ids & {"reassure-cavitation", "reassure-snap", "avoid-forcing", "exercises"}
    grinding = assess(Episode(sound="grinding", pain="none", self_adjusting="never"))
    assert "avoid-forcing" not in {a.id for a in grinding.advice}  # no pop, no self-cracking
    habit = assess(Episode(sound="pop", pain="none", self_adjusting="daily"))
    assert "avoid-forcing" in {a.id for a in habit.advice}
    exercises = next(a for a in assess(STORIES["self_care"]).advice if a.id == "exercises")
    assert len(exercises.steps) >= 4 and exercises.stop and "Stop" in exercises.stop


def test_facts_and_times_in_words():
    assert fact_text("activity", "heavy_lift") == "What you were doing: Lifting something heavy"
    assert fact_text("numbness_tingling", True) == "Numbness or pins and needles in an arm or leg: Yes"
    assert answer_text("weeks", 3.0) == "3"
    assert when_text(datetime(2026, 3, 18, 9, 5)) == "Wed 18 Mar 2026, 09:05 UTC"
    assert when_text("2026-03-18T09:05:00Z") == "Wed 18 Mar 2026, 09:05 UTC"


def test_the_recording_notes_name_facts_in_words():
    result = assess(
        Episode(sound="grinding", pain="none"), recording_evidence={"sound": "click", "repeat": "every_movement"}
    )
    _no_raw(" ".join(result.notes))
    assert any(
        "Can you make it happen again straight away: Yes, it happens with every movement" in n for n in result.notes
    )

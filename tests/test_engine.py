"""assess(): properties that hold for every episode."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backpop import Assessment, Disposition, Episode, assess
from backpop.episode import allowed_values, field_kind, field_names, red_flag_fields
from backpop.knowledge import knowledge

#: The warning signs that an urgent or emergency rule reads.
RED_FLAG_BOOLS = list(tuple(f for f in red_flag_fields() if f in knowledge().urgent_rule_fields))


def _value(name):
    kind = field_kind(name)
    if kind == "number":
        return st.integers(0, 120) if name == "age" else st.floats(0, 520, allow_nan=False)
    return st.sampled_from(allowed_values(name))


episodes = st.fixed_dictionaries({}, optional={name: _value(name) for name in field_names()}).map(
    lambda d: Episode(**d)
)


@settings(max_examples=300, deadline=None)
@given(episodes)
def test_disposition_is_the_highest_fired_rule_and_every_reason_has_a_source(episode):
    result = assess(episode)
    assert result.reasoning, "at least one rule (S0 at the least) always fires"
    assert result.disposition == Disposition.highest([r.disposition for r in result.reasoning])
    assert all(r.source for r in result.reasoning)
    assert {f.rule_id for f in result.red_flags} == {
        r.rule_id for r in result.reasoning if r.disposition.level >= Disposition.URGENT.level
    }
    assert result.disclaimer and result.headline and result.knowledge_version


@settings(max_examples=300, deadline=None)
@given(episodes, st.sampled_from(RED_FLAG_BOOLS))
def test_confirming_a_warning_sign_never_lowers_the_disposition(episode, flag):
    before = assess(episode).disposition.level
    after = assess(episode.merged(**{flag: True})).disposition.level
    assert after >= before


@settings(max_examples=100, deadline=None)
@given(episodes)
def test_assessment_round_trips_through_json(episode):
    result = assess(episode)
    assert Assessment.model_validate_json(result.model_dump_json()) == result


def test_unanswered_red_flag_questions_are_listed():
    result = assess(Episode(sound="pop", pain="none"))
    unscreened = {f.field for f in result.unscreened_red_flags}
    assert {"saddle_numbness", "bladder_bowel_change", "neurovascular_signs"} <= unscreened
    assert "pain" not in unscreened


def test_every_fired_rule_names_the_facts_that_made_it_fire():
    result = assess(Episode(sound="pop", activity="heavy_lift", pain="severe", pain_began_with_pop=True))
    u2 = next(r for r in result.reasoning if r.rule_id == "U2")
    assert u2.facts == {"activity": "heavy_lift", "pain_began_with_pop": True, "pain": "severe"}


def test_above_self_care_there_is_always_safety_netting_and_a_next_step():
    for case in [{"sound": "grinding", "pain": "none"}, {"sound": "clunk"}, {"fever": True, "pain": "mild"}]:
        result = assess(Episode(**case))
        kinds = {a.kind for a in result.advice}
        assert "safety_net" in kinds and "action" in kinds


def test_benign_pop_is_reassured_and_warned_against_forcing():
    result = assess(Episode(sound="pop", pain="none", activity="twisting", repeat="not_for_a_while"))
    ids = {a.id for a in result.advice}
    assert result.disposition is Disposition.SELF_CARE
    assert {"reassure-cavitation", "avoid-forcing", "exercises"} <= ids
    assert result.likely_sources[0].id == "cavitation"
    assert result.likely_sources[0].band.value == "likely"


def test_no_percentages_are_shown():
    result = assess(Episode(sound="click", repeat="every_movement", pain="none"))
    assert "%" not in result.model_dump_json()


def test_assess_uses_only_the_knowledge_rules():
    kb = knowledge()
    result = assess(Episode(sound="clunk"), kb=kb)
    assert [r.rule_id for r in result.reasoning] == ["C2"]


def test_recording_fills_in_what_the_person_did_not_say():
    result = assess(Episode(pain="none"), recording_evidence={"sound": "pop", "repeat": "not_for_a_while"})
    assert result.episode["sound"] == "pop"
    assert result.likely_sources[0].id == "cavitation"
    assert any("From the recording" in n for n in result.notes)


def test_person_answer_is_kept_when_the_recording_disagrees():
    result = assess(Episode(sound="grinding", pain="none"), recording_evidence={"sound": "click"})
    assert result.episode["sound"] == "grinding"
    assert result.disposition is Disposition.MONITOR
    assert any("your answer is kept" in n for n in result.notes)


def test_recording_without_joint_sounds_adds_nothing():
    result = assess(Episode(sound="pop"), recording_evidence={})
    assert result.episode == {"sound": "pop"}
    assert result.notes


@settings(max_examples=300, deadline=None)
@given(episodes, st.data())
def test_answering_an_unanswered_question_never_lowers_the_disposition(episode, data):
    unanswered = [name for name in field_names() if name not in episode.known()]
    if not unanswered:
        return
    name = data.draw(st.sampled_from(unanswered))
    value = data.draw(_value(name))
    before = assess(episode).disposition.level
    assert assess(episode.merged(**{name: value})).disposition.level >= before

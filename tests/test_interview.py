"""The adaptive interview: order, skipping, what was read from a story, the checklist, the emergency stop."""

from __future__ import annotations

import random

import pytest

from backpop import Episode, assess
from backpop.engine import level_of
from backpop.interview import next_step, parse_answer, question_order, warning_sign_fields
from backpop.knowledge import knowledge


def _shown(step):
    """The fields a step shows: one question, or a checklist."""
    if step.checklist:
        return [q.field for q in step.checklist]
    return [step.question.field] if step.question else []


def _walk(answer, *, suggested=None, skipped=None):
    """Answer every step with answer(field) (None = don't know) until the end; the fields shown in order."""
    answers, skipped, shown, details = {}, list(skipped or []), [], {}
    for _ in range(100):
        step = next_step(answers, skipped, suggested=suggested, details=details)
        if step.emergency_stop or step.done:
            return shown, answers, skipped, step
        for name in _shown(step):
            shown.append(name)
            value = answer(name)
            if value is None:
                skipped.append(name)
            elif name in knowledge().detail_names:
                details[name] = value
            else:
                answers[name] = value
    raise AssertionError("the interview did not end")


def _question(field):
    return knowledge().question(field)


def _first_option(field):
    q = _question(field)
    if q.kind == "number":
        return 30
    if q.kind == "bool":
        return False
    return next(iter(q.options))


def test_first_questions_are_the_emergency_flags():
    order = [q.field for q in question_order(knowledge())]
    assert order[:2] == ["saddle_numbness", "bladder_bowel_change"]
    assert order.index("progressive_weakness") < order.index("fever")
    assert order.index("fever") < order.index("giving_way")


def test_the_first_screen_is_a_checklist_of_warning_signs_led_by_the_emergency_ones():
    step = next_step({})
    fields = _shown(step)
    assert step.checklist and fields[:2] == ["saddle_numbness", "bladder_bowel_change"]
    assert set(fields) <= set(warning_sign_fields(knowledge()))


def test_confirmed_emergency_flag_stops_the_interview_at_once():
    step = next_step({"saddle_numbness": True})
    assert step.emergency_stop and step.question is None


def test_an_emergency_sign_read_from_a_story_is_confirmed_before_it_stops_the_interview():
    step = next_step({}, suggested={"saddle_numbness": True, "sound": "pop"})
    assert not step.emergency_stop
    assert "saddle_numbness" in _shown(step) and step.suggested["saddle_numbness"] is True


def test_no_pain_skips_the_questions_that_need_pain():
    shown, *_ = _walk(lambda f: "none" if f == "pain" else _first_option(f))
    for name in ("pain_with_sound", "pain_began_with_pop", "night_pain", "unexplained_weight_loss"):
        assert name not in shown


def test_before_a_result_below_consult_every_warning_sign_is_asked_even_if_it_could_not_change_it():
    shown, answers, _, step = _walk(lambda f: "none" if f == "pain" else _first_option(f))
    assert assess(Episode(**answers)).disposition.level < 2
    for name in ("fever", "cancer_history", "osteoporosis", "long_term_steroids"):
        assert name in shown


def test_declined_questions_are_not_asked_again():
    first = _shown(next_step({}))
    assert not set(_shown(next_step({}, skipped=first))) & set(first)


def test_a_fact_read_from_a_story_that_could_change_the_level_is_asked_with_the_value_read():
    base = {f: False for f in warning_sign_fields(knowledge())}
    step = next_step(base, suggested={"pain": "mild"})
    assert step.question is not None and step.question.field in ("region", "activity", "pain")
    shown, answers, _, _ = _walk(lambda f: base.get(f, None), suggested={"pain": "mild"})
    assert "pain" in shown


def test_a_fact_read_from_a_story_that_cannot_change_the_level_is_not_asked():
    # An emergency already confirmed: nothing read can change it; and where the sound came from never can.
    shown, *_ = _walk(lambda f: False, suggested={"region": "lower_back", "frequency": "daily"})
    assert "region" not in shown and "frequency" not in shown


def test_an_answer_replaces_what_was_read():
    step = next_step({"pain": "severe"}, suggested={"pain": "none"})
    assert "pain" not in _shown(step) and "pain" not in step.unconfirmed


def test_the_checklist_pre_ticks_what_the_story_said():
    step = next_step({}, suggested={"fever": True, "cancer_history": False})
    assert step.checklist
    assert step.suggested == {"fever": True, "cancer_history": False}


@pytest.mark.parametrize("seed", range(40))
def test_a_walk_answered_at_random_never_ends_below_consult_with_a_warning_sign_unasked(seed):
    rng = random.Random(seed)
    kb = knowledge()

    def answer(field):
        q = _question(field)
        if rng.random() < 0.15:
            return None
        if q.kind == "bool":
            return rng.random() < 0.08
        if q.kind == "number":
            return rng.choice([20, 45, 75]) if field == "age" else rng.choice([0.5, 3, 20])
        return rng.choice(list(q.options))

    suggested = {"pain": rng.choice(["none", "mild", "moderate"]), "sound": "pop"}
    shown, answers, skipped, step = _walk(answer, suggested=suggested)
    if step.emergency_stop:
        return
    facts = {**{k: v for k, v in suggested.items() if k not in answers and k not in skipped}, **answers}
    result = assess(Episode(**facts))
    if result.disposition.level < 2:
        for name in warning_sign_fields(kb):
            applies = _question(name).ask_if.evaluate(facts)[0] is not False
            assert not applies or name in answers or name in skipped, name


def test_answers_are_read_as_numbers_words_or_yes_no():
    kb = knowledge()
    sound = next(q for q in kb.questions if q.field == "sound")
    fever = next(q for q in kb.questions if q.field == "fever")
    age = next(q for q in kb.questions if q.field == "age")
    assert parse_answer(sound, "3") == (True, "grinding")
    assert parse_answer(sound, "clunk") == (True, "clunk")
    assert parse_answer(fever, "Yes") == (True, True)
    assert parse_answer(fever, "") == (True, None)
    assert parse_answer(fever, "maybe later")[0] is False
    assert parse_answer(age, "72") == (True, 72)


def test_where_is_asked_right_after_the_warning_signs():
    base = {f: False for f in warning_sign_fields(knowledge())}
    step = next_step(base)
    assert step.question is not None and step.question.field == "region"


def test_warning_signs_are_phrased_for_the_part_named_and_that_parts_signs_come_first():
    neck = next_step({}, suggested={"region": "neck"}).checklist
    assert [q.field for q in neck][:2] == ["neurovascular_signs", "sudden_severe_headache"]
    assert "arm or hand" in next(q for q in neck if q.field == "numbness_tingling").checklist_text
    low = next_step({}, suggested={"region": "lower_back"}).checklist
    assert [q.field for q in low][:2] == ["saddle_numbness", "bladder_bowel_change"]
    assert "leg or foot" in next(q for q in low if q.field == "numbness_tingling").checklist_text
    # The same signs are asked whatever the part: only their order and words change.
    plain = next_step({}).checklist
    assert {q.field for q in neck} == {q.field for q in low} == {q.field for q in plain}


@pytest.mark.parametrize("region", ["neck", "upper_back", "lower_back", "unsure", None])
def test_the_part_named_never_changes_which_questions_are_asked_or_the_level(region):
    """Walked with the same truthful answers, every part gives the same questions and the same level."""
    truth = {"radiating_pain": True, "pain": "moderate", "activity": "bending", "sound": "pop"}
    suggested = {} if region is None else {"region": region}
    shown, answers, _, _ = _walk(
        lambda f: truth.get(f, False if f in warning_sign_fields(knowledge()) else None), suggested=suggested
    )
    plain, plain_answers, _, _ = _walk(lambda f: truth.get(f, False if f in warning_sign_fields(knowledge()) else None))
    assert set(shown) - {"region"} == set(plain) - {"region"}
    assert level_of({**answers, **suggested}, knowledge()) == level_of(plain_answers, knowledge())


# -- which side: a detail asked beside the answers, never an Episode fact ------------------------


def test_which_side_is_asked_once_right_after_where():
    shown, *_ = _walk(_first_option)
    assert shown.count("side") == 1
    assert shown[shown.index("region") + 1] == "side"


def test_which_side_is_a_screen_of_its_own_in_the_progress():
    before = next_step({"region": "neck"})
    after = next_step({"region": "neck"}, details={"side": "left"})
    assert after.asked == before.asked + 1
    assert next_step({"region": "neck"}, ["side"]).asked == after.asked  # "don't know" counts as asked


def test_a_side_read_from_the_words_is_shown_pre_selected_and_is_not_an_unconfirmed_fact():
    facts = {name: False for name in warning_sign_fields(knowledge())}
    step = next_step({**facts, "region": "lower_back"}, suggested={"side": "right"})
    assert step.question.field == "side" and step.suggested == {"side": "right"}
    assert "side" not in step.unconfirmed  # it never makes a result provisional


def test_which_side_is_never_asked_after_an_emergency_stop():
    step = next_step({"saddle_numbness": True, "region": "lower_back"}, suggested={"side": "left"})
    assert step.emergency_stop and step.question is None


def test_which_side_never_changes_a_level_or_the_questions_that_decide_it():
    """Every public vignette, answered truthfully, with every answer to "which side": the same level
    and the same other questions in the same order."""
    from tests.test_vignettes import _public_cases

    warning = set(warning_sign_fields(knowledge()))
    sides = [*knowledge().question("side").options, None]
    for case in _public_cases():
        truth = case["episode"]

        def truthful(name, truth=truth):
            return truth.get(name, False if name in warning else None)

        outcomes = set()
        for side in sides:
            shown, answers, skipped, step = _walk(lambda name, side=side: side if name == "side" else truthful(name))
            level = assess(Episode(**answers)).disposition
            outcomes.add((tuple(n for n in shown if n != "side"), level, step.emergency_stop))
        assert len(outcomes) == 1, case["id"]

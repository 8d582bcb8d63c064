"""The adaptive interview: order, skipping and the emergency stop."""

from __future__ import annotations

from backpop.interview import next_step, parse_answer, question_order
from backpop.knowledge import knowledge


def _field(answers, skipped=()):
    step = next_step(answers, skipped)
    return step.question.field if step.question else None


def test_first_questions_are_the_emergency_flags():
    order = [q.field for q in question_order(knowledge())]
    assert order[:2] == ["saddle_numbness", "bladder_bowel_change"]
    assert order.index("progressive_weakness") < order.index("fever")
    assert order.index("fever") < order.index("giving_way")


def test_confirmed_emergency_flag_stops_the_interview_at_once():
    step = next_step({"saddle_numbness": True})
    assert step.emergency_stop and step.question is None


def test_no_pain_skips_the_pain_questions():
    answers = {
        "saddle_numbness": False, "bladder_bowel_change": False, "progressive_weakness": False,
        "neurovascular_signs": False, "sudden_severe_headache": False, "activity": "twisting",
        "pain": "none",
    }
    asked = []
    while (field := _field(answers)) is not None:
        asked.append(field)
        answers[field] = _first_option(field)
    for skipped in ("pain_with_sound", "pain_began_with_pop", "fever", "cancer_history",
                    "night_pain", "unexplained_weight_loss"):
        assert skipped not in asked


def _first_option(field):
    q = next(q for q in knowledge().questions if q.field == field)
    if q.kind == "number":
        return 30
    if q.kind == "bool":
        return False
    return next(iter(q.options))


def test_declined_questions_are_not_asked_again():
    first = _field({})
    assert _field({}, skipped=[first]) != first


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

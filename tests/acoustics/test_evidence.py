"""Pattern of events to the Episode facts ``sound`` and ``repeat``."""

from __future__ import annotations

from backpop.acoustics.evidence import TimedEvent, summarize_evidence
from backpop.episode import Episode


def _ev(kind: str, *starts: float) -> list[TimedEvent]:
    return [TimedEvent(s, s + 0.006, kind, 0.9) for s in starts]


def test_one_burst_of_pops_then_none_is_not_for_a_while():
    evidence, _ = summarize_evidence(_ev("pop", 1.0, 1.026, 1.052))
    assert evidence == {"sound": "pop", "repeat": "not_for_a_while"}


def test_same_kind_at_each_cycle_is_every_movement():
    evidence, _ = summarize_evidence(_ev("click", 0.5, 1.6, 2.7))
    assert evidence == {"sound": "click", "repeat": "every_movement"}


def test_crepitus_maps_to_grinding():
    evidence, _ = summarize_evidence(_ev("crepitus", 0.5, 1.5))
    assert evidence["sound"] == "grinding"


def test_only_other_sounds_give_empty_evidence():
    evidence, notes = summarize_evidence(_ev("other", 0.5, 2.0))
    assert evidence == {} and any("No joint sound" in n for n in notes)


def test_single_click_leaves_repeat_out():
    evidence, notes = summarize_evidence(_ev("click", 1.0))
    assert evidence == {"sound": "click"} and any("several movements" in n for n in notes)


def test_recurring_kind_wins_over_a_single_stray_event():
    events = _ev("crepitus", 0.5, 1.5, 2.5) + _ev("pop", 3.0)
    evidence, _ = summarize_evidence(events)
    assert evidence == {"sound": "grinding", "repeat": "every_movement"}


def test_evidence_values_are_valid_episode_values():
    for events in (_ev("pop", 1.0), _ev("clunk", 0.5, 1.5), _ev("crepitus", 0.5, 1.5)):
        evidence, _ = summarize_evidence(events)
        Episode(**evidence)

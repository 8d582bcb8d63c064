"""From the pattern of events to the facts an assessment uses: ``sound`` and ``repeat``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backpop.episode import Repeat

#: Event kind to the Episode ``sound`` value (ACOUSTICS.md, "Event kinds").
SOUND_OF_KIND = {"pop": "pop", "click": "click", "crepitus": "grinding", "clunk": "clunk"}
#: The ``sound`` values a recording can give, and its ``repeat`` values (every Episode value but "unknown").
EVIDENCE_SOUNDS: tuple[str, ...] = tuple(dict.fromkeys(SOUND_OF_KIND.values()))
EVIDENCE_REPEATS: tuple[str, ...] = (Repeat.NOT_FOR_A_WHILE.value, Repeat.EVERY_MOVEMENT.value)
#: Events of one kind closer together than this (onset to onset) are one occurrence: a
#: thrust's 2-9 pops last 97-139 ms (Dunning 2013; Mourad 2019), and a quick repeated
#: movement takes about a second per cycle (assumption), so 0.4 s separates the two.
OCCURRENCE_GAP_S = 0.4
#: Fewest separate occurrences of the same kind that count as recurring with movement.
#: Two already rule out cavitation of one joint, which cannot recur for about
#: 20 minutes (Unsworth, Dowson & Wright 1971).
MIN_RECURRENCES = 2


@dataclass(frozen=True)
class TimedEvent:
    start_s: float
    end_s: float
    kind: str
    confidence: float


def occurrences(events: Sequence[TimedEvent], *, gap_s: float = OCCURRENCE_GAP_S) -> list[list[TimedEvent]]:
    """Group events (all of one kind) whose onsets are within ``gap_s`` of the previous one."""
    groups: list[list[TimedEvent]] = []
    for e in sorted(events, key=lambda e: e.start_s):
        if groups and e.start_s - groups[-1][-1].start_s <= gap_s:
            groups[-1].append(e)
        else:
            groups.append([e])
    return groups


def summarize_evidence(
    events: Sequence[TimedEvent],
    *,
    gap_s: float = OCCURRENCE_GAP_S,
    min_recurrences: int = MIN_RECURRENCES,
) -> tuple[dict[str, str], list[str]]:
    """Return ``(evidence, notes)``.

    The sound is the joint-sound kind with the most occurrences (ties: more events,
    then more total confidence). ``repeat`` is ``every_movement`` when that kind
    recurs at ``min_recurrences`` or more separate times, and ``not_for_a_while`` when
    it is a single burst of pops with none after (cavitation, Unsworth 1971). A single
    click, grinding segment or clunk says nothing about repetition, so ``repeat`` is
    left out.
    """
    joint = [e for e in events if e.kind in SOUND_OF_KIND]
    notes: list[str] = []
    n_other = sum(1 for e in events if e.kind == "other")
    if n_other:
        notes.append(
            f"{n_other} sound(s) that are not joint sounds (speech, handling noise, hum, tones) were set aside."
        )
    if not joint:
        notes.append("No joint sound was found in the recording.")
        return {}, notes
    by_kind: dict[str, list[list[TimedEvent]]] = {}
    for kind in SOUND_OF_KIND:
        evs = [e for e in joint if e.kind == kind]
        if evs:
            by_kind[kind] = occurrences(evs, gap_s=gap_s)

    def rank(kind: str) -> tuple[int, int, float]:
        groups = by_kind[kind]
        return (len(groups), sum(len(g) for g in groups), sum(e.confidence for g in groups for e in g))

    kind = max(by_kind, key=rank)
    groups = by_kind[kind]
    evidence = {"sound": SOUND_OF_KIND[kind]}
    times = ", ".join(f"{g[0].start_s:.2f} s" for g in groups[:8]) + (" ..." if len(groups) > 8 else "")
    if len(groups) >= min_recurrences:
        evidence["repeat"] = Repeat.EVERY_MOVEMENT.value
        gaps = [b[0].start_s - a[0].start_s for a, b in zip(groups, groups[1:], strict=False)]
        notes.append(
            f"{SOUND_OF_KIND[kind].capitalize()} recurs {len(groups)} times "
            f"(at {times}; about every {sum(gaps) / len(gaps):.1f} s): it comes back "
            "with movement."
        )
        if kind == "pop":
            notes.append(
                "A joint that has cavitated cannot pop again for about 20 minutes "
                "(Unsworth 1971), so recurring pops are more likely soft-tissue snaps."
            )
    elif kind == "pop":
        evidence["repeat"] = Repeat.NOT_FOR_A_WHILE.value
        notes.append(
            f"One burst of {len(groups[0])} pop(s) at {times} and none after: the "
            "pattern of a joint cavitation, which cannot recur for about 20 minutes "
            "(Unsworth 1971)."
        )
    else:
        notes.append(
            f"One {SOUND_OF_KIND[kind]} at {times}: record several movements to tell whether it comes back each time."
        )
    others = [k for k in by_kind if k != kind]
    if others:
        notes.append(
            "Also heard: " + ", ".join(f"{sum(len(g) for g in by_kind[k])} {SOUND_OF_KIND[k]}" for k in others) + "."
        )
    return evidence, notes

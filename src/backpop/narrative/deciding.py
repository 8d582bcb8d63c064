"""Deciding: one value for each fact from its candidates, and `understand()`, which runs the
reader from text to Understanding."""

from __future__ import annotations

from backpop.episode import Episode
from backpop.errors import InputError
from backpop.narrative.document import Document
from backpop.narrative.learned import suggest
from backpop.narrative.lexicon import PRIVATE_FIELDS
from backpop.narrative.linking import bilateral, over_now, pain_began_with_pop, progression, read_side
from backpop.narrative.mentions import find_mentions
from backpop.narrative.model import MAX_CHARS, Candidate, Understanding, UnderstoodFact
from backpop.narrative.numbers import read_ages, read_frequencies, read_pain_scores, read_weeks
from backpop.narrative.routing import route
from backpop.narrative.spelling import correct

_PAIN_RANK = {"none": 0, "mild": 1, "moderate": 2, "severe": 3}
_SOUND_RANK = {"none": 0, "unsure": 1, "click": 2, "pop": 3, "grinding": 4, "clunk": 5}
_ACTIVITY_RANK = {
    "unknown": 0,
    "other": 1,
    "position_change": 2,
    "stretching": 3,
    "bending": 4,
    "twisting": 5,
    "self_adjusting": 6,
    "heavy_lift": 7,
    "fall": 8,
    "high_energy_trauma": 9,
}
_FREQUENCY_RANK = {"never": 0, "first_time": 1, "occasionally": 2, "daily": 3, "many_times_daily": 4}
_PWS_RANK = {"never": 0, "sometimes": 1, "consistently": 2}
_REPEAT_RANK = {"unknown": 0, "not_for_a_while": 1, "every_movement": 2}


def _decide(candidates: list[Candidate]) -> dict[str, Candidate]:
    by_field: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_field.setdefault(c.field, []).append(c)
    chosen: dict[str, Candidate] = {}
    for name, cs in by_field.items():
        if name in ("age", "region"):
            certain = [c for c in cs if not c.uncertain]
            chosen[name] = min(certain or cs, key=lambda c: c.start)
            continue
        if name == "weeks":
            chosen[name] = max(cs, key=lambda c: (c.value, not c.uncertain))
            continue
        if name == "pain":
            scored = [c for c in cs if c.certain_rank]
            pool = scored or cs
            present = [c for c in pool if c.value != "none"]
            if present:
                chosen[name] = max(present, key=lambda c: (_PAIN_RANK[c.value], not c.uncertain))
            else:
                chosen[name] = min(pool, key=lambda c: (c.uncertain, c.start))
            continue
        if isinstance(cs[0].value, bool):
            yes = [c for c in cs if c.value is True]
            # A warning sign told only as past, then plainly denied now ("had sciatica years ago ...
            # no pain down my legs now"), is absent now.
            denied_now = [c for c in cs if c.value is False and not c.uncertain]
            if yes and all(c.past for c in yes) and any(d.start > max(c.start for c in yes) for d in denied_now):
                chosen[name] = max(denied_now, key=lambda c: c.start)
                continue
            if yes:
                certain = [c for c in yes if not c.uncertain]
                chosen[name] = min(certain or yes, key=lambda c: c.start)
            else:
                chosen[name] = min(cs, key=lambda c: (c.uncertain, c.start))
            continue
        rank = {
            "sound": _SOUND_RANK,
            "activity": _ACTIVITY_RANK,
            "frequency": _FREQUENCY_RANK,
            "self_adjusting": _FREQUENCY_RANK,
            "pain_with_sound": _PWS_RANK,
            "repeat": _REPEAT_RANK,
        }.get(name)
        if name == "repeat":
            chosen[name] = max(cs, key=lambda c: (c.certain_rank, not c.uncertain, _REPEAT_RANK[c.value]))
        elif rank is not None:
            chosen[name] = max(cs, key=lambda c: (rank.get(c.value, 0), not c.uncertain))
        else:
            chosen[name] = cs[0]
    return chosen


def understand(text: str) -> Understanding:
    """Read the Episode facts stated in `text`, with the words each was read from.

    Facts the text does not state are left out (unknown). Raises InputError only when the
    text cannot be read at all: it is not a string, or it is longer than MAX_CHARS.
    """
    if not isinstance(text, str):
        raise InputError(f"narrative text must be a string, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(f"narrative text is {len(text):,} characters long; the limit is {MAX_CHARS:,}")
    if not text.strip():
        return Understanding(episode=Episode(), understood=[])
    fixed = correct(text)
    doc = Document(fixed.text)
    mentions = find_mentions(doc)
    candidates = route(doc, mentions)
    candidates += read_pain_scores(doc)
    ages = read_ages(doc)
    candidates += ages
    candidates += read_weeks(doc, mentions, ages)
    candidates += read_frequencies(doc, mentions)
    candidates += pain_began_with_pop(doc, mentions, candidates)
    candidates += progression(doc, mentions, candidates)
    candidates += bilateral(doc, candidates)
    candidates += over_now(doc, mentions)
    chosen = _decide(candidates)
    # What the lexicon left silent and the learned reader is confident of: added, uncertain;
    # never what the lexicon found and set aside as someone else's, past, feared or wondered about.
    aside = {
        (name, m.term.value)
        for m in mentions
        if m.other or m.historical or m.resolved or m.feared or m.wondered
        for name in PRIVATE_FIELDS.get(m.field, (m.field,))
    }
    learned = suggest(fixed.text, chosen, aside, _ACTIVITY_RANK)
    if learned:
        chosen = _decide(candidates + learned)
    values = {name: c.value for name, c in chosen.items()}
    episode = Episode.model_validate(values)
    understood = []
    for name, c in sorted(chosen.items(), key=lambda kv: (kv[1].start, kv[0])):
        start, end = fixed.original_span(c.start, c.end)
        understood.append(
            UnderstoodFact(
                field=name,
                value=c.value,
                span=text[start:end],
                start=start,
                end=end,
                # A fact read from a word typed wrongly is a guess: it is asked back.
                uncertain=c.uncertain or fixed.touches_guess(start, end),
                learned=c.learned,
            )
        )
    side = None
    for c in read_side(doc):
        start, end = fixed.original_span(c.start, c.end)
        side = UnderstoodFact(field="side", value=c.value, span=text[start:end], start=start, end=end)
    return Understanding(episode=episode, understood=understood, side=side)

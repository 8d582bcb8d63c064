"""Routing: each mention turned into candidate facts by the rule for its kind, with the safety
rule for yes/no facts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from backpop.narrative import lexicon as lx
from backpop.narrative.document import Document, gap, has, outside, spaces, whole_words
from backpop.narrative.mentions import SKIP, Mention, given_up
from backpop.narrative.model import FLAG_FIELDS, HISTORY_FIELDS, Candidate
from backpop.narrative.numbers import longest_weeks
from backpop.narrative.patterns import LazyPattern

#: Warning signs that count even when they have passed.
TRANSIENT_WARNINGS = frozenset({"neurovascular_signs"})
_MILD = whole_words(lx.PAIN_MILD)
_FAMILIAR_HEADACHE = whole_words(lx.FAMILIAR_HEADACHE)
_SEVERE = whole_words(lx.PAIN_SEVERE)
_MODERATE = whole_words(lx.PAIN_MODERATE)
_MILD_AFTER_DENIAL = LazyPattern(
    spaces(r"\s*(?:that much|too much|very much|much|a lot|too badly|badly|too bad|that bad)\b")
)
# A body site belongs to a pain word only within the same phrase: words joined by spaces, hyphens
# or apostrophes, not across a comma ("my head, no pain" is not a headache).
_W = r"[\s'/-]"
_LIMB_BEFORE = LazyPattern(spaces(rf"(?<!\w){lx.LIMB}(?:{_W}+\w+){{0,3}}{_W}*$"))
_LIMB_AFTER = LazyPattern(
    spaces(
        rf"^{_W}*(?:\w+{_W}+){{0,3}}?(?:in|down|into|to|through|along|around|across|from|on){_W}+(?:\w+{_W}+){{0,5}}?{lx.LIMB}(?!\w)"
    )
)
_HEAD_BEFORE = LazyPattern(spaces(rf"(?<!\w)(?:head|forehead|temples?)(?:{_W}+\w+){{0,2}}{_W}*$"))
_HEAD_AFTER = LazyPattern(
    spaces(
        rf"^{_W}*(?:\w+{_W}+){{0,2}}?(?:in|around|behind|at|on|across|over) (?:the (?:back|top|front|side|base) of )?"
        r"(?:my |the |his |her )?(?:head|forehead|temples?|skull)(?!\w)"
    )
)
_LIMB = whole_words(lx.LIMB)
SADDLE = whole_words(lx.SADDLE.replace("bottom|", "bottom(?! of (?:my|the) (?:back|spine))|"))
_FACE = whole_words(lx.FACE)
_TRUNK = whole_words(lx.TRUNK)
_INTENDED_LOSS = whole_words(lx.INTENDED_WEIGHT_LOSS)
_UNINTENDED_LOSS = whole_words(lx.UNINTENDED_WEIGHT_LOSS)
_PRACTITIONER = whole_words(lx.PRACTITIONER)
_STEROID_NOT_SYSTEMIC = whole_words(lx.STEROID_NOT_SYSTEMIC)
_STEROID_LONG = whole_words(lx.STEROID_LONG)
_STEROID_SHORT = whole_words(lx.STEROID_SHORT)


# --- the safety rule ------------------------------------------------------------------------------


def _flag_candidate(m: Mention, name: str, value: bool = True) -> Candidate | None:
    """The safety rule for a yes/no fact."""
    if m.other:
        return None
    # A worry is not a history ("could this be a tumour?", "scared it's cancer").
    if name in HISTORY_FIELDS and (m.feared or m.wondered) and not m.negated:
        return None
    start = m.negation_start if m.negation_start is not None else m.start
    if m.term.fixed:
        return Candidate(name, m.term.value if value is True else value, m.start, m.end, m.term.uncertain)
    if m.negated and value is not False:
        if m.hedged and name in FLAG_FIELDS:
            return Candidate(name, True, start, m.end, True)
        return Candidate(name, False, start, m.end, m.uncertain and name not in FLAG_FIELDS)
    if value is False:
        return Candidate(name, False, start, m.end, False)
    uncertain = m.uncertain or m.term.uncertain
    if m.historical and name not in HISTORY_FIELDS:
        if name not in FLAG_FIELDS:
            return None
        return Candidate(name, True, m.start, m.end, True, past=True)
    if m.resolved and name not in HISTORY_FIELDS:
        if name in TRANSIENT_WARNINGS:
            # Dizziness or double vision that passed after a neck crack is still the warning sign
            # (a passing disturbance of the blood supply): asked back, never dropped.
            return Candidate(name, True, m.start, m.end, True)
        # A symptom that has gone is not a current one (a history stays a history).
        return None
    return Candidate(name, True, m.start, m.end, uncertain)


def _enum_candidate(m: Mention, name: str, value: Any) -> Candidate | None:
    if m.other or m.historical:
        return None
    start = m.negation_start if m.negation_start is not None else m.start
    if m.term.fixed:
        return Candidate(name, value, m.start, m.end, m.term.uncertain or m.uncertain)
    if m.negated:
        if m.term.negated is SKIP:
            return None
        return Candidate(name, m.term.negated, start, m.end, m.uncertain or m.hedged)
    if m.resolved:
        return None
    return Candidate(name, value, m.start, m.end, m.uncertain or m.term.uncertain)


def _pain_intensity(doc: Document, m: Mention) -> str:
    lo, hi = doc.window(m.start, m.end, 4, 4)
    default = m.term.value
    # A word of its own strength ("agony") is made mild only by what comes before it ("barely
    # agony"), not by what follows ("proper agony, I can't hardly move").
    if has(_MILD, doc, lo, m.start if default == "severe" else hi):
        return "mild"
    if default == "severe" or has(_SEVERE, doc, lo, hi):
        return "severe"
    if has(_MODERATE, doc, lo, hi):
        return "moderate"
    return default


def _with_sound(doc: Document, m: Mention, mentions: list[Mention]) -> bool:
    """A sound in the clause of `m`, nearer to it than any pain word."""
    lo, hi = doc.clause(m.start, m.end)
    span = (m.start, m.end)
    sounds = [gap(span, (o.start, o.end)) for o in mentions if o.field == "sound" and lo <= o.start < hi]
    pains = [gap(span, (o.start, o.end)) for o in mentions if o.field == "_pain" and lo <= o.start < hi]
    return bool(sounds) and (not pains or min(sounds) < min(pains))


def _gait_trouble(doc: Document, m: Mention, mentions: list[Mention]) -> bool:
    """A fall told in the same sentence as a weak, dragging or slapping leg or foot."""
    s = doc.sentence(m.start)
    return any(
        o.field == "progressive_weakness" and not o.negated and not o.other and doc.sentence(o.start) == s
        for o in mentions
    )


# --- one rule for each kind of mention ------------------------------------------------------------


class _Scene:
    """What every rule may consult: the document and all the mentions in it."""

    def __init__(self, doc: Document, mentions: list[Mention]) -> None:
        self.doc = doc
        self.norm = doc.norm
        self.mentions = mentions
        self.saddle_phrases = [(m.start, m.end) for m in mentions if m.field == "saddle_numbness"]


_Rule = Callable[[_Scene, Mention], Iterator[Candidate | None]]


def _sensory(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """Numbness or tingling, placed by the body site near it: the saddle, the face or a limb."""
    doc = scene.doc
    if any(a <= m.start and m.end <= b for a, b in scene.saddle_phrases):
        return  # part of a saddle phrase ("can't feel anything when I wipe")
    lo, hi = doc.window(m.start, m.end, 6, 6)
    saddle, face = has(SADDLE, doc, lo, hi), has(_FACE, doc, lo, hi)
    if not saddle:
        # "numb and sort of dead when I wipe": a saddle place said a little further on
        sent_end = doc.sent_ends[doc.sentence(m.start)]
        saddle = has(SADDLE, doc, m.end, min(sent_end, m.end + 40))
    limb = outside(_LIMB, doc, lo, hi, saddle)
    trunk = has(_TRUNK, doc, lo, hi)
    if m.term.needs_locus and not (saddle or face or limb):
        return
    if saddle:
        yield _flag_candidate(m, "saddle_numbness")
    if face:
        yield _flag_candidate(m, "neurovascular_signs")
    if limb or not (saddle or face):
        c = _flag_candidate(m, "numbness_tingling")
        if c is not None and c.value is True and trunk and not limb:
            c.uncertain = True
        yield c


def _pain(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """Pain: down a limb, in the head, or in the back, with how bad it is."""
    doc, norm = scene.doc, scene.norm
    lo, hi = doc.clause(m.start, m.end)
    before = norm[max(lo, m.start - 40) : m.start]
    after = norm[m.end : min(hi, m.end + 60)]
    in_limb = bool(_LIMB_BEFORE.search(before) or _LIMB_AFTER.match(after))
    in_head = bool(_HEAD_BEFORE.search(before) or _HEAD_AFTER.match(after))
    if m.term.value == "none":
        yield _enum_candidate(m, "pain", "none")
        return
    if m.feared and not m.negated:
        return  # "scared it will hurt" is a fear, not pain
    if m.negated and (m.inside or m.term.negated is None):
        return
    if in_head and not in_limb:
        c = _flag_candidate(m, "sudden_severe_headache")
        if c is not None and c.value is True:
            c.uncertain = True
            # Pain in the head is still pain, and says how bad it is.
            yield _enum_candidate(m, "pain", _pain_intensity(doc, m))
        yield c
        return
    if in_limb:
        yield _flag_candidate(m, "radiating_pain")
        if m.negated:
            return
    if m.negated and not m.term.fixed:
        if _MILD_AFTER_DENIAL.match(norm, m.end) and not m.hedged:
            m.negated = False
            yield _enum_candidate(m, "pain", "mild")
            return
        if not m.other:
            start = m.negation_start if m.negation_start is not None else m.start
            yield Candidate("pain", "none", start, m.end, m.uncertain or m.hedged)
        return
    if m.resolved and not m.other and not m.historical:
        yield Candidate("pain", "none", m.start, m.end, True)
        return
    c = _enum_candidate(m, "pain", m.term.value if m.term.grade else _pain_intensity(doc, m))
    if c is not None and m.term.grade:
        c.certain_rank = 1  # the person's own grade says how much; "it hurts" only says that it does
    yield c


def _weak(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """Weakness, of a limb unless only the trunk is named."""
    doc = scene.doc
    lo, hi = doc.window(m.start, m.end, 5, 5)
    limb, trunk = has(_LIMB, doc, lo, hi), has(_TRUNK, doc, lo, hi)
    if trunk and not limb:
        return
    c = _flag_candidate(m, "limb_weakness")
    if c is not None and c.value is True and not limb:
        c.uncertain = True
    yield c


def _give_way(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """A limb giving way is weakness of it; otherwise it is the back giving way."""
    lo, _ = scene.doc.clause(m.start, m.end)
    before = scene.norm[max(lo, m.start - 30) : m.start]
    if _LIMB_BEFORE.search(before):
        yield _flag_candidate(m, "limb_weakness")
    else:
        yield _flag_candidate(m, "giving_way")


def _radiate_it(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """Pain that goes down "it": radiating, and uncertain unless a limb was just named."""
    doc = scene.doc
    # "it" is the limb named last, in this sentence or the one before.
    s = doc.sentence(m.start)
    named = has(_LIMB, doc, doc.sent_starts[max(0, s - 1)], m.start)
    c = _flag_candidate(m, "radiating_pain")
    if c is not None and c.value is True and not named:
        c.uncertain = True
    yield c


def _neuro(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """Nerve symptoms named in general: each of the three, uncertain unless the phrase is fixed."""
    for name in ("radiating_pain", "numbness_tingling", "limb_weakness"):
        c = _flag_candidate(m, name)
        if c is not None and c.value is True and not m.term.fixed:
            c.uncertain = True
        yield c


def _self_adjust(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """Cracking one's own back: the activity and perhaps the sound, or "never" if denied or given up."""
    doc = scene.doc
    if m.other:
        return
    if m.negated or m.resolved or given_up(doc, m):
        start = m.negation_start if m.negation_start is not None else m.start
        yield Candidate("self_adjusting", "never", start, m.end, m.hedged)
        return
    if m.historical:
        return
    lo, _ = doc.clause(m.start, m.end)
    if has(_PRACTITIONER, doc, lo, m.start):
        yield Candidate("activity", "other", m.start, m.end, m.uncertain)
    else:
        yield Candidate("activity", "self_adjusting", m.start, m.end, m.uncertain)
    if re.search(r"crack|pop", scene.norm[m.start : m.end]):
        yield Candidate("sound", "pop", m.start, m.end, m.uncertain)


def _steroids(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """Steroids: the red flag when systemic (not a cream, inhaler or jab), uncertain unless long term."""
    doc = scene.doc
    lo, hi = doc.clause(m.start, m.end)
    s = doc.sentence(m.start)
    slo, shi = doc.sent_starts[s], doc.sent_ends[s]
    if has(_STEROID_NOT_SYSTEMIC, doc, lo, hi):
        return
    c = _flag_candidate(m, "long_term_steroids")
    if c is None:
        return
    if c.value is True:
        weeks = longest_weeks(doc, slo, shi)
        if has(_STEROID_SHORT, doc, lo, hi) and not has(_STEROID_LONG, doc, lo, hi):
            # A short course said beside the medicine itself ("one 5-day course of prednisolone")
            # outweighs a long time elsewhere in the sentence ("ex-smoker, stopped 2015").
            c = Candidate("long_term_steroids", False, m.start, m.end, False)
        elif has(_STEROID_LONG, doc, slo, shi) or (weeks is not None and weeks >= 13):
            c.uncertain = m.uncertain
        elif has(_STEROID_SHORT, doc, slo, shi) or (weeks is not None and weeks < 12):
            c = Candidate("long_term_steroids", False, m.start, m.end, False)
        else:
            c.uncertain = True
    yield c


def _weight_loss(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """Weight loss, unless the person meant to lose it."""
    doc, f = scene.doc, m.field
    c = _flag_candidate(m, f)
    s = doc.sentence(m.start)
    lo, hi = doc.sent_starts[s], doc.sent_ends[s]
    if has(_UNINTENDED_LOSS, doc, lo, hi):
        if c is None or c.value is not True:
            c = Candidate(f, True, m.start, m.end, m.uncertain)
    elif c is not None and c.value is True and has(_INTENDED_LOSS, doc, lo, hi):
        c = Candidate(f, False, m.start, m.end, False)
    yield c


def _enum(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """A fact with a value from a list (region, sound, pain with the sound)."""
    yield _enum_candidate(m, m.field, m.term.value)


def _activity(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """What the person was doing, unless a fall is a sign of a weak leg."""
    if m.term.value == "fall" and _gait_trouble(scene.doc, m, scene.mentions):
        # "My foot slaps and I've tripped twice": the trips are a sign, not what happened.
        return
    yield _enum_candidate(m, m.field, m.term.value)


def _repeat(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """Whether the sound can come again at once, an explicit statement above a hint."""
    if m.term.weak and not _with_sound(scene.doc, m, scene.mentions):
        # "It aches whenever I bend" says when it hurts, not that a sound comes each time.
        return
    c = _enum_candidate(m, m.field, m.term.value)
    if c is not None:
        # An explicit statement beats a hint ("whenever I twist", "keeps popping"), and a
        # hedge on its words ("for an hour or so") does not make it a hint.
        c.certain_rank = 0 if m.term.weak else 1 if m.term.uncertain else 2
    yield c


def _plain(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """A phrase that states its own fact: a fixed value, or a yes/no under the safety rule."""
    f, value = m.field, m.term.value
    if m.term.fixed:
        yield Candidate(f, value, m.start, m.end, m.term.uncertain)
    else:
        yield _flag_candidate(m, f)
        for name in m.term.also:
            yield _flag_candidate(m, name)


def _headache(scene: _Scene, m: Mention) -> Iterator[Candidate | None]:
    """A headache: a sudden severe one is a warning sign; a mild or familiar one says nothing."""
    if m.term.uncertain and not m.negated:
        lo, hi = scene.doc.window(m.start, m.end, 4, 8)
        if has(_MILD, scene.doc, lo, hi) or has(_FAMILIAR_HEADACHE, scene.doc, lo, hi):
            # "a mild headache, the usual tension one, nothing sudden": left to the question.
            return
    yield from _plain(scene, m)


# The rule for each kind of mention; any other kind is a plain fact.
_RULES: dict[str, _Rule] = {
    "_sensory": _sensory,
    "_pain": _pain,
    "_weak": _weak,
    "_give_way": _give_way,
    "_radiate_it": _radiate_it,
    "_neuro": _neuro,
    "_self_adjust": _self_adjust,
    "_steroids": _steroids,
    "unexplained_weight_loss": _weight_loss,
    "region": _enum,
    "sound": _enum,
    "activity": _activity,
    "repeat": _repeat,
    "pain_with_sound": _enum,
    "sudden_severe_headache": _headache,
}


def route(doc: Document, mentions: list[Mention]) -> list[Candidate]:
    """The candidate facts of every mention, in the order of the mentions."""
    scene = _Scene(doc, mentions)
    out: list[Candidate] = []
    for m in mentions:
        rule = _RULES.get(m.field, _plain)
        out.extend(c for c in rule(scene, m) if c is not None)
    return out

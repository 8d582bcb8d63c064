"""Facts that link mentions: pain that began with the pop, weakness that is getting worse, and
symptoms on both sides."""

from __future__ import annotations

from backpop.narrative import lexicon as lx
from backpop.narrative.document import Document, has, outside, overlaps, spaces, whole_words
from backpop.narrative.mentions import Mention, context_at
from backpop.narrative.model import FLAG_FIELDS, HISTORY_FIELDS, Candidate
from backpop.narrative.patterns import LazyPattern
from backpop.narrative.routing import SADDLE

_PROGRESSION = whole_words(lx.PROGRESSION)
_LIMB_PLURAL = whole_words(lx.LIMB_PLURAL)
_BOTH = whole_words(
    rf"both (?:of )?(?:my |the |his |her )?(?:{lx.LIMB_PLURAL}|sides|legs and feet|arm|leg|hand|foot)|"
    r"(?:left and right|right and left) (?:legs?|arms?|sides?|feet|foot|hands?)|"
    r"(?:each|either|every) (?:leg|foot|arm|hand|side)|down both|"
    rf"{lx.LIMB_PLURAL},? (?:\w+ ){{0,4}}both of them|both of them (?:are|feel|have|went|go)"
)
_POP_EVENT = whole_words(lx.POP_EVENT)
_PAIN_SINCE_POP = whole_words(lx.PAIN_SINCE_POP)
_PAIN_AT_ONCE = whole_words(lx.PAIN_AT_ONCE)
_PAIN_SINCE_AFTER = LazyPattern(spaces(lx.PAIN_SINCE_AFTER))
_TIME_SHIFT = whole_words(lx.TIME_SHIFT)
_GRADUAL_ONSET = whole_words(lx.GRADUAL_ONSET)
_NONE_NOW = whole_words(lx.NONE_NOW)


def pain_began_with_pop(doc: Document, mentions: list[Mention], candidates: list[Candidate]) -> list[Candidate]:
    norm = doc.norm
    pains = [
        c
        for c in candidates
        if (c.field == "pain" and c.value != "none") or (c.field == "radiating_pain" and c.value is True)
    ]
    if not pains:
        return []
    excluded = [(m.start, m.end) for m in mentions if m.other or m.historical]
    # A pop heard in a fall or a crash is an injury: pain that follows it began with it.
    injured = any(c.field == "activity" and c.value in ("fall", "high_energy_trauma") for c in candidates)
    gradual = any(not context_at(doc, *m.span()).negated for m in _GRADUAL_ONSET.finditer(norm))
    for ev in _POP_EVENT.finditer(norm):
        es, ee = ev.start(), ev.end()
        if any(a <= es and ee <= b for a, b in excluded):
            continue
        probe = context_at(doc, es, ee)
        if probe.other or probe.historical or probe.negated:
            continue
        s = doc.sentence(es)
        for p in pains:
            ps = doc.sentence(p.start)
            if p.start >= ee and ps in (s, s + 1):
                between = (ee, p.start)
                if has(_TIME_SHIFT, doc, *between):
                    continue
                # Pain that merely follows a pop is not pain that began with it: the text must tie
                # the two ("immediate pain", "sore ever since"), or the pain must be severe, as
                # pain that comes with a pop and stays is.
                _, p_hi = doc.clause(p.start, p.end)
                tied = (
                    has(_PAIN_AT_ONCE, doc, *between)
                    or _PAIN_AT_ONCE.search(norm, max(ee, p.start - 12), p.start)
                    or _PAIN_SINCE_AFTER.match(norm[p.end : doc.sent_ends[ps]])
                    # unless the text says the pain came on gradually ("came on through the evening")
                    or ((p.value == "severe" or injured) and not gradual)
                )
                if not tied:
                    continue
                return [Candidate("pain_began_with_pop", True, es, p.end, p.uncertain)]
            if p.end <= es and ps == s and has(_PAIN_SINCE_POP, doc, p.end, es):
                if has(_TIME_SHIFT, doc, p.end, es):
                    continue
                return [Candidate("pain_began_with_pop", True, p.start, ee, p.uncertain)]
    return []


_NOT_OTHER_SYMPTOM = frozenset(
    {"_weak", "limb_weakness", "progressive_weakness", "region", "activity", "repeat", "bilateral_symptoms"}
)


def progression(doc: Document, mentions: list[Mention], candidates: list[Candidate]) -> list[Candidate]:
    """Weakness of a limb said to be getting worse, in its sentence or the next one."""
    for c in candidates:
        if c.field != "limb_weakness" or c.value is not True:
            continue
        s = doc.sentence(c.start)
        last = min(s + 1, len(doc.sent_starts) - 1)
        for p in _PROGRESSION.finditer(doc.norm, doc.sent_starts[s], doc.sent_ends[last]):
            if overlaps((p.start(), p.end()), (c.start, c.end)):
                continue
            probe = context_at(doc, p.start(), p.end())
            if probe.other or probe.negated:
                continue
            # "the pain is getting worse" may be about the pain, not the weakness: still counted,
            # but marked uncertain.
            lo, hi = doc.clause(p.start(), p.end())
            another = any(lo <= m.start < hi and m.field not in _NOT_OTHER_SYMPTOM and not m.negated for m in mentions)
            start, end = min(c.start, p.start()), max(c.end, p.end())
            return [Candidate("progressive_weakness", True, start, end, c.uncertain or another or probe.uncertain)]
    return []


def over_now(doc: Document, mentions: list[Mention]) -> list[Candidate]:
    """A warning sign told as past and then said to be over ("had sciatica years ago but none now"):
    a denial of it now, after it in the same sentence (`_decide` weighs it against the past)."""
    out = []
    for m in _NONE_NOW.finditer(doc.norm):
        s = doc.sentence(m.start())
        for past in mentions:
            if (
                past.historical
                and past.field in FLAG_FIELDS
                and past.field not in HISTORY_FIELDS  # a cancer that cleared up is still a history
                and not past.negated
                and past.end <= m.start()
                and doc.sentence(past.start) == s
            ):
                out.append(Candidate(past.field, False, m.start(), m.end()))
    return out


def bilateral(doc: Document, candidates: list[Candidate]) -> list[Candidate]:
    out = []
    for c in candidates:
        if (
            c.field not in ("radiating_pain", "numbness_tingling", "limb_weakness", "progressive_weakness")
            or c.value is not True
        ):
            continue
        lo, hi = doc.window(c.start, c.end, 10, 10)
        both = has(_BOTH, doc, lo, hi)
        if both:
            out.append(Candidate("bilateral_symptoms", True, both.start(), both.end(), c.uncertain))
            continue
        plural = outside(_LIMB_PLURAL, doc, lo, hi, has(SADDLE, doc, lo, hi))
        if plural:
            out.append(Candidate("bilateral_symptoms", True, plural.start(), plural.end(), True))
    return out


# Which side: "my left leg", "the right side of my lower back", "on the left", "both sides", "in the
# middle of my back". A bare "left" or "right" is not enough ("right now", "I left work", "all right").
_SIDE_PART = (
    r"(?:hand )?side|legs?|foot|feet|hip|buttocks?|bum|glute|arm|hand|shoulder(?: blade)?|thigh|calf|"
    r"knee|ankle|toes?|heel|ribs?|flank|loin|lower back|upper back|back|neck|sciatic|kidney"
)
_SIDED = whole_words(
    rf"(?P<side>left|right)(?:-| )(?:{_SIDE_PART})|(?:on|down) (?:my |the |his |her )?"
    rf"(?P<side2>left|right)(?: (?:side|hand side))?(?! (?:now|away|after|then|when))"
)
_SIDE_BOTH = whole_words(
    r"both sides|(?:on|down) both|either side|each side|left and right|right and left|"
    r"both (?:of )?(?:my |the |his |her )?(?:legs|arms|hips|buttocks|feet|hands|shoulders)"
)
_SIDE_MIDDLE = whole_words(
    r"(?:in|down|right in) the (?:middle|centre|center) of (?:my |the |his |her )?"
    r"(?:lower |upper )?(?:back|spine|neck)|dead (?:centre|center)|central(?:ly)?"
)


def read_side(doc: Document) -> list[Candidate]:
    """The side the trouble is on, at most one: both when the text names both (or each of left and
    right), else the one side or the middle named first. Kept for the clinician; no rule reads it."""
    both = has(_SIDE_BOTH, doc, 0, len(doc.norm))
    sided = list(_SIDED.finditer(doc.norm))
    named = {m.group("side") or m.group("side2") for m in sided}
    if both or len(named) > 1:
        m = both or sided[1]
        return [Candidate("side", "both", m.start(), m.end())]
    if sided:
        m = sided[0]
        return [Candidate("side", m.group("side") or m.group("side2"), m.start(), m.end())]
    middle = has(_SIDE_MIDDLE, doc, 0, len(doc.norm))
    if middle:
        return [Candidate("side", "middle", middle.start(), middle.end())]
    return []

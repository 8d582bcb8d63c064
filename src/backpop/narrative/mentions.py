"""Mentions: the lexicon's terms compiled, each place one occurs in the text, and what the words
around it say (denied, hedged, about someone else, past or resolved)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from backpop.narrative import lexicon as lx
from backpop.narrative.document import Document, has, overlaps, spaces, whole_words
from backpop.narrative.model import FLAG_FIELDS
from backpop.narrative.patterns import LazyPattern

# --- compiling the lexicon -----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    field: str
    value: Any
    regex: LazyPattern
    negated: Any
    uncertain: bool
    absorbs: bool
    fixed: bool
    needs_locus: bool
    also: tuple[str, ...] = ()
    weak: bool = False
    #: A pain word that grades the pain in the person's own words ("only mildly", "moderate, I'd say").
    grade: bool = False


# `Term.negated` for a term whose denial states no value: a denied mention of it is not read.
SKIP = object()


_DONE_TO_WRITER = re.compile(r"\s+(?:me|us|myself)\b")
# After a possessive: a thing that belongs to someone, not their body, nor "'s" for "has"/"is".
_THING_OF = re.compile(
    r"\s+(?:old |new |big |heavy |electric )?(?:wheelchair|car|house|flat|garden|dog|cat|bag|box|shopping|"
    r"suitcase|furniture|sofa|couch|bed|wardrobe|piano|trolley|pram|buggy|stuff|things|boxes|bike|van)\b"
)
# ... or inside the phrase itself ("someone went into the back of me")
_ENDS_ON_WRITER = re.compile(r"\b(?:me|us|(?:my|our) (?:car|van|bike|truck|lorry|taxi))$")
_COMPARED = re.compile(
    r"\b(?:(?:worse|better|more|less|bigger|harder) than|(?:about |roughly |much )?the same as|as bad as)\b"
)


def _compile_terms() -> list[Term]:
    terms = []
    for name, value, patterns, options in lx.T:
        if "negated" in options:
            negated = options["negated"]
        elif isinstance(value, bool):
            negated = False
        else:
            negated = SKIP
        terms.append(
            Term(
                field=name,
                value=value,
                regex=whole_words("|".join(f"(?:{p})" for p in patterns)),
                negated=negated,
                uncertain=bool(options.get("uncertain", False)),
                absorbs=bool(options.get("absorbs", False)),
                fixed=bool(options.get("fixed", False)),
                needs_locus=bool(options.get("needs_locus", False)),
                also=tuple(options.get("also", ())),
                weak=bool(options.get("weak", False)),
                grade=bool(options.get("grade", False)),
            )
        )
    return terms


TERMS = _compile_terms()

_NEG_AFTER = LazyPattern(spaces(lx.NEGATION_AFTER))
_SUBJECT_LEAD = LazyPattern(
    r"^[\W_]*(?:(?:and|but|also|plus|well|so|because|as|while|when|though|even|both|then|now|"
    r"my|his|her|our|their|a|the|one of my|one of our|of|i think|apparently|"
    r"[0-9]+|years?|yrs?|yr|old|elderly|aged|little|big|older|younger|elder|late|dear|poor)[\W_]+)*$"
)
# After a denial, a comma and an article start a new, asserted item ("no pain, a grating sound").
# Where a denial stops: ", a bit of ...", or a new clause with its own subject ("soiled himself
# without realising and says he can't feel the paper").
_NEG_STOP = LazyPattern(
    r",\s*(?:a|an|some|just|only)\b|\b(?:and|but) (?:(?:he|she|they|i) )?(?:says|said|say|tells|told|now|then)\b"
)
_QUIT_HABIT = whole_words(lx.QUIT_HABIT)


# --- one mention of a term ------------------------------------------------------------------------


@dataclass
class Mention:
    term: Term
    start: int
    end: int
    negated: bool = False
    negation_start: int | None = None
    hedged: bool = False
    uncertain: bool = False
    other: bool = False
    historical: bool = False
    resolved: bool = False
    #: A fear before it in its clause ("scared it will hurt").
    feared: bool = False
    #: A question about what it might be ("could this be a tumour?").
    wondered: bool = False
    inside: bool = False  # part of a longer phrase of another fact ("pain" in "night pain")

    @property
    def field(self) -> str:
        return self.term.field

    @property
    def current(self) -> bool:
        return not (self.other or self.historical or self.resolved)


def _read_context(doc: Document, m: Mention, pseudo: list[tuple[int, int]]) -> None:
    """Negation, uncertainty, experiencer, time and resolution for one mention."""
    lo, hi = doc.clause(m.start, m.end)
    s = doc.sentence(m.start)
    sent_hi = doc.sent_ends[s]
    own = (m.start, m.end)

    def usable(cue: tuple[int, int]) -> bool:
        return not overlaps(cue, own) and not doc.is_absorbed(cue) and not any(overlaps(cue, p) for p in pseudo)

    # A denial reaches at most 12 words forward (lists: "no fever, chills, weight loss or ...").
    tok = bisect_left(doc.tokens, m.start)
    reach = doc.tokens[max(0, tok - 12)] if tok > 0 else lo
    neg_lo = max(lo, reach)
    for stop in _NEG_STOP.finditer(doc.norm, neg_lo, m.start):
        neg_lo = stop.start() + 1
    for cue in doc.cues_in("hedged", neg_lo, m.start):
        if usable(cue):
            m.negated, m.hedged, m.negation_start = True, True, cue[0]
    if not m.negated:
        for cue in reversed(doc.cues_in("neg", neg_lo, m.start)):
            if usable(cue):
                m.negated, m.negation_start = True, cue[0]
                break
    if not m.negated and _NEG_AFTER.match(doc.norm, m.end):
        m.negated = True
    if any(usable(c) for c in doc.cues_in("unc", lo, m.start)):
        m.uncertain = True
    # A trailing hedge belongs to this phrase if it is in the same clause or follows it at once
    # ("a bit of tingling, I think").
    after_hi = min(sent_hi, m.end + 40)
    for cue in doc.cues_in("unc_after", m.end, after_hi):
        if usable(cue) and (cue[1] <= hi or not doc.norm[m.end : cue[0]].strip(" ,;-")):
            m.uncertain = True
    if doc.sent_question[s]:
        m.uncertain = True

    # Another person: a cue at the head of the clause, up to the writer's own "I" or "my" (or
    # the writer as the one it was done to: "someone rear-ended me").
    done_to_writer = bool(_DONE_TO_WRITER.match(doc.norm, m.end)) or bool(
        _ENDS_ON_WRITER.search(doc.norm, m.start, m.end)
    )
    exp_lo = lo
    if lo > doc.sent_starts[s] and _GOES_ON.match(doc.norm, lo):
        # "... her sister had something similar and it turned out to be a tumour": still hers.
        exp_lo = doc.clause(lo - 1, lo - 1)[0]
    for cue in doc.cues_in("exp", exp_lo, m.start):
        if done_to_writer:
            break
        if not usable(cue):
            continue
        if _VOCATIVE.match(doc.norm, cue[1]) and not doc.norm[: cue[0]].strip(" \t\n\"'"):
            continue  # "Mate, got cleaned up by a snowboarder": the reader addressed, not the subject
        if _WITH_WRITER_BEFORE.search(doc.norm, max(0, cue[0] - 8), cue[0]) or _WITH_WRITER_AFTER.match(
            doc.norm, cue[1]
        ):
            continue  # "me and my brother-in-law were shifting ...": the writer was in it too
        # "my nan's back", "mum's been": hers; "my nan's wheelchair": only a thing of hers
        possessive = doc.norm[cue[1] - 2 : cue[1]] in ("'s", "s'") and not _THING_OF.match(doc.norm, cue[1])
        # "family history of" names someone else wherever it stands; a relative only as subject.
        family_history = "family" in doc.norm[cue[0] : cue[1]]
        lead = doc.norm[exp_lo : cue[0]]
        if not (possessive or family_history) and not _SUBJECT_LEAD.match(lead):
            continue
        # The writer named in between, or at the head of the phrase itself ("... with my brother and
        # then my lower back went crack").
        head = doc.cues_in("first", m.start, min(m.end, m.start + 3))
        if not any(usable(f) for f in doc.cues_in("first", cue[1], m.start)) and not head:
            m.other = True
    if doc.cues_in("exp_after", m.end, hi) and not doc.cues_in("first", m.end, hi):
        m.other = any(usable(c) for c in doc.cues_in("exp_after", m.end, hi)) or m.other

    if any(usable(c) for c in doc.cues_in("fear", lo, m.start)):
        m.feared = True
    if any(usable(c) for c in doc.cues_in("worry", lo, m.start)):
        m.wondered = True
    # A time in the past speaks of what is near it in its clause (a run-on clause of speech typed
    # out can hold both "diagnosed last year" and what happens now).
    hlo, hhi = doc.window(m.start, m.end, 10, 10)
    if any(usable(c) and not _COMPARED.search(doc.norm, m.end, c[0]) for c in doc.cues_in("hist", hlo, hhi)):
        # ("... worse than my whiplash back in 2015": the past is only what it is compared with)
        m.historical = True
    if any(usable(c) for c in doc.cues_in("res", lo, m.start)):
        m.resolved = True
    if any(usable(c) for c in doc.cues_in("res_after", m.end, min(hi, m.end + 40))):
        # "I can't walk on my heels any more" is a loss, not a symptom that went away.
        if not _INABILITY.search(doc.norm, m.start, m.end):
            m.resolved = True
    # "... but it's long gone": the next clause of the sentence says it is over.
    if _GONE_LATER.match(doc.norm, hi) and not _INABILITY.search(doc.norm, m.start, m.end):
        m.resolved = True


# Someone named together with the writer ("me and my brother", "my wife and I").
_WITH_WRITER_BEFORE = re.compile(r"\b(?:me|i|myself) (?:and|&|n) (?:my |our )?$")
_WITH_WRITER_AFTER = re.compile(r"(?:'s)? (?:and|&|n) (?:i|me|myself)\b")
# A comma after a word that opens the message, not followed by an age ("Mate, ..." but not "Mum, 80, ...").
_VOCATIVE = re.compile(r",(?!\s*(?:[0-9]|aged?\b))")
# A clause that goes on about what the one before spoke of ("and it turned out to be ...").
_GOES_ON = re.compile(r"\W*(?:it|which|that)\s+(?:turned out|ended up|proved|was found|was diagnosed)\b")
_INABILITY = re.compile(r"\b(?:can'?t|cannot|can not|couldn'?t|unable|not able|no longer|won'?t)\b")
_GONE_LATER = re.compile(
    # ("... it is not gone till now": still there)
    r"\W*(?:but|and)?\W*(?:it'?s|it has|it is|that'?s|that has|they'?re|they have|it)\s+(?:(?!not\b|never\b)\w+\s+)?"
    r"(?:long gone|all gone|gone|cleared(?: up)?|resolved|settled|better now|went away|disappeared)\b"
    # "... and it's gone kind of numb": become something, not gone away
    r"(?!\s+(?:kind of |sort of |kinda |a bit |all |really |very |completely |totally |quite )?"
    r"(?:numb|dead|weak|tingly|funny|weird|strange|stiff|worse|cold|floppy|heavy|wobbly|limp|into|down|over)\b)"
    # "... and it's gone in seconds": each time it passes quickly, it has not stopped happening
    r"(?! (?:again )?(?:in|within|after) (?:a |a few |few |two |\d+ )?"
    r"(?:seconds?|moments?|minutes?|mins?|secs?|no time|a flash))"
)


def context_at(doc: Document, start: int, end: int) -> Mention:
    """The context of the words at [start, end), read as for a mention of any term."""
    mention = Mention(TERMS[0], start, end)
    _read_context(doc, mention, doc.cues["pseudo"])
    return mention


# Phrases that may hold an activity word without it being the activity ("every time I bend").
_NOT_CONTAINERS = frozenset({"activity", "sound", "region", "repeat", "pain_with_sound", "_self_adjust"})


def find_mentions(doc: Document) -> list[Mention]:
    """Every mention of a term in the text, with its context read."""
    found: list[Mention] = []
    for t in TERMS:
        for mt in t.regex.finditer(doc.norm):
            if mt.end() > mt.start():
                found.append(Mention(t, mt.start(), mt.end()))
    # Within a field, a phrase inside a longer phrase is read as part of it ("pain" in "pain-free").
    # An activity word inside another fact's phrase is not an activity ("lift" in "can'?t lift my
    # foot", "running" in "running a temperature").
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    reach: dict[str, int] = {}
    others: list[tuple[int, int]] = []
    for m in found:
        if reach.get(m.field, -1) >= m.end:
            continue
        reach[m.field] = max(reach.get(m.field, -1), m.end)
        kept.append(m)
    for m in kept:
        if m.field not in _NOT_CONTAINERS:
            others.append((m.start, m.end))
    others.sort()
    result = []
    for m in kept:
        if m.field == "activity" and any(
            a <= m.start and m.end <= b and (b - a) > (m.end - m.start) for a, b in others
        ):
            continue
        result.append(m)
    spans = [(m.start, m.end, m.field) for m in result]
    for m in result:
        if m.field == "_pain":
            m.inside = any(
                f in FLAG_FIELDS and a <= m.start and m.end <= b and b - a > m.end - m.start for a, b, f in spans
            )
    doc.absorbed = [(m.start, m.end) for m in result if m.term.absorbs]
    pseudo = doc.cues["pseudo"]
    for m in result:
        _read_context(doc, m, pseudo)
    return result


def given_up(doc: Document, m: Mention) -> bool:
    """A habit given up later in the sentence ("I cracked my neck daily, but I gave that up")."""
    return not m.negated and bool(has(_QUIT_HABIT, doc, m.end, doc.sent_ends[doc.sentence(m.start)]))

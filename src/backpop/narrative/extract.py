"""Reads what a person writes about their back and records the Episode facts it states.

The reader is rule based, in the manner of NegEx and ConText (Chapman et al. 2001, J Biomed
Inform 34:301; Harkema et al. 2009, J Biomed Inform 42:839): it finds the phrases for each fact
(`lexicon.py`), then decides from the words around each phrase whether it is denied ("no
numbness"), hedged ("maybe a bit of tingling"), about someone else ("my mother had cancer"), or
in the past ("I used to crack my back"). A cue reaches forward to the end of its clause; words
such as "but", "and now" or a new subject end it.

Safety comes first. A red flag that is mentioned but hedged, past or resolved is recorded as
present and marked uncertain, never dropped; a red flag that is plainly denied is recorded as
False, which is an answer. Facts that are not red flags are left unknown when in doubt.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from backpop.episode import Episode
from backpop.errors import InputError
from backpop.narrative import lexicon as lx
from backpop.narrative.patterns import LazyPattern

# 100 kB is the size the reader is tested at; ten times that still reads in a few seconds.
# Longer text is refused rather than cut, because cutting could lose a red flag.
MAX_CHARS = 1_000_000

# Red flags: facts that make the disposition urgent or an emergency (TRIAGE_POLICY.md rules E and
# U), and the guideline red flags that make it a consultation.
RED_FLAG_FIELDS: tuple[str, ...] = (
    "saddle_numbness",
    "bladder_bowel_change",
    "bilateral_symptoms",
    "radiating_pain",
    "numbness_tingling",
    "limb_weakness",
    "progressive_weakness",
    "neurovascular_signs",
    "sudden_severe_headache",
    "fever",
    "cancer_history",
    "osteoporosis",
    "long_term_steroids",
    "immunosuppressed",
    "iv_drug_use",
    "unexplained_weight_loss",
    "night_pain",
)
# Boolean facts that follow the safety rule (red flags, and the back giving way).
FLAG_FIELDS: frozenset[str] = frozenset(RED_FLAG_FIELDS) | {"giving_way"}
# Facts about a person's history: a past mention is still a yes.
HISTORY_FIELDS: frozenset[str] = frozenset(
    {"cancer_history", "osteoporosis", "long_term_steroids", "immunosuppressed", "iv_drug_use"}
)

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


class UnderstoodFact(BaseModel):
    """One fact read from the text, with the words it was read from."""

    model_config = ConfigDict(frozen=True)

    field: str
    value: bool | int | float | str
    span: str = Field(description="The words the fact was read from: text[start:end].")
    start: int
    end: int
    uncertain: bool = Field(
        default=False,
        description="The text hedges, or the fact is past or resolved; worth asking again.",
    )


class Understanding(BaseModel):
    """The Episode read from a narrative, and where each fact came from."""

    model_config = ConfigDict(frozen=True)

    episode: Episode
    understood: list[UnderstoodFact] = Field(default_factory=list)

    def fact(self, name: str) -> UnderstoodFact | None:
        """The understood fact for one Episode field, if the text stated it."""
        return next((f for f in self.understood if f.field == name), None)


# --- compiling the lexicon -----------------------------------------------------------------------


_SPACE_SYNTAX = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]| [?*]?")


def _spaces(pattern: str) -> str:
    """Let a literal space in a pattern match any run of spaces (tabs are made spaces)."""

    def widen(m: re.Match[str]) -> str:
        token = m.group()
        if token[0] != " ":
            return token
        return " +" if token == " " else " *"

    return _SPACE_SYNTAX.sub(widen, pattern)


# A number in digits, or any word or pair of words; `_number` checks that the words are a number
# (a short pattern keeps compiling fast).
_NUM = (
    r"(?:[0-9]{1,3}(?:\.[0-9]{1,2})?|"
    r"(?:twen|thir|for|fif|six|seven|eigh|nine)ty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|"
    r"a couple of|a couple|couple of|a few|few|several|a dozen|dozens of|dozen|half an?|a half|zero|a hundred|hundred)"
)
_NUM_RANGE = rf"{_NUM}(?: (?:or|to|-) {_NUM})?"


def _words(pattern: str) -> LazyPattern:
    """A pattern matched as whole words, after the <NUM> placeholder is filled in."""
    body = _spaces(pattern.replace("<NUM>", _NUM))
    return LazyPattern(rf"(?<!\w)(?:{body})(?!\w)")


@dataclass(frozen=True)
class _Term:
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


_SKIP = object()


def _compile_terms() -> list[_Term]:
    terms = []
    for name, value, patterns, options in lx.T:
        if "negated" in options:
            negated = options["negated"]
        elif isinstance(value, bool):
            negated = False
        else:
            negated = _SKIP
        terms.append(
            _Term(
                field=name,
                value=value,
                regex=_words("|".join(f"(?:{p})" for p in patterns)),
                negated=negated,
                uncertain=bool(options.get("uncertain", False)),
                absorbs=bool(options.get("absorbs", False)),
                fixed=bool(options.get("fixed", False)),
                needs_locus=bool(options.get("needs_locus", False)),
                also=tuple(options.get("also", ())),
                weak=bool(options.get("weak", False)),
            )
        )
    return terms


_TERMS = _compile_terms()

_NEG_BEFORE = _words(lx.NEGATION_BEFORE)
_NEG_AFTER = LazyPattern(_spaces(lx.NEGATION_AFTER))
_PSEUDO = _words(lx.PSEUDO_NEGATION)
_HEDGED = _words(lx.HEDGED_NEGATION)
_UNC_BEFORE = _words(lx.UNCERTAIN_BEFORE)
_UNC_AFTER = _words(lx.UNCERTAIN_AFTER)
_EXP_BEFORE = _words(lx.OTHER_EXPERIENCER_BEFORE)
_EXP_AFTER = _words(lx.OTHER_EXPERIENCER_AFTER)
_FIRST_PERSON = _words(lx.FIRST_PERSON)
_HISTORICAL = _words(lx.HISTORICAL)
_RES_BEFORE = _words(lx.RESOLVED_BEFORE)
_RES_AFTER = _words(lx.RESOLVED_AFTER)
_TERMINATOR = _words(lx.TERMINATOR)
_CLAUSE_BREAK = LazyPattern(lx.CLAUSE_BREAK)
_SUBJECT_LEAD = LazyPattern(
    r"^[\W_]*(?:(?:and|but|also|plus|well|so|because|as|while|when|though|even|both|then|now|"
    r"my|his|her|our|their|a|the|one of my|one of our|of|i think|apparently|"
    r"[0-9]+|years?|yrs?|yr|old|elderly|aged|little|big|older|younger|elder|late|dear|poor)[\W_]+)*$"
)
_MILD = _words(lx.PAIN_MILD)
_SEVERE = _words(lx.PAIN_SEVERE)
_MODERATE = _words(lx.PAIN_MODERATE)
_MILD_AFTER_DENIAL = LazyPattern(
    _spaces(r"\s*(?:that much|too much|very much|much|a lot|too badly|badly|too bad|that bad)\b")
)
# A body site belongs to a pain word only within the same phrase: words joined by spaces, hyphens
# or apostrophes, not across a comma ("my head, no pain" is not a headache).
_W = r"[\s'/-]"
_LIMB_BEFORE = LazyPattern(_spaces(rf"(?<!\w){lx.LIMB}(?:{_W}+\w+){{0,3}}{_W}*$"))
_LIMB_AFTER = LazyPattern(
    _spaces(
        rf"^{_W}*(?:\w+{_W}+){{0,3}}?(?:in|down|into|to|through|along|around|across|from|on){_W}+(?:\w+{_W}+){{0,5}}?{lx.LIMB}(?!\w)"
    )
)
_HEAD_BEFORE = LazyPattern(_spaces(rf"(?<!\w)(?:head|forehead|temples?)(?:{_W}+\w+){{0,2}}{_W}*$"))
_HEAD_AFTER = LazyPattern(
    _spaces(
        rf"^{_W}*(?:\w+{_W}+){{0,2}}?(?:in|around|behind|at|on|across|over) (?:the (?:back|top|front|side|base) of )?"
        r"(?:my |the |his |her )?(?:head|forehead|temples?|skull)(?!\w)"
    )
)
# After a denial, a comma and an article start a new, asserted item ("no pain, a grating sound").
_NEG_STOP = LazyPattern(r",\s*(?:a|an|some|just|only)\b")
_QUIT_HABIT = _words(lx.QUIT_HABIT)
_PROGRESSION = _words(lx.PROGRESSION)
_PROXY_SUBJECT = _words(lx.PROXY_SUBJECT)
_CARED_FOR = _words(lx.CARED_FOR)
_FIRST_PERSON_BODY = _words(lx.FIRST_PERSON_BODY)
_SHE_HE = re.compile(r"(?<!\w)(?:she|he)(?!\w)")
_LIMB = _words(lx.LIMB)
_LIMB_PLURAL = _words(lx.LIMB_PLURAL)
_SADDLE = _words(lx.SADDLE.replace("bottom|", "bottom(?! of (?:my|the) (?:back|spine))|"))
_FACE = _words(lx.FACE)
_TRUNK = _words(lx.TRUNK)
_BOTH = _words(
    rf"both (?:of )?(?:my |the |his |her )?(?:{lx.LIMB_PLURAL}|sides|legs and feet)|"
    r"(?:left and right|right and left) (?:legs?|arms?|sides?|feet|foot|hands?)|"
    r"(?:each|either|every) (?:leg|foot|arm|hand|side)|down both|"
    rf"{lx.LIMB_PLURAL},? (?:\w+ ){{0,4}}both of them|both of them (?:are|feel|have|went|go)"
)
_INTENDED_LOSS = _words(lx.INTENDED_WEIGHT_LOSS)
_PRACTITIONER = _words(lx.PRACTITIONER)
_STEROID_NOT_SYSTEMIC = _words(lx.STEROID_NOT_SYSTEMIC)
_STEROID_LONG = _words(lx.STEROID_LONG)
_STEROID_SHORT = _words(lx.STEROID_SHORT)
_POP_EVENT = _words(lx.POP_EVENT)
_PAIN_SINCE_POP = _words(lx.PAIN_SINCE_POP)
_PAIN_AT_ONCE = _words(lx.PAIN_AT_ONCE)
_PAIN_SINCE_AFTER = LazyPattern(_spaces(lx.PAIN_SINCE_AFTER))
_TIME_SHIFT = _words(lx.TIME_SHIFT)
_FREQUENCY = [(value, _words(p)) for value, p in lx.FREQUENCY]
_TIMES_A_DAY = _words(
    rf"(?P<n>{_NUM_RANGE}|a few|a couple of|a couple|couple of|several) times (?:a|per|each|every|in a) day"
)
_HAPPENS = _words(r"happens?|happening|happened|it does it")
_SENTENCE_END = re.compile(r"(?<![0-9])\.(?![0-9])|(?<=[0-9])\.(?=\s)|[!?;\n\r\u2026\u3002]+")
_TOKEN = re.compile(r"\w+")

_UNIT_WEEKS = {
    "minute": 1 / 10080,
    "min": 1 / 10080,
    "hour": 1 / 168,
    "hr": 1 / 168,
    "day": 1 / 7,
    "night": 1 / 7,
    "week": 1.0,
    "wk": 1.0,
    "fortnight": 2.0,
    "month": 52 / 12,
    "mth": 52 / 12,
    "year": 52.0,
    "yr": 52.0,
}
_UNIT = r"(?P<u>minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|fortnights?|months?|mths?|years?|yrs?)"
_DURATION = _words(rf"(?P<n>{_NUM_RANGE}|a|an|one)(?P<half> and a half)?[ -]?{_UNIT}")
_DURATION_BARE = _words(
    r"for (?:some |many |a few |several )?(?P<u>days|weeks|months|years)(?: now)?,? "
    rf"(?:i'?d say|i would say|i think|maybe|probably|about|around|roughly|say|like) (?P<n>{_NUM_RANGE})"
    r"(?! *(?:[0-9/%]|times|x)\b)"
)
_LAST_AGO = _words(r"(?<!since\s)(?<!the\s)(?<!for\s)(?<!over\s)last (?P<u>week|month)")
_DURATION_LAST = _words(
    rf"(?:(?:for|over|in|during|throughout) (?:the |this )?|the |this )(?:last|past|previous) {_UNIT}"
)
_SINCE = _words(
    r"since (?P<w>yesterday|last night|this morning|today|last week|last month|last year|the weekend|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_SINCE_WEEKS = {
    "yesterday": 1 / 7,
    "last night": 0.5 / 7,
    "this morning": 0.0,
    "today": 0.0,
    "last week": 1.0,
    "last month": 52 / 12,
    "last year": 52.0,
    "the weekend": 3 / 7,
}
_DURATION_BEFORE_OK = LazyPattern(
    _spaces(
        r"(?:for|over|past|last|previous|about|around|almost|nearly|roughly|than|least|good|whole|"
        r"entire|since|already|in the last|in the past|the last|the past|now for)\W*$"
    )
)
_DURATION_BEFORE_NO = LazyPattern(_spaces(r"(?:every|each|per|times|once|twice|in|a|within|after|next|another|at)\W*$"))
_DURATION_AFTER_NO = LazyPattern(
    _spaces(
        r"^\W*(?:old|of age|pregnant|later|from now|after|before|course|supply|post|into|in a row|"
        r"apart|break)\b|^-old"
    )
)
_AGO = LazyPattern(_spaces(r"^\W*ago\b"))
_STARTED = _words(
    r"start\w*|began|begun|begin\w*|first|popped|cracked|happened|heard|felt|noticed|since|injur\w*|"
    r"hurt|did it|pulled|strained|went|gave"
)
_AGE = rf"(?P<n>[0-9]{{1,3}}|{_NUM})"
_AGE_SELF = _words(
    rf"(?:i'm|im|i am)\s+(?:now |just |only |nearly |almost |about |turning |a |an )*{_AGE}"
    r"(?! *(?:%|/|kg|kgs|lbs?|pounds|stone|st|cm|ft|feet|foot|inches|in|minutes?|mins?|hours?|"
    r"hrs?|days?|weeks?|months?|times?|x|out|percent|and a half|am|pm|o'clock|miles?|km|')(?!\w))"
)
_AGE_YEARS = [
    _words(rf"{_AGE} *-? *(?:years?|yrs?|yr) *-? *old"),
    _words(rf"{_AGE} *(?:y/o|y\.o\.|yo|yrs old)"),
    _words(rf"aged? *:? *{_AGE}"),
    _words(rf"{_AGE} years of age"),
    _words(rf"(?:turned|turning) {_AGE}"),
]
# An age said as some languages say it: "I have 47 years", "I am woman 27 years".
_AGE_HAVE = _words(
    r"(?:i have|i've|ive|i am|i'm|im)(?: an?)?(?: (?:man|woman|male|female|guy|girl|boy|lady|mother|father|"
    r"mum|mom|dad|student|grandmother|grandfather))?,? (?P<n>[1-9][0-9]?|1[01][0-9]) *(?:years?|yrs?)"
    r"(?! *(?:of|with|since|ago|into|in|on|for|experience|already|old)\b)(?!\w)"
)
# In a report for someone else, the patient's age ("my son is 12", "she's 82").
_AGE_PROXY = _words(
    r"(?:(?:she|he)(?:'s| is) |(?:(?:my|our) |(?<!his\s)(?<!her\s)(?<!their\s)(?<!your\s)(?<!the\s)(?<!a\s))"
    rf"(?P<who>{lx.CARED_FOR})"
    r"(?:(?:,| is| who is| has just turned| just turned| turned) |\s?\())"
    rf"(?:now |just |only |nearly |almost |about |turning )*{_AGE}"
    r"(?! *(?:%|/|kg|kgs|lbs?|pounds|stone|st|cm|ft|feet|foot|inches|in|minutes?|mins?|hours?|"
    r"hrs?|days?|weeks?|months?|times?|x|out|percent|and a half|am|pm|o'clock|miles?|km|')(?!\w))"
)
# An age given on its own, as people sign off a message: "34 F", "52M", "(58)", "bloke here, 63",
# or a sentence that is only a number ("... no pain. 22").
_AGE_TAG = _words(
    r"(?P<n>[1-9][0-9])(?: ?(?:m|f|male|female)(?![\w/])| ?(?:y|yr|yrs)(?!\w))|"
    r"\((?P<p>[1-9][0-9])\)|"
    r"(?:bloke|guy|man|woman|lady|gal|fella|fellow|chap|here|male|female)(?: here)?,? (?P<w>[1-9][0-9])"
    r"(?![\w/%.,]*[0-9])(?! ?(?:%|/|kg|lbs?|times|years|yrs|minutes|mins|hours|days|weeks|months))"
)
_AGE_ALONE = LazyPattern(
    r"\W*(?P<n>[1-9][0-9])(?:\W*$|(?:,| and) (?!(?:maybe|or|to|about|perhaps|[0-9])\b))"
)
_AGE_TAG_NOT = LazyPattern(r"(?<!\w)(?:pain|score|rate|rated|rates|level|scale|about|maybe|like|a)[\s:,-]*$")
_AGE_DECADE = _words(
    r"in my (?:(?P<q>early|mid|late)[- ])?(?P<d>twenties|thirties|forties|fifties|sixties|seventies|"
    r"eighties|nineties|[2-9]0'?s)"
)
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_OWNER_BEFORE = LazyPattern(r"(?:my|his|her|our|their|your)\W*$")
_FAMILY_AFTER = LazyPattern(_spaces(rf"^\W*(?:\w+\W+)?{lx.FAMILY}(?!\w)"))
_PAIN_SCORE = _words(
    rf"(?P<n>[0-9]{{1,2}}(?:\.[0-9])?|{_NUM}) *(?:/|out of|outta|on a scale of|over) *(?:10|ten)"
    r"|(?:pain|score|rates? it|rated it|rating it|rate the pain|give it|gives it|level) +"
    r"(?:(?:is|was|of|at|about|around|like|maybe|level|score|an?|a solid|probably|prob|roughly) +)*"
    r"(?:[a-z]+ *[,:-] *)?(?P<m>[0-9]{1,2})"
    r"(?! *(?:[0-9/%]|\.[0-9]|years?|yrs?|days?|weeks?|months?|hours?|mins?|minutes?|times?|kg|lbs?))"
    # "bout a 7", "maybe a 2": a bare number from 0 to 10 with "a" in front is a score.
    r"|(?:about|bout|around|roughly|maybe|probably|prob|like|solid|easily|at least) an? (?P<k>[0-9]|10)(?:ish)?"
    r"(?! *(?:[0-9/%]|\.[0-9]|-|(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|times?|kg|lbs?|stone|"
    r"miles?|km|steps?|o'clock|am|pm|inch\w*|cm|mm|foot|feet|ft|metres?|meters?|yards?)(?!\w)))"
)


# --- the document ---------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u2032": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\u2044": "/",
        "\uff0f": "/",
    }
)


def _normalise(text: str) -> str:
    """Lower case with plain apostrophes and dashes, and exactly the same length as `text`."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.translate(_APOSTROPHES)


def _names_patient(cue: str, who: str) -> bool:
    """Whether an experiencer cue names the person a proxy report is about."""
    words = re.findall(r"[a-z]+", cue)
    words = [w for w in words if w not in ("my", "our", "the", "a", "s")]
    return bool(_SHE_HE.fullmatch(cue.strip())) or words == [who] or words == [who + "s"]


def _spans(regex: LazyPattern | re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in regex.finditer(text)]


class _Document:
    """The text with its sentences, clause breaks, tokens and context cues found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = _normalise(text)
        norm = self.norm
        starts, ends, questions = [0], [], []
        for m in _SENTENCE_END.finditer(norm):
            ends.append(m.start())
            questions.append("?" in m.group())
            starts.append(m.end())
        ends.append(len(norm))
        questions.append(False)
        self.sent_starts, self.sent_ends, self.sent_question = starts, ends, questions
        breaks = _spans(_TERMINATOR, norm) + _spans(_CLAUSE_BREAK, norm)
        breaks.sort()
        self.break_starts = [s for s, _ in breaks]
        self.break_ends = sorted(e for _, e in breaks)
        self.tokens = [m.start() for m in _TOKEN.finditer(norm)]
        self.token_ends = [m.end() for m in _TOKEN.finditer(norm)]
        self.cues: dict[str, list[tuple[int, int]]] = {
            "neg": _spans(_NEG_BEFORE, norm),
            "pseudo": _spans(_PSEUDO, norm),
            "hedged": _spans(_HEDGED, norm),
            "unc": _spans(_UNC_BEFORE, norm),
            "unc_after": _spans(_UNC_AFTER, norm),
            "exp": _spans(_EXP_BEFORE, norm),
            "exp_after": _spans(_EXP_AFTER, norm),
            "first": _spans(_FIRST_PERSON, norm),
            "hist": _spans(_HISTORICAL, norm),
            "res": _spans(_RES_BEFORE, norm),
            "res_after": _spans(_RES_AFTER, norm),
        }
        # A report written for someone else ("my mum's back popped and she can't stand") describes
        # that person: words naming them are not another person's, unless the writer also speaks
        # of their own body, when the story is theirs and a relative is someone else.
        self.proxy: str | None = None
        proxy = _PROXY_SUBJECT.search(norm) if _CARED_FOR.search(norm) else None
        if proxy and not _FIRST_PERSON_BODY.search(norm):
            who = next(v for k, v in proxy.groupdict().items() if k.startswith("who") and v)
            self.proxy = who
            self.cues["exp"] = [c for c in self.cues["exp"] if not _names_patient(norm[c[0] : c[1]], who)]
        self.cue_starts = {k: [s for s, _ in v] for k, v in self.cues.items()}
        self.absorbed: list[tuple[int, int]] = []

    def sentence(self, pos: int) -> int:
        return max(0, bisect_right(self.sent_starts, pos) - 1)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): from the last break before to the next break after."""
        s = self.sentence(start)
        lo, hi = self.sent_starts[s], self.sent_ends[s]
        i = bisect_right(self.break_ends, start) - 1
        if i >= 0 and self.break_ends[i] > lo:
            lo = self.break_ends[i]
        j = bisect_left(self.break_starts, end)
        if j < len(self.break_starts) and self.break_starts[j] < hi:
            hi = self.break_starts[j]
        return lo, max(hi, end)

    def window(self, start: int, end: int, before: int, after: int) -> tuple[int, int]:
        """`before` tokens before and `after` tokens after [start, end), inside the clause."""
        lo, hi = self.clause(start, end)
        i = bisect_left(self.tokens, start)
        j = bisect_left(self.tokens, end)
        wlo = self.tokens[max(0, i - before)] if i > 0 else start
        k = j + after - 1
        whi = self.token_ends[k] if 0 <= k < len(self.token_ends) else len(self.norm)
        return max(lo, min(wlo, start)), min(hi, max(whi, end))

    def cues_in(self, kind: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Cues of one kind that lie wholly inside [lo, hi)."""
        spans = self.cues[kind]
        i = bisect_left(self.cue_starts[kind], lo)
        out = []
        while i < len(spans) and spans[i][0] < hi:
            if spans[i][1] <= hi:
                out.append(spans[i])
            i += 1
        return out

    def is_absorbed(self, cue: tuple[int, int]) -> bool:
        s, e = cue
        return any(a < e and s < b for a, b in self.absorbed)


# --- one mention of a term ------------------------------------------------------------------------


@dataclass
class _Mention:
    term: _Term
    start: int
    end: int
    negated: bool = False
    negation_start: int | None = None
    hedged: bool = False
    uncertain: bool = False
    other: bool = False
    historical: bool = False
    resolved: bool = False
    inside: bool = False  # part of a longer phrase of another fact ("pain" in "night pain")

    @property
    def field(self) -> str:
        return self.term.field

    @property
    def current(self) -> bool:
        return not (self.other or self.historical or self.resolved)


@dataclass
class _Candidate:
    field: str
    value: Any
    start: int
    end: int
    uncertain: bool = False
    certain_rank: int = field(default=0)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _read_context(doc: _Document, m: _Mention, pseudo: list[tuple[int, int]]) -> None:
    """Negation, uncertainty, experiencer, time and resolution for one mention."""
    lo, hi = doc.clause(m.start, m.end)
    s = doc.sentence(m.start)
    sent_hi = doc.sent_ends[s]
    own = (m.start, m.end)

    def usable(cue: tuple[int, int]) -> bool:
        return not _overlaps(cue, own) and not doc.is_absorbed(cue) and not any(_overlaps(cue, p) for p in pseudo)

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

    # Another person: a cue at the head of the clause, up to the writer's own "I" or "my".
    for cue in doc.cues_in("exp", lo, m.start):
        if not usable(cue):
            continue
        possessive = doc.norm[cue[1] - 2 : cue[1]] in ("'s", "s'")
        # "family history of" names someone else wherever it stands; a relative only as subject.
        family_history = "family" in doc.norm[cue[0] : cue[1]]
        lead = doc.norm[lo : cue[0]]
        if not (possessive or family_history) and not _SUBJECT_LEAD.match(lead):
            continue
        if not any(usable(f) for f in doc.cues_in("first", cue[1], m.start)):
            m.other = True
    if doc.cues_in("exp_after", m.end, hi) and not doc.cues_in("first", m.end, hi):
        m.other = any(usable(c) for c in doc.cues_in("exp_after", m.end, hi)) or m.other

    if any(usable(c) for c in doc.cues_in("hist", lo, hi)):
        m.historical = True
    if any(usable(c) for c in doc.cues_in("res", lo, m.start)):
        m.resolved = True
    if any(usable(c) for c in doc.cues_in("res_after", m.end, min(hi, m.end + 40))):
        m.resolved = True


# Phrases that may hold an activity word without it being the activity ("every time I bend").
_NOT_CONTAINERS = frozenset({"activity", "sound", "region", "repeat", "pain_with_sound", "_self_adjust"})


def _find_mentions(doc: _Document) -> list[_Mention]:
    found: list[_Mention] = []
    for t in _TERMS:
        for mt in t.regex.finditer(doc.norm):
            if mt.end() > mt.start():
                found.append(_Mention(t, mt.start(), mt.end()))
    # Within a field, a phrase inside a longer phrase is read as part of it ("pain" in "pain-free").
    # An activity word inside another fact's phrase is not an activity ("lift" in "can'?t lift my
    # foot", "running" in "running a temperature").
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[_Mention] = []
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


# --- routing phrases to facts ---------------------------------------------------------------------


def _has(regex: LazyPattern, doc: _Document, lo: int, hi: int) -> re.Match[str] | None:
    return regex.search(doc.norm, lo, hi)


def _outside(
    regex: LazyPattern, doc: _Document, lo: int, hi: int, inside: re.Match[str] | None
) -> re.Match[str] | None:
    """The first match in [lo, hi) that is not part of `inside` ("legs" in "between my legs")."""
    for m in regex.finditer(doc.norm, lo, hi):
        if inside is None or not _overlaps((m.start(), m.end()), (inside.start(), inside.end())):
            return m
    return None


def _given_up(doc: _Document, m: _Mention) -> bool:
    """A habit given up later in the sentence ("I cracked my neck daily, but I gave that up")."""
    return not m.negated and bool(_has(_QUIT_HABIT, doc, m.end, doc.sent_ends[doc.sentence(m.start)]))


def _flag_candidate(m: _Mention, name: str, value: bool = True) -> _Candidate | None:
    """The safety rule for a yes/no fact."""
    if m.other:
        return None
    start = m.negation_start if m.negation_start is not None else m.start
    if m.term.fixed:
        return _Candidate(name, m.term.value if value is True else value, m.start, m.end, m.term.uncertain)
    if m.negated and value is not False:
        if m.hedged and name in FLAG_FIELDS:
            return _Candidate(name, True, start, m.end, True)
        return _Candidate(name, False, start, m.end, m.uncertain and name not in FLAG_FIELDS)
    if value is False:
        return _Candidate(name, False, start, m.end, False)
    uncertain = m.uncertain or m.term.uncertain
    if m.historical and name not in HISTORY_FIELDS:
        if name not in FLAG_FIELDS:
            return None
        uncertain = True
    if m.resolved:
        if name not in FLAG_FIELDS:
            return None
        uncertain = True
    return _Candidate(name, True, m.start, m.end, uncertain)


def _enum_candidate(m: _Mention, name: str, value: Any) -> _Candidate | None:
    if m.other or m.historical:
        return None
    start = m.negation_start if m.negation_start is not None else m.start
    if m.term.fixed:
        return _Candidate(name, value, m.start, m.end, m.term.uncertain or m.uncertain)
    if m.negated:
        if m.term.negated is _SKIP:
            return None
        return _Candidate(name, m.term.negated, start, m.end, m.uncertain or m.hedged)
    if m.resolved:
        return None
    return _Candidate(name, value, m.start, m.end, m.uncertain or m.term.uncertain)


def _pain_intensity(doc: _Document, m: _Mention) -> str:
    lo, hi = doc.window(m.start, m.end, 4, 4)
    default = m.term.value
    if _has(_MILD, doc, lo, hi):
        return "mild"
    if default == "severe" or _has(_SEVERE, doc, lo, hi):
        return "severe"
    if _has(_MODERATE, doc, lo, hi):
        return "moderate"
    return default


def _with_sound(doc: _Document, m: _Mention, mentions: list[_Mention]) -> bool:
    """A sound in the clause of `m`, nearer to it than any pain word."""
    lo, hi = doc.clause(m.start, m.end)
    span = (m.start, m.end)
    sounds = [_gap(span, (o.start, o.end)) for o in mentions if o.field == "sound" and lo <= o.start < hi]
    pains = [_gap(span, (o.start, o.end)) for o in mentions if o.field == "_pain" and lo <= o.start < hi]
    return bool(sounds) and (not pains or min(sounds) < min(pains))


def _gait_trouble(doc: _Document, m: _Mention, mentions: list[_Mention]) -> bool:
    """A fall told in the same sentence as a weak, dragging or slapping leg or foot."""
    s = doc.sentence(m.start)
    return any(
        o.field == "progressive_weakness" and not o.negated and not o.other and doc.sentence(o.start) == s
        for o in mentions
    )


def _route(doc: _Document, mentions: list[_Mention]) -> list[_Candidate]:
    out: list[_Candidate] = []
    norm = doc.norm

    def add(c: _Candidate | None) -> None:
        if c is not None:
            out.append(c)

    saddle_phrases = [(m.start, m.end) for m in mentions if m.field == "saddle_numbness"]
    for m in mentions:
        f = m.field
        if f == "_sensory":
            if any(a <= m.start and m.end <= b for a, b in saddle_phrases):
                continue  # part of a saddle phrase ("can't feel anything when I wipe")
            lo, hi = doc.window(m.start, m.end, 6, 6)
            saddle, face = _has(_SADDLE, doc, lo, hi), _has(_FACE, doc, lo, hi)
            limb = _outside(_LIMB, doc, lo, hi, saddle)
            trunk = _has(_TRUNK, doc, lo, hi)
            if m.term.needs_locus and not (saddle or face or limb):
                continue
            if saddle:
                add(_flag_candidate(m, "saddle_numbness"))
            if face:
                add(_flag_candidate(m, "neurovascular_signs"))
            if limb or not (saddle or face):
                c = _flag_candidate(m, "numbness_tingling")
                if c is not None and c.value is True and trunk and not limb:
                    c.uncertain = True
                add(c)
        elif f == "_pain":
            before = norm[max(0, m.start - 40) : m.start]
            after = norm[m.end : m.end + 60]
            lo, hi = doc.clause(m.start, m.end)
            before = norm[max(lo, m.start - 40) : m.start]
            after = norm[m.end : min(hi, m.end + 60)]
            in_limb = bool(_LIMB_BEFORE.search(before) or _LIMB_AFTER.match(after))
            in_head = bool(_HEAD_BEFORE.search(before) or _HEAD_AFTER.match(after))
            if m.term.value == "none":
                add(_enum_candidate(m, "pain", "none"))
                continue
            if m.negated and m.inside:
                continue
            if in_head and not in_limb:
                c = _flag_candidate(m, "sudden_severe_headache")
                if c is not None and c.value is True:
                    c.uncertain = True
                    # Pain in the head is still pain, and says how bad it is.
                    add(_enum_candidate(m, "pain", _pain_intensity(doc, m)))
                add(c)
                continue
            if in_limb:
                add(_flag_candidate(m, "radiating_pain"))
                if m.negated:
                    continue
            if m.negated and not m.term.fixed:
                if _MILD_AFTER_DENIAL.match(norm, m.end) and not m.hedged:
                    m.negated = False
                    add(_enum_candidate(m, "pain", "mild"))
                    continue
                if not m.other:
                    start = m.negation_start if m.negation_start is not None else m.start
                    add(_Candidate("pain", "none", start, m.end, m.uncertain or m.hedged))
                continue
            if m.resolved and not m.other and not m.historical:
                add(_Candidate("pain", "none", m.start, m.end, True))
                continue
            add(_enum_candidate(m, "pain", _pain_intensity(doc, m)))
        elif f == "_weak":
            lo, hi = doc.window(m.start, m.end, 5, 5)
            limb, trunk = _has(_LIMB, doc, lo, hi), _has(_TRUNK, doc, lo, hi)
            if trunk and not limb:
                continue
            c = _flag_candidate(m, "limb_weakness")
            if c is not None and c.value is True and not limb:
                c.uncertain = True
            add(c)
        elif f == "_give_way":
            lo, _ = doc.clause(m.start, m.end)
            before = norm[max(lo, m.start - 30) : m.start]
            if _LIMB_BEFORE.search(before):
                add(_flag_candidate(m, "limb_weakness"))
            else:
                add(_flag_candidate(m, "giving_way"))
        elif f == "_radiate_it":
            # "it" is the limb named last, in this sentence or the one before.
            s = doc.sentence(m.start)
            named = _has(_LIMB, doc, doc.sent_starts[max(0, s - 1)], m.start)
            c = _flag_candidate(m, "radiating_pain")
            if c is not None and c.value is True and not named:
                c.uncertain = True
            add(c)
        elif f == "_neuro":
            for name in ("radiating_pain", "numbness_tingling", "limb_weakness"):
                c = _flag_candidate(m, name)
                if c is not None and c.value is True and not m.term.fixed:
                    c.uncertain = True
                add(c)
        elif f == "_self_adjust":
            if m.other:
                continue
            if m.negated or m.resolved or _given_up(doc, m):
                start = m.negation_start if m.negation_start is not None else m.start
                add(_Candidate("self_adjusting", "never", start, m.end, m.hedged))
                continue
            if m.historical:
                continue
            lo, _ = doc.clause(m.start, m.end)
            if _has(_PRACTITIONER, doc, lo, m.start):
                add(_Candidate("activity", "other", m.start, m.end, m.uncertain))
            else:
                add(_Candidate("activity", "self_adjusting", m.start, m.end, m.uncertain))
            if re.search(r"crack|pop", norm[m.start : m.end]):
                add(_Candidate("sound", "pop", m.start, m.end, m.uncertain))
        elif f == "_steroids":
            lo, hi = doc.clause(m.start, m.end)
            s = doc.sentence(m.start)
            slo, shi = doc.sent_starts[s], doc.sent_ends[s]
            if _has(_STEROID_NOT_SYSTEMIC, doc, lo, hi):
                continue
            c = _flag_candidate(m, "long_term_steroids")
            if c is None:
                continue
            if c.value is True:
                weeks = _longest_weeks(doc, slo, shi)
                if _has(_STEROID_LONG, doc, slo, shi) or (weeks is not None and weeks >= 13):
                    c.uncertain = m.uncertain
                elif _has(_STEROID_SHORT, doc, slo, shi) or (weeks is not None and weeks < 12):
                    c = _Candidate("long_term_steroids", False, m.start, m.end, False)
                else:
                    c.uncertain = True
            add(c)
        elif f == "unexplained_weight_loss":
            c = _flag_candidate(m, f)
            s = doc.sentence(m.start)
            if c is not None and c.value is True and _has(_INTENDED_LOSS, doc, doc.sent_starts[s], doc.sent_ends[s]):
                c = _Candidate(f, False, m.start, m.end, False)
            add(c)
        elif f in ("region", "sound", "activity", "repeat", "pain_with_sound"):
            if f == "activity" and m.term.value == "fall" and _gait_trouble(doc, m, mentions):
                # "My foot slaps and I've tripped twice": the trips are a sign, not what happened.
                continue
            if f == "repeat" and m.term.weak and not _with_sound(doc, m, mentions):
                # "It aches whenever I bend" says when it hurts, not that a sound comes each time.
                continue
            c = _enum_candidate(m, f, m.term.value)
            if c is not None and f == "repeat":
                # An explicit statement beats a hint ("whenever I twist", "keeps popping"), and a
                # hedge on its words ("for an hour or so") does not make it a hint.
                c.certain_rank = 0 if m.term.weak else 1 if m.term.uncertain else 2
            add(c)
        else:
            value = m.term.value
            if m.term.fixed:
                add(_Candidate(f, value, m.start, m.end, m.term.uncertain))
            else:
                add(_flag_candidate(m, f))
                for name in m.term.also:
                    add(_flag_candidate(m, name))
    return out


# --- numbers: pain score, age, duration -----------------------------------------------------------


def _word_number(words: list[str]) -> float | None:
    """ "seventy two" -> 72, "a couple of" -> 2."""
    phrase = " ".join(words)
    if phrase in lx.NUMBER_WORDS:
        return float(lx.NUMBER_WORDS[phrase])
    if words and all(w in lx.NUMBER_WORDS and w not in ("a", "an") for w in words):
        return float(sum(lx.NUMBER_WORDS[w] for w in words))
    return None


def _number(text: str) -> float | None:
    """The largest number in "7", "seventy-two", "ten or fifteen", "a couple of"."""
    best = None
    for part in re.split(r"\s+(?:or|to)\s+|\s*-\s*(?=[0-9])", text.strip()):
        part = part.strip()
        digits = re.search(r"[0-9]{1,3}(?:\.[0-9]{1,2})?$", part)
        if digits:
            value: float | None = float(digits.group())
        else:
            value = _word_number([w for w in re.split(r"[- ]+", part) if w])
        if value is not None and (best is None or value > best):
            best = value
    return best


def _context_blocks(doc: _Document, start: int, end: int) -> bool:
    """A number that belongs to someone else, or to the past."""
    probe = _Mention(_TERMS[0], start, end)
    _read_context(doc, probe, doc.cues["pseudo"])
    return probe.other


def _pain_scores(doc: _Document) -> list[_Candidate]:
    out = []
    for m in _PAIN_SCORE.finditer(doc.norm):
        raw = m.group("n") or m.group("m") or m.group("k")
        value = _number(raw) if raw else None
        if value is None or value > 10 or _context_blocks(doc, m.start(), m.end()):
            continue
        if m.group("m") is not None and value > 10:
            continue
        level = "none" if value == 0 else "mild" if value < 4 else "moderate" if value < 7 else "severe"
        c = _Candidate("pain", level, m.start(), m.end(), False, certain_rank=1)
        out.append(c)
    return out


def _ages(doc: _Document) -> list[_Candidate]:
    out = []
    norm = doc.norm
    for regex in (_AGE_SELF, *_AGE_YEARS, _AGE_HAVE):
        for m in regex.finditer(norm):
            value = _number(m.group("n"))
            if value is None or value != int(value) or not 0 <= value <= 120:
                continue
            if regex is not _AGE_SELF:
                family = _FAMILY_AFTER.match(norm[m.end() : m.end() + 60])
                if doc.proxy and family and _names_patient(family.group(), doc.proxy):
                    pass
                elif family or _OWNER_BEFORE.search(norm, max(0, m.start() - 8), m.start()):
                    continue
            if _context_blocks(doc, m.start(), m.end()):
                continue
            out.append(_Candidate("age", int(value), m.start(), m.end(), False))
    if doc.proxy:
        for m in _AGE_PROXY.finditer(norm):
            who = m.group("who")
            value = _number(m.group("n"))
            if who is not None and not _names_patient(who, doc.proxy):
                continue
            if value is None or value != int(value) or not 0 <= value <= 120:
                continue
            out.append(_Candidate("age", int(value), m.start(), m.end(), False))
    for m in _AGE_TAG.finditer(norm):
        start, end = m.span("n") if m.group("n") else m.span("p") if m.group("p") else m.span("w")
        if _AGE_TAG_NOT.search(norm, max(0, start - 12), start) or _context_blocks(doc, start, end):
            continue
        out.append(_Candidate("age", int(norm[start:end]), m.start(), m.end(), True))
    for s, (lo, hi) in enumerate(zip(doc.sent_starts, doc.sent_ends, strict=True)):
        alone = _AGE_ALONE.match(norm, lo, hi)
        if alone and not doc.sent_question[s] and not _context_blocks(doc, *alone.span("n")):
            out.append(_Candidate("age", int(alone.group("n")), alone.start("n"), alone.end("n"), True))
    for m in _AGE_DECADE.finditer(norm):
        d = m.group("d")
        base = _DECADES.get(d) or int(d[0]) * 10
        offset = {"early": 2, "mid": 5, "late": 8}.get(m.group("q") or "", 5)
        if _context_blocks(doc, m.start(), m.end()):
            continue
        out.append(_Candidate("age", base + offset, m.start(), m.end(), True))
    return out


def _round_weeks(weeks: float, unit_weeks: float) -> float:
    if unit_weeks >= 52 / 12 and weeks >= 1:
        return float(round(weeks))
    if weeks < 1:
        return round(weeks, 2)
    return round(weeks, 1)


def _durations(doc: _Document, lo: int = 0, hi: int | None = None) -> list[tuple[float, int, int, bool, bool]]:
    """(weeks, start, end, is_ago, uncertain) for each duration in [lo, hi)."""
    norm = doc.norm
    hi = len(norm) if hi is None else hi
    found = []
    ages = [a.span() for a in _AGE_HAVE.finditer(norm, lo, hi)]
    for m in _DURATION.finditer(norm, lo, hi):
        if any(_overlaps(m.span(), a) for a in ages):
            continue
        raw_unit = m.group("u")
        unit = raw_unit[:-1] if raw_unit.endswith("s") else raw_unit
        factor = _UNIT_WEEKS.get(unit)
        n_text = m.group("n")
        n = 1.0 if n_text in ("a", "an", "one") else _number(n_text)
        if factor is None or n is None or factor < 1 / 7:
            continue
        if m.group("half"):
            n += 0.5
        before = norm[max(0, m.start() - 25) : m.start()]
        after = norm[m.end() : m.end() + 20]
        if _DURATION_AFTER_NO.match(after):
            continue
        is_ago = bool(_AGO.match(after))
        if n_text in ("a", "an") and not is_ago and not _DURATION_BEFORE_OK.search(before):
            continue
        if not is_ago and _DURATION_BEFORE_NO.search(before) and not _DURATION_BEFORE_OK.search(before):
            continue
        end = m.end() + (_AGO.match(after).end() if is_ago else 0)
        found.append((_round_weeks(n * factor, factor), m.start(), end, is_ago, False))
    for m in _DURATION_BARE.finditer(norm, lo, hi):
        factor = _UNIT_WEEKS[m.group("u")[:-1]]
        n = _number(m.group("n"))
        if n is not None:
            found.append((_round_weeks(n * factor, factor), m.start(), m.end(), False, True))
    for m in _LAST_AGO.finditer(norm, lo, hi):
        factor = _UNIT_WEEKS[m.group("u")]
        found.append((_round_weeks(factor, factor), m.start(), m.end(), True, True))
    for m in _DURATION_LAST.finditer(norm, lo, hi):
        unit = m.group("u").rstrip("s")
        factor = _UNIT_WEEKS.get(unit)
        if factor is not None and factor >= 1 / 7:
            found.append((_round_weeks(factor, factor), m.start(), m.end(), False, False))
    for m in _SINCE.finditer(norm, lo, hi):
        weeks = _SINCE_WEEKS.get(m.group("w"), 3 / 7)
        found.append((round(weeks, 2), m.start(), m.end(), False, m.group("w") not in _SINCE_WEEKS))
    return [f for f in found if f[0] <= 5200]


def _longest_weeks(doc: _Document, lo: int, hi: int) -> float | None:
    found = [w for w, *_ in _durations(doc, lo, hi)]
    return max(found) if found else None


# How long ago a history fact began, or how long weight has been falling, is not how long the
# sound has been going on.
_HISTORY_TERMS = [
    t for t in _TERMS if t.field in HISTORY_FIELDS or t.field in ("_steroids", "unexplained_weight_loss")
]


def _weeks(doc: _Document, mentions: list[_Mention]) -> list[_Candidate]:
    history_spans = [(m.start, m.end) for m in mentions if m.term in _HISTORY_TERMS]
    out = []
    for weeks, start, end, is_ago, uncertain in _durations(doc):
        lo, hi = doc.clause(start, end)
        s = doc.sentence(start)
        slo, shi = doc.sent_starts[s], doc.sent_ends[s]
        if any(lo <= a and b <= hi for a, b in history_spans):
            continue
        probe = _Mention(_TERMS[0], start, end)
        _read_context(doc, probe, doc.cues["pseudo"])
        if probe.other:
            continue
        if any(not _overlaps(c, (start, end)) for c in doc.cues_in("hist", lo, hi)):
            continue
        if is_ago and not _has(_STARTED, doc, slo, shi):
            continue
        out.append(_Candidate("weeks", weeks, start, end, uncertain))
    return out


# --- facts that link phrases ----------------------------------------------------------------------


def _frequencies(doc: _Document, mentions: list[_Mention]) -> list[_Candidate]:
    norm = doc.norm
    found: list[tuple[str, int, int]] = []
    for m in _TIMES_A_DAY.finditer(norm):
        n_text = m.group("n")
        n = _number(n_text) if n_text[0].isdigit() or _number(n_text) else None
        if n_text in ("a few", "a couple of", "a couple", "couple of", "several"):
            n = 3
        if n is None:
            continue
        found.append(("many_times_daily" if n >= 6 else "daily", m.start(), m.end()))
    taken = [(s, e) for _, s, e in found]
    for value, regex in _FREQUENCY:
        for m in regex.finditer(norm):
            span = (m.start(), m.end())
            if any(_overlaps(span, t) for t in taken):
                continue
            taken.append(span)
            found.append((value, m.start(), m.end()))
    # Next to words about pain with the sound, "sometimes" is about the pain ("hurts sometimes"),
    # unless it is nearer the sound itself ("clicking all day, and it hurts every time").
    pws = [(m.start, m.end) for m in mentions if m.field == "pain_with_sound"]
    self_adjust = [
        m for m in mentions if m.field == "_self_adjust" and not m.negated and m.current and not _given_up(doc, m)
    ]
    sounds = [m for m in mentions if m.field == "sound" and not m.other]
    out = []
    for value, start, end in found:
        if any(_overlaps((start, end), p) for p in pws) or _about_pain(doc, (start, end), pws, sounds):
            continue
        probe = _Mention(_TERMS[0], start, end)
        _read_context(doc, probe, doc.cues["pseudo"])
        if probe.other or probe.historical or (probe.negated and value != "first_time"):
            continue
        s = doc.sentence(start)
        same = [m for m in self_adjust if doc.sentence(m.start) == s]
        if same:
            if value != "first_time":
                out.append(_Candidate("self_adjusting", value, start, end, probe.uncertain))
            out.append(_Candidate("frequency", value, start, end, probe.uncertain))
        elif (
            any(doc.sentence(m.start) == s for m in sounds)
            or _has(_HAPPENS, doc, doc.sent_starts[s], doc.sent_ends[s])
            or (
                _fragment(doc, s, (start, end))
                and not any(doc.sentence(m.start) == s for m in mentions)
                and any(doc.sentence(m.start) < s for m in sounds)
            )
        ):
            out.append(_Candidate("frequency", value, start, end, probe.uncertain))
    return out


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _about_pain(
    doc: _Document, span: tuple[int, int], pws: list[tuple[int, int]], sounds: list[_Mention]
) -> bool:
    """A frequency word in the clause of a pain-with-sound phrase and nearer it than any sound."""
    lo, hi = doc.clause(*span)
    near = [_gap(span, p) for p in pws if lo <= p[0] < hi]
    if not near:
        return False
    sound_gaps = [_gap(span, (m.start, m.end)) for m in sounds if lo <= m.start < hi]
    return not sound_gaps or min(near) < min(sound_gaps)


def _fragment(doc: _Document, s: int, span: tuple[int, int]) -> bool:
    """A sentence that is little more than the frequency, added after the story ("First time ever.")."""
    lo, hi = doc.sent_starts[s], doc.sent_ends[s]
    words = bisect_left(doc.tokens, hi) - bisect_left(doc.tokens, lo)
    inside = bisect_left(doc.tokens, span[1]) - bisect_left(doc.tokens, span[0])
    return words - inside <= 1


def _pain_began_with_pop(doc: _Document, mentions: list[_Mention], candidates: list[_Candidate]) -> list[_Candidate]:
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
    for ev in _POP_EVENT.finditer(norm):
        es, ee = ev.start(), ev.end()
        if any(a <= es and ee <= b for a, b in excluded):
            continue
        probe = _Mention(_TERMS[0], es, ee)
        _read_context(doc, probe, doc.cues["pseudo"])
        if probe.other or probe.historical or probe.negated:
            continue
        s = doc.sentence(es)
        for p in pains:
            ps = doc.sentence(p.start)
            if p.start >= ee and ps in (s, s + 1):
                between = (ee, p.start)
                if _has(_TIME_SHIFT, doc, *between):
                    continue
                # Pain that merely follows a pop is not pain that began with it: the text must tie
                # the two ("immediate pain", "sore ever since"), or the pain must be severe, as
                # pain that comes with a pop and stays is.
                _, p_hi = doc.clause(p.start, p.end)
                tied = (
                    _has(_PAIN_AT_ONCE, doc, *between)
                    or _PAIN_AT_ONCE.search(norm, max(ee, p.start - 12), p.start)
                    or _PAIN_SINCE_AFTER.match(norm[p.end : doc.sent_ends[ps]])
                    or p.value == "severe"
                    or injured
                )
                if not tied:
                    continue
                return [_Candidate("pain_began_with_pop", True, es, p.end, p.uncertain)]
            if p.end <= es and ps == s and _has(_PAIN_SINCE_POP, doc, p.end, es):
                if _has(_TIME_SHIFT, doc, p.end, es):
                    continue
                return [_Candidate("pain_began_with_pop", True, p.start, ee, p.uncertain)]
    return []


_NOT_OTHER_SYMPTOM = frozenset(
    {"_weak", "limb_weakness", "progressive_weakness", "region", "activity", "repeat", "bilateral_symptoms"}
)


def _progression(doc: _Document, mentions: list[_Mention], candidates: list[_Candidate]) -> list[_Candidate]:
    """Weakness of a limb said to be getting worse, in its sentence or the next one."""
    for c in candidates:
        if c.field != "limb_weakness" or c.value is not True:
            continue
        s = doc.sentence(c.start)
        last = min(s + 1, len(doc.sent_starts) - 1)
        for p in _PROGRESSION.finditer(doc.norm, doc.sent_starts[s], doc.sent_ends[last]):
            if _overlaps((p.start(), p.end()), (c.start, c.end)):
                continue
            probe = _Mention(_TERMS[0], p.start(), p.end())
            _read_context(doc, probe, doc.cues["pseudo"])
            if probe.other or probe.negated:
                continue
            # "the pain is getting worse" may be about the pain, not the weakness: still counted,
            # but marked uncertain.
            lo, hi = doc.clause(p.start(), p.end())
            another = any(
                lo <= m.start < hi and m.field not in _NOT_OTHER_SYMPTOM and not m.negated for m in mentions
            )
            start, end = min(c.start, p.start()), max(c.end, p.end())
            return [_Candidate("progressive_weakness", True, start, end, c.uncertain or another or probe.uncertain)]
    return []


def _bilateral(doc: _Document, candidates: list[_Candidate]) -> list[_Candidate]:
    out = []
    for c in candidates:
        if (
            c.field not in ("radiating_pain", "numbness_tingling", "limb_weakness", "progressive_weakness")
            or c.value is not True
        ):
            continue
        lo, hi = doc.window(c.start, c.end, 8, 8)
        both = _has(_BOTH, doc, lo, hi)
        if both:
            out.append(_Candidate("bilateral_symptoms", True, both.start(), both.end(), c.uncertain))
            continue
        plural = _outside(_LIMB_PLURAL, doc, lo, hi, _has(_SADDLE, doc, lo, hi))
        if plural:
            out.append(_Candidate("bilateral_symptoms", True, plural.start(), plural.end(), True))
    return out


# --- deciding each fact ---------------------------------------------------------------------------


def _decide(candidates: list[_Candidate]) -> dict[str, _Candidate]:
    by_field: dict[str, list[_Candidate]] = {}
    for c in candidates:
        by_field.setdefault(c.field, []).append(c)
    chosen: dict[str, _Candidate] = {}
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
    doc = _Document(text)
    mentions = _find_mentions(doc)
    candidates = _route(doc, mentions)
    candidates += _pain_scores(doc)
    candidates += _ages(doc)
    candidates += _weeks(doc, mentions)
    candidates += _frequencies(doc, mentions)
    candidates += _pain_began_with_pop(doc, mentions, candidates)
    candidates += _progression(doc, mentions, candidates)
    candidates += _bilateral(doc, candidates)
    chosen = _decide(candidates)
    values = {name: c.value for name, c in chosen.items()}
    episode = Episode.model_validate(values)
    understood = [
        UnderstoodFact(
            field=name,
            value=c.value,
            span=text[c.start : c.end],
            start=c.start,
            end=c.end,
            uncertain=c.uncertain,
        )
        for name, c in sorted(chosen.items(), key=lambda kv: (kv[1].start, kv[0]))
    ]
    return Understanding(episode=episode, understood=understood)

"""Numbers in the text: pain scores, ages, how long the trouble has lasted, how often it happens,
and numbers written as words."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from backpop.narrative import lexicon as lx
from backpop.narrative.document import NUM, Document, gap, has, names_patient, overlaps, spaces, whole_words
from backpop.narrative.mentions import TERMS, Mention, context_at, given_up
from backpop.narrative.model import HISTORY_FIELDS, Candidate
from backpop.narrative.patterns import LazyPattern

_NUM_RANGE = rf"{NUM}(?: (?:or|to|-) {NUM})?"

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
_DURATION = whole_words(rf"(?P<n>{_NUM_RANGE}|a|an|one)(?P<half> and a half)?[ -]?{_UNIT}")
_DURATION_BARE = whole_words(
    r"for (?:some |many |a few |several )?(?P<u>days|weeks|months|years)(?: now)?,? "
    rf"(?:i'?d say|i would say|i think|maybe|probably|about|around|roughly|say|like) (?P<n>{_NUM_RANGE})"
    r"(?! *(?:[0-9/%]|times|x)\b)"
)
_LAST_AGO = whole_words(r"(?<!since\s)(?<!the\s)(?<!for\s)(?<!over\s)last (?P<u>week|month)")
_DURATION_LAST = whole_words(
    rf"(?:(?:for|over|in|during|throughout) (?:the |this )?|the |this )(?:last|past|previous) {_UNIT}"
)
_SINCE = whole_words(
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
    spaces(
        r"(?:for|over|past|last|previous|about|around|almost|nearly|roughly|than|least|good|whole|"
        r"entire|since|already|in the last|in the past|the last|the past|now for)\W*$"
    )
)
_DURATION_BEFORE_NO = LazyPattern(spaces(r"(?:every|each|per|times|once|twice|in|a|within|after|next|another|at)\W*$"))
_DURATION_AFTER_NO = LazyPattern(
    spaces(
        r"^\W*(?:old|of age|pregnant|later|from now|after|before|course|supply|post|into|in a row|"
        r"apart|break)\b|^-old"
    )
)
_AGO = LazyPattern(spaces(r"^\W*ago\b"))
_STARTED = whole_words(
    r"start\w*|began|begun|begin\w*|first|popped|cracked|happened|heard|felt|noticed|since|injur\w*|"
    r"hurt|did it|pulled|strained|went|gave"
)
_AGE = rf"(?P<n>[0-9]{{1,3}}|{NUM})"
_AGE_SELF = whole_words(
    rf"(?:i'm|im|i am)\s+(?:now |just |only |nearly |almost |about |turning |a |an )*{_AGE}"
    r"(?! *(?:%|/|kg|kgs|lbs?|pounds|stone|st|cm|ft|feet|foot|inches|in|minutes?|mins?|hours?|"
    r"hrs?|days?|weeks?|months?|times?|x|out|percent|and a half|am|pm|o'clock|miles?|km|')(?!\w))"
)
_AGE_YEARS = [
    whole_words(rf"{_AGE} *-? *(?:years?|yrs?|yr) *-? *old"),
    whole_words(rf"{_AGE} *(?:y/o|y\.o\.|yo|yrs old)"),
    whole_words(rf"aged? *:? *{_AGE}"),
    # "Gardener, 78." at the head of a message
    whole_words(r"(?:^|(?<=\n))\W*[a-z]+(?: [a-z]+)?, (?P<n>[1-9][0-9])(?=[.,;])"),
    # "Mrs A., 66 years." and "Mr T. (61)": an age after a name, in a report for someone
    whole_words(r"(?:[,(:] *)(?P<n>[1-9][0-9]) *(?:years?|yrs?)(?= *[.,;)]|$)"),
    whole_words(rf"{_AGE} years of age"),
    # "Mrs B who is 83", "Mr Jones, aged 79"
    whole_words(
        rf"(?:mrs|mr|ms|miss|mx|dr)\.? [a-z]+,? (?:who is|who'?s|is|aged?|age) {_AGE}"
        r"(?! *(?:%|kg|kgs|lbs?|stone|minutes?|hours?|days?|weeks?|months?|times?)\b)"
    ),
    # "still doing shifts at seventy-one!", "at the age of 80"
    whole_words(
        r"still (?:working|doing(?: [a-z]+){0,2}|going strong|nursing|teaching|driving|farming|playing [a-z]+) at "
        rf"{_AGE}(?= *(?:[!.,;]|$))"
    ),
    whole_words(rf"at (?:the )?age (?:of )?{_AGE}(?! *(?:%|/|kg|lbs?|minutes?|hours?|days?|weeks?|months?)\b)"),
    # "a man of 31", "a lady aged 80"
    whole_words(
        r"(?:a|an) (?:[\w-]+ )?(?:man|woman|lady|gentleman|lad|boy|girl|person|adult|client|resident|patient) of "
        rf"{_AGE}(?! *(?:%|kg|kgs|lbs?|stone|minutes?|hours?|days?|weeks?|months?|times?)\b)"
    ),
    whole_words(rf"(?:turned|turning) {_AGE}"),
    whole_words(rf"{_AGE} (?:last|on (?:my|his|her) last|at (?:my|his|her) last) birthday"),
    # "... which I'd put down to being 71"
    whole_words(
        rf"(?:down to|because of|due to|at) being {_AGE}"
        r"(?! *(?:%|kg|kgs|lbs?|minutes?|hours?|days?|weeks?|months?|times?)\b)"
    ),
    # "Grandad here, seventy last month": an age reached last month
    whole_words(rf"(?:here,? |turned |hit )?{_AGE} (?:last|this) (?:month|week)(?= *[.,;!]|$)"),
]
# An age said as some languages say it: "I have 47 years", "I am woman 27 years".
_AGE_HAVE = whole_words(
    r"(?:i have|i've|ive|i am|i'm|im)(?: an?)?(?: (?:man|woman|male|female|guy|girl|boy|lady|mother|father|"
    r"mum|mom|dad|student|grandmother|grandfather))?,? (?P<n>[1-9][0-9]?|1[01][0-9]) *(?:years?|yrs?)"
    r"(?! *(?:of|with|since|ago|into|in|on|for|experience|already|old)\b)(?!\w)"
)
# "She has 81 years", "my mamma has 81 years": the age as many languages say it, of the patient.
_AGE_HAS = whole_words(
    rf"(?:she|he|who|{lx.CARED_FOR})"
    r" (?:has|have|is|got) (?P<n>[1-9][0-9]?|1[01][0-9]) *(?:years?|yrs?)"
    r"(?! *(?:of|with|since|ago|into|in|on|for|experience|already)\b)(?!\w)"
)
# In a report for someone else, the patient's age ("my son is 12", "she's 82").
_AGE_PROXY = whole_words(
    r"(?:(?:she|he|who)(?:'s| is|s) |(?:(?:my|our) |(?<!his\s)(?<!her\s)(?<!their\s)(?<!your\s)(?<!the\s)(?<!a\s))"
    rf"(?P<who>{lx.CARED_FOR})"
    r"(?:(?:,| is| who is| has just turned| just turned| turned) |\s?\())"
    rf"(?:now |just |only |nearly |almost |about |turning )*{_AGE}"
    r"(?! *(?:%|/|kg|kgs|lbs?|pounds|stone|st|cm|ft|feet|foot|inches|in|minutes?|mins?|hours?|"
    r"hrs?|days?|weeks?|months?|times?|x|out|percent|and a half|am|pm|o'clock|miles?|km|')(?!\w))"
)
# An age given on its own, as people sign off a message: "34 F", "52M", "(58)", "bloke here, 63",
# or a sentence that is only a number ("... no pain. 22").
_AGE_TAG = whole_words(
    r"(?P<n>[1-9][0-9])(?: ?(?:m|f|male|female)(?![\w/])| ?(?:y|yr|yrs)(?!\w))|"
    r"\((?P<p>[1-9][0-9])\)|"
    r"(?:bloke|guy|man|woman|lady|gal|fella|fellow|chap|here|male|female)(?: here)?,? (?P<w>[1-9][0-9])"
    r"(?![\w/%.,]*[0-9])(?! ?(?:%|/|kg|lbs?|times|years|yrs|minutes|mins|hours|days|weeks|months))"
)
_AGE_ALONE = LazyPattern(r"\W*(?P<n>[1-9][0-9])(?:\W*$|(?:,| and) (?!(?:maybe|or|to|about|perhaps|[0-9])\b))")
_AGE_TAG_NOT = LazyPattern(r"(?<!\w)(?:pain|score|rate|rated|rates|level|scale|about|maybe|like|a)[\s:,-]*$")
_AGE_DECADE = whole_words(
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
# "my dog, 5 years old" (but "my father 78 years old" is not "her 78")
_OWNER_BEFORE = LazyPattern(r"(?<!\w)(?:my|his|her|our|their|your)\W*$")
_FAMILY_AFTER = LazyPattern(spaces(rf"^\W*(?:\w+\W+)?{lx.FAMILY}(?!\w)"))
_PAIN_SCORE = whole_words(
    rf"(?P<n>[0-9]{{1,2}}(?:\.[0-9])?|{NUM}) *(?:/|out of|outta|on a scale of|over) *(?:10|ten)"
    r"|(?:pain(?:'s|s)?|score|rates? it|rated it|rating it|rate the pain|give it|gives it|level) +"
    r"(?:(?:is|was|of|at|about|around|like|maybe|level|score|an?|a solid|probably|prob|roughly) +)*"
    r"(?:[a-z]+ *[,:-] *)?(?P<m>[0-9]{1,2})"
    r"(?! *(?:[0-9/%]|\.[0-9]|years?|yrs?|days?|weeks?|months?|hours?|mins?|minutes?|times?|kg|lbs?))"
    # "bout a 7", "maybe a 2": a bare number from 0 to 10 with "a" in front is a score.
    r"|(?:about|bout|around|roughly|maybe|probably|prob|like|solid|easily|at least|bit of|a good|a strong|"
    r"call it|say) an? "
    r"(?P<k>[0-9]|10|one|two|three|four|five|six|seven|eight|nine|ten)(?:ish)?"
    # "sore as anything, a 7": a pain word, then a bare score from 0 to 10 after a comma
    r"|(?:sore|pain|painful|hurts?|hurting|aches?|aching|agony|throbbing)(?: [\w']+){0,3}, "
    r"an? (?P<j>[0-9]|10)(?:/10)?(?=[.!?]|\s*$)"
    r"(?! *(?:[0-9/%]|\.[0-9]|-|(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|times?|kg|lbs?|stone|"
    r"miles?|km|steps?|o'clock|am|pm|inch\w*|cm|mm|foot|feet|ft|metres?|meters?|yards?)(?!\w)))"
)


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


def _context_blocks(doc: Document, start: int, end: int) -> bool:
    """A number that belongs to someone else, or to the past."""
    probe = context_at(doc, start, end)
    return probe.other


def read_pain_scores(doc: Document) -> list[Candidate]:
    out = []
    for m in _PAIN_SCORE.finditer(doc.norm):
        raw = m.group("n") or m.group("m") or m.group("k") or m.group("j")
        value = _number(raw) if raw else None
        if value is None or value > 10 or _context_blocks(doc, m.start(), m.end()):
            continue
        if m.group("m") is not None and value > 10:
            continue
        level = "none" if value == 0 else "mild" if value < 4 else "moderate" if value < 7 else "severe"
        c = Candidate("pain", level, m.start(), m.end(), False, certain_rank=1)
        out.append(c)
    return out


def read_ages(doc: Document) -> list[Candidate]:
    out = []
    norm = doc.norm
    for regex in (_AGE_SELF, *_AGE_YEARS, _AGE_HAVE, _AGE_HAS):
        if doc.writer_apart and regex in (_AGE_SELF, _AGE_HAVE):
            continue  # the writer's own age, in a message about someone else
        for m in regex.finditer(norm):
            value = _number(m.group("n"))
            if value is None or value != int(value) or not 0 <= value <= 120:
                continue
            if regex is not _AGE_SELF:
                family = _FAMILY_AFTER.match(norm[m.end() : m.end() + 60])
                if doc.proxy and family and names_patient(family.group(), doc.proxy):
                    pass
                elif family or _OWNER_BEFORE.search(norm, max(0, m.start() - 8), m.start()):
                    continue
            if _context_blocks(doc, m.start(), m.end()):
                continue
            out.append(Candidate("age", int(value), m.start(), m.end(), False))
    if doc.proxy:
        for m in _AGE_PROXY.finditer(norm):
            who = m.group("who")
            value = _number(m.group("n"))
            if who is not None and not names_patient(who, doc.proxy):
                continue
            if value is None or value != int(value) or not 0 <= value <= 120:
                continue
            out.append(Candidate("age", int(value), m.start(), m.end(), False))
    for m in _AGE_TAG.finditer(norm):
        start, end = m.span("n") if m.group("n") else m.span("p") if m.group("p") else m.span("w")
        if _AGE_TAG_NOT.search(norm, max(0, start - 12), start) or _context_blocks(doc, start, end):
            continue
        out.append(Candidate("age", int(norm[start:end]), m.start(), m.end(), True))
    for s, (lo, hi) in enumerate(zip(doc.sent_starts, doc.sent_ends, strict=True)):
        alone = _AGE_ALONE.match(norm, lo, hi)
        if alone and not doc.sent_question[s] and not _context_blocks(doc, *alone.span("n")):
            out.append(Candidate("age", int(alone.group("n")), alone.start("n"), alone.end("n"), True))
    for m in _AGE_DECADE.finditer(norm):
        d = m.group("d")
        base = _DECADES.get(d) or int(d[0]) * 10
        offset = {"early": 2, "mid": 5, "late": 8}.get(m.group("q") or "", 5)
        if _context_blocks(doc, m.start(), m.end()):
            continue
        out.append(Candidate("age", base + offset, m.start(), m.end(), True))
    return out


def _round_weeks(weeks: float, unit_weeks: float) -> float:
    if unit_weeks >= 52 / 12 and weeks >= 1:
        return float(round(weeks))
    if weeks < 1:
        return round(weeks, 2)
    return round(weeks, 1)


_AGE_IS_BEFORE = re.compile(r"(?<!\w)(?:is|am|are|was|aged?|turned|turns|i'?m|im|he'?s|she'?s) $")


def _durations(doc: Document, lo: int = 0, hi: int | None = None) -> list[tuple[float, int, int, bool, bool]]:
    """(weeks, start, end, is_ago, uncertain) for each duration in [lo, hi)."""
    norm = doc.norm
    hi = len(norm) if hi is None else hi
    found = []
    ages = [a.span() for a in _AGE_HAVE.finditer(norm, lo, hi)]
    for m in _DURATION.finditer(norm, lo, hi):
        if any(overlaps(m.span(), a) for a in ages):
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
        if unit == "year" and _AGE_IS_BEFORE.search(before):
            continue  # "he is seventy four years": an age said without "old", not how long
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


def longest_weeks(doc: Document, lo: int, hi: int) -> float | None:
    found = [w for w, *_ in _durations(doc, lo, hi)]
    return max(found) if found else None


# How long ago a history fact began, or how long weight has been falling, is not how long the
# sound has been going on.
_HISTORY_TERMS = [t for t in TERMS if t.field in HISTORY_FIELDS or t.field in ("_steroids", "unexplained_weight_loss")]


def read_weeks(doc: Document, mentions: list[Mention], ages: Sequence[Candidate] = ()) -> list[Candidate]:
    """How long ago it began; not a number of years that is someone's age ("he has 71 years")."""
    history_spans = [(m.start, m.end) for m in mentions if m.term in _HISTORY_TERMS]
    out = []
    for weeks, start, end, is_ago, uncertain in _durations(doc):
        if any(overlaps((a.start, a.end), (start, end)) for a in ages):
            continue
        lo, hi = doc.clause(start, end)
        s = doc.sentence(start)
        slo, shi = doc.sent_starts[s], doc.sent_ends[s]
        if any(lo <= a and b <= hi for a, b in history_spans):
            continue
        probe = context_at(doc, start, end)
        if probe.other:
            continue
        if any(not overlaps(c, (start, end)) for c in doc.cues_in("hist", lo, hi)):
            continue
        if is_ago and not has(_STARTED, doc, slo, shi):
            continue
        out.append(Candidate("weeks", weeks, start, end, uncertain))
    return out


# --- how often ------------------------------------------------------------------------------------

_FREQUENCY = [(value, whole_words(p)) for value, p in lx.FREQUENCY]
#: Times a day said without a number: taken as three.
_SOME_TIMES = (
    "a few",
    "a couple of",
    "a couple",
    "couple of",
    "several",
    "many",
    "lots of",
    "loads of",
    "so many",
    "multiple",
)
_TIMES_A_DAY = whole_words(
    rf"(?P<n>{_NUM_RANGE}|{'|'.join(_SOME_TIMES)})"
    r"(?: ?\+| or more| plus)? ?(?:times|x) (?:a|per|each|every|in a|in the|during the|through the|throughout the) day"
)
_HAPPENS = whole_words(r"happens?|happening|happened|it does it")
_DO_IT = whole_words(
    r"(?:i|he|she|they|we) (?:do|does|did) (?:it|this|that)|"
    r"(?:now )?it'?s (?:now )?(?:pretty much |almost |nearly |basically |like |about )?"
    r"(?:every|each) (?:day|morning|night|hour)"
)


def read_frequencies(doc: Document, mentions: list[Mention]) -> list[Candidate]:
    norm = doc.norm
    found: list[tuple[str, int, int]] = []
    for m in _TIMES_A_DAY.finditer(norm):
        n_text = m.group("n")
        n = _number(n_text) if n_text[0].isdigit() or _number(n_text) else None
        if n_text in _SOME_TIMES:
            n = 3
        if n is None:
            continue
        # "A few" or "several times a day" is many times; once or twice is daily.
        found.append(("many_times_daily" if n >= 3 else "daily", m.start(), m.end()))
    taken = [(s, e) for _, s, e in found]
    for value, regex in _FREQUENCY:
        for m in regex.finditer(norm):
            span = (m.start(), m.end())
            if any(overlaps(span, t) for t in taken):
                continue
            taken.append(span)
            found.append((value, m.start(), m.end()))
    # Next to words about pain with the sound, "sometimes" is about the pain ("hurts sometimes"),
    # unless it is nearer the sound itself ("clicking all day, and it hurts every time").
    pws = [(m.start, m.end) for m in mentions if m.field == "pain_with_sound"]
    self_adjust = [
        m
        for m in mentions
        if (m.field == "_self_adjust" or (m.field == "activity" and m.term.value == "self_adjusting"))
        and not m.negated
        and m.current
        and not given_up(doc, m)
    ]
    sounds = [m for m in mentions if m.field == "sound" and not m.other]
    out = []
    for value, start, end in found:
        if any(overlaps((start, end), p) for p in pws) or _about_pain(doc, (start, end), pws, sounds + self_adjust):
            continue
        probe = context_at(doc, start, end)
        if probe.other or probe.historical or (probe.negated and value != "first_time"):
            continue
        s = doc.sentence(start)
        same = [m for m in self_adjust if doc.sentence(m.start) == s]
        if not same and s > 0 and _DO_IT.search(norm, doc.sent_starts[s], doc.sent_ends[s]):
            # "...a habit of cracking my back. I do it every day": the habit of the sentence before.
            same = [m for m in self_adjust if doc.sentence(m.start) == s - 1]
        if same:
            if value != "first_time":
                out.append(Candidate("self_adjusting", value, start, end, probe.uncertain))
            out.append(Candidate("frequency", value, start, end, probe.uncertain))
        elif (
            any(doc.sentence(m.start) == s for m in sounds)
            or has(_HAPPENS, doc, doc.sent_starts[s], doc.sent_ends[s])
            or (
                _fragment(doc, s, (start, end))
                and not any(doc.sentence(m.start) == s for m in mentions)
                and any(doc.sentence(m.start) < s for m in sounds)
            )
        ):
            out.append(Candidate("frequency", value, start, end, probe.uncertain))
    return out


def _about_pain(doc: Document, span: tuple[int, int], pws: list[tuple[int, int]], sounds: list[Mention]) -> bool:
    """A frequency word in the clause of a pain-with-sound phrase and nearer it than any sound."""
    lo, hi = doc.clause(*span)
    near = [gap(span, p) for p in pws if lo <= p[0] < hi]
    if not near:
        return False
    if any(0 <= span[0] - m.end <= 8 for m in sounds):
        return False  # right after the sound or the habit ("crack my neck 10 times a day, never any pain")
    sound_gaps = [gap(span, (m.start, m.end)) for m in sounds if lo <= m.start < hi]
    return not sound_gaps or min(near) < min(sound_gaps)


def _fragment(doc: Document, s: int, span: tuple[int, int]) -> bool:
    """A sentence that is little more than the frequency, added after the story ("First time ever.")."""
    lo, hi = doc.sent_starts[s], doc.sent_ends[s]
    words = bisect_left(doc.tokens, hi) - bisect_left(doc.tokens, lo)
    inside = bisect_left(doc.tokens, span[1]) - bisect_left(doc.tokens, span[0])
    return words - inside <= 1

"""The text as the reader sees it: normalised, cut into sentences and clauses, with its context
cues found once; and the patterns and span helpers that work on it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from backpop.narrative import lexicon as lx
from backpop.narrative.patterns import LazyPattern

# --- patterns over normalised text ----------------------------------------------------------------


_SPACE_SYNTAX = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]| [?*]?")


def spaces(pattern: str) -> str:
    """Let a literal space in a pattern match any run of spaces (tabs are made spaces)."""

    def widen(m: re.Match[str]) -> str:
        token = m.group()
        if token[0] != " ":
            return token
        return " +" if token == " " else " *"

    return _SPACE_SYNTAX.sub(widen, pattern)


# A number in digits, or any word or pair of words; `numbers._number` checks that the words are a
# number (a short pattern keeps compiling fast).
NUM = (
    r"(?:[0-9]{1,3}(?:\.[0-9]{1,2})?|"
    r"(?:twen|thir|for|fif|six|seven|eigh|nine)ty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|"
    r"a couple of|a couple|couple of|a few|few|several|a dozen|dozens of|dozen|half an?|a half|zero|a hundred|hundred)"
)


def whole_words(pattern: str) -> LazyPattern:
    """A pattern matched as whole words, after the <NUM> placeholder is filled in."""
    body = spaces(pattern.replace("<NUM>", NUM))
    return LazyPattern(rf"(?<!\w)(?:{body})(?!\w)")


# The context cues, and the marks that cut the text into sentences, clauses and tokens.
_NEG_BEFORE = whole_words(lx.NEGATION_BEFORE)
_PSEUDO = whole_words(lx.PSEUDO_NEGATION)
_HEDGED = whole_words(lx.HEDGED_NEGATION)
_UNC_BEFORE = whole_words(lx.UNCERTAIN_BEFORE)
_UNC_AFTER = whole_words(lx.UNCERTAIN_AFTER)
_EXP_BEFORE = whole_words(lx.OTHER_EXPERIENCER_BEFORE)
_EXP_AFTER = whole_words(lx.OTHER_EXPERIENCER_AFTER)
_FIRST_PERSON = whole_words(lx.FIRST_PERSON)
_HISTORICAL = whole_words(lx.HISTORICAL)
_RES_BEFORE = whole_words(lx.RESOLVED_BEFORE)
_RES_AFTER = whole_words(lx.RESOLVED_AFTER)
_FEAR = whole_words(lx.FEAR)
_WORRY_QUESTION = whole_words(lx.WORRY_QUESTION)
_TERMINATOR = whole_words(lx.TERMINATOR)
_CLAUSE_BREAK = LazyPattern(lx.CLAUSE_BREAK)
_PROXY_SUBJECT = whole_words(lx.PROXY_SUBJECT)
_CARED_FOR = whole_words(lx.CARED_FOR)
_PROXY_TOLD = whole_words(lx.PROXY_TOLD)
_PROXY_GOES_ON = whole_words(lx.PROXY_GOES_ON)
_PROXY_EXPLICIT = whole_words(lx.PROXY_EXPLICIT)
_FIRST_PERSON_BODY = whole_words(lx.FIRST_PERSON_BODY)
_THIRD_PERSON_BODY = re.compile(
    r"(?<!\w)(his|her) (?:own )?(?:(?:lower|upper|mid|low|left|right|poor|bad) )?(?:back|neck|spine)(?!\w)"
)
_WRITER = re.compile(r"(?<!\w)(?:i|i'm|im|i've|ive|i'd|my|me|mine|myself)(?!\w)")
_HE_SHE = re.compile(r"(?<!\w)(he|she)(?!\w)")
_SHE_HE = re.compile(r"(?<!\w)(?:she|he|herself|himself)(?!\w)")
_SENTENCE_END = re.compile(
    r"(?<![0-9])\.(?![0-9])|(?<=[0-9])\.(?=\s)|[!?;\n\r\u2026\u3002]+|"
    # "crack my neck 10 times a day, never hurts, is that bad??": the question is only the tail
    r",(?= (?:is (?:that|this|it)|should i|do i|could (?:that|this|it)|can (?:that|this|it)|will (?:that|this|it)|"
    r"what (?:should|do|does|is)|does (?:that|this)|anything to worry)\b[^.!;\n]*\?)"
)
_TOKEN = re.compile(r"\w+(?:'\w+)?")  # a contraction ("you'd") is one word


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


def normalise(text: str) -> str:
    """Lower case with plain apostrophes and dashes, and exactly the same length as `text`."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.translate(_APOSTROPHES)


def names_patient(cue: str, who: str) -> bool:
    """Whether an experiencer cue names the person a proxy report is about."""
    words = re.findall(r"[a-z]+", cue)
    words = [w for w in words if w not in ("my", "our", "the", "a", "s")]
    # ("mother-in-law" is one name of three words)
    named = re.findall(r"[a-z]+", who)
    return bool(_SHE_HE.fullmatch(cue.strip())) or words == named or words == [*named[:-1], named[-1] + "s"]


def _who(found: re.Match[str]) -> str:
    """The person a proxy pattern named: whichever of its `who...` groups matched."""
    return next(v for k, v in found.groupdict().items() if k.startswith("who") and v)


def _spans(regex: LazyPattern | re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in regex.finditer(text)]


class Document:
    """The text with its sentences, clause breaks, tokens and context cues found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = normalise(text)
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
            "fear": _spans(_FEAR, norm),
            "worry": _spans(_WORRY_QUESTION, norm),
        }
        # A report written for someone else ("my mum's back popped and she can't stand") describes
        # that person: words naming them are not another person's, unless the writer also speaks
        # of their own body, when the story is theirs and a relative is someone else.
        self.proxy: str | None = None
        #: The writer said the message is about someone else: the writer's own words about
        #: themselves ("I'm 55", "I've had sciatica for years") are another person's.
        self.writer_apart = False
        explicit = _PROXY_EXPLICIT.search(norm)
        if explicit and _FIRST_PERSON_BODY.search(norm):
            who = _who(explicit)
            self.proxy, self.writer_apart = who, True
            self._not_others(who)
            # The writer's "I" and "my" now name someone other than the patient.
            self.cues["exp"] += [c for c in self.cues["first"] if not (explicit.start() <= c[0] < explicit.end())]
            self.cues["exp"].sort()
            self.cues["first"] = []
        if explicit and not self.proxy:
            # "I'm a support worker for a man of 31": he is the patient.
            self.proxy = _who(explicit)
            self._not_others(self.proxy)
        proxy = _PROXY_SUBJECT.search(norm) if not self.proxy else None
        # The one named first: "my wife had cancer ... her back ... our daughter's back clicks too".
        told = _PROXY_TOLD.search(norm) if not self.proxy else None
        if told and _PROXY_GOES_ON.search(norm, told.end()) and (proxy is None or told.start() < proxy.start()):
            proxy = told
        if proxy and not _FIRST_PERSON_BODY.search(norm):
            who = _who(proxy)
            self.proxy = who
            self._not_others(who)
        elif (
            not self.proxy
            and not _FIRST_PERSON_BODY.search(norm)
            and (
                (third := _THIRD_PERSON_BODY.search(norm))
                or (not _WRITER.search(norm) and (third := _HE_SHE.search(norm)))
            )
        ):
            # Someone named ("Mr T. (61) says his neck clicks"), or a note written about a person
            # with no word of the writer's own: he or she is the patient.
            who = "he" if third.group(1) in ("his", "he") else "she"
            self.proxy = who
            self._not_others(who)
        elif (
            not self.proxy
            and not _FIRST_PERSON_BODY.search(norm)
            and (cared := _CARED_FOR.search(norm))
            and _HE_SHE.search(norm, cared.end())
        ):
            # "My grandmother she is 78 years and she have the osteoporosis": someone the writer
            # cares for, then he or she, and no word of the writer's own body: the patient.
            who = cared.group().split()[-1]
            self.proxy = who
            self._not_others(who)
        self.cue_starts = {k: [s for s, _ in v] for k, v in self.cues.items()}
        self.absorbed: list[tuple[int, int]] = []

    def _not_others(self, who: str) -> None:
        """Words naming the patient of a report for someone else are not another person's (nor
        is a possessive right before them: "my neighbour's son")."""
        norm = self.norm
        self.cues["exp"] = [
            c
            for c in self.cues["exp"]
            if not names_patient(norm[c[0] : c[1]], who) and not re.match(rf"\s+{re.escape(who)}\b", norm[c[1] :])
        ]

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


# --- spans ----------------------------------------------------------------------------------------


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def has(regex: LazyPattern, doc: Document, lo: int, hi: int) -> re.Match[str] | None:
    return regex.search(doc.norm, lo, hi)


def outside(regex: LazyPattern, doc: Document, lo: int, hi: int, inside: re.Match[str] | None) -> re.Match[str] | None:
    """The first match in [lo, hi) that is not part of `inside` ("legs" in "between my legs")."""
    for m in regex.finditer(doc.norm, lo, hi):
        if inside is None or not overlaps((m.start(), m.end()), (inside.start(), inside.end())):
            return m
    return None

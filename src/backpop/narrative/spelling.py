"""Spelling: what a person meant when they typed a word wrongly or in text-speak.

A word that is not English and is one typing error away (two for a long word) from a word the
reader needs (`lexicon.SPELLING_TARGETS`) is read as that word: "numbnes" as numbness, "sciatca"
as sciatica, "craked" as cracked. Distances are Damerau-Levenshtein (a swap of two neighbouring
letters is one error), from rapidfuzz; "not English" means not in the English word list that
symspellpy ships (82,765 words from SCOWL and Google Books n-grams), so a real word is never
changed. Dropped g's ("liftin") and text-speak ("bk", "n") are written out. The reader then reads
the corrected text; every fact it reads from a corrected word is marked uncertain, so that it is
asked back, and a warning sign is never dropped for being misspelled.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from backpop.narrative import cache
from backpop.narrative import lexicon as lx
from backpop.narrative.model import FLAG_FIELDS

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: Shorter words are too easily another word.
MIN_LENGTH = 3
#: An English word seen more often than this (in symspellpy's counts) is never taken for a typo.
_COMMON = 10_000_000
#: What follows the apostrophe of a contraction ("he'd", "they're", "can't" is "can" + "t").
_CONTRACTION_ENDINGS = frozenset({"s", "d", "ll", "re", "ve", "m", "t"})
# A literal word inside a pattern: not part of an escape (\\w, \\b) and not a stem (tingl\\w*).
_LITERAL = re.compile(r"(?<![\\a-z])[a-z]{3,}(?![a-z\\])")


def _word_list() -> Any:
    return resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"


def _cache_name() -> str:
    # Named by what the tables are built from: the lexicon's source, this module's, the word list.
    words = Path(str(_word_list()))
    digest = hashlib.sha256(Path(lx.__file__).read_bytes() + Path(__file__).read_bytes())
    digest.update(f"{words}:{words.stat().st_size if words.exists() else 0}".encode())
    return f"spelling-{digest.hexdigest()[:16]}.json"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], tuple[str, ...]]:
    """(English words with their counts, the words to watch), from the cache file when it is there."""
    name = _cache_name()
    data = cache.read(name)
    try:
        return dict(data["english"]), tuple(data["targets"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        pass  # absent or damaged: built again below
    english = _build_frequencies()
    targets = _build_targets(english)
    cache.write(name, {"english": english, "targets": targets})
    return english, targets


def _build_frequencies() -> dict[str, int]:
    """The English word list shipped with symspellpy, with each word's count."""
    counts = {}
    for line in _word_list().read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        counts[word] = int(count) if count.isdigit() else 0
    return counts


def _frequencies() -> dict[str, int]:
    return _tables()[0]


def english_words() -> dict[str, int]:
    """English words (with how common each is): a word in it is never corrected."""
    return _frequencies()


# A stem with any ending (tingl\\w*, dribbl\\w*): its English words are words to watch too.
_STEM = re.compile(r"(?<![\\a-z])([a-z]{4,})\\w\*")


def _lexicon_texts() -> list[str]:
    texts: list[str] = [v for k, v in vars(lx).items() if isinstance(v, str) and not k.startswith("_")]
    for _, _, patterns, _ in lx.T:
        texts.extend(patterns)
    return [text.replace("<NUM>", " ") for text in texts]


@lru_cache(maxsize=1)
def _targets() -> tuple[tuple[str, ...], frozenset[str]]:
    """Every word the lexicon's patterns spell out or begin (its stems' English words), and its
    list of words to watch; built once, on first use (and kept in the cache file)."""
    targets = _tables()[1]
    return targets, frozenset(targets)


def _build_targets(english_counts: dict[str, int]) -> tuple[str, ...]:
    texts = _lexicon_texts()
    found = [w for text in texts for w in _LITERAL.findall(text) if w not in lx.NOT_SPELLING_TARGETS]
    english = sorted(english_counts)
    for text in texts:
        for stem in _STEM.findall(text):
            i = bisect_left(english, stem)
            # (a longer word sorts among the shorter ones: "shuffleboard" before "shuffled")
            while i < len(english) and english[i].startswith(stem):
                if len(english[i]) <= len(stem) + 5:
                    found.append(english[i])
                i += 1
    return tuple(dict.fromkeys([*lx.SPELLING_TARGETS, *found]))


@lru_cache(maxsize=1)
def _cooccurring() -> dict[str, frozenset[str]]:
    """For each word a pattern spells out, the other words of the patterns it stands in."""
    together: dict[str, set[str]] = {}
    for text in _lexicon_texts():
        words = set(_LITERAL.findall(text)) | set(_STEM.findall(text))
        for word in words:
            together.setdefault(word, set()).update(words - {word})
    return {word: frozenset(others) for word, others in together.items()}


#: Text-speak and contractions without their apostrophe ("cant", "hasnt") are near words too.
_SPEAK_KEYS = tuple(k for k in lx.TEXT_SPEAK if len(k) >= 4 and k.isalpha())
#: The words to watch come first when two are equally near ("worsd": worse, not words).
_PRIORITY = frozenset(lx.SPELLING_TARGETS)


def _allowed_errors(word: str, target: str) -> int:
    """One error in a short word, two when the word meant is long."""
    return 2 if max(len(word), len(target)) >= 8 else 1


def _squeeze(word: str) -> str:
    """Runs of three or more of a letter as two ("neeedles", "sooo")."""
    return re.sub(r"(.)\1{2,}", r"\1\1", word)


def meant(word: str, near: frozenset[str] = frozenset(), before: str = "", after: str = "") -> tuple[str, bool] | None:
    """(the word meant, whether it was a guess) for a lower-case word, or None to keep it.

    `near`: the words around it, `before` and `after` the words next to it. Where two words to
    watch are equally near, the one the lexicon writes most often next to the word beside it wins
    ("pnis and needles": pins), then a word the typing left a letter out of over one it added a
    letter to ("down thre": there, not the), then the one the lexicon uses with a word around it
    ("saping": slapping or snapping; slapping, by foot).
    """
    found = _meant(word)
    if found is None or len(found[0]) == 1 or not (near or before or after):
        return None if found is None else (found[0][0], found[1])
    cooc, pairs = _cooccurring(), _pairs()
    best = max(
        found[0],
        key=lambda t: (
            # "catn feel": can't, not can (typed with its n and t, a lost "not" would lose a warning sign)
            t.endswith("n't") and "t" in word[2:] and "n" in word[1:],
            # after "she", "i", "he": a verb ("she canf wee": can't), not a noun (calf)
            t.endswith("n't") and before in _SUBJECTS,
            t in _undoubled(word),  # a letter typed twice ("havee": have, not haven)
            len(t) >= len(word),  # a letter left out is a commoner slip than one typed in ("waks": not was)
            max(pairs.get((before, t), 0), pairs.get((t, after), 0)),
            t in _warning_words(),  # "saping on the floor": slapping (a foot), before snapping (a sound)
            len(cooc.get(t, frozenset()) & near),
            -found[0].index(t),
        ),
    )
    return best, found[1]


def _undoubled(word: str) -> set[str]:
    """The word with one of its doubled letters typed once ("havee": have)."""
    return {word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]}


_SUBJECTS = frozenset({"i", "he", "she", "we", "they", "you", "it", "u"})
_PAIR = re.compile(r"(?<![\\a-z'])(?=([a-z']+) ([a-z']+)(?![a-z'\\]))")
#: Kinds of mention that stand for a warning sign without being one by name.
_WARNING_KINDS = frozenset({"_sensory", "_weak", "_give_way", "_neuro", "_radiate_it", "_steroids"})


@lru_cache(maxsize=1)
def _warning_words() -> frozenset[str]:
    """Words the lexicon spells out for a warning sign."""
    words: set[str] = set()
    for name, _, patterns, options in lx.T:
        if name in FLAG_FIELDS or name in _WARNING_KINDS or set(options.get("also", ())) & FLAG_FIELDS:
            for text in patterns:
                words.update(_LITERAL.findall(text), _STEM.findall(text))
    return frozenset(words)


@lru_cache(maxsize=1)
def _pairs() -> dict[tuple[str, str], int]:
    """How often the lexicon writes two words side by side ("down there", "pins and")."""
    # Groups opened and closed between two words do not part them ("pins (?:and|&) needles").
    plain = [re.sub(r"\(\?(?::|<?[!=])|[()?]", "", text) for text in _lexicon_texts()]
    return dict(Counter((m.group(1), m.group(2)) for text in plain for m in _PAIR.finditer(text)))


@lru_cache(maxsize=4096)
def _meant(word: str) -> tuple[tuple[str, ...], bool] | None:
    """The words meant, best first (more than one when equally good), and whether a guess."""
    single = _meant_one(word)
    if single is None or not isinstance(single[0], tuple):
        return None if single is None else ((single[0],), single[1])
    return single


def _meant_one(word: str) -> tuple[Any, bool] | None:
    if word in lx.TEXT_SPEAK:
        return lx.TEXT_SPEAK[word], False
    targets, target_set = _targets()
    if len(word) < MIN_LENGTH or word in target_set:
        return None
    if "'" in word:
        stem, _, ending = word.partition("'")
        if ending in _CONTRACTION_ENDINGS and (stem in english_words() or stem in target_set):
            return None  # a contraction spelt right ("he'd", "she'll"), never another word
        # A contraction typed wrongly ("hassn't", "cznt"): matched without its apostrophe.
        found = meant(word.replace("'", ""))
        return found if found is not None and found[0] != word.replace("'", "") else None
    squeezed = _squeeze(word)
    if squeezed in lx.TEXT_SPEAK:
        return lx.TEXT_SPEAK[squeezed], True
    if squeezed in target_set:
        return squeezed, True
    if word.endswith("in") and len(word) >= 4 and word + "g" in english_words() and word not in english_words():
        return word + "g", False
    words = english_words()
    if word in words:
        return None
    if squeezed in words:
        if squeezed != word:
            # "sinnning": certainly mistyped; a warning sign's word one slip from it ("spinning")
            # is meant before a rarer English word ("sinning").
            near = process.extract(
                squeezed,
                [t for t in targets if t in _PRIORITY],
                scorer=DamerauLevenshtein.distance,
                score_cutoff=1,
                limit=3,
            )
            close = [t for t, _, _ in near if t[0] == squeezed[0] and t != squeezed]
            if close and words.get(squeezed, 0) < _COMMON:
                return close[0], True
            return squeezed, False
        return None
    fits = _fits(squeezed, targets, words)
    if not fits and squeezed != word:
        fits = _fits(word, targets, words)  # a letter typed for another, not thrice ("runnng": running)
    if not fits:
        return None
    fits.sort()
    # Text-speak as near as the best word stays in the running, for the words around to decide
    # ("she canf wee": can't, not calf).
    tied = [f[-1] for f in fits if f[:2] == fits[0][:2] or (f[0] == fits[0][0] and f[-1] in lx.TEXT_SPEAK)]
    return tuple(lx.TEXT_SPEAK.get(t, t) for t in tied), True


def _fits(word: str, targets: tuple[str, ...], words: dict[str, int]) -> list[tuple[int, bool, int, int, str]]:
    """Words to watch (and text-speak) near enough to `word`, best first once sorted."""
    near = process.extract(word, targets + _SPEAK_KEYS, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=12)
    # Typing errors rarely touch the first letter; a different first letter is another word, and
    # a three-letter word is only ever a four-letter one short of a letter ("num", "wek").
    return [
        (distance, target not in _PRIORITY, -words.get(target, 0), index, target)
        for target, distance, index in near
        if target[0] == word[0] and distance <= _allowed_errors(word, target) and (len(word) > 3 or len(target) == 4)
    ]


@dataclass
class Corrected:
    """The text with its words corrected, and where each character came from."""

    text: str
    #: origin[i] is the index in the original text of character i (one more entry for the end).
    origin: list[int]
    #: Spans of the original text whose words were guessed, for marking facts uncertain.
    guessed: list[tuple[int, int]] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        lo = self.origin[start]
        hi = self.origin[end - 1] + 1 if end > start else lo
        return lo, hi

    def touches_guess(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.guessed)


_DIALECT = [(re.compile(pattern, re.IGNORECASE), meant_word) for pattern, meant_word in lx.DIALECT]


def _rewrite(text: str, changes: list[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """The text with each [start, end) replaced, and for every character where it came from."""
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for start, end, new in sorted(changes):
        pieces.append(text[last:start])
        origin.extend(range(last, start))
        pieces.append(new)
        # Every character of the replacement comes from the word it replaces.
        span = max(1, end - start)
        origin.extend(start + min(i * span // max(1, len(new)), span - 1) for i in range(len(new)))
        last = end
    pieces.append(text[last:])
    origin.extend(range(last, len(text) + 1))
    return "".join(pieces), origin


def correct(text: str) -> Corrected:
    """Correct misspelled and text-speak words, then dialect ("me back"); the identity when none are."""
    changes: list[tuple[int, int, str]] = []
    guessed: list[tuple[int, int]] = []
    # Neighbours without a possessive ("foot's" is foot), to compare with the lexicon's words;
    # text-speak and dialect neighbours as the words they stand for ("baith lefs": both legs).
    tokens = [re.sub(r"'s$", "", w.lower()) for w in _WORD.findall(text)]
    tokens = [lx.TEXT_SPEAK.get(t, t) for t in tokens]
    # A dialect word is read as the dialect table says, not taken for a typo ("my leeg": neck).
    kept = [m.span() for regex, _ in _DIALECT for m in regex.finditer(text)]
    for i, m in enumerate(_WORD.finditer(text)):
        if any(a < m.end() and m.start() < b for a, b in kept):
            continue
        found = meant(
            m.group().lower(),
            frozenset(tokens[max(0, i - 5) : i] + tokens[i + 1 : i + 6]),
            tokens[i - 1] if i else "",
            tokens[i + 1] if i + 1 < len(tokens) else "",
        )
        if found is None:
            continue
        changes.append((m.start(), m.end(), found[0]))
        if found[1]:
            guessed.append((m.start(), m.end()))
    fixed, origin = _rewrite(text, changes) if changes else (text, list(range(len(text) + 1)))
    dialect = [(m.start(), m.end(), word) for regex, word in _DIALECT for m in regex.finditer(fixed)]
    if dialect:
        fixed, second = _rewrite(fixed, dialect)
        origin = [origin[i] for i in second]
    return Corrected(text=fixed, origin=origin, guessed=guessed)

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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from backpop.narrative import lexicon as lx

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: Shorter words are too easily another word.
MIN_LENGTH = 3
# A literal word inside a pattern: not part of an escape (\\w, \\b) and not a stem (tingl\\w*).
_LITERAL = re.compile(r"(?<![\\a-z])[a-z]{3,}(?![a-z\\])")


def _lexicon_words() -> tuple[str, ...]:
    """Every word the lexicon's patterns spell out, and its list of words to watch."""
    texts: list[str] = [v for k, v in vars(lx).items() if isinstance(v, str) and not k.startswith("_")]
    for _, _, patterns, _ in lx.T:
        texts.extend(patterns)
    found = [w for text in texts for w in _LITERAL.findall(text.replace("<NUM>", " "))]
    return tuple(dict.fromkeys([*lx.SPELLING_TARGETS, *found]))


_TARGETS = _lexicon_words()
_TARGET_SET = frozenset(_TARGETS)
#: Text-speak and contractions without their apostrophe ("cant", "hasnt") are near words too.
_SPEAK_KEYS = tuple(k for k in lx.TEXT_SPEAK if len(k) >= 4 and k.isalpha())
#: The words to watch come first when two are equally near ("worsd": worse, not words).
_PRIORITY = frozenset(lx.SPELLING_TARGETS)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    """The English word list shipped with symspellpy, with each word's count, read once."""
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    counts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        counts[word] = int(count) if count.isdigit() else 0
    return counts


def english_words() -> dict[str, int]:
    """English words (with how common each is): a word in it is never corrected."""
    return _frequencies()


def _allowed_errors(word: str, target: str) -> int:
    """One error in a short word, two when the word meant is long."""
    return 2 if max(len(word), len(target)) >= 8 else 1


def _squeeze(word: str) -> str:
    """Runs of three or more of a letter as two ("neeedles", "sooo")."""
    return re.sub(r"(.)\1{2,}", r"\1\1", word)


@lru_cache(maxsize=4096)
def meant(word: str) -> tuple[str, bool] | None:
    """(the word meant, whether it was a guess) for a lower-case word, or None to keep it."""
    if word in lx.TEXT_SPEAK:
        return lx.TEXT_SPEAK[word], False
    if len(word) < MIN_LENGTH or word in _TARGET_SET:
        return None
    if "'" in word:
        # A contraction typed wrongly ("hassn't", "cznt"): matched without its apostrophe.
        found = meant(word.replace("'", ""))
        return found if found is not None and found[0] != word.replace("'", "") else None
    squeezed = _squeeze(word)
    if squeezed in lx.TEXT_SPEAK:
        return lx.TEXT_SPEAK[squeezed], True
    if squeezed in _TARGET_SET:
        return squeezed, True
    if word.endswith("in") and len(word) >= 4 and word + "g" in english_words() and word not in english_words():
        return word + "g", False
    words = english_words()
    if word in words:
        return None
    if squeezed in words:
        return (squeezed, False) if squeezed != word else None
    near = process.extract(squeezed, _TARGETS + _SPEAK_KEYS, scorer=DamerauLevenshtein.distance,
                           score_cutoff=2, limit=12)
    # Typing errors rarely touch the first letter; a different first letter is another word, and
    # a three-letter word is only ever a four-letter one short of a letter ("num", "wek").
    fits = [
        (distance, target not in _PRIORITY, -words.get(target, 0), index, target)
        for target, distance, index in near
        if target[0] == squeezed[0]
        and distance <= _allowed_errors(squeezed, target)
        and (len(squeezed) > 3 or len(target) == 4)
    ]
    if not fits:
        return None
    target = min(fits)[-1]
    return lx.TEXT_SPEAK.get(target, target), True


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
    for m in _WORD.finditer(text):
        found = meant(m.group().lower())
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

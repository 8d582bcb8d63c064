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
_TARGETS = tuple(dict.fromkeys(lx.SPELLING_TARGETS))
_TARGET_SET = frozenset(_TARGETS)
#: Shorter words are too easily another word.
MIN_LENGTH = 4


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The English word list shipped with symspellpy, read once."""
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    return frozenset(line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())


def _allowed_errors(word: str) -> int:
    return 2 if len(word) >= 8 else 1


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
    squeezed = _squeeze(word)
    if squeezed in _TARGET_SET:
        return squeezed, True
    if word.endswith("in") and len(word) >= 5 and word + "g" in english_words() and word not in english_words():
        return word + "g", False
    best = process.extractOne(squeezed, _TARGETS, scorer=DamerauLevenshtein.distance,
                              score_cutoff=_allowed_errors(squeezed))
    if best is None:
        return None
    target = best[0]
    # Typing errors rarely touch the first letter; a different first letter is another word.
    if target[0] != squeezed[0]:
        return None
    words = english_words()
    if word in words or squeezed in words or word.rstrip("s") in words:
        return None
    return target, True


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


def correct(text: str) -> Corrected:
    """Correct misspelled and text-speak words; the identity (same object text) when none are."""
    pieces: list[str] = []
    origin: list[int] = []
    guessed: list[tuple[int, int]] = []
    last = 0
    for m in _WORD.finditer(text):
        word = m.group()
        found = meant(word.lower())
        if found is None:
            continue
        replacement, guess = found
        pieces.append(text[last : m.start()])
        origin.extend(range(last, m.start()))
        pieces.append(replacement)
        # Every character of the replacement comes from the word it replaces.
        span = m.end() - m.start()
        origin.extend(m.start() + min(i * span // max(1, len(replacement)), span - 1) for i in range(len(replacement)))
        if guess:
            guessed.append((m.start(), m.end()))
        last = m.end()
    if not pieces:
        return Corrected(text=text, origin=list(range(len(text) + 1)))
    pieces.append(text[last:])
    origin.extend(range(last, len(text) + 1))
    return Corrected(text="".join(pieces), origin=origin, guessed=guessed)

"""Seeded typing errors, as thumbs make them on a phone keyboard."""

from __future__ import annotations

import random

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NEIGHBOURS: dict[str, str] = {}
for r, row in enumerate(_ROWS):
    for i, key in enumerate(row):
        near = row[max(0, i - 1) : i] + row[i + 1 : i + 2]
        for other in (r - 1, r + 1):
            if 0 <= other < len(_ROWS):
                near += _ROWS[other][max(0, i - 1) : i + 1]
        NEIGHBOURS[key] = near


def one_error(word: str, rng: random.Random) -> str:
    """The word with one typing error: a neighbouring key, a dropped, doubled or swapped letter.
    The first letter is kept (the slip of a thumb is rarely the first key of a word)."""
    i = rng.randrange(1, len(word))
    kind = rng.choice(("neighbour", "drop", "double", "swap"))
    if kind == "neighbour" and word[i] in NEIGHBOURS:
        return word[:i] + rng.choice(NEIGHBOURS[word[i]]) + word[i + 1 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def misspell(word: str, rng: random.Random, errors: int) -> str:
    for _ in range(errors):
        word = one_error(word, rng)
    return word

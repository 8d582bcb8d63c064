"""Typing errors in the words of a warning sign do not lose it: every held-out story keeps its red
flags when the words they were read from are mistyped (seeded: one error in a short word, two in a
long one), and what is read from a mistyped word is marked uncertain, so it is asked back."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from backpop.narrative import understand
from backpop.narrative.model import RED_FLAG_FIELDS
from backpop.narrative.spelling import english_words

from .typos import misspell

HERE = Path(__file__).parent
SETS = sorted(HERE.glob("heldout*.yaml"))
WORD = re.compile(r"[A-Za-z]{4,}")


def _mistyped(text: str, start: int, end: int, rng: random.Random) -> str | None:
    """The text with the longest correctly spelled word of [start, end) mistyped, not into another
    English word (a word the story already misspells is left as it is)."""
    words = [m for m in WORD.finditer(text, start, end) if m.group().lower() in english_words()]
    words.sort(key=lambda m: -len(m.group()))
    if not words:
        return None
    m = words[0]
    word = m.group().lower()
    for _ in range(20):
        wrong = misspell(word, rng, 2 if len(word) >= 8 else 1)
        if wrong != word and wrong not in english_words():
            return text[: m.start()] + wrong + text[m.end() :]
    return None


@pytest.mark.parametrize("path", SETS, ids=[p.stem for p in SETS])
def test_mistyped_warning_sign_words_keep_their_red_flags(path):
    lost = []
    for case in yaml.safe_load(path.read_text()):
        clean = understand(case["text"])
        for fact in clean.understood:
            if fact.field not in RED_FLAG_FIELDS or fact.value is not True:
                continue
            rng = random.Random(f"{path.stem}:{case['id']}:{fact.field}")
            text = _mistyped(case["text"], fact.start, fact.end, rng)
            if text is None:
                continue
            read = understand(text)
            if read.episode.known().get(fact.field) is not True:
                lost.append((case["id"], fact.field, text[max(0, fact.start - 10) : fact.end + 12]))
    assert lost == []


def test_a_misspelled_warning_sign_is_read_and_marked_uncertain():
    read = understand("i have numbnes and tinglng in my leg and sciatca")
    facts = {f.field: f for f in read.understood}
    assert facts["numbness_tingling"].value is True and facts["numbness_tingling"].uncertain
    assert facts["radiating_pain"].value is True and facts["radiating_pain"].uncertain


def test_real_words_are_not_corrected():
    assert understand("I bake bread and my back is fine").episode.known().get("sound") is None
    assert understand("we had a week away").episode.known() == {}

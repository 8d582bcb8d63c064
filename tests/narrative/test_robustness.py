"""The reader never fails on odd input: any Unicode, control characters, very long text."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backpop.errors import InputError
from backpop.narrative import Understanding, understand

WORDS = [
    "pop",
    "no",
    "not",
    "numb",
    "pins and needles",
    "my mother",
    "used to",
    "maybe",
    "both legs",
    "7/10",
    "I'm 72",
    "for 3 months",
    "crack my back",
    "twenty times a day",
    "can't",
    "?",
    ",",
    "but",
    "and now",
    "ever since",
    "fell off a ladder",
    "İ",
    "ß",
    "\u0000",
    "\u202e",
    "é",
    "💥",
]


def _check(text: str) -> None:
    try:
        result = understand(text)
    except InputError:
        return
    assert isinstance(result, Understanding)
    for fact in result.understood:
        assert text[fact.start : fact.end] == fact.span


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(), max_size=400))
def test_any_unicode_text_is_read_without_error(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join))
def test_jumbles_of_lexicon_words_are_read_without_error(text: str) -> None:
    _check(text)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl"]), max_size=300))
def test_control_and_format_characters_are_read_without_error(text: str) -> None:
    _check(text)


def test_surrogates_and_nul_are_read_without_error() -> None:
    _check("my back \ud800 popped\x00 and I'm numb\udfff down there")


def test_100_kilobytes_of_text_is_read_quickly_and_keeps_red_flags() -> None:
    filler = "My back pops now and then when I twist, it doesn't hurt. " * 1800
    text = filler + "Now I can't feel around my bottom."
    assert len(text) > 100_000
    started = time.perf_counter()
    result = understand(text)
    assert time.perf_counter() - started < 10
    assert result.episode.saddle_numbness is True


def test_100_kilobytes_of_one_character_is_read_without_error() -> None:
    for ch in ("a", " ", "\n", ".", "7", "'"):
        _check(ch * 100_000)

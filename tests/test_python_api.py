"""The Python API raises backpop's own InputError for bad input, never a validation error of the
library underneath, so a caller needs to catch one exception type."""

from __future__ import annotations

import pydantic
import pytest

from backpop import Episode, InputError, assess, understand


@pytest.mark.parametrize(
    "make",
    [
        lambda: Episode(pain="huge"),
        lambda: Episode(colour="red"),
        lambda: Episode(age=200),
        lambda: Episode.model_validate({"saddle_numbness": "maybe"}),
        lambda: Episode.model_validate(["pain"]),
        lambda: assess("my back popped"),
        lambda: assess({"pain": "agony"}),
        lambda: understand(42),
    ],
    ids=[
        "bad value",
        "unknown fact",
        "age out of range",
        "model_validate",
        "not a mapping",
        "assess a string",
        "assess a bad mapping",
        "understand a number",
    ],
)
def test_bad_input_raises_input_error_naming_the_fact(make):
    with pytest.raises(InputError) as caught:
        make()
    assert not isinstance(caught.value, pydantic.ValidationError)
    assert "\n" not in str(caught.value)  # one line


def test_the_message_names_the_fact_and_what_it_accepts():
    with pytest.raises(InputError, match="'pain' got 'huge'; allowed: none, mild, moderate, severe"):
        Episode(pain="huge")


def test_assess_takes_a_mapping_of_facts_too():
    assert assess({"pain": "mild"}) == assess(Episode(pain="mild"))


def test_listen_refuses_what_is_not_a_recording_path(tmp_path):
    listen = pytest.importorskip("backpop.acoustics").listen
    with pytest.raises(InputError):
        listen(123)
    with pytest.raises(InputError):
        listen(tmp_path / "missing.wav")

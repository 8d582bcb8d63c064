"""The Episode contract: exactly the policy's fields; bad values are named clearly."""

from __future__ import annotations

import re

import pytest

from backpop.episode import Episode, parse_episode
from backpop.errors import InputError
from tests.conftest import shared_file


def test_episode_has_exactly_the_policy_fields():
    text = shared_file("TRIAGE_POLICY.md").read_text()
    section = text.split("## The episode")[1].split("## Dispositions")[0]
    fields = set(re.findall(r"^\| `(\w+)` \|", section, flags=re.M))
    assert fields == set(Episode.model_fields)


def test_omitted_fields_are_unknown_not_no():
    episode = Episode(sound="pop")
    assert episode.fever is None
    assert episode.known() == {"sound": "pop"}


@pytest.mark.parametrize(
    ("data", "names"),
    [
        ({"age": 130}, ["'age'", "0 to 120"]),
        ({"weeks": -1}, ["'weeks'", "a number from 0 to 5200"]),
        ({"weeks": 6000}, ["'weeks'", "a number from 0 to 5200"]),
        ({"sound": "bang"}, ["'sound'", "pop, click, grinding, clunk, none, unsure"]),
        ({"fever": "yes"}, ["'fever'", "true or false"]),
        ({"colour": "red"}, ["unknown field 'colour'", "known fields"]),
        ({"age": "old"}, ["'age'"]),
    ],
)
def test_bad_values_are_rejected_naming_field_and_allowed_values(data, names):
    with pytest.raises(InputError) as err:
        parse_episode(data)
    for name in names:
        assert name in str(err.value)
    assert "\n" not in str(err.value)


def test_a_non_object_is_rejected():
    with pytest.raises(InputError, match="JSON object"):
        parse_episode(["pop"])


def test_the_red_flags_are_the_yes_no_facts_the_episode_model_marks_and_each_is_asked():
    from backpop.episode import field_kind, red_flag_fields
    from backpop.knowledge import knowledge
    from backpop.narrative import RED_FLAG_FIELDS

    assert RED_FLAG_FIELDS == red_flag_fields() and len(RED_FLAG_FIELDS) == 17
    asked = {question.field for question in knowledge().questions}
    for name in RED_FLAG_FIELDS:
        assert field_kind(name) == "bool" and name in asked, name

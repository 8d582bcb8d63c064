"""The Questionnaire: one item per Episode field, worded from the knowledge base, and answers that
round-trip through a QuestionnaireResponse."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backpop.episode import Episode, allowed_values, field_kind, field_names
from backpop.fhir.codes import SYSTEM
from backpop.fhir.questionnaire import episode_response, questionnaire, read_response
from backpop.knowledge import knowledge
from tests.fhir.conftest import assert_valid


def test_one_item_per_episode_field_with_the_field_name_as_linkid_and_one_per_detail():
    items = questionnaire()["item"]
    assert sorted(i["linkId"] for i in items) == sorted(field_names() + ["side"])
    links = [i["linkId"] for i in items]
    assert links.index("side") == links.index("region") + 1  # which side, right after where


def test_items_are_worded_from_the_knowledge_base_never_by_field_name():
    kb = knowledge()
    for item in questionnaire()["item"]:
        question = kb.question(item["linkId"])
        assert item["text"] == question.text
        assert item["code"][0]["display"] == question.name
        assert "_" not in item["text"] and "_" not in item["code"][0]["display"]


def test_answer_options_carry_codes_and_the_labels_the_pages_show():
    kb = knowledge()
    for item in questionnaire()["item"]:
        question = kb.question(item["linkId"])
        if question.kind != "enum":
            assert "answerOption" not in item
            continue
        shown = [(o["valueCoding"]["code"], o["valueCoding"]["display"]) for o in item["answerOption"]]
        assert shown == [(f"{question.field}.{value}", label) for value, label in question.options.items()]
        assert all(o["valueCoding"]["system"] == SYSTEM for o in item["answerOption"])


def test_conditional_questions_have_enable_when_and_the_rest_do_not():
    kb = knowledge()
    for item in questionnaire()["item"]:
        question = kb.question(item["linkId"])
        conditional = question.ask_if.fields() != set()
        assert ("enableWhen" in item) == conditional, item["linkId"]
        if conditional:
            assert {e["question"] for e in item["enableWhen"]} == question.ask_if.fields()


def test_pain_with_sound_is_enabled_only_by_some_pain():
    item = next(i for i in questionnaire()["item"] if i["linkId"] == "pain_with_sound")
    codes = {e["answerCoding"]["code"] for e in item["enableWhen"]}
    assert codes == {"pain.mild", "pain.moderate", "pain.severe"}
    assert item["enableBehavior"] == "any"


def test_the_questionnaire_is_versioned_with_the_knowledge():
    assert questionnaire()["version"] == knowledge().version


def test_the_questionnaire_validates_in_r5_and_r4b():
    r5, r4b = questionnaire(version="R5"), questionnaire(version="R4B")
    assert_valid(r5, "R5")
    assert_valid(r4b, "R4B")
    kinds = {i["linkId"]: i["type"] for i in r4b["item"]}
    assert kinds["sound"] == "choice" and kinds["age"] == "integer" and kinds["fever"] == "boolean"
    assert {i["linkId"]: i["type"] for i in r5["item"]}["sound"] == "coding"


def test_the_web_app_serves_the_questionnaire_and_the_code_system(client):
    reply = client.get("/fhir/Questionnaire/backpop")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("application/fhir+json")
    assert reply.json() == questionnaire()
    r4b = client.get("/fhir/Questionnaire/backpop", headers={"accept": "application/fhir+json; fhirVersion=4.3"})
    assert r4b.json() == questionnaire(version="R4B")
    codes = client.get("/fhir/CodeSystem/backpop").json()
    assert_valid(codes, "R5")
    assert codes["url"] == SYSTEM and codes["version"] == knowledge().version
    every = {c["code"] for top in codes["concept"] for c in [top, *top.get("concept", [])]}
    for item in questionnaire()["item"]:
        assert item["linkId"] in every
        assert {o["valueCoding"]["code"] for o in item.get("answerOption", [])} <= every


def _value(name: str):
    kind = field_kind(name)
    if kind == "bool":
        return st.booleans()
    if kind == "enum":
        return st.sampled_from(allowed_values(name))
    if name == "age":
        return st.integers(min_value=0, max_value=120)
    return st.floats(min_value=0, max_value=5200, allow_nan=False, allow_infinity=False)


episodes = st.fixed_dictionaries({}, optional={name: _value(name) for name in field_names()}).map(
    lambda facts: Episode.model_validate(facts)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(episodes, st.sampled_from(["R5", "R4B"]))
def test_episode_to_questionnaire_response_and_back_is_the_identity(episode, version):
    response = episode_response(episode, version=version)
    assert_valid(response, version)
    assert read_response(response).episode() == episode


def test_an_item_marked_asked_unknown_is_read_as_dont_know():
    response = episode_response(Episode(sound="pop"), skipped=["fever"])
    read = read_response(response)
    assert read.skipped == ["fever"] and "fever" not in read.answers


def test_disposition_codes_are_named_as_the_pages_name_the_levels():
    from backpop.assessment import Disposition
    from backpop.fhir.codes import DISPOSITION_NAMES
    from backpop.wording import level_label

    assert DISPOSITION_NAMES == {d: level_label(d) for d in Disposition}

"""Whatever a QuestionnaireResponse holds, $assess and $next-question answer with a result or a FhirInputError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backpop.episode import field_names
from backpop.fhir.codes import QUESTIONNAIRE_URL, SYSTEM
from backpop.fhir.operations import assess_response, next_question
from backpop.fhir.outcome import FhirInputError

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 500), st.floats(allow_nan=False, width=32), st.text(max_size=12)
)
codings = st.fixed_dictionaries(
    {
        "code": st.one_of(
            st.text(max_size=20),
            st.sampled_from(["sound.pop", "pain.mild", "pain.severe", "activity.fall", "pop", "repeat.unknown"]),
        )
    },
    optional={"system": st.sampled_from([SYSTEM, "http://snomed.info/sct"])},
)
answers = st.one_of(
    st.builds(lambda v: {"valueBoolean": v}, scalars),
    st.builds(lambda v: {"valueCoding": v}, codings),
    st.builds(lambda v: {"valueInteger": v}, st.integers(-5, 300)),
    st.builds(lambda v: {"valueDecimal": v}, st.floats(-1, 6000, allow_nan=False)),
    st.builds(lambda v: {"valueString": v}, st.text(max_size=5)),
)
link_ids = st.one_of(st.sampled_from(field_names()), st.sampled_from(["checklist-1", "suggested", "result", "x"]))
leaf = st.fixed_dictionaries({"linkId": link_ids}, optional={"answer": st.lists(answers, max_size=2)})
items = st.recursive(
    leaf,
    lambda children: st.fixed_dictionaries({"linkId": link_ids}, optional={"item": st.lists(children, max_size=3)}),
    max_leaves=12,
)
responses = st.fixed_dictionaries(
    {
        "resourceType": st.sampled_from(["QuestionnaireResponse", "QuestionnaireResponse", "Parameters"]),
        "status": st.sampled_from(["in-progress", "completed", "bogus"]),
        "questionnaire": st.sampled_from([QUESTIONNAIRE_URL, "#start", "http://example.org/Q/x"]),
    },
    optional={
        "item": st.lists(items, max_size=6),
        "contained": st.lists(
            st.fixed_dictionaries(
                {"resourceType": st.just("Questionnaire"), "id": st.just("start"), "status": st.just("active")},
                optional={
                    "item": st.lists(
                        st.builds(lambda i, t: {**i, "type": t}, leaf, st.sampled_from(["boolean", "group", "string"])),
                        max_size=4,
                    )
                },
            ),
            max_size=1,
        ),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(responses, st.sampled_from(["R5", "R4B"]))
def test_any_response_gives_a_result_or_a_clear_fhir_error(response, version):
    for operation in (assess_response, next_question):
        try:
            result = operation(response, version=version)
        except FhirInputError as exc:
            assert exc.diagnostics and 400 <= exc.status < 500
        else:
            assert result["resourceType"] in ("Bundle", "QuestionnaireResponse")

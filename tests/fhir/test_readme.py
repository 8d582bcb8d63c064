"""The README's FHIR walk-through works as written: an SDC client's view, end to end."""

from __future__ import annotations

import json
import re

from tests.conftest import REPO


def _fhir_section() -> str:
    text = (REPO / "README.md").read_text()
    start = text.index("### FHIR")
    return text[start : text.index("\n### ", start + 1)]


def _bodies() -> list[tuple[str, dict]]:
    section = _fhir_section()
    found = re.findall(r"localhost:8000(/fhir/\S+) -H '[^']*' -d '(.*?)'", section, flags=re.S)
    return [(path.replace("\\$", "$"), json.loads(body)) for path, body in found]


def test_the_readme_shows_fetching_answering_and_assessing():
    paths = [path for path, _ in _bodies()]
    assert paths == ["/fhir/Questionnaire/$next-question", "/fhir/$assess"]
    assert "/fhir/Questionnaire/backpop" in _fhir_section()


def test_the_readme_requests_give_what_it_says(client):
    assert client.get("/fhir/Questionnaire/backpop").json()["resourceType"] == "Questionnaire"
    (_, start), (_, answers) = _bodies()
    first = client.post("/fhir/Questionnaire/$next-question", json=start).json()
    checklist = first["contained"][0]["item"][-1]
    assert checklist["linkId"] == "checklist-1" and checklist["text"] == "Do you have any of these now?"
    first["item"] = [
        {
            "linkId": "checklist-1",
            "item": [{"linkId": i["linkId"], "answer": [{"valueBoolean": False}]} for i in checklist["item"]],
        }
    ]
    second = client.post("/fhir/Questionnaire/$next-question", json=first)
    assert second.status_code == 200 and second.json()["status"] == "in-progress"
    bundle = client.post("/fhir/$assess", json=answers).json()
    risk = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RiskAssessment")
    assert risk["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "disposition.urgent"

"""`backpop fhir ...` and `backpop assess --fhir`: FHIR JSON out, one-line errors in."""

from __future__ import annotations

import json

import pytest

from backpop import Episode, assess
from backpop.cli import main
from backpop.fhir.questionnaire import episode_response, questionnaire
from backpop.fhir.results import disposition_of
from backpop.wording import answer_text, fact_text
from tests.fhir.conftest import assert_valid


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_fhir_questionnaire_prints_what_the_web_app_serves(capsys, version):
    assert main(["fhir", "questionnaire", "--fhir-version", version]) == 0
    assert json.loads(capsys.readouterr().out) == questionnaire(version=version)


def test_fhir_codesystem_prints_a_valid_code_system(capsys):
    assert main(["fhir", "codesystem"]) == 0
    assert_valid(json.loads(capsys.readouterr().out), "R5")


def test_assess_fhir_prints_a_bundle_with_the_level_assess_gives(tmp_path, capsys):
    episode = Episode(sound="grinding", pain="mild", age=63, weeks=6)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(episode_response(episode, version="R4B")))
    assert main(["assess", "--fhir", str(path), "--fhir-version", "R4B"]) == 0
    bundle = json.loads(capsys.readouterr().out)
    assert_valid(bundle, "R4B")
    risk = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RiskAssessment")
    assert disposition_of(risk) == assess(episode).disposition.value


def test_assess_fhir_save_keeps_the_episode_in_the_diary(tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(episode_response(Episode(sound="pop", pain="none"))))
    db = str(tmp_path / "diary.db")
    assert main(["assess", "--fhir", str(path), "--save", "--db", db]) == 0
    capsys.readouterr()
    assert main(["diary", "list", "--db", db]) == 0
    listed = " ".join(capsys.readouterr().out.split())
    assert answer_text("sound", "pop") in listed and fact_text("pain", "none") in listed


def test_next_question_reads_stdin(monkeypatch, capsys):
    import io

    start = {"resourceType": "QuestionnaireResponse", "status": "in-progress", "questionnaire": questionnaire()["url"]}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(start)))
    assert main(["fhir", "next-question", "-"]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert reply["contained"][0]["item"][0]["linkId"] == "checklist-1"


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["assess", "--fhir", "{f}"], '{"resourceType": "Patient"}', "expected QuestionnaireResponse"),
        (["assess", "--fhir", "{f}"], "not json", "malformed JSON"),
        (["assess", "--fhir", "{f}", "--sound", "pop"], "{}", "give no FILE"),
        (["fhir", "questionnaire", "--fhir-version", "R4"], None, "not served"),
        (
            ["fhir", "next-question", "{f}"],
            '{"resourceType": "QuestionnaireResponse", "status": "in-progress", '
            '"questionnaire": "http://backpop.local/fhir/Questionnaire/backpop", '
            '"item": [{"linkId": "shoe_size"}]}',
            "shoe_size",
        ),
    ],
)
def test_bad_fhir_input_is_one_line_and_exit_status_2(tmp_path, capsys, args, content, message):
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content)
    assert main([a.format(f=path) for a in args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err

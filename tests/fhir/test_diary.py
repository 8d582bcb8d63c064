"""Diary -> FHIR Bundle -> diary keeps everything backpop keeps."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from backpop import Episode, assess
from backpop.cli import main
from backpop.diary import Diary
from backpop.fhir.diary import diary_bundle, diary_document
from backpop.fhir.outcome import FhirInputError
from tests.diary.test_store import export_content
from tests.fhir.conftest import assert_valid


def _save(diary, when, text=None, **facts):
    episode = Episode(**facts)
    return diary.save_assessment(episode, assess(episode), text=text, when=when)


@pytest.fixture
def filled(tmp_path):
    with Diary(str(tmp_path / "first.db")) as diary:
        first = _save(diary, datetime(2026, 3, 1, 8, 30), text="on waking, one pop", sound="pop", pain="none")
        _save(diary, datetime(2026, 3, 2, 9), sound="grinding", pain="mild", age=63, weeks=6.5)
        diary.mark_seen(_save(diary, datetime(2026, 3, 3, 10), radiating_pain=True, fever=True, pain="moderate"))
        diary.save_recording(
            None,
            listen={"events": [{"time": 2.0}], "odd": "shape"},
            episode=first,
            duration_s=4.0,
            sample_rate=48000,
            sha256="ab" * 32,
            when=datetime(2026, 3, 1, 8, 31),
        )
        diary.save_recording(None, when=datetime(2026, 3, 4, 8))
        diary.log_crack(when=datetime(2026, 3, 2, 7))
        diary.log_crack(when=datetime(2026, 3, 2, 19))
        diary.add_note("physio on Friday", when=datetime(2026, 3, 4, 12), episode=first)
        diary.add_note("slept badly", when=datetime(2026, 3, 5, 12))
        yield diary


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_the_bundle_reads_back_as_the_same_export(filled, version):
    exported = filled.export()
    bundle = json.loads(json.dumps(diary_bundle(exported, version=version)))
    assert_valid(bundle, version)
    assert diary_document(bundle) == json.loads(json.dumps(exported))


def test_diary_to_bundle_to_a_new_diary_keeps_everything(filled, tmp_path, capsys):
    out = tmp_path / "diary.fhir.json"
    url = str(filled.engine.url)
    assert main(["diary", "export", str(out), "--fhir", "--db", url]) == 0
    assert json.loads(out.read_text())["resourceType"] == "Bundle"
    other = tmp_path / "second.db"
    assert main(["diary", "import", str(out), "--db", str(other)]) == 0
    assert "3 episode, 2 recording, 2 self adjusting, 2 note" in capsys.readouterr().out
    with Diary(str(other)) as second:
        assert export_content(second.export()) == export_content(filled.export())


def test_an_assessment_kept_in_the_diary_is_shown_as_a_risk_assessment(filled):
    bundle = diary_bundle(filled.export())
    risks = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RiskAssessment"]
    kept = [a["assessment"]["disposition"] for e in filled.export()["episodes"] for a in e["assessments"]]
    shown = [r["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] for r in risks]
    assert shown == [f"disposition.{d}" for d in kept]


def test_a_bundle_that_is_not_a_backpop_diary_is_refused(tmp_path):
    with pytest.raises(FhirInputError, match="not a backpop diary"):
        diary_document({"resourceType": "Bundle", "type": "collection"})
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection"}))
    assert main(["diary", "import", str(path), "--db", str(tmp_path / "x.db")]) == 2

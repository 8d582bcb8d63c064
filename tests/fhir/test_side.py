"""Which side in FHIR: an item of its own beside the Episode's, asked by $next-question right after
where, read back apart from the Episode, kept in the diary, and carried by the diary Bundle."""

from __future__ import annotations

import json
import subprocess
import sys

from backpop import Episode, assess
from backpop.diary import Diary
from backpop.fhir.diary import diary_bundle, diary_document
from backpop.fhir.questionnaire import episode_response, read_response
from tests.fhir.test_next_question import walk_fhir
from tests.web.web_helpers import NO_WARNING_SIGNS

BENIGN = {
    **NO_WARNING_SIGNS,
    "region": "neck",
    "sound": "click",
    "pain": "none",
    "activity": "twisting",
}


def test_next_question_asks_the_side_right_after_where_and_keeps_it_apart_from_the_episode(client, tmp_path):
    asked, level, completed = walk_fhir(client, {**BENIGN, "side": "left"}, {})
    assert asked.count(("side",)) == 1 and asked[asked.index(("region",)) + 1] == ("side",)
    read = read_response(completed)
    assert read.details == {"side": "left"} and "side" not in read.episode().known()
    assert level == assess(read.episode()).disposition.value
    # `backpop assess --fhir --save` keeps the side with the diary entry
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(completed))
    db = tmp_path / "d.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "backpop.cli", "assess", "--fhir", str(answers), "--save", "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Saved to your diary" in done.stderr
    with Diary(str(db)) as diary:
        assert diary.get("e1")["side"] == "left"


def test_a_side_left_unanswered_is_dont_know(client):
    asked, _, completed = walk_fhir(client, BENIGN, {})
    assert ("side",) in asked and read_response(completed).details == {}


def test_the_side_item_never_changes_the_fhir_result(client):
    facts = {**BENIGN, "pain": "mild", "radiating_pain": True}
    plain = client.post("/fhir/$assess", json=episode_response(Episode(**facts))).json()
    sided = client.post("/fhir/$assess", json=episode_response(Episode(**facts), details={"side": "both"})).json()

    def risk(bundle):
        found = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "RiskAssessment")
        return {k: v for k, v in found.items() if k not in ("occurrenceDateTime", "basis")}

    assert risk(plain) == risk(sided)


def test_the_diary_bundle_carries_the_side(tmp_path):
    with Diary(str(tmp_path / "d.sqlite3")) as diary:
        episode = Episode(sound="pop", pain="mild")
        diary.save_assessment(episode, assess(episode), side="right")
        document = diary.export()
    back = diary_document(diary_bundle(document))
    assert back["episodes"][0]["side"] == "right"

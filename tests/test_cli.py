"""The command line as a user meets it: real processes, exit codes, output."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backpop.cli import main

BACKPOP = [sys.executable, "-m", "backpop.cli"]


def run(*args, stdin=""):
    return subprocess.run([*BACKPOP, *args], input=stdin, capture_output=True, text=True, timeout=60)


def test_assess_json_from_stdin_prints_only_the_assessment():
    done = run("assess", "-", "--json", stdin='{"sound": "pop", "pain": "none"}')
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["disposition"] == "self_care"
    assert data["reasoning"][0]["rule_id"] == "S0"


def test_assess_flags_give_the_same_result_as_json(tmp_path):
    path = tmp_path / "e.json"
    path.write_text(json.dumps({"sound": "grinding", "pain": "mild", "age": 63}))
    from_file = json.loads(run("assess", str(path), "--json").stdout)
    from_flags = json.loads(run("assess", "--sound", "grinding", "--pain", "mild", "--age", "63", "--json").stdout)
    assert from_file == from_flags
    assert from_file["disposition"] == "consult"


def test_boolean_flags_have_yes_and_no_forms():
    yes = json.loads(run("assess", "--sound", "pop", "--numbness-tingling", "--json").stdout)
    no = json.loads(run("assess", "--sound", "pop", "--no-numbness-tingling", "--json").stdout)
    assert yes["disposition"] == "urgent"
    assert no["episode"]["numbness_tingling"] is False


def test_human_output_shows_disposition_reasons_and_disclaimer():
    done = run("assess", "--sound", "clunk", "--giving-way")
    assert done.returncode == 0
    assert "BOOK A VISIT" in done.stdout
    assert "C2" in done.stdout
    assert "does not diagnose" in done.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (["assess", "-"], "{not json", "malformed JSON"),
        (["assess", "-"], '{"sound": "bang"}', "'sound'"),
        (["assess", "-"], '{"wings": 2}', "unknown field 'wings'"),
        (["assess", "/no/such/file.json"], "", "no such file"),
        (["assess", "--age", "130"], "", "'age'"),
        (["assess", "--age", "old"], "", "--age"),
        (["assess", "--frobnicate"], "", "No such option"),
        (["assess"], "", "nothing to assess"),
        (["schema", "patient"], "", "unknown schema"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_traceback(args, stdin, fragment):
    done = run(*args, stdin=stdin)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_binary_file_is_an_input_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(b"\xff\xfe\x00\x01")
    done = run("assess", str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr


@pytest.mark.parametrize("which", ["episode", "assessment"])
def test_schema_prints_json_schema(which):
    schema = json.loads(run("schema", which).stdout)
    assert schema["type"] == "object"
    assert "disposition" in schema["properties"] or "sound" in schema["properties"]


def test_piped_interview_stops_at_an_emergency_flag():
    # The first screen is the warning-sign checklist; ticking the first (saddle numbness) stops it.
    done = run("interview", "--no-opening", "--json", stdin="1\n")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["disposition"] == "emergency"
    assert "EMERGENCY" in done.stderr
    assert done.stderr.count("Question ") == 1


def test_piped_interview_reaches_a_benign_result():
    # none of the warning signs, lower back (where comes early), in the middle (which side, right after
    # where), twisting, no pain, pop, gives way no, never self-adjusts, not repeatable, occasionally
    answers = "none\n3\n4\n1\n1\n1\nn\n1\n1\n2\n"
    done = run("interview", "--no-opening", "--json", stdin=answers)
    data = json.loads(done.stdout)
    assert data["disposition"] == "self_care" and data["details"] == {"side": "middle"}
    assert data["likely_sources"][0]["id"] == "cavitation"
    assert "pain_with_sound" not in data["episode"]


def test_interview_with_input_ending_early_still_assesses():
    done = run("interview", "--no-opening", "--json", stdin="none\n")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["unscreened_red_flags"] and data["provisional"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
episode_like = st.dictionaries(
    st.sampled_from(["sound", "pain", "age", "weeks", "fever", "region", "colour", "repeat"]),
    json_values,
    max_size=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(episode_like.map(json.dumps), st.text(max_size=200)))
def test_any_stdin_gives_an_assessment_or_exit_2_never_a_traceback(monkeypatch, capsys, text):
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code = main(["assess", "-", "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 2)
    if code == 0:
        assert "disposition" in json.loads(out)
    else:
        assert err.startswith("backpop: error:") and err.count("\n") == 1


def test_assess_text_lists_what_was_understood_with_spans():
    text = "I felt a pop lifting a heavy box and now my left leg tingles"
    data = json.loads(run("assess", "--text", text, "--json").stdout)
    assert data["disposition"] == "urgent"
    tingles = next(u for u in data["understood"] if u["field"] == "numbness_tingling")
    assert text[tingles["start"] : tingles["end"]] == tingles["span"]


def test_assess_text_from_stdin_never_drops_a_mentioned_red_flag():
    data = json.loads(run("assess", "--text", "-", "--json", stdin="maybe a bit numb down there?").stdout)
    assert data["disposition"] == "emergency"


def test_interview_opening_asks_back_what_it_read_and_enter_accepts_it():
    story = "My back popped when I stood up, it doesn't hurt and there's no numbness\n" + "\n" * 20
    done = run("interview", "--json", stdin=story)
    data = json.loads(done.stdout)
    assert data["episode"]["sound"] == "pop" and data["episode"]["pain"] == "none"
    assert data["episode"]["numbness_tingling"] is False
    assert "From your story: No pain." in done.stderr
    assert "From your story: One clean pop or crack." in done.stderr


def test_interview_opening_lets_the_person_correct_one_fact():
    # The story says it does not hurt; the person corrects the pain to severe when asked back.
    # Checklist: none; where: lower back; which side: don't know; what you were doing: as read; pain: severe.
    story = "My back popped when I stood up, it doesn't hurt\n" + "none\n3\n\n\nsevere\n" + "\n" * 20
    done = run("interview", "--json", stdin=story)
    data = json.loads(done.stdout)
    assert data["episode"]["pain"] == "severe" and data["episode"]["sound"] == "pop"
    assert data["disposition"] == "consult"


def test_a_number_out_of_range_is_refused_with_the_fields_own_limit():
    done = run("assess", "--sound", "pop", "--weeks", "6000")
    assert done.returncode == 2
    assert done.stderr.strip() == "backpop: error: episode: 'weeks' got 6000.0; allowed: a number from 0 to 5200"
    done = run("assess", "--sound", "pop", "--age", "121")
    assert "'age' got 121; allowed: a whole number from 0 to 120" in done.stderr


def test_assess_side_is_kept_in_the_diary_and_changes_nothing_else(tmp_path):
    db = str(tmp_path / "d.sqlite3")
    plain = json.loads(run("assess", "--sound", "pop", "--pain", "mild", "--json").stdout)
    sided = run("assess", "--sound", "pop", "--pain", "mild", "--side", "left", "--json", "--save", "--db", db)
    data = json.loads(sided.stdout)
    assert data.pop("details") == {"side": "left"} and data["disposition"] == plain["disposition"]
    shown = json.loads(run("diary", "show", "e1", "--json", "--db", db).stdout)
    assert shown["side"] == "left"
    assert "Which side: Left" in run("diary", "show", "e1", "--db", db).stdout


def test_assess_refuses_a_side_that_is_not_an_option():
    done = run("assess", "--sound", "pop", "--side", "up")
    assert done.returncode == 2
    assert done.stderr.strip() == "backpop: error: --side: got 'up'; allowed: left, right, both, middle"


def test_the_terminal_interview_asks_the_side_and_saves_it(tmp_path):
    db = str(tmp_path / "d.sqlite3")
    # none of the warning signs; neck; which side: 2 (right); then Enter ("don't know") for the rest
    done = run("interview", "--no-opening", "--json", "--save", "--db", db, stdin="none\n1\n2\n" + "\n" * 20)
    assert done.returncode == 0, done.stderr
    assert "Which side is it on?" in done.stderr and "does not change the advice" in done.stderr
    assert json.loads(done.stdout)["details"] == {"side": "right"}
    assert json.loads(run("diary", "show", "e1", "--json", "--db", db).stdout)["side"] == "right"


def test_a_side_read_from_the_story_is_offered_in_the_terminal_and_can_be_corrected(tmp_path):
    db = str(tmp_path / "d.sqlite3")
    # the story names the left side; checklist none; lower back; which side: 3 (both), not the left read
    story = "my back popped and my left leg tingles\n" + "none\n3\n3\n" + "\n" * 25
    done = run("interview", "--json", "--save", "--db", db, stdin=story)
    assert "Which side: Left" in done.stderr and "← from your story" in done.stderr
    assert json.loads(done.stdout)["details"] == {"side": "both"}
    assert json.loads(run("diary", "show", "e1", "--json", "--db", db).stdout)["side"] == "both"


def test_assess_json_carries_the_countrys_emergency_number():
    import os

    env = {**os.environ, "BACKPOP_COUNTRY": "GB"}
    done = subprocess.run(
        [*BACKPOP, "assess", "--saddle-numbness", "--json"], capture_output=True, text=True, timeout=60, env=env
    )
    assert json.loads(done.stdout)["emergency_number"] == "999"
    env["BACKPOP_COUNTRY"] = ""
    done = subprocess.run([*BACKPOP, "assess", "--sound", "pop", "--json"], capture_output=True, text=True, env=env)
    assert json.loads(done.stdout)["emergency_number"] == "112"

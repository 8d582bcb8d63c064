"""The `backpop diary` commands, run through typer's test runner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from backpop.diary import Diary
from backpop.diary.cli import diary_app

from .diary_helpers import days_ago, save

runner = CliRunner()


@pytest.fixture
def db(diary_path):
    return str(diary_path)


def run(*args):
    return runner.invoke(diary_app, [str(a) for a in args])


def test_log_crack_then_list_shows_it(db):
    assert run("log-crack", "--db", db).exit_code == 0
    result = run("list", "--db", db)
    assert result.exit_code == 0
    assert "c1" in result.stdout and "cracked own back" in result.stdout


def test_note_show_and_delete(db):
    assert run("note", "tight after gardening", "--db", db).exit_code == 0
    shown = run("show", "n1", "--db", db)
    assert shown.exit_code == 0 and "tight after gardening" in shown.stdout
    assert run("delete", "n1", "--yes", "--db", db).exit_code == 0
    assert "empty" in run("list", "--db", db).stdout


def test_unseen_urgent_episode_is_listed_first_until_seen(db):
    with Diary(db) as diary:
        ref = save(diary, days_ago(1), radiating_pain=True)
        save(diary, days_ago(0), sound="pop", pain="none")
    listed = run("list", "--db", db).stdout
    assert listed.index("Not yet seen") < listed.index("Diary")
    assert run("seen", ref, "--db", db).exit_code == 0
    assert "Not yet seen" not in run("list", "--db", db).stdout


def test_export_and_import_round_trip(db, tmp_path):
    with Diary(db) as diary:
        save(diary, days_ago(1), sound="grinding", pain="none")
    out = tmp_path / "diary.json"
    assert run("export", out, "--db", db).exit_code == 0
    other = str(tmp_path / "other.db")
    result = run("import", out, "--db", other)
    assert result.exit_code == 0, result.output
    assert "1 episode" in result.stdout


def test_trend_prints_weeks_and_the_verdict(db):
    with Diary(db) as diary:
        for n in (0, 7, 14):
            save(diary, days_ago(n), sound="grinding", pain="none")
    result = run("trend", "--weeks", 6, "--db", db)
    assert result.exit_code == 0
    assert "Week of" in result.stdout and "Overall" in result.stdout


def test_report_writes_html_and_pdf(db, tmp_path):
    with Diary(db) as diary:
        save(diary, days_ago(1), sound="pop", pain="none")
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    result = run("report", "--out", html, "--pdf", pdf, "--db", db)
    assert result.exit_code == 0, result.output
    assert html.read_text().startswith("<!doctype html>")
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "args",
    [
        ("show", "e42"),
        ("delete", "e42", "--yes"),
        ("seen", "zebra"),
    ],
)
def test_unknown_ids_exit_2_with_one_line(db, args):
    result = run(*args, "--db", db)
    assert result.exit_code == 2
    assert "error:" in result.output
    assert "Traceback" not in result.output


def test_bad_json_to_import_exits_2(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run("import", bad, "--db", db)
    assert result.exit_code == 2
    assert "not valid JSON" in result.output


def test_foreign_json_to_import_exits_2(db, tmp_path):
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"hello": "world"}))
    result = run("import", foreign, "--db", db)
    assert result.exit_code == 2
    assert "not a backpop diary export" in result.output


def test_text_file_as_db_exits_2(tmp_path):
    text = tmp_path / "x.txt"
    text.write_text("hello " * 100)
    result = run("list", "--db", text)
    assert result.exit_code == 2
    assert "not a backpop diary" in result.output


def test_list_show_and_trend_print_json_of_the_documented_schema(db):
    from backpop.diary.views import DiaryItem, DiaryList, DiaryTrend

    with Diary(db) as diary:
        ref = save(
            diary,
            days_ago(1),
            sound="pop",
            activity="heavy_lift",
            pain="severe",
            pain_began_with_pop=True,
            text="it went pop lifting the sofa",
        )
        diary.log_crack()  # now: `diary trend` counts the weeks up to today
    listed = DiaryList.model_validate(json.loads(run("list", "--json", "--db", db).stdout))
    episode = next(e for e in listed.entries if e.id == ref)
    assert episode.label == "Urgent: today" and listed.awaiting_clinician == [ref]
    shown = DiaryItem.model_validate(json.loads(run("show", ref, "--json", "--db", db).stdout))
    assert shown.ref == ref and shown.model_extra["awaits_clinician"] is True
    trend = DiaryTrend.model_validate(json.loads(run("trend", "--json", "--db", db).stdout))
    assert trend.totals["self_adjusting"] == sum(w.self_adjusting for w in trend.weeks) == 1
    schema = json.loads(subprocess_schema("diary-trend"))
    assert "weeks" in schema["properties"]


def subprocess_schema(which: str) -> str:
    from backpop.cli import app

    return runner.invoke(app, ["schema", which]).stdout


def test_the_terminal_diary_speaks_plain_words(db):
    with Diary(db) as diary:
        ref = save(diary, days_ago(1), sound="pop", activity="heavy_lift", pain="severe", pain_began_with_pop=True)
    for args in (("list",), ("show", ref), ("trend",)):
        out = run(*args, "--db", db).stdout
        for raw in ("heavy_lift", "pain_began_with_pop", "self_care", "True", "T1", " = "):
            assert raw not in out, (args, raw)
    assert "What you were doing: Lifting something heavy" in run("show", ref, "--db", db).stdout
    assert "Urgent: today" in run("list", "--db", db).stdout

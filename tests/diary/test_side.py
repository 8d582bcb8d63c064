"""Which side an episode is on, kept with the diary entry: stored, shown, exported and imported, and
a diary from before the side was kept still opens (and gains the column)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic import command
from typer.testing import CliRunner

from backpop import Episode, assess
from backpop.diary import Diary
from backpop.diary.cli import diary_app
from backpop.diary.report import build_report
from backpop.diary.store import _alembic_config
from backpop.errors import InputError

EPISODE = Episode(sound="pop", pain="mild", radiating_pain=True)


def test_the_side_answered_is_kept_with_the_entry_and_shown(diary_path):
    with Diary(str(diary_path)) as diary:
        ref = diary.save_assessment(EPISODE, assess(EPISODE), side="left", text="my leg tingles")
        assert diary.get(ref)["side"] == "left"
        assert "<dt>Which side</dt><dd>Left (as they answered)</dd>" in build_report(diary).html()
    shown = CliRunner().invoke(diary_app, ["show", ref, "--db", str(diary_path)])
    assert "Which side: Left" in shown.stdout
    as_json = json.loads(CliRunner().invoke(diary_app, ["show", ref, "--json", "--db", str(diary_path)]).stdout)
    assert as_json["side"] == "left"


def test_the_answer_wins_over_the_words_and_the_words_are_read_when_nothing_was_answered(diary_path):
    with Diary(str(diary_path)) as diary:
        diary.save_assessment(EPISODE, assess(EPISODE), text="down my right leg", when=datetime(2026, 11, 1))
        assert "<dd>Right (from their own words)</dd>" in build_report(diary).html()
        diary.save_assessment(EPISODE, assess(EPISODE), text="down my right leg", side="both")
        assert "<dd>Both sides (as they answered)</dd>" in build_report(diary).html()


def test_a_side_that_is_not_an_option_is_refused(diary_path):
    with Diary(str(diary_path)) as diary, pytest.raises(InputError, match="side: got 'up'"):
        diary.save_assessment(EPISODE, assess(EPISODE), side="up")


def test_the_side_travels_through_export_and_import(diary_path, tmp_path):
    with Diary(str(diary_path)) as diary:
        diary.save_assessment(EPISODE, assess(EPISODE), side="middle")
        document = diary.export()
    assert document["episodes"][0]["side"] == "middle"
    with Diary(str(tmp_path / "other.sqlite3")) as other:
        other.import_(document)
        assert other.get("e1")["side"] == "middle"
        document["episodes"][0]["side"] = "up"
        with pytest.raises(InputError):
            other.import_(document)


def test_a_diary_written_before_the_side_was_kept_opens_and_keeps_its_entries(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
        connection.execute(
            sa.text(
                "INSERT INTO diary_episodes (owner, occurred_at, created_at, facts, text) "
                "VALUES ('local', '2026-11-01 10:00:00', '2026-11-01 10:00:00', '{\"sound\": \"pop\"}', "
                "'it popped on the left side')"
            )
        )
    engine.dispose()
    with Diary(str(path)) as diary:
        old = diary.get("e1")
        assert old["side"] is None and old["facts"] == {"sound": "pop"}
        assert "<dd>Left (from their own words)</dd>" in build_report(diary).html()
        ref = diary.save_assessment(EPISODE, assess(EPISODE), side="right")
        assert diary.get(ref)["side"] == "right"

"""The diary on a real PostgreSQL server that these tests start (and stop) themselves
(the `pg_server` and `pg_url` fixtures of tests/postgres.py)."""

from __future__ import annotations

import pytest

from backpop.diary import Diary
from backpop.diary.weekly import build_trend
from backpop.errors import InputError

from .diary_helpers import NOW, days_ago, save

psycopg = pytest.importorskip("psycopg", reason="psycopg (PostgreSQL driver) is not installed")

from tests.postgres import free_port  # noqa: E402


@pytest.fixture
def pg_diary(pg_url):
    with Diary(pg_url) as diary:
        yield diary


def test_plain_postgresql_url_opens_and_migrates(pg_diary):
    assert pg_diary.dialect == "postgresql"
    with pg_diary.engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM backpop_alembic_version").scalar()
    assert version == "0002"


def test_save_get_list_and_owner_separation(pg_diary):
    mine = save(pg_diary, days_ago(1), owner="ann", sound="grinding", pain="mild", text="crunch")
    save(pg_diary, days_ago(1), owner="bob", sound="pop")
    assert [e.ref for e in pg_diary.list(owner="ann")] == [mine]
    item = pg_diary.get(mine, owner="ann")
    assert item["facts"] == {"sound": "grinding", "pain": "mild"}
    assert item["assessments"][0]["assessment"]["disposition"] == "consult"
    with pytest.raises(InputError):
        pg_diary.get(mine, owner="bob")


def test_delete_cascades(pg_diary):
    ref = save(pg_diary, days_ago(1), sound="clunk")
    pg_diary.save_recording(None, listen={"events": []}, episode=ref)
    pg_diary.add_note("about it", episode=ref)
    pg_diary.delete(ref)
    assert pg_diary.count() == {"episode": 0, "recording": 0, "self_adjusting": 0, "note": 0}


def test_export_from_sqlite_imports_into_postgresql_with_the_same_content(diary, pg_diary):
    from .test_store import export_content

    save(diary, days_ago(3), sound="pop", pain="none", text="morning")
    diary.mark_seen(save(diary, days_ago(2), radiating_pain=True))
    diary.log_crack(when=days_ago(1))
    diary.add_note("note", when=days_ago(1))
    exported = diary.export()
    pg_diary.import_(exported)
    assert export_content(pg_diary.export()) == export_content(exported)


def test_trend_on_postgresql(pg_diary):
    for n in (0, 7, 14):
        save(pg_diary, days_ago(n), sound="grinding", pain="none")
    trend = build_trend(pg_diary, now=NOW)
    assert trend.facts["grinding_weeks_of_last_6"] == 3
    assert [r.rule_id for r in trend.assessment.reasoning] == ["T-GRIND"]


def test_two_processes_writing_at_once_lose_nothing(pg_url):
    from .test_reliability import _writer

    writers = [_writer(pg_url, tag, 60) for tag in ("a", "b")]
    for w in writers:
        assert w.stdout.readline().strip() == "ready", w.stderr.read()
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        _, stderr = w.communicate(timeout=120)
        assert w.returncode == 0, stderr
    with Diary(pg_url) as diary:
        assert diary.count()["episode"] == 120


def test_unreachable_server_is_an_input_error():
    port = free_port()  # nothing listens here
    with pytest.raises(InputError, match="cannot open diary"):
        Diary(f"postgresql://postgres@127.0.0.1:{port}/nothing?connect_timeout=2")

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from backpop.diary import Diary
from backpop.diary.schema import VERSION_TABLE, metadata
from backpop.diary.store import _head_revision, normalize_url
from backpop.errors import InputError

from .diary_helpers import days_ago, save


def test_default_diary_is_created_on_first_use_in_the_data_dir(_isolated_data_dir: Path):
    with Diary() as diary:
        diary.log_crack()
    assert (_isolated_data_dir / "diary.sqlite3").is_file()


def test_database_url_from_environment_is_used(tmp_path, monkeypatch):
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("BACKPOP_DATABASE_URL", f"sqlite:///{target}")
    with Diary() as diary:
        diary.add_note("hello")
    assert target.is_file()


def test_plain_postgresql_urls_use_the_psycopg_driver():
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_sqlite_diary_uses_wal_and_foreign_keys(diary):
    with diary.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_first_open_runs_the_migrations_to_head(diary_path):
    Diary(str(diary_path)).close()
    with sqlite3.connect(diary_path) as connection:
        (version,) = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    assert version == _head_revision()


def test_migrated_schema_matches_the_table_definitions(diary):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with diary.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, metadata) == []


def test_saved_assessment_comes_back_in_full(diary):
    ref = save(diary, days_ago(1), sound="grinding", pain="mild", text="crunchy when I bend")
    item = diary.get(ref)
    assert item["facts"] == {"sound": "grinding", "pain": "mild"}
    assert item["text"] == "crunchy when I bend"
    [stored] = item["assessments"]
    assert stored["assessment"]["disposition"] == "consult"
    assert stored["knowledge_version"] == stored["assessment"]["knowledge_version"]


def test_list_is_newest_first_and_covers_every_kind(diary):
    save(diary, days_ago(3), sound="pop", pain="none")
    diary.log_crack(when=days_ago(2))
    diary.add_note("stiff this morning", when=days_ago(1))
    diary.save_recording(None, listen={"events": []}, when=days_ago(0))
    assert [e.kind for e in diary.list()] == ["recording", "note", "self_adjusting", "episode"]


def test_each_owner_sees_only_their_own_rows(diary):
    mine = save(diary, days_ago(1), owner="ann", sound="pop")
    save(diary, days_ago(1), owner="bob", sound="click")
    assert [e.ref for e in diary.list(owner="ann")] == [mine]
    with pytest.raises(InputError):
        diary.get(mine, owner="bob")
    with pytest.raises(InputError):
        diary.delete(mine, owner="bob")
    assert diary.get(mine, owner="ann")


def test_unknown_or_malformed_id_is_an_input_error(diary):
    with pytest.raises(InputError, match="no diary entry e99"):
        diary.get("e99")
    with pytest.raises(InputError, match="not a diary id"):
        diary.delete("banana")


def test_delete_removes_an_episode_with_its_assessments_recordings_and_notes(diary, diary_path):
    ref = save(diary, days_ago(1), sound="clunk", text="SECRET-WORDS-123")
    diary.save_recording(None, listen={"events": []}, episode=ref)
    diary.add_note("SECRET-NOTE-456", episode=ref)
    diary.delete(ref)
    assert diary.count() == {"episode": 0, "recording": 0, "self_adjusting": 0, "note": 0}
    with diary.engine.connect() as connection:
        for table in metadata.sorted_tables:
            assert connection.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0
    diary.close()
    raw = b"".join(p.read_bytes() for p in diary_path.parent.glob(diary_path.name + "*"))
    assert b"SECRET-WORDS-123" not in raw
    assert b"SECRET-NOTE-456" not in raw


def test_mark_seen_records_a_clinician_visit(diary):
    ref = save(diary, days_ago(1), radiating_pain=True)
    diary.mark_seen(ref)
    assert diary.get(ref)["seen_at"] is not None
    with pytest.raises(InputError):
        diary.mark_seen(diary.log_crack())


def test_recording_keeps_hash_duration_rate_path_and_listen_result(diary, tmp_path):
    wav = tmp_path / "pop.wav"
    wav.write_bytes(b"RIFF....not really audio")
    ref = diary.save_recording(
        wav, listen={"events": [{"time": 1.5, "kind": "pop"}]}, duration_s=3.0, sample_rate=48000
    )
    item = diary.get(ref)
    assert len(item["sha256"]) == 64
    assert (item["duration_s"], item["sample_rate"]) == (3.0, 48000)
    assert item["path"] == str(wav)
    assert item["listen"]["events"][0]["kind"] == "pop"


def export_content(document):
    """The export without ids and export time: what 'the same content' means."""
    doc = json.loads(json.dumps(document))
    doc.pop("exported_at")
    ref = {e["id"]: i for i, e in enumerate(doc["episodes"])}
    for e in doc["episodes"]:
        e.pop("id")
    for r in doc["recordings"] + doc["notes"]:
        r.pop("id")
        if r["episode_id"] is not None:
            r["episode_id"] = ref[r["episode_id"]]
    return doc


def test_export_then_import_into_an_empty_diary_gives_the_same_content(diary, tmp_path):
    first = save(diary, days_ago(5), sound="pop", pain="none", text="on waking")
    save(diary, days_ago(4), sound="grinding", pain="mild")
    diary.mark_seen(save(diary, days_ago(3), radiating_pain=True))
    diary.save_recording(None, listen={"events": [{"time": 2.0}]}, episode=first, duration_s=4.0)
    diary.log_crack(when=days_ago(2))
    diary.add_note("physio on Friday", when=days_ago(1), episode=first)
    exported = diary.export()
    with Diary(str(tmp_path / "other.db")) as other:
        counts = other.import_(json.loads(json.dumps(exported)))
        assert counts == {"episode": 3, "recording": 1, "self_adjusting": 1, "note": 1}
        assert export_content(other.export()) == export_content(exported)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "expected a JSON object"),
        ({"format": "something-else"}, "not a backpop diary export"),
        ({"format": "backpop-diary", "format_version": 99}, "unsupported diary export version"),
        (
            {"format": "backpop-diary", "format_version": 1, "episodes": [{"id": 1}]},
            "bad diary export at episodes.0",
        ),
        (
            {
                "format": "backpop-diary",
                "format_version": 1,
                "episodes": [
                    {
                        "id": 1,
                        "occurred_at": "2026-01-01T00:00:00",
                        "created_at": "2026-01-01T00:00:00",
                        "facts": {"sound": "kaboom"},
                    }
                ],
            },
            "episodes.0.facts",
        ),
        (
            {
                "format": "backpop-diary",
                "format_version": 1,
                "notes": [{"created_at": "2026-01-01T00:00:00", "text": "x", "episode_id": 7}],
            },
            "refers to episode 7",
        ),
    ],
)
def test_bad_import_documents_are_input_errors_and_add_nothing(diary, document, message):
    with pytest.raises(InputError, match=message):
        diary.import_(document)
    assert sum(diary.count().values()) == 0


def test_text_file_given_as_diary_is_an_input_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some text, definitely not a database\n" * 20)
    with pytest.raises(InputError, match="not an SQLite database"):
        Diary(str(path))


def test_corrupt_diary_is_an_input_error(diary_path):
    with Diary(str(diary_path)) as d:
        for i in range(50):
            d.add_note(f"note {i}")
    data = bytearray(diary_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the magic header, wreck the schema page
    diary_path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="cannot open diary"):
        Diary(str(diary_path))


def test_foreign_sqlite_database_is_an_input_error(tmp_path):
    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(InputError, match="not a backpop diary"):
        Diary(str(path))


def test_diary_from_a_newer_backpop_is_an_input_error(diary_path):
    Diary(str(diary_path)).close()
    with sqlite3.connect(diary_path) as connection:
        connection.execute(f"UPDATE {VERSION_TABLE} SET version_num = '9999'")
    with pytest.raises(InputError, match="newer version of backpop"):
        Diary(str(diary_path))


def test_directory_given_as_diary_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        Diary(str(tmp_path))

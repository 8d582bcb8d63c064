"""The diary's files are the person's alone, and deleted words are gone from every file."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from backpop.diary import Diary
from backpop.diary.store import data_dir

from .diary_helpers import NOW, save

SECRET = "my-secret-words-about-my-back"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_data_folder_and_every_diary_file_are_private_whatever_the_umask(usual_umask):
    with Diary() as diary:
        save(diary, NOW, text=SECRET)
        folder = data_dir()
        files = [folder / "diary.sqlite3", folder / "diary.sqlite3-wal", folder / "diary.sqlite3-shm"]
        with sqlite3.connect(files[0]) as other:  # keeps the WAL and SHM files in place
            other.execute("SELECT count(*) FROM diary_episodes").fetchone()
            assert _mode(folder) == 0o700
            for path in files:
                assert path.exists(), path
                assert _mode(path) == 0o600, path


def test_an_existing_diary_readable_by_others_is_made_private(tmp_path, usual_umask):
    path = tmp_path / "old.sqlite3"
    Diary(str(path)).close()
    path.chmod(0o644)
    with Diary(str(path)) as diary:
        save(diary, NOW)
    assert _mode(path) == 0o600


def test_deleted_words_are_gone_from_the_database_and_its_wal_while_another_connection_is_open(diary_path):
    with Diary(str(diary_path)) as diary:
        ref = save(diary, NOW, text=SECRET)
        other = sqlite3.connect(diary_path)  # another program (or worker) has the diary open
        try:
            other.execute("SELECT count(*) FROM diary_episodes").fetchone()
            diary.delete(ref)
            for path in diary_path.parent.glob(diary_path.name + "*"):
                assert SECRET.encode() not in path.read_bytes(), path.name
        finally:
            other.close()

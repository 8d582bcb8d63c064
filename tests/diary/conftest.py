from __future__ import annotations

from pathlib import Path

import pytest

from backpop.diary import Diary


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user data directory or a configured database."""
    data = tmp_path / "data"
    monkeypatch.setenv("BACKPOP_DATA_DIR", str(data))
    monkeypatch.delenv("BACKPOP_DATABASE_URL", raising=False)
    return data


@pytest.fixture
def diary_path(tmp_path: Path) -> Path:
    return tmp_path / "diary.sqlite3"


@pytest.fixture
def diary(diary_path: Path):
    with Diary(str(diary_path)) as d:
        yield d

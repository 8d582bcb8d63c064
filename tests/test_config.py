"""Settings come from the environment in one place (backpop.config) and are passed down."""

from __future__ import annotations

import re
from pathlib import Path

import backpop
from backpop.config import ENVIRONMENT, Settings
from backpop.diary import Diary

SRC = Path(backpop.__file__).parent


def test_settings_are_read_from_the_given_environment():
    settings = Settings.from_env(
        {
            "BACKPOP_DATA_DIR": "~/diaries",
            "BACKPOP_DATABASE_URL": "postgresql://db/backpop",
            "BACKPOP_SECRET_KEY": "k" * 40,
            "BACKPOP_COUNTRY": " us ",
        }
    )
    assert settings.data_dir == Path("~/diaries").expanduser()
    assert settings.diary_url() == "postgresql://db/backpop"
    assert settings.secret_key == "k" * 40 and settings.country == "US"


def test_unset_and_empty_mean_the_defaults(tmp_path):
    assert Settings.from_env({"BACKPOP_COUNTRY": "", "BACKPOP_DATABASE_URL": ""}) == Settings()
    settings = Settings.from_env({"BACKPOP_DATA_DIR": str(tmp_path)})
    assert settings.diary_url() == f"sqlite:///{tmp_path / 'diary.sqlite3'}"


def test_a_diary_opened_with_settings_uses_them_not_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPOP_DATA_DIR", str(tmp_path / "from-environment"))
    monkeypatch.delenv("BACKPOP_DATABASE_URL", raising=False)
    with Diary(settings=Settings(data_dir=tmp_path / "given")) as diary:
        diary.log_crack()
    assert (tmp_path / "given" / "diary.sqlite3").is_file()
    assert not (tmp_path / "from-environment").exists()


def test_no_other_module_reads_the_environment():
    readers = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "config.py" and re.search(r"environ\.get\(|getenv\(", path.read_text(encoding="utf-8"))
    ]
    assert not readers, readers
    assert set(ENVIRONMENT.values()) == {
        "BACKPOP_DATA_DIR",
        "BACKPOP_DATABASE_URL",
        "BACKPOP_SECRET_KEY",
        "BACKPOP_COUNTRY",
    }

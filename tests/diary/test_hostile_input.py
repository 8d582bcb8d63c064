"""The diary commands against damaged diaries, hostile import files and read-only diaries:
one line and exit status 2, never a traceback; reading never needs write access."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backpop.diary import Diary
from backpop.diary.cli import diary_app

from .diary_helpers import NOW, save

runner = CliRunner()


def run(*args):
    return runner.invoke(diary_app, [str(a) for a in args])


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    return lines[0]


def document(**parts) -> dict:
    return {"format": "backpop-diary", "format_version": 1, **parts}


def test_a_damaged_json_column_is_one_line(diary_path):
    with Diary(str(diary_path)) as diary:
        save(diary, NOW, sound="pop")
    with sqlite3.connect(diary_path) as raw:
        raw.execute("UPDATE diary_episodes SET facts = '{not json'")
    for command in (("list",), ("show", "e1"), ("export", diary_path.parent / "out.json"), ("trend",)):
        assert "damaged" in one_line_error(run(*command, "--db", diary_path))


@pytest.mark.parametrize(
    "text, why",
    [
        (
            '{"format": "backpop-diary", "format_version": 1, "episodes": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "nested",
        ),
        (
            json.dumps(document(notes=[{"created_at": "2026-01-01T00:00:00", "text": "x"}])).replace(
                '"x"', '"\\ud800"'
            ),
            "not valid Unicode",
        ),
        (json.dumps(document(recordings=[{"recorded_at": "2026-01-01T00:00:00", "sample_rate": 10**40}])), "too large"),
        (
            '{"format": "backpop-diary", "format_version": 1, "recordings": [{"recorded_at": "2026-01-01T00:00:00", '
            '"sample_rate": ' + "9" * 5000 + "}]}",
            "JSON",
        ),
        (
            json.dumps(
                document(recordings=[{"recorded_at": "2026-01-01T00:00:00", "listen": json.loads("[" * 40 + "]" * 40)}])
            ),
            "nested",
        ),
    ],
)
def test_a_hostile_import_file_is_one_line_and_adds_nothing(tmp_path, diary_path, text, why):
    source = tmp_path / "hostile.json"
    source.write_text(text, encoding="utf-8")
    assert why in one_line_error(run("import", source, "--db", diary_path))
    with Diary(str(diary_path)) as diary:
        assert sum(diary.count().values()) == 0


def _read_only_folder(folder: Path):
    """Make a folder and its files unwritable, even for root (chattr +i), or skip."""
    if os.geteuid() != 0:
        for path in [*folder.iterdir(), folder]:
            path.chmod(0o500 if path.is_dir() else 0o400)
        return lambda: [p.chmod(0o700) for p in [folder, *folder.iterdir()]]
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available to make a folder read-only for root")
    paths = [str(p) for p in folder.iterdir()] + [str(folder)]
    done = subprocess.run(["chattr", "+i", *paths], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"this file system cannot make files immutable: {done.stderr.decode().strip()}")
    return lambda: subprocess.run(["chattr", "-i", *paths], capture_output=True)


def test_a_read_only_diary_can_be_listed_shown_exported_and_reported(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    diary_file = folder / "diary.sqlite3"
    with Diary(str(diary_file)) as diary:
        save(diary, NOW, text="stiff after the drive", sound="click")
    undo = _read_only_folder(folder)
    try:
        listed = run("list", "--db", diary_file)
        assert listed.exit_code == 0 and "e1" in listed.stdout, listed.output
        assert run("show", "e1", "--db", diary_file).exit_code == 0
        out = tmp_path / "export.json"
        assert run("export", out, "--db", diary_file).exit_code == 0
        assert json.loads(out.read_text())["episodes"][0]["text"] == "stiff after the drive"
        assert run("report", "--out", tmp_path / "r.html", "--db", diary_file).exit_code == 0
        assert "stiff after the drive" in (tmp_path / "r.html").read_text()
        refused = run("log-crack", "--db", diary_file)  # writing still says why, in one line
        one_line_error(refused)
    finally:
        undo()

"""``backpop listen`` and ``backpop synth`` through a local typer app registered like the main CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from backpop.acoustics.cli import listen_command, synth_command
from backpop.cli import main

from .signals import pop_signal

app = typer.Typer()
app.command("listen")(listen_command)
app.command("synth")(synth_command)
runner = CliRunner()


@pytest.fixture
def pop_wav(write_wav):
    return write_wav(pop_signal(48_000, [0.5, 0.526, 0.552], duration_s=2.0), name="back.wav")


def test_listen_json_prints_exactly_the_contract(pop_wav):
    result = runner.invoke(app, ["listen", str(pop_wav), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["file", "sample_rate", "duration_s", "events", "summary"]
    assert data["sample_rate"] == 48_000 and data["duration_s"] == pytest.approx(2.0)
    for e in data["events"]:
        assert list(e) == ["start_s", "end_s", "kind", "confidence", "features"]
        assert list(e["features"]) == ["duration_ms", "peak_dbfs", "centroid_hz"]
        assert e["kind"] in ("pop", "click", "crepitus", "clunk", "other")
        assert 0.0 <= e["confidence"] <= 1.0
    assert list(data["summary"]) == ["counts", "evidence", "notes"]
    assert list(data["summary"]["counts"]) == ["pop", "click", "crepitus", "clunk", "other"]
    assert data["summary"]["counts"]["pop"] == 3
    assert data["summary"]["evidence"] == {"sound": "pop", "repeat": "not_for_a_while"}


def test_listen_default_output_is_a_readable_table(pop_wav):
    result = runner.invoke(app, ["listen", str(pop_wav)])
    assert result.exit_code == 0
    assert "pop" in result.stdout and "{" not in result.stdout
    assert "What it adds to an assessment: The sound: One clean pop or crack" in " ".join(result.stdout.split())
    assert "not_for_a_while" not in result.stdout and " = " not in result.stdout


def test_listen_plot_writes_a_png(pop_wav, tmp_path):
    out = tmp_path / "plot.png"
    result = runner.invoke(app, ["listen", str(pop_wav), "--plot", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_listen_bad_input_exits_2_with_one_line(tmp_path, capsys):
    p = tmp_path / "fake.wav"
    p.write_text("not audio")
    assert main(["listen", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("backpop: error:") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_synth_pop_writes_a_recording_listen_finds(tmp_path):
    out = tmp_path / "x.wav"
    result = runner.invoke(app, ["synth", "pop", "--out", str(out), "--seed", "1", "--sr", "48000"])
    assert result.exit_code == 0, result.output
    listened = runner.invoke(app, ["listen", str(out), "--json"])
    assert json.loads(listened.stdout)["summary"]["evidence"]["sound"] == "pop"


def test_synth_corpus_writes_truth(tmp_path):
    d = tmp_path / "corpus"
    result = runner.invoke(app, ["synth", "corpus", str(d), "--n", "4", "--seed", "3"])
    assert result.exit_code == 0, result.output
    truth = json.loads((d / "truth.json").read_text())
    assert len(truth["files"]) == 4
    assert all((d / name).exists() for name in truth["files"])


def test_synth_same_seed_same_bytes(tmp_path):
    a, b = tmp_path / "a.wav", tmp_path / "b.wav"
    for p in (a, b):
        runner.invoke(app, ["synth", "thrust", "--out", str(p), "--seed", "4"])
    assert a.read_bytes() == b.read_bytes()


def test_synth_unknown_kind_exits_2(tmp_path, capsys):
    assert main(["synth", "squeak", "--out", str(tmp_path / "s.wav")]) == 2
    assert "unknown kind 'squeak'" in capsys.readouterr().err


def test_listen_save_keeps_the_result_in_the_diary(pop_wav, tmp_path, capsys):
    from backpop.diary import Diary

    db = str(tmp_path / "diary.sqlite3")
    assert main(["listen", str(pop_wav), "--save", "--db", db, "--json"]) == 0
    assert "Saved to your diary" in capsys.readouterr().err
    with Diary(db) as diary:
        assert any(entry.kind == "recording" for entry in diary.list())


def test_assess_with_a_recording_adds_its_evidence(pop_wav, capsys):
    assert main(["assess", "--pain", "none", "--recording", str(pop_wav), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["episode"]["sound"] == "pop"
    assert data["episode"]["repeat"] == "not_for_a_while"
    assert data["likely_sources"][0]["id"] == "cavitation"
    assert data["recording"]["summary"]["counts"]["pop"] == 3


def test_assess_keeps_the_answer_when_the_recording_disagrees(pop_wav, capsys):
    assert main(["assess", "--sound", "grinding", "--pain", "none", "--recording", str(pop_wav), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["episode"]["sound"] == "grinding"
    assert any("your answer is kept" in note for note in data["notes"])


def test_importing_the_cli_module_does_not_load_numpy():
    code = (
        "import sys, backpop.acoustics.cli; "
        "print(any(m in sys.modules for m in ('numpy', 'scipy', 'matplotlib', 'soundfile')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_long_file_shows_progress_without_breaking_output(write_wav, monkeypatch):
    import backpop.acoustics.cli as cli

    monkeypatch.setattr(cli, "PROGRESS_MIN_S", 1.0)
    p = write_wav(pop_signal(48_000, [0.5], duration_s=3.0) + np.zeros(1))
    result = runner.invoke(app, ["listen", str(p)])
    assert result.exit_code == 0 and "pop" in result.stdout

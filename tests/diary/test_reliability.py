"""Real processes against one SQLite diary: concurrent writers, and a writer killed mid-save."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

from backpop.diary import Diary

WRITER = textwrap.dedent(
    """
    import sys
    from backpop import Episode, assess
    from backpop.diary import Diary

    path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    episode = Episode(sound="pop", pain="none")
    assessment = assess(episode)
    with Diary(path) as diary:
        print("ready", flush=True)
        sys.stdin.readline()  # start together
        for i in range(count):
            ref = diary.save_assessment(episode, assessment, text=f"{tag}-{i}")
            print(ref, flush=True)
    """
)


def _writer(path, tag, count):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), tag, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_writing_at_once_lose_nothing(diary_path):
    Diary(str(diary_path)).close()  # migrate once, so both start from the same schema
    count = 150
    writers = [_writer(diary_path, tag, count) for tag in ("a", "b")]
    for w in writers:
        assert w.stdout.readline().strip() == "ready", w.stderr.read()
    for w in writers:  # release both as close together as possible
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        _, stderr = w.communicate(timeout=120)
        assert w.returncode == 0, stderr
    with Diary(str(diary_path)) as diary:
        texts = {diary.get(e.ref)["text"] for e in diary.list(kinds=["episode"])}
    assert texts == {f"{tag}-{i}" for tag in ("a", "b") for i in range(count)}


def test_two_processes_creating_a_new_diary_at_once_both_succeed(diary_path):
    writers = [_writer(diary_path, tag, 5) for tag in ("a", "b")]
    for w in writers:
        assert w.stdout.readline().strip() == "ready", w.stderr.read()
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        _, stderr = w.communicate(timeout=120)
        assert w.returncode == 0, stderr
    with Diary(str(diary_path)) as diary:
        assert diary.count()["episode"] == 10


def test_process_killed_while_saving_leaves_every_earlier_entry(diary_path):
    Diary(str(diary_path)).close()
    writer = _writer(diary_path, "k", 100_000)
    assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
    writer.stdin.write("go\n")
    writer.stdin.flush()
    committed = []
    deadline = time.monotonic() + 60
    while len(committed) < 200 and time.monotonic() < deadline:
        committed.append(writer.stdout.readline().strip())
    os.kill(writer.pid, signal.SIGKILL)  # mid-stream: it is saving the next entry right now
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert len(committed) == 200

    with sqlite3.connect(diary_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with Diary(str(diary_path)) as diary:
        refs = {e.ref for e in diary.list(kinds=["episode"])}
        assert set(committed) <= refs
        for ref in committed[:5] + committed[-5:]:
            assert diary.get(ref)["assessments"], ref
        diary.log_crack()  # and it still takes new entries

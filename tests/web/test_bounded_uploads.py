"""Listening is bounded work: a few recordings at once, a short queue, 503 with Retry-After for
the rest; sign-in is needed to upload in multi-user mode; a burst of heavy uploads leaves
sign-in, the interview and the diary answering."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np

from .conftest import LiveServer
from .web_helpers import csrf, wav_bytes


def test_an_upload_needs_an_api_token_in_multi_user_mode(new_client):
    client = new_client()
    response = client.post("/v1/listen", files={"file": ("a.wav", wav_bytes(), "audio/wav")})
    assert response.status_code == 401


def test_the_recording_page_sends_a_stranger_to_sign_in_in_multi_user_mode(new_client):
    client = new_client()
    page = client.get("/recording").text
    response = client.post(
        "/recording",
        data={"csrf_token": csrf(page)},
        files={"file": ("a.wav", wav_bytes(), "audio/wav")},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")


def test_beyond_the_workers_and_the_queue_an_upload_is_told_to_come_back(make_app, monkeypatch):
    import backpop.acoustics

    release = threading.Event()
    started = threading.Event()
    real_listen = backpop.acoustics.listen

    def slow_listen(path, **kwargs):
        started.set()
        release.wait(10)
        return real_listen(path, **kwargs)

    monkeypatch.setattr(backpop.acoustics, "listen", slow_listen)
    app = make_app(analysis_workers=1, analysis_queue=0)
    with LiveServer(app) as server, ThreadPoolExecutor(2) as pool:
        first = pool.submit(
            httpx.post, server.url + "/v1/listen", files={"file": ("a.wav", wav_bytes(), "audio/wav")}, timeout=20
        )
        assert started.wait(10)
        second = httpx.post(server.url + "/v1/listen", files={"file": ("b.wav", wav_bytes(), "audio/wav")}, timeout=20)
        release.set()
        assert first.result().status_code == 200
    assert second.status_code == 503
    assert second.json()["code"] == "busy" and second.headers["retry-after"] == "5"


def _heavy_flac() -> bytes:
    """Two minutes of 8-channel 48 kHz audio that FLAC packs into a few kilobytes of noise-free
    silence: small to send, long to decode (within every limit, so it is decoded)."""
    import io

    import soundfile as sf

    buffer = io.BytesIO()
    sf.write(buffer, np.zeros((48_000 * 120, 8), dtype=np.int16), 48_000, format="FLAC", subtype="PCM_16")
    return buffer.getvalue()


def test_fifty_heavy_uploads_leave_sign_in_and_the_diary_answering(make_app):
    # How fast they answer meanwhile is measured by benchmarks/bench_uploads.py, not here.
    heavy = _heavy_flac()
    assert len(heavy) < 2_000_000
    app = make_app(multi_user=False)
    with LiveServer(app) as server, ThreadPoolExecutor(50) as pool:
        uploads = [
            pool.submit(
                httpx.post, server.url + "/v1/listen", files={"file": ("h.flac", heavy, "audio/flac")}, timeout=120
            )
            for _ in range(50)
        ]
        time.sleep(0.5)  # the burst is under way
        for path in ("/v1/health", "/v1/diary", "/", "/interview", "/v1/diary", "/v1/health"):
            response = httpx.get(server.url + path, timeout=10)
            assert response.status_code == 200, path
        statuses = [f.result().status_code for f in uploads]
    assert set(statuses) <= {200, 503} and statuses.count(503) >= 40


def test_work_stops_when_the_client_goes_away(make_app, monkeypatch):
    import backpop.acoustics
    from backpop.web.uploads import Cancelled

    blocks, stopped = [], threading.Event()

    def endless_listen(path, *, tap=None, **kwargs):
        try:
            while len(blocks) < 2000:  # about 20 s of blocks if nobody stops it
                blocks.append(1)
                tap(np.zeros(1024, dtype=np.float32))
                time.sleep(0.01)
        except Cancelled:
            stopped.set()
            raise
        raise AssertionError("the analysis was not stopped")

    monkeypatch.setattr(backpop.acoustics, "listen", endless_listen)
    with LiveServer(make_app()) as server:
        try:
            httpx.post(server.url + "/v1/listen", files={"file": ("a.wav", wav_bytes(), "audio/wav")}, timeout=0.5)
        except httpx.TimeoutException:
            pass  # the client gives up and closes the connection
        assert stopped.wait(10)
    assert len(blocks) < 1000

"""Recordings over the web: size limit, audio check before decoding, analysis, no paths from requests."""

from __future__ import annotations

import pytest

from .web_helpers import csrf, wav_bytes


def _acoustics_present() -> bool:
    try:
        from backpop.acoustics import listen  # noqa: F401
    except ImportError:
        return False
    return True


needs_acoustics = pytest.mark.skipif(not _acoustics_present(), reason="backpop.acoustics is absent")


def test_something_that_is_not_audio_is_refused_before_decoding(client):
    response = client.post(
        "/v1/listen", files={"file": ("back.wav", b"MZ\x90\x00 not a recording at all", "audio/wav")}
    )
    assert response.status_code == 415
    assert response.json()["code"] == "not_audio"
    assert response.json()["message"].startswith("file:")


def test_a_recording_over_the_limit_is_413_with_the_limit(make_app):
    from fastapi.testclient import TestClient

    with TestClient(make_app(max_upload_bytes=100_000)) as c:
        response = c.post("/v1/listen", files={"file": ("big.wav", wav_bytes(seconds=3.0), "audio/wav")})
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "payload_too_large" and body["limit_bytes"] == 100_000


def test_the_upload_limit_applies_only_to_upload_routes(client):
    big = b"{" + b" " * 200_000 + b"}"
    assert client.post("/v1/assess", content=big, headers={"content-type": "application/json"}).status_code == 413


def test_the_file_name_sent_never_becomes_a_path(client, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    name = "../../etc/passwd"
    response = client.post("/v1/listen", files={"file": (name, b"RIFF\x00\x00\x00\x00WAVEjunk", "audio/wav")})
    assert response.status_code in (422, 503)
    assert "passwd" not in response.text
    assert list(tmp_path.iterdir()) == []  # the private temporary folder is gone


@needs_acoustics
def test_a_wav_recording_is_heard(client):
    response = client.post("/v1/listen", files={"file": ("x.wav", wav_bytes(clicks_at=(0.5, 1.2)), "audio/wav")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["file"] == "upload.wav"
    assert body["sample_rate"] == 44_100
    assert isinstance(body["events"], list)
    assert set(body["summary"]) >= {"counts", "evidence", "notes"}


@needs_acoustics
def test_a_broken_wav_is_an_audio_error(client):
    response = client.post("/v1/listen", files={"file": ("x.wav", b"RIFF\x10\x00\x00\x00WAVEfmt garbage", "audio/wav")})
    assert response.status_code == 422
    assert response.json()["code"] == "audio_unreadable"


@needs_acoustics
def test_the_recording_page_plots_the_events_and_offers_to_continue(client):
    page = client.get("/recording").text
    response = client.post(
        "/recording",
        data={"csrf_token": csrf(page)},
        files={"file": ("x.wav", wav_bytes(clicks_at=(0.4,)), "audio/wav")},
    )
    assert response.status_code == 200
    assert '<svg class="chart"' in response.text and 'role="img"' in response.text
    assert "What it adds to the assessment" in response.text
    assert 'name="state"' in response.text


def test_the_recording_page_explains_a_file_that_is_not_audio(client):
    page = client.get("/recording").text
    response = client.post(
        "/recording",
        data={"csrf_token": csrf(page)},
        files={"file": ("x.txt", b"hello there, not audio", "text/plain")},
    )
    assert response.status_code == 415
    assert "WAV, FLAC, OGG, M4A/AAC, MP3 or WebM/Opus" in response.text


def test_a_phone_recording_in_m4a_is_heard_like_its_wav(client, tmp_path):
    import io as _io

    import numpy as np
    import soundfile as sf

    from tests.acoustics.encode import encode

    raw = wav_bytes(clicks_at=(0.6, 1.4))
    signal, sr = sf.read(_io.BytesIO(raw), dtype="float32")
    m4a = encode(signal.astype(np.float32), sr, tmp_path / "voice memo.m4a").read_bytes()
    heard_wav = client.post("/v1/listen", files={"file": ("back.wav", raw, "audio/wav")}).json()
    heard_m4a = client.post("/v1/listen", files={"file": ("back.m4a", m4a, "audio/mp4")}).json()
    assert heard_m4a["file"] == "upload.m4a"
    assert [e["kind"] for e in heard_m4a["events"]] == [e["kind"] for e in heard_wav["events"]]
    assert heard_m4a["summary"]["evidence"] == heard_wav["summary"]["evidence"]


def test_a_small_upload_that_would_decode_to_hours_is_413_before_decoding(client, tmp_path):
    from tests.acoustics.test_formats import _flac_claiming

    crafted = _flac_claiming(tmp_path, seconds=3 * 3600, channels=2, rate=48_000).read_bytes()
    assert len(crafted) < 100_000
    response = client.post("/v1/listen", files={"file": ("x.flac", crafted, "audio/flac")})
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "recording_too_large" and "30 minutes" in body["message"]


def test_a_recording_uploaded_on_the_page_is_decoded_once_for_the_result_and_its_picture(client, monkeypatch):
    from backpop.acoustics import analysis, io

    decoded = []
    real = io.iter_mono_blocks_with_sums

    def counting(*args, **kwargs):
        decoded.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis, "iter_mono_blocks_with_sums", counting)
    monkeypatch.setattr(io, "iter_mono_blocks_with_sums", counting)
    page = client.get("/recording").text
    response = client.post(
        "/recording",
        data={"csrf_token": csrf(page)},
        files={"file": ("back.wav", wav_bytes(clicks_at=(0.6, 1.4)), "audio/wav")},
    )
    assert response.status_code == 200 and "data:image/png;base64," in response.text
    assert decoded == [1]


def test_an_m4a_uploaded_on_the_page_is_heard_and_drawn(client, tmp_path):
    import io as _io

    import numpy as np
    import soundfile as sf

    from tests.acoustics.encode import encode

    signal, sr = sf.read(_io.BytesIO(wav_bytes(clicks_at=(0.6, 1.4))), dtype="float32")
    m4a = encode(signal.astype(np.float32), sr, tmp_path / "memo.m4a").read_bytes()
    page = client.get("/recording").text
    response = client.post(
        "/recording", data={"csrf_token": csrf(page)}, files={"file": ("memo.m4a", m4a, "audio/mp4")}
    )
    assert response.status_code == 200 and "data:image/png;base64," in response.text

"""Phone and browser recordings (M4A/AAC, MP3, WebM/Opus) are heard like the WAV they were made
from; the container is told by its bytes; recordings larger than the limits are refused before
they are decoded, and decoding stops at the limit whatever the header says."""

from __future__ import annotations

import numpy as np
import pytest

from backpop.acoustics import io, listen
from backpop.acoustics.synth import pop, thrust_onsets_ms
from backpop.errors import AudioError, RecordingTooLarge

from .encode import FORMATS, encode

SR = 48_000


@pytest.fixture(scope="module")
def manipulation(tmp_path_factory):
    """A chiropractic-style burst of pops in a quiet 4 s recording, as WAV."""
    import soundfile as sf

    rng = np.random.default_rng(3)
    x = rng.standard_normal(4 * SR).astype(np.float32) * 10 ** (-65 / 20)
    for onset_ms in thrust_onsets_ms(rng, n_pops=5):
        w = pop(rng, SR) * 0.3
        i = int(1.5 * SR + onset_ms * SR / 1000)
        x[i : i + w.size] += w
    folder = tmp_path_factory.mktemp("formats")
    path = folder / "thrust.wav"
    sf.write(str(path), x, SR, subtype="PCM_16")
    return folder, x, path


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_a_phone_or_browser_recording_gives_the_same_events_as_its_wav(manipulation, suffix):
    folder, signal, wav = manipulation
    reference = listen(wav)
    assert reference.summary.counts["pop"] >= 3
    coded = listen(encode(signal, SR, folder / f"thrust{suffix}"))
    assert [e.kind for e in coded.events] == [e.kind for e in reference.events]
    for a, b in zip(coded.events, reference.events, strict=True):
        assert abs(a.start_s - b.start_s) <= 0.005
    assert coded.summary.evidence == reference.summary.evidence


def test_a_phone_voice_memo_at_its_compressed_setting_still_gives_the_pops(manipulation):
    """AAC at 64 kbit/s (a phone recorder's compressed setting) smears transients; the pops stay pops."""
    folder, signal, wav = manipulation
    reference = listen(wav)
    coded = listen(encode(signal, SR, folder / "memo.m4a", bit_rate=64_000))
    assert [e.kind for e in coded.events] == [e.kind for e in reference.events]
    for a, b in zip(coded.events, reference.events, strict=True):
        assert abs(a.start_s - b.start_s) <= 0.005


def test_the_container_is_told_by_its_bytes_not_its_name(manipulation, tmp_path):
    folder, signal, wav = manipulation
    mp3 = encode(signal, SR, folder / "named.mp3")
    disguised = tmp_path / "recording.wav"
    disguised.write_bytes(mp3.read_bytes())
    assert io.probe(disguised).decoder == "ffmpeg"
    assert listen(disguised).summary.evidence == listen(wav).summary.evidence
    text = tmp_path / "notes.m4a"
    text.write_text("not a recording at all")
    with pytest.raises(AudioError, match="not a recording"):
        listen(text)


def _flac_claiming(tmp_path, *, seconds: float, channels: int, rate: int):
    """A small FLAC (a second of silence) whose header announces `seconds` of audio, as a crafted
    upload would: FLAC compresses silence to almost nothing, so a small file can decode to hours."""
    import soundfile as sf

    path = tmp_path / "crafted.flac"
    sf.write(str(path), np.zeros((rate // 10, channels), dtype=np.int16), rate, subtype="PCM_16")
    data = bytearray(path.read_bytes())
    # STREAMINFO: 20 bits rate, 3 bits channels - 1, 5 bits bits - 1, 36 bits total samples.
    field = int.from_bytes(data[18:26], "big")
    field = (field & ~((1 << 36) - 1)) | int(seconds * rate)
    data[18:26] = field.to_bytes(8, "big")
    path.write_bytes(bytes(data))
    return path


def test_a_recording_whose_header_is_longer_than_the_limit_is_refused_before_decoding(tmp_path, monkeypatch):
    path = _flac_claiming(tmp_path, seconds=2 * 3600, channels=1, rate=8000)
    decoded = []
    monkeypatch.setattr(io, "iter_mono_blocks_with_sums", lambda *a, **k: decoded.append(1) or iter(()))
    with pytest.raises(RecordingTooLarge, match="at most 30 minutes"):
        listen(path, limits=io.UPLOAD_LIMITS)
    assert decoded == []


def test_the_upload_limit_is_for_uploads_a_long_local_recording_is_heard(tmp_path):
    path = _flac_claiming(tmp_path, seconds=2 * 3600, channels=1, rate=8000)
    info = io.probe(path)  # four hours are allowed for a file on one's own computer
    assert info.duration_s == 2 * 3600 and info.limits == io.LOCAL_LIMITS


def test_many_channels_at_a_high_rate_are_refused_by_their_size(tmp_path):
    path = _flac_claiming(tmp_path, seconds=300, channels=8, rate=192_000)
    with pytest.raises(RecordingTooLarge, match="more audio than is accepted"):
        io.probe(path, limits=io.UPLOAD_LIMITS)


def test_more_channels_than_the_limit_are_refused(tmp_path):
    import soundfile as sf

    path = tmp_path / "many.wav"
    sf.write(str(path), np.zeros((800, io.MAX_CHANNELS + 1), dtype=np.int16), 8000, subtype="PCM_16")
    with pytest.raises(RecordingTooLarge, match="channels"):
        io.probe(path)


@pytest.mark.parametrize("suffix", [".wav", ".webm"])
def test_decoding_stops_at_the_limit_whatever_the_header_says(manipulation, suffix):
    folder, signal, wav = manipulation
    path = wav if suffix == ".wav" else encode(signal, SR, folder / "long.webm")
    info = io.probe(path)
    info = io.replace(info, limits=io.Limits(max_duration_s=1))  # the header said 4 s: decode only 1
    with pytest.raises(RecordingTooLarge, match="decoding stopped at the limit"):
        for _ in io.iter_mono_blocks(info, block_frames=4096):
            pass

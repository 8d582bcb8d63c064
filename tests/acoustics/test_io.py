"""Bad and unusual input: each gives a sensible result or one clear AudioError line."""

from __future__ import annotations

import numpy as np
import pytest

from backpop.acoustics import listen
from backpop.errors import AudioError

from .signals import pop_signal


def _one_line_error(path) -> str:
    with pytest.raises(AudioError) as info:
        listen(path)
    message = str(info.value)
    assert "\n" not in message and message
    return message


def test_empty_file_raises_audio_error(tmp_path):
    p = tmp_path / "empty.wav"
    p.write_bytes(b"")
    assert "empty" in _one_line_error(p)


def test_missing_file_raises_audio_error(tmp_path):
    assert "no such file" in _one_line_error(tmp_path / "nope.wav")


def test_text_renamed_wav_raises_audio_error(tmp_path):
    p = tmp_path / "notes.wav"
    p.write_text("my back popped this morning\n" * 20)
    assert "not a recording backpop can read" in _one_line_error(p)


def test_truncated_header_raises_audio_error(write_wav, tmp_path):
    good = write_wav(np.zeros(48_000), name="good.wav")
    p = tmp_path / "truncated.wav"
    p.write_bytes(good.read_bytes()[:30])
    _one_line_error(p)


def test_truncated_data_gives_result_for_what_is_there(write_wav, tmp_path):
    good = write_wav(pop_signal(48_000, [0.5]), name="good.wav")
    p = tmp_path / "cut.wav"
    p.write_bytes(good.read_bytes()[: 44 + 2 * 48_000])  # header says 2 s, holds 1 s
    result = listen(p)
    assert result.duration_s == pytest.approx(1.0, abs=0.01)
    assert [e.kind for e in result.events] == ["pop"]


def test_nan_in_float_file_raises_audio_error(write_wav):
    x = pop_signal(48_000, [0.5])
    x[1000] = np.nan
    p = write_wav(x, subtype="FLOAT")
    assert "NaN" in _one_line_error(p)


def test_inf_in_float_file_raises_audio_error(write_wav):
    x = pop_signal(48_000, [0.5])
    x[-5] = np.inf
    p = write_wav(x, subtype="DOUBLE")
    assert "infinite" in _one_line_error(p)


def test_unsupported_sample_rate_raises_audio_error(write_wav):
    p = write_wav(np.zeros(4000), sr=4000)
    assert "4000 Hz" in _one_line_error(p)


def test_one_sample_is_too_short_not_an_error(write_wav):
    result = listen(write_wav(np.array([0.1])))
    assert result.events == []
    assert result.summary.evidence == {}
    assert any("too short" in n for n in result.summary.notes)


def test_pure_silence_has_no_events_and_says_silent(write_wav):
    result = listen(write_wav(np.zeros(48_000 * 3)))
    assert result.events == []
    assert result.summary.evidence == {}
    assert any("silent" in n for n in result.summary.notes)


def test_clipped_pop_is_still_found_and_clipping_is_noted(write_wav):
    x = pop_signal(48_000, [0.7], level=4.0)
    result = listen(write_wav(np.clip(x, -1.0, 1.0)))
    assert [e.kind for e in result.events if e.kind != "other"] == ["pop"]
    assert any("clipped" in n for n in result.summary.notes)


def test_dc_offset_makes_no_event_at_start_and_is_noted(write_wav):
    x = pop_signal(48_000, [1.0]) + 0.3
    result = listen(write_wav(x))
    assert [e.kind for e in result.events] == ["pop"]
    assert result.events[0].start_s == pytest.approx(1.0, abs=0.005)
    assert any("DC offset" in n for n in result.summary.notes)


def test_eight_channels_are_mixed_down(write_wav):
    x = pop_signal(48_000, [0.6])
    multi = np.stack([x * (0.5 + c / 16) for c in range(8)], axis=1)
    result = listen(write_wav(multi))
    assert result.sample_rate == 48_000
    assert [e.kind for e in result.events] == ["pop"]


@pytest.mark.parametrize("sr", [8_000, 192_000])
def test_lowest_and_highest_rates_find_the_pop(write_wav, sr):
    result = listen(write_wav(pop_signal(sr, [0.8], duration_s=1.5), sr=sr))
    pops = [e for e in result.events if e.kind == "pop"]
    assert len(pops) == 1 and pops[0].start_s == pytest.approx(0.8, abs=0.005)
    assert result.sample_rate == sr


@pytest.mark.parametrize(
    "name,subtype",
    [("a.wav", "PCM_24"), ("b.wav", "PCM_32"), ("c.wav", "FLOAT"), ("d.flac", "PCM_16"), ("e.flac", "PCM_24")],
)
def test_lossless_formats_and_bit_depths_are_read(write_wav, name, subtype):
    result = listen(write_wav(pop_signal(44_100, [0.5], duration_s=1.2), sr=44_100, name=name, subtype=subtype))
    assert [e.kind for e in result.events if e.kind != "other"] == ["pop"]


def test_ogg_vorbis_is_read_and_the_sound_found(write_wav):
    # Lossy coding smears a 6 ms transient, so only the onset is checked, not the kind.
    result = listen(write_wav(pop_signal(44_100, [0.5], duration_s=1.2), sr=44_100, name="f.ogg", subtype="VORBIS"))
    joint = [e for e in result.events if e.kind != "other"]
    assert len(joint) == 1 and joint[0].start_s == pytest.approx(0.5, abs=0.005)

"""Reading recordings: validation at the boundary and streaming, mixed-down blocks.

The container is told by its first bytes, never by the file's name. WAV, FLAC and OGG
are read with libsndfile (soundfile); what phones and browsers record (M4A/AAC from a
voice recorder, MP3, WebM/Opus from a browser's MediaRecorder) with FFmpeg, through
PyAV, whose wheels bring their own FFmpeg. Both are read in blocks.

Every problem a user can cause (a missing or empty file, text renamed ``.wav``, a
truncated header, NaN or infinite samples, an unsupported sample rate) becomes an
:class:`~backpop.errors.AudioError` with a one-line message; a recording larger than
the limits below is a :class:`~backpop.errors.RecordingTooLarge`, refused from its
header before any decoding, and decoding stops at the limit whatever the header says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from backpop.errors import AudioError, RecordingTooLarge

#: Lowest sample rate accepted. 8 kHz gives 4 kHz of bandwidth, above the 3 kHz that
#: Widmalm et al. 1996 ask for to capture joint-sound spectra (peaks at 1-3 kHz).
MIN_SAMPLE_RATE = 8_000
#: Highest sample rate accepted: the top of what audio interfaces and contact-microphone
#: recorders produce (192 kHz); nothing above is a plausible phone or contact recording.
MAX_SAMPLE_RATE = 192_000
#: Samples per block read from disk. At 48 kHz this is 5.5 s (1.4 s at 192 kHz): large
#: enough that per-block overhead is small (with 65,536-sample blocks it was a third of
#: the detector's time on a 10-minute 48 kHz file, 174 ms of it against 115 ms at this
#: size), small enough that peak memory does not depend on file length (measured in
#: ``benchmarks/bench_listen.py``).
DEFAULT_BLOCK_FRAMES = 262_144
#: Longest recording decoded from an upload: a recording of a back moving for half an hour is
#: already far longer than anyone needs (a cavitated joint cannot pop again for about 20 minutes).
MAX_DURATION_S = 30 * 60
#: Most channels accepted (an 8-channel interface is the largest plausible source).
MAX_CHANNELS = 8
#: Most samples (frames x channels) decoded from an upload: the work of 30 minutes of stereo at
#: 48 kHz. It bounds what a small, highly compressed file can cost to decode (8 channels at
#: 192 kHz reach it after 112 s).
MAX_SAMPLES = MAX_DURATION_S * 48_000 * 2


@dataclass(frozen=True)
class Limits:
    """How much audio one recording may be; None for a limit means the module's upload limit."""

    max_duration_s: float | None = None
    max_channels: int | None = None
    max_samples: int | None = None

    def duration_s(self) -> float:
        return MAX_DURATION_S if self.max_duration_s is None else self.max_duration_s

    def channels(self) -> int:
        return MAX_CHANNELS if self.max_channels is None else self.max_channels

    def samples(self) -> int:
        return MAX_SAMPLES if self.max_samples is None else self.max_samples


#: What anyone may send over the web (the limits above).
UPLOAD_LIMITS = Limits()
#: A file on the person's own computer (the command line, the library): its only cost is their
#: own time, so a long session recording is fine; the same channel limit.
LOCAL_LIMITS = Limits(max_duration_s=4 * 3600, max_samples=4 * 3600 * 48_000 * 2)

#: The containers read, told by their first bytes: name -> (suffix, decoder).
CONTAINERS = {
    "wav": (".wav", "sndfile"),
    "flac": (".flac", "sndfile"),
    "ogg": (".ogg", "sndfile"),
    "mp3": (".mp3", "ffmpeg"),
    "mp4": (".m4a", "ffmpeg"),
    "webm": (".webm", "ffmpeg"),
}
#: What the error messages say is accepted.
ACCEPTED = "WAV, FLAC, OGG, M4A/AAC, MP3 or WebM/Opus"


def sniff(head: bytes) -> str | None:
    """The container of a recording from its first 12 bytes, or None if it is not one we read."""
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:3] == b"ID3" or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    return None


@dataclass(frozen=True)
class RecordingInfo:
    """What the file header says about a recording."""

    path: Path
    sample_rate: int
    frames: int
    channels: int
    format: str
    subtype: str
    #: "sndfile" (libsndfile) or "ffmpeg" (PyAV).
    decoder: str = "sndfile"
    #: False when the header does not say how long the recording is (a browser's WebM):
    #: `frames` is then 0 and the length is what decoding finds.
    frames_known: bool = True
    #: How much of it may be decoded.
    limits: Limits = LOCAL_LIMITS

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__


def probe(path: str | Path, *, limits: Limits = LOCAL_LIMITS) -> RecordingInfo:
    """Read and check the header of ``path``; raise :class:`AudioError` if it is unusable and
    :class:`RecordingTooLarge` if it is larger than `limits` (uploads: :data:`UPLOAD_LIMITS`)."""
    p = Path(path)
    if not p.exists():
        raise AudioError(f"{p}: no such file")
    if p.is_dir():
        raise AudioError(f"{p}: is a directory, not a recording")
    if p.stat().st_size == 0:
        raise AudioError(f"{p}: the file is empty")
    with open(p, "rb") as f:
        container = sniff(f.read(12))
    if container is None:
        raise AudioError(f"{p.name}: not a recording backpop can read (send {ACCEPTED})")
    if CONTAINERS[container][1] == "sndfile":
        try:
            info = _probe_sndfile(p)
        except AudioError:
            if container != "ogg":
                raise
            info = _probe_ffmpeg(p)  # an OGG that libsndfile cannot read (Opus on an old libsndfile)
    else:
        info = _probe_ffmpeg(p)
    if info.sample_rate < MIN_SAMPLE_RATE or info.sample_rate > MAX_SAMPLE_RATE:
        raise AudioError(
            f"{p.name}: sample rate {info.sample_rate} Hz is not supported "
            f"(use {MIN_SAMPLE_RATE // 1000}-{MAX_SAMPLE_RATE // 1000} kHz)"
        )
    if info.channels < 1:
        raise AudioError(f"{p.name}: the file has no audio channels")
    info = replace(info, limits=limits)
    check_limits(info)
    return info


def check_limits(info: RecordingInfo) -> None:
    """Refuse, from the header alone, a recording larger than the limits."""
    name, lim = info.path.name, info.limits
    if info.channels > lim.channels():
        raise RecordingTooLarge(f"{name}: {info.channels} channels; at most {lim.channels()} are accepted")
    if info.frames_known and info.duration_s > lim.duration_s():
        raise RecordingTooLarge(
            f"{name}: {info.duration_s / 60:.0f} minutes long; at most {lim.duration_s() / 60:.0f} minutes are accepted"
        )
    if info.frames_known and info.frames * info.channels > lim.samples():
        raise RecordingTooLarge(
            f"{name}: {info.channels} channels at {info.sample_rate} Hz for {info.duration_s:.0f} s is more "
            f"audio than is accepted (at most the size of {lim.duration_s() / 60:.0f} minutes of stereo at 48 kHz)"
        )


def _frame_budget(info: RecordingInfo) -> int:
    """How many frames may be decoded, whatever the header said."""
    lim = info.limits
    return int(min(lim.duration_s() * info.sample_rate, lim.samples() // max(1, info.channels)))


def _too_long(info: RecordingInfo) -> RecordingTooLarge:
    lim = info.limits
    return RecordingTooLarge(
        f"{info.path.name}: decoding stopped at the limit ({lim.duration_s() / 60:.0f} minutes, or "
        f"{lim.samples():,} samples); the recording is longer than its header said"
    )


def _probe_sndfile(p: Path) -> RecordingInfo:
    import soundfile as sf

    try:
        info = sf.info(str(p))
    except Exception as exc:  # libsndfile raises several types for undecodable input
        raise AudioError(f"{p.name}: not a readable recording ({_one_line(exc)})") from None
    if info.frames < 0:
        raise AudioError(f"{p.name}: the header gives no length; the file may be truncated")
    return RecordingInfo(
        path=p,
        sample_rate=int(info.samplerate),
        frames=int(info.frames),
        channels=int(info.channels),
        format=str(info.format),
        subtype=str(info.subtype),
    )


def _probe_ffmpeg(p: Path) -> RecordingInfo:
    import av

    try:
        with av.open(str(p), metadata_errors="ignore") as container:
            streams = container.streams.audio
            if not streams:
                raise AudioError(f"{p.name}: the file holds no audio")
            stream = streams[0]
            rate = int(stream.rate or stream.codec_context.sample_rate or 0)
            channels = int(stream.channels or stream.codec_context.channels or 0)
            seconds = None
            if stream.duration is not None and stream.time_base is not None:
                seconds = float(stream.duration * stream.time_base)
            elif container.duration is not None:
                seconds = container.duration / 1_000_000
            fmt = container.format.name
            codec = stream.codec_context.name
    except AudioError:
        raise
    except Exception as exc:  # FFmpeg raises several types for undecodable input
        raise AudioError(f"{p.name}: not a readable recording ({_one_line(exc)})") from None
    known = seconds is not None and seconds > 0
    return RecordingInfo(
        path=p,
        sample_rate=rate,
        frames=int(round(seconds * rate)) if known and seconds is not None else 0,
        channels=channels,
        format=str(fmt),
        subtype=str(codec),
        decoder="ffmpeg",
        frames_known=known,
    )


def iter_mono_blocks(info: RecordingInfo, *, block_frames: int = DEFAULT_BLOCK_FRAMES) -> Iterator[np.ndarray]:
    """Yield consecutive float32 mono blocks of the recording (channels averaged).

    Only one block is in memory at a time. Raises :class:`AudioError` if a block
    holds NaN or infinite samples or the data stops before the header says it should.
    """
    for block, _ in iter_mono_blocks_with_sums(info, block_frames=block_frames):
        yield block


def iter_mono_blocks_with_sums(
    info: RecordingInfo, *, block_frames: int = DEFAULT_BLOCK_FRAMES
) -> Iterator[tuple[np.ndarray, float]]:
    """:func:`iter_mono_blocks`, each block with the float64 sum of its samples (taken
    anyway for the NaN check, and used by ``listen`` to measure a DC offset)."""
    if info.decoder == "ffmpeg":
        yield from _ffmpeg_blocks(info, block_frames=block_frames)
        return
    import soundfile as sf

    read = 0
    budget = _frame_budget(info)
    # 16-bit PCM (most phone and recorder files, WAV or FLAC) is read as integers and
    # scaled here: libsndfile's own float conversion gives the same values (x / 32768,
    # exact in float32) at three times the cost, and integers need no NaN check.
    pcm16 = info.subtype == "PCM_16"
    scale = np.float32(1.0 / 32768.0)
    try:
        with sf.SoundFile(str(info.path)) as f:
            while True:
                if pcm16:
                    raw = f.read(frames=block_frames, dtype="int16", always_2d=False)
                    if raw.shape[0] == 0:
                        break
                    if raw.ndim == 1:
                        mono = np.multiply(raw, scale, dtype=np.float32)
                        total = float(raw.sum(dtype=np.int64)) / 32768.0
                    else:
                        mono = np.multiply(raw, scale, dtype=np.float32).mean(axis=1, dtype=np.float32)
                        total = float(mono.sum(dtype=np.float64))
                    read += mono.shape[0]
                    if read > budget:
                        raise _too_long(info)
                    yield mono, total
                    continue
                block = f.read(frames=block_frames, dtype="float32", always_2d=False)
                if block.shape[0] == 0:
                    break
                mono = block if block.ndim == 1 else block.mean(axis=1, dtype=np.float32)
                # One float64 sum is finite exactly when no sample is NaN or infinite
                # (float32 samples cannot overflow it); only then is the costlier
                # element-wise check skipped.
                total = float(mono.sum(dtype=np.float64))
                if not np.isfinite(total) and not np.isfinite(mono).all():
                    t = (read + int(np.argmin(np.isfinite(mono)))) / info.sample_rate
                    raise AudioError(
                        f"{info.path.name}: the recording holds NaN or infinite samples (first at {t:.3f} s)"
                    )
                read += mono.shape[0]
                if read > budget:
                    raise _too_long(info)
                yield np.ascontiguousarray(mono, dtype=np.float32), total
    except AudioError:
        raise
    except Exception as exc:
        raise AudioError(
            f"{info.path.name}: the recording could not be decoded after {read} samples ({_one_line(exc)})"
        ) from None


def _ffmpeg_blocks(info: RecordingInfo, *, block_frames: int) -> Iterator[tuple[np.ndarray, float]]:
    """Decode with FFmpeg (PyAV): float planar frames, channels averaged, in blocks."""
    import av

    budget = _frame_budget(info)
    pending: list[np.ndarray] = []
    held = 0
    read = 0
    resampler = av.AudioResampler(format="fltp")  # same rate and channels, float samples
    try:
        with av.open(str(info.path), metadata_errors="ignore") as container:
            stream = container.streams.audio[0]
            for packet in container.demux(stream):
                for frame in packet.decode():
                    for converted in resampler.resample(frame):
                        planes = converted.to_ndarray()
                        mono = planes[0] if planes.shape[0] == 1 else planes.mean(axis=0, dtype=np.float32)
                        pending.append(np.asarray(mono, dtype=np.float32))
                        held += mono.shape[0]
                        read += mono.shape[0]
                        if read > budget:
                            raise _too_long(info)
                        while held >= block_frames:
                            block, pending, held = _take(pending, block_frames)
                            yield _checked(info, block, read - held - block.shape[0])
            for converted in resampler.resample(None):
                planes = converted.to_ndarray()
                mono = planes[0] if planes.shape[0] == 1 else planes.mean(axis=0, dtype=np.float32)
                pending.append(np.asarray(mono, dtype=np.float32))
                held += mono.shape[0]
    except AudioError:
        raise
    except Exception as exc:  # FFmpeg raises several types for corrupt input
        raise AudioError(
            f"{info.path.name}: the recording could not be decoded after {read} samples ({_one_line(exc)})"
        ) from None
    while held > 0:
        block, pending, held = _take(pending, min(block_frames, held))
        yield _checked(info, block, read - held - block.shape[0])


def _take(pending: list[np.ndarray], n: int) -> tuple[np.ndarray, list[np.ndarray], int]:
    """The first n samples of the pending pieces, and what is left."""
    joined = np.concatenate(pending) if len(pending) > 1 else pending[0]
    return joined[:n], [joined[n:]], joined.shape[0] - n


def _checked(info: RecordingInfo, block: np.ndarray, start: int) -> tuple[np.ndarray, float]:
    total = float(block.sum(dtype=np.float64))
    if not np.isfinite(total) and not np.isfinite(block).all():
        t = (start + int(np.argmin(np.isfinite(block)))) / info.sample_rate
        raise AudioError(f"{info.path.name}: the recording holds NaN or infinite samples (first at {t:.3f} s)")
    return np.ascontiguousarray(block, dtype=np.float32), total

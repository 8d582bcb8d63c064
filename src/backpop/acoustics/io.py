"""Reading recordings: validation at the boundary and streaming, mixed-down blocks.

Every problem a user can cause (a missing or empty file, text renamed ``.wav``, a
truncated header, NaN or infinite samples, an unsupported sample rate) becomes an
:class:`~backpop.errors.AudioError` with a one-line message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from backpop.errors import AudioError

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


@dataclass(frozen=True)
class RecordingInfo:
    """What the file header says about a recording."""

    path: Path
    sample_rate: int
    frames: int
    channels: int
    format: str
    subtype: str

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__


def probe(path: str | Path) -> RecordingInfo:
    """Read and check the header of ``path``; raise :class:`AudioError` if it is unusable."""
    import soundfile as sf

    p = Path(path)
    if not p.exists():
        raise AudioError(f"{p}: no such file")
    if p.is_dir():
        raise AudioError(f"{p}: is a directory, not a recording")
    if p.stat().st_size == 0:
        raise AudioError(f"{p}: the file is empty")
    try:
        info = sf.info(str(p))
    except Exception as exc:  # libsndfile raises several types for undecodable input
        raise AudioError(
            f"{p.name}: not a readable WAV, FLAC or OGG recording ({_one_line(exc)})"
        ) from None
    if info.samplerate < MIN_SAMPLE_RATE or info.samplerate > MAX_SAMPLE_RATE:
        raise AudioError(
            f"{p.name}: sample rate {info.samplerate} Hz is not supported "
            f"(use {MIN_SAMPLE_RATE // 1000}-{MAX_SAMPLE_RATE // 1000} kHz)"
        )
    if info.channels < 1:
        raise AudioError(f"{p.name}: the file has no audio channels")
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


def iter_mono_blocks(
    info: RecordingInfo, *, block_frames: int = DEFAULT_BLOCK_FRAMES
) -> Iterator[np.ndarray]:
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
    import soundfile as sf

    read = 0
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
                        mono = np.multiply(raw, scale, dtype=np.float32).mean(
                            axis=1, dtype=np.float32)
                        total = float(mono.sum(dtype=np.float64))
                    read += mono.shape[0]
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
                        f"{info.path.name}: the recording holds NaN or infinite samples "
                        f"(first at {t:.3f} s)"
                    )
                read += mono.shape[0]
                yield np.ascontiguousarray(mono, dtype=np.float32), total
    except AudioError:
        raise
    except Exception as exc:
        raise AudioError(
            f"{info.path.name}: the recording could not be decoded after {read} samples "
            f"({_one_line(exc)})"
        ) from None

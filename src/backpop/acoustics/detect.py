"""Finding sound events: a streaming detector of impulses on a 1 ms energy envelope.

A generic onset detector is tuned for music (librosa: 23 ms frames, 30 ms minimum gap)
and merges the pops of one manipulation thrust, which come about 26 ms apart (Dunning
et al. 2013; Mourad et al. 2019). Here the envelope has 1 ms frames, so a 5.66 ms pop
(Dunning 2013) spans several frames and two pops 15 ms apart are separate impulses.

The detector is streaming: it keeps a bounded history of samples and frames, so its
memory does not depend on the length of the recording.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

#: Envelope frame length. A fifth of the 5.66 ms pop duration (Dunning 2013), so a
#: pop spans five frames and onsets are resolved to 1 ms, well inside the +/-5 ms
#: onset accuracy asked of ``start_s`` (ACOUSTICS.md).
HOP_MS = 1.0
#: High-pass corner. Removes DC offset, drift and rumble (which would otherwise raise the
#: noise floor over the sounds) while keeping the lowest joint-sound energy: crepitus
#: reaches down to 30 Hz (Widmalm et al. 1996) and the tissue filter's first mode is
#: 115 +/- 44 Hz (Ozmen et al. 2021).
#:
#: The filter works at the frame rate, not the sample rate: a frame's samples are its
#: mean plus deviations from that mean, and everything below 20 Hz is in the sequence of
#: frame means (a 20 Hz cycle moves a 1 ms frame's samples by at most 6% of its
#: amplitude, i.e. 24 dB down). So the second-order Butterworth high-pass runs on the
#: frame means (1 kHz), and a frame's energy is the variance of its samples plus its
#: filtered mean squared. The slow part taken out (frame mean minus filtered mean) is
#: the baseline, which is interpolated and subtracted from the samples kept for
#: features. This costs two dot products per frame instead of a recursive filter over
#: every sample.
HIGHPASS_HZ = 20.0
#: A frame this far above the noise floor triggers an event. The floor is the level
#: that background frames stay under 90% of the time (FLOOR_PERCENTILE), about 1 dB
#: above their mean for white noise at 48 kHz and 2 dB at 8 kHz (chi-square with 48 and
#: 8 degrees of freedom), so 8 dB is about 9-10 dB above the mean background frame.
#: Measured: no false impulse in 2 minutes of white noise at 8 or 48 kHz; pink noise,
#: with fewer degrees of freedom per frame, gives 2 (48 kHz) and 17 (8 kHz), which the
#: classifier names "other".
ON_DB = 8.0
#: An event lasts while frames stay this far above the floor (hysteresis below ON_DB
#: so an event's decay is not cut into pieces by noise).
OFF_DB = 4.0
#: A frame this much louder than the loudest frame of the window 3-10 ms before it
#: starts a new impulse even inside an event. A pop falls 20 dB within 5.66 ms (Dunning
#: 2013), but the tissue filter's slow mode (decay 182 +/- 128 1/s, Ozmen et al. 2021)
#: can hold its tail only 15 dB down 15 ms later; a second pop up to 6 dB weaker than
#: the first must still stand out, hence 8 dB (a thrust in the synthetic test corpus
#: had its seventh pop only 9 dB above the sixth one's tail). The 8 ms window spans a
#: full period of the frame-energy ripple of 50 Hz hum, of voiced speech (f0 above
#: 90 Hz) and of a 40 Hz clunk, so those steady sounds are not cut into pieces. A split
#: needs the whole window inside the current event, so an event's own onset never
#: splits it (a faint lead-in is dropped instead, see ``_run_state_machine``).
RISE_DB = 8.0
RISE_LOOKBACK_FRAMES = 10
RISE_GAP_FRAMES = 3
#: An event ends after this many frames below OFF_DB. Half a period of 50 Hz: the
#: 1 ms energy of a low sound (a clunk, the tissue filter's 115 +/- 44 Hz mode, Ozmen
#: et al. 2021) dips at every zero crossing, and must not end the event there. Pops of
#: a thrust closer than this are still separated by the RISE_DB rule.
HANGOVER_MS = 10.0
#: The reported end of an impulse is its last frame within this of its peak: the
#: definition of a pop's 5.66 ms duration (20 dB below peak, Dunning 2013), so reported
#: durations are comparable with the published ones however quiet the background is.
END_DROP_DB = 20.0
#: The noise floor is the smallest chunk percentile over the recent past. The 90th
#: percentile of a chunk's frame energies follows the peaks of a steady sound's ripple
#: (the 1 ms energy of 50 Hz hum swings by 20 dB), so steady hum and tones do not
#: trigger; a pop fills 6 of a chunk's 100 frames and does not move it. Chunks of
#: 100 ms are much longer than a pop; a memory of 2 s outlasts a crepitus segment
#: (20-300 ms spread, Widmalm 1996), so grinding does not raise the floor under itself.
FLOOR_PERCENTILE = 90.0
FLOOR_CHUNK_MS = 100.0
FLOOR_MEMORY_S = 2.0
#: Nothing quieter than this is an event: 16-bit quantisation noise is about
#: -101 dBFS, so -90 dBFS keeps dither and rounding noise out.
MIN_PEAK_DBFS = -90.0
#: Samples kept for feature extraction, from 5 ms before an onset. Half a second holds
#: a whole clunk (50-150 ms, ACOUSTICS.md) and several stick-slip cycles of crepitus
#: (16 +/- 9 Hz, Widmalm 1996).
SNIPPET_S = 0.5
PRE_ROLL_MS = 5.0
#: An event longer than this is closed and a new one started, so a long steady sound
#: (hum switched on, a conversation) cannot hold memory.
MAX_EVENT_S = 10.0

_ENERGY_FLOOR_DB = -120.0


@dataclass
class Impulse:
    """One detected impulse: sample positions, levels and the samples for features."""

    start: int
    end: int  # last frame within END_DROP_DB of the peak (the reported end)
    sustain_end: int  # last frame above the noise floor + OFF_DB
    peak_frame_db: float
    floor_db: float
    snippet: np.ndarray = field(repr=False)
    snippet_start: int = 0
    envelope_db: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    features: dict[str, float] = field(default_factory=dict)
    context: dict[str, float] = field(default_factory=dict)


@dataclass
class _Open:
    start_frame: int
    last_frame: int
    peak_db: float
    floor_db: float
    triggered: bool
    env: list[float]
    snippet: np.ndarray | None = None
    snippet_start: int = 0


class ImpulseDetector:
    """Streaming impulse detector. Feed mono blocks with :meth:`feed`, then :meth:`finish`.

    Keyword arguments default to the module constants above, each of which names the
    figure that chose it.
    """

    def __init__(
        self,
        sample_rate: int,
        *,
        hop_ms: float = HOP_MS,
        on_db: float = ON_DB,
        off_db: float = OFF_DB,
        rise_db: float = RISE_DB,
        rise_lookback_frames: int = RISE_LOOKBACK_FRAMES,
        rise_gap_frames: int = RISE_GAP_FRAMES,
        hangover_ms: float = HANGOVER_MS,
        floor_chunk_ms: float = FLOOR_CHUNK_MS,
        floor_memory_s: float = FLOOR_MEMORY_S,
        min_peak_dbfs: float = MIN_PEAK_DBFS,
        snippet_s: float = SNIPPET_S,
        pre_roll_ms: float = PRE_ROLL_MS,
        max_event_s: float = MAX_EVENT_S,
        end_drop_db: float = END_DROP_DB,
        highpass_hz: float = HIGHPASS_HZ,
    ) -> None:
        from scipy.signal import butter

        self.sample_rate = int(sample_rate)
        self.hop = max(1, int(round(self.sample_rate * hop_ms / 1000.0)))
        self.on_db = on_db
        self.off_db = off_db
        self.rise_db = rise_db
        self.rise_lookback = int(rise_lookback_frames)
        self.rise_gap = int(rise_gap_frames)
        self.hangover = max(1, int(round(hangover_ms / hop_ms)))
        self.chunk = max(1, int(round(floor_chunk_ms / hop_ms)))
        self.memory_chunks = max(1, int(round(floor_memory_s * 1000.0 / floor_chunk_ms)))
        self.min_peak_dbfs = min_peak_dbfs
        self.end_drop_db = end_drop_db
        self.snippet_len = int(round(snippet_s * self.sample_rate))
        self.pre_roll = int(round(pre_roll_ms * self.sample_rate / 1000.0))
        self.max_event_frames = int(round(max_event_s * 1000.0 / hop_ms))
        # The high-pass runs on frame means, at the frame rate (see HIGHPASS_HZ).
        # Transfer-function form: one biquad at the frame rate, in float64, is well
        # conditioned, and lfilter's per-call overhead is a quarter of sosfilt's.
        self._ba = butter(2, highpass_hz, btype="highpass", fs=self.sample_rate / self.hop)
        self._zi = np.zeros(2, dtype=np.float64)
        self._ones = np.ones(self.hop, dtype=np.float32)
        self._margin = -(-self.pre_roll // self.hop) + 2  # frames, see _process_chunks
        # DC offset, removed from the samples first so float32 sums of squares keep
        # their precision (the filter then starts from rest with no step at time zero).
        self._offset: float | None = None
        self._n_samples = 0  # samples fed, global index of the next one
        self._next_frame = 0  # global index of the first sample not yet in a frame
        # Baseline (the part below HIGHPASS_HZ) of recent frames, for the snippets.
        self._base = np.zeros(0, dtype=np.float32)
        self._base_first = 0  # global frame index of _base[0]
        # Frame energies not yet processed (waiting for their floor chunk to complete).
        self._pending_db = np.zeros(0, dtype=np.float32)
        self._pending_first = 0  # global frame index of _pending_db[0]
        self._chunk_levels: list[float] = []  # recent chunk percentiles
        self._prev_db = np.full(self.rise_lookback, _ENERGY_FLOOR_DB, dtype=np.float32)
        # Sample history for snippets.
        self._hist = np.zeros(0, dtype=np.float32)
        self._hist_start = 0
        # Frames are processed at most one floor chunk (100 ms) and a few held-back
        # frames (see _process_chunks) after their samples arrive, so a quarter second
        # of margin is enough.
        self._hist_keep = self.snippet_len + self.pre_roll + self.sample_rate // 4
        self._open: _Open | None = None
        self._done: list[Impulse] = []
        self.peak_abs = 0.0
        self.clipped_samples = 0

    # -- streaming ---------------------------------------------------------------------
    def feed(self, block: np.ndarray) -> list[Impulse]:
        """Add one mono block; return the impulses completed so far (and forget them)."""
        from scipy.signal import lfilter

        if block.size == 0:
            return self._take()
        block = np.asarray(block, dtype=np.float32)
        a = float(max(block.max(), -block.min()))
        self.peak_abs = max(self.peak_abs, a)
        if a >= 0.999:
            self.clipped_samples += int(np.count_nonzero(np.abs(block) >= 0.999))
        if self._offset is None:
            # The first millisecond's mean: a DC offset is then neither energy nor a step
            # (a fake event) at time zero.
            self._offset = float(np.mean(block[: self.hop], dtype=np.float64))
        # The offset stays fixed, so the samples have no step at block boundaries.
        self._append_history(block, np.float32(self._offset))
        self._n_samples += block.size
        a0 = self._next_frame - self._hist_start
        n_frames = (self._hist.size - a0) // self.hop
        if n_frames:
            used = n_frames * self.hop
            frames = self._hist[a0 : a0 + used].reshape(n_frames, self.hop)
            self._next_frame += used
            mean = (frames @ self._ones).astype(np.float64) / self.hop
            square = np.einsum("ij,ij->i", frames, frames).astype(np.float64) / self.hop
            var = np.maximum(square - mean * mean, 0.0)
            fast, self._zi = lfilter(self._ba[0], self._ba[1], mean, zi=self._zi)
            ms = var + fast * fast
            db = 10.0 * np.log10(np.maximum(ms, 1e-12))
            db = np.maximum(db, _ENERGY_FLOOR_DB).astype(np.float32)
            self._append_baseline((mean - fast).astype(np.float32))
            self._pending_db = np.concatenate([self._pending_db, db])
            self._process_chunks(final=False)
        self._capture_long_snippet()
        return self._take()

    def finish(self) -> list[Impulse]:
        """Flush the stream and return the remaining impulses."""
        self._process_chunks(final=True)
        if self._open is not None:
            self._close(self._open)
            self._open = None
        return self._take()

    def _take(self) -> list[Impulse]:
        out, self._done = self._done, []
        return out

    def _append_history(self, block: np.ndarray, offset: np.float32) -> None:
        """Append ``block - offset`` to the sample history, forgetting what is no longer
        needed (one copy of the kept samples, one pass over the block)."""
        keep_from = self._hist_start + self._hist.size - self._hist_keep
        if self._open is not None:
            keep_from = min(keep_from, self._open.start_frame * self.hop - self.pre_roll)
        # Samples not yet framed are always kept.
        keep_from = min(keep_from, self._next_frame)
        drop = min(max(keep_from - self._hist_start, 0), self._hist.size)
        kept = self._hist.size - drop
        hist = np.empty(kept + block.size, dtype=np.float32)
        hist[:kept] = self._hist[drop:]
        np.subtract(block, offset, out=hist[kept:])
        self._hist = hist
        self._hist_start += drop

    def _append_baseline(self, base: np.ndarray) -> None:
        self._base = np.concatenate([self._base, base])
        # Keep the frames of the kept samples, and one before them for interpolation.
        drop = self._hist_start // self.hop - 1 - self._base_first
        if drop > 0:
            self._base = self._base[drop:].copy()
            self._base_first += drop

    def _samples(self, start: int, stop: int) -> np.ndarray:
        """High-passed samples ``start:stop``: the kept samples minus their baseline,
        interpolated between frame centres."""
        a = max(start, self._hist_start) - self._hist_start
        b = max(min(stop, self._hist_start + self._hist.size) - self._hist_start, a)
        x = self._hist[a:b].copy()
        if x.size and self._base.size:
            pos = (np.arange(a, b) + (self._hist_start - (self.hop - 1) / 2.0)) / self.hop
            frames = np.arange(self._base_first, self._base_first + self._base.size)
            x -= np.interp(pos, frames, self._base).astype(np.float32)
        return x

    def _capture_long_snippet(self) -> None:
        o = self._open
        if o is None or o.snippet is not None:
            return
        s0 = o.start_frame * self.hop - self.pre_roll
        # Taken once the frame after the snippet is framed, so its baseline is known at
        # every sample (however the stream is cut into blocks).
        if self._next_frame >= s0 + self.snippet_len + self.pre_roll + self.hop:
            o.snippet_start = max(s0, 0)
            o.snippet = self._samples(o.snippet_start, s0 + self.snippet_len + self.pre_roll)

    # -- frame processing --------------------------------------------------------------
    def _process_chunks(self, *, final: bool) -> None:
        if final:
            n_chunks = -(-self._pending_db.size // self.chunk)
        else:
            # A few framed frames are held back, so an impulse closed at the last frame
            # processed has the baseline of its snippet's last samples (PRE_ROLL_MS after
            # it) whatever the block boundaries.
            n_chunks = max(self._pending_db.size - self._margin, 0) // self.chunk
        if n_chunks == 0:
            return
        stop = min(n_chunks * self.chunk, self._pending_db.size)
        db = self._pending_db[:stop]
        full = stop // self.chunk
        # FLOOR_PERCENTILE of each whole chunk, as np.percentile computes it (linear
        # interpolation between the two order statistics around it), from a partition.
        pos = FLOOR_PERCENTILE / 100.0 * (self.chunk - 1)
        k0 = int(np.floor(pos))
        k1 = min(k0 + 1, self.chunk - 1)
        part = np.partition(db[: full * self.chunk].reshape(full, self.chunk), (k0, k1), axis=1)
        lo, hi = part[:, k0].astype(np.float64), part[:, k1].astype(np.float64)
        levels = lo + (pos - k0) * (hi - lo)
        if full < n_chunks:
            levels = np.append(levels, np.percentile(db[full * self.chunk :], FLOOR_PERCENTILE))
        # The floor of a chunk is the smallest level over the last memory_chunks chunks.
        recent = self._chunk_levels
        floors = []
        for level in levels.tolist():
            recent.append(level)
            if len(recent) > self.memory_chunks:
                del recent[0]
            floors.append(min(recent))
        floor = np.repeat(np.array(floors, dtype=np.float32), self.chunk)[:stop]
        self._run_state_machine(db, floor, self._pending_first)
        self._pending_db = self._pending_db[stop:].copy()
        self._pending_first += stop

    def _run_state_machine(self, db: np.ndarray, floor: np.ndarray, first: int) -> None:
        prev = np.concatenate([self._prev_db, db])
        # Loudest frame from RISE_LOOKBACK to RISE_GAP frames before each frame.
        width = self.rise_lookback - self.rise_gap + 1
        reference = prev[: db.size].copy()
        for w in range(1, width):
            np.maximum(reference, prev[w : w + db.size], out=reference)
        self._prev_db = prev[-self.rise_lookback :].copy()
        idx = np.flatnonzero(db > floor + self.off_db)
        end_frame = first + db.size - 1
        o = self._open
        if idx.size == 0:
            if o is not None and end_frame - o.last_frame > self.hangover:
                self._close(o)
                o = None
            self._open = o
            return
        # Plain Python values for the loop over the (few) frames above the floor.
        dbs = db[idx]
        fl = floor[idx]
        on_l = (dbs > fl + self.on_db).tolist()
        rise_l = ((dbs - reference[idx]) >= self.rise_db).tolist()
        db_l = dbs.astype(np.float64).tolist()
        fl_l = fl.astype(np.float64).tolist()
        frames = (idx + first).tolist()
        rise_db = self.rise_db
        hangover = self.hangover
        lookback = self.rise_lookback
        max_frames = self.max_event_frames
        nan = float("nan")
        # The open event's fields are kept in locals inside the loop and written back
        # to ``o`` before it is closed or left.
        if o is not None:
            o_start, o_last, o_peak, o_trig, o_env = (o.start_frame, o.last_frame, o.peak_db, o.triggered, o.env)
        for i, d, f, on, rise in zip(frames, db_l, fl_l, on_l, rise_l, strict=True):
            if o is not None:
                if i - o_last > hangover:
                    o.last_frame, o.peak_db, o.triggered = o_last, o_peak, o_trig
                    self._close(o)
                    o = None
                elif rise and on:
                    since = i - o_start
                    if since < lookback:
                        if not o_trig or d >= o_peak + rise_db:
                            # A faint lead-in (a previous sound's tail, a rustle) is not
                            # this onset.
                            o = None
                            self._open = None
                        elif since >= max_frames:
                            o.last_frame, o.peak_db, o.triggered = o_last, o_peak, o_trig
                            self._close(o, end_frame=i - 1)
                            o = None
                    else:
                        o.last_frame, o.peak_db, o.triggered = o_last, o_peak, o_trig
                        self._close(o, end_frame=i - 1)
                        o = None
                elif i - o_start >= max_frames:
                    o.last_frame, o.peak_db, o.triggered = o_last, o_peak, o_trig
                    self._close(o, end_frame=i - 1)
                    o = None
            if o is None:
                o = _Open(i, i, d, f, on, [])
                self._open = o
                o_start, o_last, o_peak, o_trig, o_env = i, i, d, on, o.env
            gap = i - o_last - 1
            if gap > 0:
                o_env.extend([nan] * gap)
            o_env.append(d)
            o_last = i
            if on:
                o_trig = True
            if d > o_peak:
                o_peak = d
        if o is not None:
            o.last_frame, o.peak_db, o.triggered = o_last, o_peak, o_trig
        if o is not None and end_frame - o.last_frame > self.hangover:
            self._close(o)
            o = None
        self._open = o

    def _close(self, o: _Open, *, end_frame: int | None = None) -> None:
        if self._open is o:
            self._open = None
        last = o.last_frame if end_frame is None else min(o.last_frame, end_frame)
        if not o.triggered or o.peak_db < self.min_peak_dbfs:
            return
        start = o.start_frame * self.hop
        sustain_end = (last + 1) * self.hop
        if o.snippet is None:
            s0 = max(start - self.pre_roll, 0)
            stop = min(sustain_end + self.pre_roll, start + self.snippet_len + self.pre_roll)
            o.snippet = self._samples(s0, stop)
            o.snippet_start = s0
        env = np.array(o.env[: last - o.start_frame + 1], dtype=np.float32)
        env = np.where(np.isnan(env), np.float32(o.floor_db), env)
        loud = np.flatnonzero(env >= o.peak_db - self.end_drop_db)
        end = start + (int(loud[-1]) + 1) * self.hop if loud.size else sustain_end
        self._done.append(
            Impulse(
                start=start,
                end=end,
                sustain_end=sustain_end,
                peak_frame_db=o.peak_db,
                floor_db=o.floor_db,
                snippet=o.snippet,
                snippet_start=o.snippet_start,
                envelope_db=env,
            )
        )


def detect_impulses(
    blocks: Iterable[np.ndarray], *, sample_rate: int, **kwargs: float
) -> tuple[list[Impulse], ImpulseDetector]:
    """Run :class:`ImpulseDetector` over ``blocks``; return the impulses and the detector."""
    det = ImpulseDetector(sample_rate, **kwargs)
    out: list[Impulse] = []
    for block in blocks:
        out.extend(det.feed(block))
    out.extend(det.finish())
    return out, det


#: A fragment that starts within this long after the end of the impulse before it, and
#: is at least TAIL_DB weaker, is that sound's decay re-triggering the detector, not a
#: new sound: a clunk rings for 50-150 ms (ACOUSTICS.md assumption) and the tissue
#: filter's first mode decays at 182 +/- 128 1/s (Ozmen et al. 2021).
TAIL_GAP_S = 0.06
#: 20 dB: the level drop that defines a pop's 5.66 ms duration (Dunning 2013); the
#: pops of one thrust differ by far less (they are all the same joint), so a thrust
#: pop is never taken for the tail of the one before it.
TAIL_DB = 20.0


def absorb_tails(
    impulses: list[Impulse],
    *,
    sample_rate: int,
    tail_gap_s: float = TAIL_GAP_S,
    tail_db: float = TAIL_DB,
) -> list[Impulse]:
    """Drop impulses that are the decaying tail of the louder impulse just before them."""
    gap = int(tail_gap_s * sample_rate)
    out: list[Impulse] = []
    for imp in impulses:
        if out:
            prev = out[-1]
            if imp.start - prev.sustain_end <= gap and imp.peak_frame_db <= prev.peak_frame_db - tail_db:
                continue
        out.append(imp)
    return out

"""Drawing a recording: waveform and spectrogram with each event marked and labelled.

What is drawn is gathered while the recording is decoded for listening, in the same single
pass (:class:`PictureTap`, given to ``listen(..., tap=...)``): a min/max envelope and short-
frame spectra whose resolution halves whenever they would outgrow the figure, so a long
recording neither has to fit in memory nor be decoded twice; the raw samples are kept only for
a short recording, for the zoomed panel.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from backpop.errors import AudioError

#: Colours per kind; "other" is grey because it is not a joint sound.
KIND_COLOURS = {"pop": "#d62728", "click": "#1f77b4", "crepitus": "#9467bd", "clunk": "#ff7f0e", "other": "#7f7f7f"}
#: Columns of the waveform envelope and of the spectrogram: about the pixel width of
#: the figure, so more would not show.
COLUMNS = 1600
#: Spectrogram frame: about 10 ms at 48 kHz, short enough to show a 5.66 ms pop
#: (Dunning 2013) as a vertical stripe.
FRAME_S = 0.01
#: Top of the spectrogram: joint sounds have their energy below 3 kHz (Widmalm et al.
#: 1996); 8 kHz leaves room to see broadband pops and speech.
MAX_FREQ_HZ = 8_000.0


#: A recording up to this long keeps its samples for the zoomed panel (11 MB at 48 kHz).
KEEP_RAW_S = 60.0


class PictureTap:
    """Gathers, block by block, what the picture of a recording needs."""

    def __init__(self, sample_rate: int, *, columns: int = COLUMNS) -> None:
        self.sample_rate = sample_rate
        self.columns = columns
        self.seen = 0
        # Envelope: min and max of each `per` samples, halved in resolution when too long.
        self.per = 64
        self.lo: list[float] = []
        self.hi: list[float] = []
        self._env_carry = np.zeros(0, dtype=np.float32)
        # Spectra: one frame every `hop` samples, merged (by maximum, so a pop stays a stripe).
        self.nfft = 1 << int(np.ceil(np.log2(max(FRAME_S * sample_rate, 64))))
        self.hop = self.nfft // 2
        self.window = np.hanning(self.nfft).astype(np.float32)
        freqs = np.fft.rfftfreq(self.nfft, 1.0 / sample_rate)
        self.keep = freqs <= min(MAX_FREQ_HZ, sample_rate / 2)
        self.freqs = freqs[self.keep]
        self.frames: list[np.ndarray] = []
        self.frame_starts: list[int] = []
        self._spec_buf = np.zeros(0, dtype=np.float32)
        self._spec_buf_start = 0
        self._next_frame = 0
        self.raw: list[np.ndarray] | None = []
        #: Set when drawn: whether the picture has the close-up panel.
        self.zoomed = False

    def __call__(self, block: np.ndarray) -> None:
        self._envelope(block)
        self._spectra(block)
        if self.raw is not None:
            self.raw.append(block.copy())
            if (self.seen + block.size) / self.sample_rate > KEEP_RAW_S:
                self.raw = None
        self.seen += block.size

    def _envelope(self, block: np.ndarray) -> None:
        x = np.concatenate([self._env_carry, block]) if self._env_carry.size else block
        k = x.size // self.per
        if k:
            seg = x[: k * self.per].reshape(k, self.per)
            self.lo.extend(seg.min(axis=1).tolist())
            self.hi.extend(seg.max(axis=1).tolist())
        self._env_carry = x[k * self.per :].copy()
        while len(self.lo) > 2 * self.columns:
            n = len(self.lo) // 2 * 2
            self.lo = np.minimum(self.lo[0:n:2], self.lo[1:n:2]).tolist() + self.lo[n:]
            self.hi = np.maximum(self.hi[0:n:2], self.hi[1:n:2]).tolist() + self.hi[n:]
            self.per *= 2

    def _spectra(self, block: np.ndarray) -> None:
        self._spec_buf = np.concatenate([self._spec_buf, block])
        while self._next_frame + self.nfft <= self._spec_buf_start + self._spec_buf.size:
            i = self._next_frame - self._spec_buf_start
            x = self._spec_buf[i : i + self.nfft]
            power = np.abs(np.fft.rfft((x - x.mean()) * self.window)) ** 2
            self.frames.append(power[self.keep].astype(np.float32))
            self.frame_starts.append(self._next_frame)
            self._next_frame += self.hop
            if len(self.frames) > 2 * self.columns:
                n = len(self.frames) // 2 * 2
                self.frames = [np.maximum(a, b) for a, b in zip(self.frames[0:n:2], self.frames[1:n:2], strict=True)]
                self.frame_starts = self.frame_starts[0:n:2]
                self.hop *= 2
                self._next_frame = self.frame_starts[-1] + self.hop
        drop = max(0, self._next_frame - self._spec_buf_start)
        drop = min(drop, self._spec_buf.size)
        self._spec_buf = self._spec_buf[drop:]
        self._spec_buf_start += drop

    def envelope(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lo, hi = np.asarray(self.lo, dtype=np.float32), np.asarray(self.hi, dtype=np.float32)
        if lo.size == 0:
            x = self._env_carry if self._env_carry.size else np.zeros(1, dtype=np.float32)
            lo, hi, per = np.array([x.min()]), np.array([x.max()]), max(x.size, 1)
        else:
            per = self.per
        t = (np.arange(lo.size) + 0.5) * per / self.sample_rate
        return t, lo, hi

    def spectrogram(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self.frames:
            return np.zeros(1), self.freqs, np.full((self.freqs.size, 1), -120.0, dtype=np.float32)
        spec = 10 * np.log10(np.stack(self.frames, axis=1) + 1e-12)
        t = (np.asarray(self.frame_starts) + self.nfft / 2) / self.sample_rate
        return t, self.freqs, spec

    def samples(self) -> np.ndarray | None:
        return np.concatenate(self.raw) if self.raw else None


#: Events closer than this share of the recording's length cannot be told apart on the
#: full view; the densest such cluster gets a zoomed panel.
CROWDED_SHARE = 1.0 / 150.0
#: Length of the zoomed panel: a whole 9-pop thrust (97-139 ms, Dunning 2013; Mourad
#: 2019) with room either side.
ZOOM_S = 0.3


def _densest_window(events, *, duration: float) -> tuple[float, float] | None:
    joint = sorted(e.start_s for e in events if e.kind != "other")
    if len(joint) < 2:
        return None
    gaps = np.diff(joint)
    if gaps.min() >= CROWDED_SHARE * max(duration, 1e-3):
        return None
    counts = [sum(1 for t in joint if s <= t < s + ZOOM_S) for s in joint]
    start = max(joint[int(np.argmax(counts))] - 0.03, 0.0)
    return start, min(start + ZOOM_S, duration)


def _draw_zoom(ax, samples: np.ndarray, sr: int, events, window: tuple[float, float]) -> None:
    a, b = window
    x = samples[int(a * sr) : max(int(b * sr), int(a * sr) + 1)]
    t = a + np.arange(x.size) / sr
    ax.plot(t, x - x.mean(), color="#333333", linewidth=0.6)
    lim = float(np.max(np.abs(x - x.mean()))) * 1.2 or 1.0
    ax.set_ylim(-lim, lim)
    for e in events:
        if e.end_s < a or e.start_s > b:
            continue
        colour = KIND_COLOURS.get(e.kind, "#7f7f7f")
        ax.axvspan(e.start_s, max(e.end_s, e.start_s + 0.001), color=colour, alpha=0.2, linewidth=0)
        ax.axvline(e.start_s, color=colour, linewidth=0.9)
        ax.annotate(e.kind, xy=(e.start_s, lim * 0.9), fontsize=8, color=colour, ha="left", va="top", fontweight="bold")
    ax.set_xlim(a, b)
    ax.set_ylabel("amplitude (zoom)")
    ax.set_xlabel("time (s)")


def plot_recording(path: str | Path, result, out: str | Path, *, columns: int = COLUMNS) -> Path:
    """Write a PNG of ``path`` with the events of ``result`` (a ListenResult) marked.

    Decodes the recording once more; to draw what ``listen`` has just heard without decoding it
    again, give ``listen`` a :class:`PictureTap` and call :func:`draw_recording`.
    """
    from backpop.acoustics.io import iter_mono_blocks, probe

    info = probe(path)
    tap = PictureTap(info.sample_rate, columns=columns)
    for block in iter_mono_blocks(info):
        tap(block)
    return draw_recording(tap, result, out)


def draw_recording(tap: PictureTap, result, out: str | Path) -> Path:
    """Write a PNG of what `tap` gathered, with the events of ``result`` marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out)
    if out.suffix.lower() != ".png":
        raise AudioError(f"{out}: the plot must be a .png file")
    t, lo, hi = tap.envelope()
    st, sf_, spec = tap.spectrogram()
    duration_s = tap.seen / tap.sample_rate
    samples = tap.samples()
    zoom = _densest_window(result.events, duration=duration_s) if samples is not None else None
    tap.zoomed = zoom is not None
    if zoom is None:
        fig, (ax_w, ax_s) = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True, gridspec_kw={"height_ratios": [1, 1.3]})
    else:
        fig = plt.figure(figsize=(10, 9.5))
        grid = fig.add_gridspec(3, 1, height_ratios=[1, 1.3, 1])
        ax_w = fig.add_subplot(grid[0])
        ax_s = fig.add_subplot(grid[1], sharex=ax_w)
        _draw_zoom(fig.add_subplot(grid[2]), samples, tap.sample_rate, result.events, zoom)
    ax_w.fill_between(t, lo, hi, color="#333333", linewidth=0.5, step="mid")
    lim = float(max(np.max(np.abs(lo)), np.max(np.abs(hi)), 1e-6)) * 1.15
    ax_w.set_ylim(-lim, lim)
    ax_w.set_ylabel("amplitude")
    ax_w.set_title(
        f"{Path(result.file).name}: {result.duration_s:.2f} s, "
        f"{len(result.events)} event(s); evidence: "
        + (", ".join(f"{k}={v}" for k, v in result.summary.evidence.items()) or "none")
    )
    vmax = float(np.percentile(spec, 99.5)) if spec.size else 0.0
    ax_s.pcolormesh(st, sf_, spec, shading="nearest", cmap="magma", vmin=vmax - 70, vmax=vmax)
    ax_s.set_ylabel("frequency (Hz)")
    ax_s.set_xlabel("time (s)")
    duration = max(duration_s, 1e-3)
    min_width = duration / 800.0  # keep a 5 ms pop visible on a long recording
    last_label_x = -np.inf
    level = 0
    for e in result.events:
        colour = KIND_COLOURS.get(e.kind, "#7f7f7f")
        width = max(e.end_s - e.start_s, min_width)
        for ax in (ax_w, ax_s):
            ax.axvspan(
                e.start_s, e.start_s + width, color=colour, alpha=0.25 if e.kind != "other" else 0.12, linewidth=0
            )
            ax.axvline(e.start_s, color=colour, linewidth=0.9, alpha=0.9 if e.kind != "other" else 0.5)
        # Stagger labels that would overlap their neighbour.
        level = level + 1 if e.start_s - last_label_x < duration / 40 else 0
        last_label_x = e.start_s
        ax_w.annotate(
            e.kind,
            xy=(e.start_s, lim * (0.92 - 0.16 * (level % 4))),
            fontsize=8,
            color=colour,
            ha="left",
            va="top",
            fontweight="bold",
        )
    ax_w.set_xlim(0, duration)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out

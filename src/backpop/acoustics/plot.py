"""Drawing a recording: waveform and spectrogram with each event marked and labelled.

Streaming like :func:`~backpop.acoustics.listen`: the waveform is drawn as a min/max
envelope gathered block by block, and the spectrogram from short frames read at the
plotted columns, so a long recording does not have to fit in memory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from backpop.errors import AudioError

#: Colours per kind; "other" is grey because it is not a joint sound.
KIND_COLOURS = {"pop": "#d62728", "click": "#1f77b4", "crepitus": "#9467bd",
                "clunk": "#ff7f0e", "other": "#7f7f7f"}
#: Columns of the waveform envelope and of the spectrogram: about the pixel width of
#: the figure, so more would not show.
COLUMNS = 1600
#: Spectrogram frame: about 10 ms at 48 kHz, short enough to show a 5.66 ms pop
#: (Dunning 2013) as a vertical stripe.
FRAME_S = 0.01
#: Top of the spectrogram: joint sounds have their energy below 3 kHz (Widmalm et al.
#: 1996); 8 kHz leaves room to see broadband pops and speech.
MAX_FREQ_HZ = 8_000.0


def _envelope(info, *, columns: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from backpop.acoustics.io import iter_mono_blocks

    per = max(info.frames // columns, 1)
    n_cols = max(info.frames // per, 1)
    lo = np.zeros(n_cols, dtype=np.float32)
    hi = np.zeros(n_cols, dtype=np.float32)
    carry = np.zeros(0, dtype=np.float32)
    col = 0
    for block in iter_mono_blocks(info):
        x = np.concatenate([carry, block]) if carry.size else block
        k = min(x.size // per, n_cols - col)
        if k > 0:
            seg = x[: k * per].reshape(k, per)
            lo[col : col + k] = seg.min(axis=1)
            hi[col : col + k] = seg.max(axis=1)
            col += k
        carry = x[k * per :] if col < n_cols else np.zeros(0, dtype=np.float32)
    t = (np.arange(n_cols) + 0.5) * per / info.sample_rate
    return t, lo, hi


def _spectrogram(info, *, columns: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import soundfile as sf

    sr = info.sample_rate
    nfft = 1 << int(np.ceil(np.log2(max(FRAME_S * sr, 64))))
    n_cols = int(min(columns, max(info.frames // (nfft // 2), 1)))
    starts = np.linspace(0, max(info.frames - nfft, 0), n_cols).astype(np.int64)
    window = np.hanning(nfft).astype(np.float32)
    freqs = np.fft.rfftfreq(nfft, 1.0 / sr)
    keep = freqs <= min(MAX_FREQ_HZ, sr / 2)
    spec = np.full((int(keep.sum()), n_cols), -120.0, dtype=np.float32)
    with sf.SoundFile(str(info.path)) as f:
        for c, s in enumerate(starts):
            f.seek(int(s))
            x = f.read(frames=nfft, dtype="float32", always_2d=True).mean(axis=1)
            if x.size < nfft:
                x = np.pad(x, (0, nfft - x.size))
            p = np.abs(np.fft.rfft((x - x.mean()) * window)) ** 2
            spec[:, c] = 10 * np.log10(p[keep] + 1e-12)
    t = (starts + nfft / 2) / sr
    return t, freqs[keep], spec


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


def _draw_zoom(ax, info, events, window: tuple[float, float]) -> None:
    import soundfile as sf

    a, b = window
    sr = info.sample_rate
    with sf.SoundFile(str(info.path)) as f:
        f.seek(int(a * sr))
        x = f.read(frames=max(int((b - a) * sr), 1), dtype="float32", always_2d=True).mean(axis=1)
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
        ax.annotate(e.kind, xy=(e.start_s, lim * 0.9), fontsize=8, color=colour, ha="left",
                    va="top", fontweight="bold")
    ax.set_xlim(a, b)
    ax.set_ylabel("amplitude (zoom)")
    ax.set_xlabel("time (s)")


def plot_recording(path: str | Path, result, out: str | Path, *, columns: int = COLUMNS) -> Path:
    """Write a PNG of ``path`` with the events of ``result`` (a ListenResult) marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from backpop.acoustics.io import probe

    info = probe(path)
    out = Path(out)
    if out.suffix.lower() != ".png":
        raise AudioError(f"{out}: the plot must be a .png file")
    t, lo, hi = _envelope(info, columns=columns)
    st, sf_, spec = _spectrogram(info, columns=columns)
    zoom = _densest_window(result.events, duration=info.duration_s)
    if zoom is None:
        fig, (ax_w, ax_s) = plt.subplots(2, 1, figsize=(14, 6.5), sharex=True,
                                          gridspec_kw={"height_ratios": [1, 1.3]})
    else:
        fig = plt.figure(figsize=(14, 9.5))
        grid = fig.add_gridspec(3, 1, height_ratios=[1, 1.3, 1])
        ax_w = fig.add_subplot(grid[0])
        ax_s = fig.add_subplot(grid[1], sharex=ax_w)
        _draw_zoom(fig.add_subplot(grid[2]), info, result.events, zoom)
    ax_w.fill_between(t, lo, hi, color="#333333", linewidth=0.5, step="mid")
    lim = float(max(np.max(np.abs(lo)), np.max(np.abs(hi)), 1e-6)) * 1.15
    ax_w.set_ylim(-lim, lim)
    ax_w.set_ylabel("amplitude")
    ax_w.set_title(f"{Path(result.file).name}: {result.duration_s:.2f} s, "
                   f"{len(result.events)} event(s); evidence: "
                   + (", ".join(f"{k}={v}" for k, v in result.summary.evidence.items()) or "none"))
    vmax = float(np.percentile(spec, 99.5)) if spec.size else 0.0
    ax_s.pcolormesh(st, sf_, spec, shading="nearest", cmap="magma", vmin=vmax - 70, vmax=vmax)
    ax_s.set_ylabel("frequency (Hz)")
    ax_s.set_xlabel("time (s)")
    duration = max(info.duration_s, 1e-3)
    min_width = duration / 800.0  # keep a 5 ms pop visible on a long recording
    last_label_x = -np.inf
    level = 0
    for e in result.events:
        colour = KIND_COLOURS.get(e.kind, "#7f7f7f")
        width = max(e.end_s - e.start_s, min_width)
        for ax in (ax_w, ax_s):
            ax.axvspan(e.start_s, e.start_s + width, color=colour,
                       alpha=0.25 if e.kind != "other" else 0.12, linewidth=0)
            ax.axvline(e.start_s, color=colour, linewidth=0.9,
                       alpha=0.9 if e.kind != "other" else 0.5)
        # Stagger labels that would overlap their neighbour.
        level = level + 1 if e.start_s - last_label_x < duration / 40 else 0
        last_label_x = e.start_s
        ax_w.annotate(e.kind, xy=(e.start_s, lim * (0.92 - 0.16 * (level % 4))), fontsize=8,
                      color=colour, ha="left", va="top", fontweight="bold")
    ax_w.set_xlim(0, duration)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out

"""Command-line commands ``backpop listen`` and ``backpop synth``.

Plain functions with typer annotations; the main CLI registers them with
``app.command("listen")(listen_command)`` and ``app.command("synth")(synth_command)``.
Nothing heavy is imported at module level, so importing this module is cheap.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

#: Files longer than this get a progress bar (the issue: "files longer than a minute").
PROGRESS_MIN_S = 60.0
#: Rows shown in the readable table; the JSON always has every event.
MAX_TABLE_ROWS = 60
SYNTH_KINDS = ("pop", "thrust", "click", "crepitus", "clunk", "mixed", "other", "corpus")


def _fail(message: str) -> None:
    from backpop.errors import InputError

    raise InputError(message)


def listen_command(
    file: Path = typer.Argument(..., help="Recording to analyse: WAV, FLAC, OGG, M4A/AAC, MP3 or WebM/Opus."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON only."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write a PNG of waveform and spectrogram with events marked."
    ),
    save: bool = typer.Option(False, "--save", help="Keep the recording's result in your diary."),
    db: str | None = typer.Option(None, "--db", help="Diary database URL (default: local file)."),
    fhir: bool = typer.Option(False, "--fhir", help="Print the events as a FHIR Bundle of Observations only."),
    fhir_version: str = typer.Option("R5", "--fhir-version", help="With --fhir: R5 or R4B."),
) -> None:
    """Find the pops, clicks, grinding and clunks in a recording and say what they are.

    The pattern of events becomes evidence for an assessment (what the sound was, and
    whether it repeats at every movement or not for a while). Use it in one step with
    `backpop assess --recording FILE`. Bad or unreadable files exit with status 2.
    """
    tap = None
    if plot is not None:
        from backpop.acoustics.io import probe
        from backpop.acoustics.plot import PictureTap

        tap = PictureTap(probe(file).sample_rate)  # gathered while listening: decoded once
    result = _listen_with_progress(file, quiet=json_out or fhir, tap=tap)
    if plot is not None and tap is not None:
        from backpop.acoustics.plot import draw_recording

        draw_recording(tap, result, plot)
    if save:
        from backpop.diary import Diary

        with Diary(db) as diary:
            ref = diary.save_recording(
                file, listen=result, duration_s=result.duration_s, sample_rate=result.sample_rate
            )
        typer.echo(f"Saved to your diary as {ref}.", err=True)
    if fhir:
        from backpop.fhir.cli import listen_bundle

        sys.stdout.write(json.dumps(listen_bundle(result, fhir_version=fhir_version), indent=2) + "\n")
        return
    if json_out:
        sys.stdout.write(json.dumps(result.to_json_dict(), indent=2) + "\n")
        return
    _render(result, plot)


def _listen_with_progress(file: Path, *, quiet: bool, tap=None):  # noqa: ANN001, ANN202
    from backpop.acoustics import listen
    from backpop.acoustics.io import probe

    info = probe(file)
    if quiet or info.duration_s <= PROGRESS_MIN_S:
        return listen(file, tap=tap)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("listening"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("listen", total=max(info.frames, 1))
        return listen(file, tap=tap, progress=lambda done, total: bar.update(task, completed=done))


def _render(result, plot: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{result.file}[/bold]: {result.duration_s:.2f} s at "
        f"{result.sample_rate} Hz, {len(result.events)} event(s)"
    )
    if result.events:
        table = Table(show_edge=False, header_style="bold")
        for col in ("#", "start s", "end s", "kind", "confidence", "ms", "peak dBFS", "centroid Hz"):
            table.add_column(col, justify="left" if col == "kind" else "right")
        for i, e in enumerate(result.events[:MAX_TABLE_ROWS], 1):
            style = "dim" if e.kind == "other" else None
            table.add_row(
                str(i),
                f"{e.start_s:.4f}",
                f"{e.end_s:.4f}",
                e.kind,
                f"{e.confidence:.2f}",
                f"{e.features.duration_ms:.1f}",
                f"{e.features.peak_dbfs:.1f}",
                f"{e.features.centroid_hz:.0f}",
                style=style,
            )
        console.print(table)
        if len(result.events) > MAX_TABLE_ROWS:
            console.print(f"... and {len(result.events) - MAX_TABLE_ROWS} more (see --json)")
    counts = ", ".join(f"{n} {k}" for k, n in result.summary.counts.items() if n)
    console.print(f"[bold]Counts:[/bold] {counts or 'none'}")
    ev = result.summary.evidence
    if ev:
        from backpop.wording import facts_text

        console.print("[bold]What it adds to an assessment:[/bold] " + facts_text(ev), highlight=False)
    else:
        console.print("[bold]Evidence:[/bold] no joint sound")
    for note in result.summary.notes:
        console.print(f"  - {note}", highlight=False)
    if plot is not None:
        console.print(f"Plot written to {plot}")


def synth_command(
    kind: str = typer.Argument(..., help="pop, thrust, click, crepitus, clunk, mixed, other or corpus."),
    directory: Path | None = typer.Argument(None, help="Output directory (corpus only)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output WAV (single recordings)."),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed gives the same file."),
    sr: int = typer.Option(48_000, "--sr", help="Sample rate in Hz (8000-192000)."),
    n: int = typer.Option(200, "--n", help="Number of recordings (corpus only)."),
) -> None:
    """Write a synthetic, labelled recording of a joint sound, or a whole corpus."""
    from backpop.acoustics.io import MAX_SAMPLE_RATE, MIN_SAMPLE_RATE

    if kind not in SYNTH_KINDS:
        _fail(f"unknown kind {kind!r}; choose one of {', '.join(SYNTH_KINDS)}")
    if not MIN_SAMPLE_RATE <= sr <= MAX_SAMPLE_RATE:
        _fail(f"--sr {sr} is outside {MIN_SAMPLE_RATE}-{MAX_SAMPLE_RATE} Hz")
    from backpop.acoustics import synth

    if kind == "corpus":
        target = directory or out
        if target is None:
            _fail("corpus needs a directory: backpop synth corpus DIR --n 200 --seed N")
        if n < 1:
            _fail("--n must be at least 1")
        truth = synth.write_corpus(target, n=n, seed=seed, sample_rate=sr)
        typer.echo(f"wrote {n} recordings and {truth}")
        return
    target = out or directory or Path(f"{kind}.wav")
    if target.suffix.lower() not in (".wav", ".flac", ".ogg"):
        _fail(f"{target}: the output must end in .wav, .flac or .ogg")
    rec = synth.render_recording(kind, seed=seed, sample_rate=sr)
    target.parent.mkdir(parents=True, exist_ok=True)
    synth.write_recording(rec, target)
    joint = [e for e in rec.events if e.kind != "other"]
    typer.echo(
        f"wrote {target}: {rec.signal.size / sr:.2f} s, {len(joint)} joint sound(s), "
        f"{len(rec.events) - len(joint)} other"
    )
    for e in rec.events:
        typer.echo(f"  {e.kind:9s} {e.start_s:8.4f} - {e.end_s:8.4f} s")

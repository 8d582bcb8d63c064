"""The `backpop diary` commands: thin wrappers that parse, call the Diary, and print."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from backpop.assessment import Disposition
from backpop.diary import views
from backpop.diary.store import Diary
from backpop.diary.weekly import build_trend
from backpop.errors import InputError
from backpop.wording import (
    counts_text,
    day_text,
    entry_side,
    fact_text,
    kind_text,
    level_label,
    rule_outs,
    when_text,
)

diary_app = typer.Typer(
    help="Keep every episode, recording and self-cracking event over weeks; see trends; make a report for a clinician.",
    no_args_is_help=True,
)

out = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

DB_OPTION = typer.Option(
    None,
    "--db",
    help="Diary location: a file path, sqlite:///FILE or postgresql://... "
    "(default: $BACKPOP_DATABASE_URL, else a file in your data folder).",
    show_default=False,
)

_STYLE = {
    Disposition.EMERGENCY: "bold white on red",
    Disposition.URGENT: "bold red",
    Disposition.CONSULT: "yellow",
    Disposition.MONITOR: "cyan",
    Disposition.SELF_CARE: "green",
}


def _user_errors(command: F) -> F:
    """One line and exit status 2 for every error the user can cause."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _local(when: datetime) -> str:
    return when_text(when.replace(tzinfo=UTC), local=True)


def _disposition(d: Disposition | None) -> str:
    if d is None:
        return ""
    return f"[{_STYLE[d]}]{escape(level_label(d))}[/]"


def _print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


@diary_app.command("log-crack")
@_user_errors
def log_crack(db: str | None = DB_OPTION) -> None:
    """Record that you just cracked your own back on purpose."""
    with Diary(db) as diary:
        ref = diary.log_crack()
        cracks = build_trend(diary, weeks=1).weeks[-1].self_adjusting
    out.print(f"Logged {ref}. Self-cracking this week: {cracks}.")


@diary_app.command("note")
@_user_errors
def note(
    text: str = typer.Argument(..., help="The note."),
    episode: str | None = typer.Option(None, "--episode", help="Attach to this episode id."),
    db: str | None = DB_OPTION,
) -> None:
    """Add a free-text note to the diary."""
    with Diary(db) as diary:
        ref = diary.add_note(text, episode=episode)
    out.print(f"Noted {ref}.")


@diary_app.command("list")
@_user_errors
def list_entries(
    limit: int = typer.Option(50, "--limit", min=1, help="Show at most this many entries."),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON and nothing else (schema: backpop schema diary-list)."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """List diary entries, newest first; urgent episodes not yet seen come first."""
    with Diary.for_reading(db) as diary:
        entries = diary.list(limit=limit)
        unseen = [e for e in diary.list(kinds=["episode"]) if e.awaits_clinician]
    if as_json:
        _print_json(views.list_document(entries, unseen))
        return
    if unseen:
        warn = Table(title="Not yet seen by a clinician", title_style="bold red")
        for column in ("Id", "When", "Level", "What"):
            warn.add_column(column)
        for e in unseen:
            warn.add_row(e.ref, _local(e.when), _disposition(e.disposition), e.summary)
        out.print(warn)
        out.print("Once a clinician has seen you about one, run: backpop diary seen ID\n")
    if not entries:
        out.print("The diary is empty.")
        return
    table = Table(title="Diary")
    for column in ("Id", "When", "Kind", "Level", "What"):
        table.add_column(column)
    for e in entries:
        kind = kind_text(e.kind)
        level = _disposition(e.disposition) + (" (seen by a clinician)" if e.seen else "")
        table.add_row(e.ref, _local(e.when), kind, level, e.summary)
    out.print(table)


@diary_app.command("show")
@_user_errors
def show(
    ref: str = typer.Argument(..., help="Entry id, e.g. e12."),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON and nothing else (schema: backpop schema diary-entry)."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Show one entry in full."""
    with Diary.for_reading(db) as diary:
        item = diary.get(ref)
    if as_json:
        _print_json(views.item_document(item))
        return
    title = kind_text(item["kind"]) + (
        f", {when_text(item['occurred_at'], local=True)}" if item.get("occurred_at") else ""
    )
    out.print(f"[bold]{escape(title)}[/] [dim]({item['ref']})[/dim]")
    if item.get("text"):
        out.print(f"In your own words: “{escape(item['text'])}”")
    for name, value in (item.get("facts") or {}).items():
        out.print(f"  • {escape(fact_text(name, value))}")
    if item["kind"] == "episode" and (side := entry_side(item)):
        out.print(f"  • {escape(side)}")
    for key, label in (("recorded_at", "Recorded"), ("created_at", "Written")):
        if item.get(key) and item["kind"] != "episode":
            out.print(f"{label}: {when_text(item[key], local=True)}")
    if item.get("duration_s") is not None:
        out.print(f"Length: {item['duration_s']:.1f} seconds")
    if item.get("path"):
        out.print(f"File: {escape(str(item['path']))}")
    if item.get("awaits_clinician"):
        out.print(
            f"[bold red]Not yet seen by a clinician.[/] Once you have been seen: backpop diary seen {item['ref']}"
        )
    elif item.get("seen_at"):
        out.print(f"Seen by a clinician (marked {when_text(item['seen_at'], local=True)}).")
    for a in item.get("assessments", []):
        body = a["assessment"]
        level = Disposition(body["disposition"])
        out.print(f"\n{_disposition(level)} — {escape(body['time_frame'])}")
        out.print(f"  {escape(body['headline'])}")
        for r in body.get("reasoning", []):
            out.print(f"  • {escape(r['summary'])}")
        for rule_out, label, rule_id, source in rule_outs(body.get("reasoning", [])):
            out.print(
                f"  [dim]For your clinician: to rule out {escape(rule_out)} ({escape(label)}; rule {rule_id}; "
                f"{escape(source)})[/dim]"
            )
        out.print(
            f"  [dim]Assessed {when_text(a['created_at'], local=True)}, knowledge base version "
            f"{a['knowledge_version']}[/dim]"
        )
    if item.get("listen"):
        events = item["listen"].get("events") if isinstance(item["listen"], dict) else None
        if isinstance(events, list):
            out.print(f"\nSounds found in the recording: {len(events)}.")


@diary_app.command("delete")
@_user_errors
def delete(
    ref: str = typer.Argument(..., help="Entry id, e.g. e12."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    db: str | None = DB_OPTION,
) -> None:
    """Delete an entry for good (an episode takes its assessments, recordings and notes)."""
    with Diary(db) as diary:
        diary.get(ref)  # unknown ids fail before asking
        if not yes and not typer.confirm(f"Delete {ref} for good?"):
            raise typer.Exit(1)
        diary.delete(ref)
    out.print(f"Deleted {ref}.")


@diary_app.command("seen")
@_user_errors
def seen(ref: str = typer.Argument(..., help="Episode id, e.g. e12."), db: str | None = DB_OPTION) -> None:
    """Mark an urgent or emergency episode as seen by a clinician."""
    with Diary(db) as diary:
        diary.mark_seen(ref)
    out.print(f"Marked {ref} as seen by a clinician.")


@diary_app.command("export")
@_user_errors
def export(
    file: Path = typer.Argument(..., help="Write the diary to this JSON file."),
    db: str | None = DB_OPTION,
    fhir: bool = typer.Option(False, "--fhir", help="Write a FHIR Bundle (import reads it back)."),
    fhir_version: str = typer.Option("R5", "--fhir-version", help="With --fhir: R5 or R4B."),
) -> None:
    """Write the whole diary to a JSON file (backpop's own format, or a FHIR Bundle with --fhir)."""
    with Diary.for_reading(db) as diary:
        document = diary.export()
    count = len(document["episodes"])
    if fhir:
        from backpop.fhir.diary import diary_bundle
        from backpop.fhir.versions import parse_version

        document = diary_bundle(document, version=parse_version(fhir_version))
    try:
        file.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {file}: {exc.strerror}") from None
    out.print(f"Exported {count} episode(s) to {file}.")


@diary_app.command("import")
@_user_errors
def import_(
    file: Path = typer.Argument(..., help="A JSON file written by 'backpop diary export' (with or without --fhir)."),
    db: str | None = DB_OPTION,
) -> None:
    """Add the entries of an exported JSON file to the diary."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise InputError(f"cannot read {file}: {reason}") from None
    from backpop.untrusted import loads

    document = loads(text, str(file))
    if isinstance(document, dict) and document.get("resourceType") == "Bundle":
        from backpop.fhir.diary import diary_document

        document = diary_document(document)
    with Diary(db) as diary:
        counts = diary.import_(document)
    added = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
    out.print(f"Imported {added}.")


@diary_app.command("trend")
@_user_errors
def trend(
    weeks: int = typer.Option(12, "--weeks", min=1, max=520, help="How many weeks to show."),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON and nothing else (schema: backpop schema diary-trend)."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Weekly counts of episodes, pain and self-cracking, and what the pattern means."""
    with Diary.for_reading(db) as diary:
        result = build_trend(diary, weeks=weeks)
    if as_json:
        _print_json(views.trend_document(result))
        return
    table = Table(title=f"The last {weeks} week(s)")
    for column in ("Week of", "Episodes", "Sounds", "Pain", "Self-cracking", "Highest level"):
        table.add_column(column)
    for row in result.weeks:
        table.add_row(
            day_text(row.start),
            str(row.episodes),
            escape(counts_text("sound", row.by_sound)),
            escape(counts_text("pain", row.pain)),
            f"{row.self_adjusting} ({row.self_adjusting_per_day:.1f} a day)",
            _disposition(row.highest_disposition),
        )
    out.print(table)
    a = result.assessment
    out.print(f"\nOverall: {_disposition(a.disposition)} — {escape(a.time_frame)}")
    for r in a.reasoning:
        out.print(f"  • {escape(r.summary)} [dim](rule {r.rule_id}; {escape(r.source)})[/dim]")
    if not a.reasoning:
        out.print("  No pattern in these weeks needs attention.")
    out.print(f"[dim]{a.disclaimer}[/dim]")


@diary_app.command("report")
@_user_errors
def report(
    out_file: Path = typer.Option(Path("report.html"), "--out", help="Write the HTML report here."),
    pdf: Path | None = typer.Option(None, "--pdf", help="Also write a PDF report here."),
    weeks: int | None = typer.Option(
        None, "--weeks", min=1, max=520, help="Only the last N weeks (default: everything)."
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Write a self-contained report with plots to hand to a clinician."""
    from backpop.diary.report import build_report

    with Diary.for_reading(db) as diary:
        built = build_report(diary, weeks=weeks)
    try:
        out_file.write_text(built.html(), encoding="utf-8")
        if pdf is not None:
            built.pdf(pdf)
    except OSError as exc:
        raise InputError(f"cannot write report: {exc.strerror} ({exc.filename})") from None
    out.print(f"Wrote {out_file}" + (f" and {pdf}" if pdf else "") + ".")

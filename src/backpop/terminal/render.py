"""Rendering an Assessment for the terminal (rich). Rendering only: no decisions here."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backpop.assessment import Assessment, Disposition
from backpop.wording import emergency_number, facts_text, level_label, rule_outs, words

STYLE = {
    Disposition.EMERGENCY: "bold white on red",
    Disposition.URGENT: "bold black on dark_orange",
    Disposition.CONSULT: "bold black on yellow",
    Disposition.MONITOR: "bold white on blue",
    Disposition.SELF_CARE: "bold white on green",
}


def _at(console: Console, markup: str, indent: int, style: str = "") -> None:
    console.print(Padding(Text.from_markup(markup, style=style), (0, 0, 0, indent)))


def _plain(text: str) -> str:
    return escape(text)


def _advice(console: Console, item: Any) -> None:
    _at(console, f"[bold]{_plain(item.title)}[/]", 2)
    if item.kind == "safety_net":
        for line in item.text.split("• "):
            if line.strip():
                _at(console, f"• {_plain(line.strip())}", 5)
        return
    _at(console, _plain(item.text), 5)
    for number, step in enumerate(item.steps, 1):
        _at(console, f"{number}. {_plain(step)}", 5)
    if item.stop:
        _at(console, f"[bold]When to stop:[/] {_plain(item.stop)}", 5)


def render_assessment(assessment: Assessment, console: Console, *, country: str | None = None) -> None:
    """The result as the web page shows it: what to do and by when first, then why, then the part
    for the clinician (the condition to rule out, rules and sources)."""
    d = assessment.disposition
    label = level_label(d).upper()
    label = f" {label} (NOT FINAL) " if assessment.provisional else f" {label} "
    head = Text.assemble((label, STYLE[d]), "  ", (assessment.time_frame, "bold"))
    parts = [head, Text(""), Text(assessment.headline)]
    if d is Disposition.EMERGENCY:
        parts += [Text(""), Text(words("call", number=emergency_number(country)), style="bold")]
    if assessment.next_step and d.level >= Disposition.CONSULT.level:  # below, the headline says it
        parts += [Text(""), Text(assessment.next_step, style="bold")]
    console.print(Panel(Group(*parts), border_style=STYLE[d].split()[-1]))
    if assessment.provisional:
        _at(
            console,
            "[bold]To be sure:[/] run [bold]backpop interview[/] and tell it what happened; it "
            "checks what was read from your words and asks the questions below.",
            1,
        )
        console.print()

    actions = [a for a in assessment.advice if a.kind in ("action", "safety_net")]
    care = [a for a in assessment.advice if a.kind not in ("action", "safety_net", "clinician")]
    if actions:
        console.print("[bold]What to do[/]")
        for item in actions:
            _advice(console, item)
        console.print()
    if care:
        console.print("[bold]Looking after your back[/]")
        for item in care:
            _advice(console, item)
        console.print()

    console.print(f"[bold]{_plain(words('why'))}[/]")
    for reason in assessment.reasoning:
        colour = "red" if reason.disposition.level >= Disposition.URGENT.level else ""
        _at(console, f"[bold {colour}]{_plain(level_label(reason.disposition))}:[/] {_plain(reason.summary)}", 2)
        if reason.facts:
            _at(console, f"{_plain(words('because'))} {_plain(facts_text(reason.facts))}.", 5, "dim")
    for note in assessment.notes:
        _at(console, f"[yellow]Recording:[/] {_plain(note)}", 2)
    console.print()

    serious = d.level >= Disposition.URGENT.level
    if not serious:
        _sources(console, assessment)

    if assessment.unscreened_red_flags:
        table = Table(title="Warning-sign questions not answered", title_justify="left", show_header=False, box=None)
        for flag in assessment.unscreened_red_flags:
            table.add_row(" ?", flag.question)
        console.print(table)
        _at(
            console,
            "Answering yes to any of these can only raise the level, never lower it: "
            "[bold]backpop interview[/] asks them in order.",
            1,
            "dim",
        )
        console.print()

    console.print(f"[bold]{_plain(words('for_clinician'))}[/]")
    for rule_out, level, rule_id, source in rule_outs(assessment.reasoning):
        _at(
            console,
            f"{_plain(words('rule_out', rule_out=rule_out))} [dim]({_plain(level)}; rule {rule_id}; "
            f"{_plain(source)})[/]",
            2,
        )
    for item in assessment.advice:
        if item.kind == "clinician":
            _at(console, f"[bold]{_plain(item.title)}:[/] {_plain(item.text)}", 2)
    if serious:
        console.print()
        _sources(console, assessment)
    console.print()
    console.print(f"[dim]{_plain(assessment.disclaimer)}[/]")
    console.print(f"[dim]Knowledge base version {assessment.knowledge_version}[/]")


def _sources(console: Console, assessment: Assessment) -> None:
    console.print("[bold]Where the sound most likely comes from[/]")
    if not assessment.likely_sources:
        _at(console, "Not enough is known about the sound to say.", 2)
    for source in assessment.likely_sources:
        _at(console, f"[bold]{_plain(source.name)}[/] [italic]({source.band.value})[/]", 2)
        _at(console, _plain(source.explanation), 5, "dim")
        for finding in source.supporting:
            _at(console, f"[green]+[/] {_plain(finding.text)}", 5)
        for finding in source.against:
            _at(console, f"[red]−[/] {_plain(finding.text)}", 5)
    console.print()

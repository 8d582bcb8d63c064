"""Rendering an Assessment for the terminal (rich). Rendering only: no decisions here."""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backpop.assessment import Assessment, Disposition

STYLE = {
    Disposition.EMERGENCY: "bold white on red",
    Disposition.URGENT: "bold black on dark_orange",
    Disposition.CONSULT: "bold black on yellow",
    Disposition.MONITOR: "bold white on blue",
    Disposition.SELF_CARE: "bold white on green",
}
LABEL = {
    Disposition.EMERGENCY: "EMERGENCY",
    Disposition.URGENT: "URGENT: TODAY",
    Disposition.CONSULT: "BOOK A VISIT",
    Disposition.MONITOR: "MONITOR",
    Disposition.SELF_CARE: "SELF-CARE",
}


def _at(console: Console, markup: str, indent: int, style: str = "") -> None:
    console.print(Padding(Text.from_markup(markup, style=style), (0, 0, 0, indent)))


def _facts(facts: dict) -> str:
    return ", ".join(f"{k} = {v}" for k, v in facts.items())


def render_assessment(assessment: Assessment, console: Console) -> None:
    d = assessment.disposition
    label = f" {LABEL[d]} (NOT FINAL) " if assessment.provisional else f" {LABEL[d]} "
    head = Text.assemble((label, STYLE[d]), "  ", (assessment.time_frame, "bold"))
    parts = [head, Text(""), Text(assessment.headline)]
    if assessment.next_step and d.level >= Disposition.CONSULT.level:  # below, the headline says it
        parts += [Text(""), Text(assessment.next_step, style="bold")]
    console.print(Panel(Group(*parts), border_style=STYLE[d].split()[-1]))
    if assessment.provisional:
        _at(console, "[bold]To be sure:[/] run [bold]backpop interview[/] and tell it what happened; it "
            "checks what was read from your words and asks the questions below.", 1)
        console.print()

    if assessment.red_flags:
        console.print("[bold red]Warning signs found[/]")
        for flag in assessment.red_flags:
            _at(console, f"[red]●[/] Rule out {flag.rule_out} [dim](rule {flag.rule_id})[/]", 2)
        console.print()

    console.print("[bold]Why[/]")
    for reason in assessment.reasoning:
        _at(console, f"[bold]{reason.rule_id}[/] → {reason.disposition.value}: {reason.summary}", 2)
        because = f"because {_facts(reason.facts)}; " if reason.facts else ""
        _at(console, f"{because}source: {reason.source}", 5, "dim")
    for note in assessment.notes:
        _at(console, f"[yellow]Recording:[/] {note}", 2)
    console.print()

    console.print("[bold]Where the sound most likely comes from[/]")
    if not assessment.likely_sources:
        _at(console, "Not enough is known about the sound to say.", 2)
    for source in assessment.likely_sources:
        _at(console, f"[bold]{source.name}[/] [italic]({source.band.value})[/]", 2)
        _at(console, source.explanation, 5, "dim")
        for finding in source.supporting:
            _at(console, f"[green]+[/] {finding.text}", 5)
        for finding in source.against:
            _at(console, f"[red]−[/] {finding.text}", 5)
    console.print()

    console.print("[bold]What to do[/]")
    for item in assessment.advice:
        _at(console, f"[bold]{item.title}[/]", 2)
        if item.kind == "safety_net":
            for line in item.text.split("• "):
                if line.strip():
                    _at(console, f"• {line.strip()}", 5)
        else:
            _at(console, item.text, 5)
    console.print()


    if assessment.unscreened_red_flags:
        table = Table(title="Warning-sign questions not answered", title_justify="left",
                      show_header=False, box=None)
        for flag in assessment.unscreened_red_flags:
            table.add_row(" ?", flag.question)
        console.print(table)
        _at(console, "Answering yes to any of these can only raise the level, never lower it: "
            "[bold]backpop interview[/] asks them in order.", 1, "dim")
        console.print()

    console.print(f"[dim]{assessment.disclaimer}[/]")
    console.print(f"[dim]knowledge {assessment.knowledge_version}[/]")

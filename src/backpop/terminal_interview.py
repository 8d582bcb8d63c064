"""The interview in a terminal: asks, reads plain answers (typed or piped), and assesses."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console

from backpop.assessment import Assessment
from backpop.engine import assess
from backpop.episode import Episode
from backpop.interview import next_step, parse_answer
from backpop.knowledge import Question, knowledge

MAX_TRIES = 3


def _read_line(console: Console, prompt: str) -> str | None:
    console.print(prompt, end="", markup=False)
    line = sys.stdin.readline()
    if line == "":
        console.print()
        return None
    if not sys.stdin.isatty():
        console.print(line.rstrip("\n"), style="dim")
    return line.rstrip("\n")


def _show_question(console: Console, question: Question, number: int, remaining: int) -> None:
    console.print()
    console.print(f"[dim]Question {number} (about {remaining} left at most)[/]")
    console.print(f"[bold]{question.text}[/]")
    if question.kind == "enum":
        for i, (value, label) in enumerate((question.options or {}).items(), start=1):
            console.print(f"  {i}. {label} [dim]({value})[/]")


def _hint(question: Question) -> str:
    return {"bool": "[y/n, Enter = don't know] ", "number": "[number, Enter = don't know] "}.get(
        question.kind, "[number or word, Enter = don't know] "
    )


def _opening(console: Console, answers: dict[str, Any]) -> str | None:
    try:
        from backpop.narrative import understand
    except ImportError:
        return None
    console.print("[bold]Tell me what happened[/] in your own words (or press Enter to skip).")
    text = _read_line(console, "> ")
    if not text:
        return None
    understanding = understand(text)
    if not understanding.understood:
        console.print("[dim]I could not pick out any facts from that; let's go through the questions.[/]")
        return text
    console.print("\n[bold]This is what I understood:[/]")
    for fact in understanding.understood:
        unsure = " [yellow](not sure)[/]" if fact.uncertain else ""
        console.print(f"  • {fact.field} = {fact.value}{unsure}  [dim]from “{fact.span}”[/]")
    reply = _read_line(console, "Is that right? [Y/n] ")
    if reply is not None and reply.strip().lower() in ("n", "no"):
        console.print("[dim]Fine: I'll ask about each point instead.[/]")
        return text
    answers.update(understanding.episode.known())
    return text


def run_interview(
    console: Console, *, opening: bool = True
) -> tuple[Episode, Assessment, str | None]:
    """Ask until nothing useful is left, or an emergency sign is confirmed."""
    kb = knowledge()
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    text = _opening(console, answers) if opening else None
    number = 0
    ended_input = False
    while True:
        step = next_step(answers, skipped, kb=kb)
        if step.emergency_stop:
            _emergency_banner(console)
            break
        if step.question is None or ended_input:
            break
        question = step.question
        number += 1
        _show_question(console, question, number, step.remaining)
        for _ in range(MAX_TRIES):
            raw = _read_line(console, _hint(question))
            if raw is None:
                ended_input = True
                break
            understood, value = parse_answer(question, raw)
            if understood:
                try:
                    Episode.model_validate({**answers, question.field: value})
                except ValueError:
                    console.print("[red]That value is out of range; please try again.[/]")
                    continue
                if value is None:
                    skipped.append(question.field)
                else:
                    answers[question.field] = value
                break
            console.print("[red]Sorry, I did not understand that answer.[/]")
        else:
            skipped.append(question.field)
    if ended_input:
        console.print("[dim]No more answers; assessing with what is known.[/]")
    episode = Episode.model_validate(answers)
    return episode, assess(episode), text


def _emergency_banner(console: Console) -> None:
    console.print()
    console.rule("[bold white on red] EMERGENCY [/]", style="red")
    console.print(
        "[bold red]What you describe can be a sign of a serious problem that needs care now.[/]\n"
        "[bold]Call your emergency number (112 / 999 / 911) or go to an emergency department "
        "now.[/] Do not drive yourself, and do not try to crack or stretch your back or neck."
    )
    console.rule(style="red")

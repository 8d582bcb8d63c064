"""The interview in a terminal: asks, reads plain answers (typed or piped), and assesses."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from backpop.assessment import Assessment
from backpop.engine import assess
from backpop.episode import Episode
from backpop.interview import CHECKLIST_QUESTION, Step, next_step, parse_answer, settled
from backpop.knowledge import Question, knowledge
from backpop.wording import answer_text, fact_text, words

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


def _label(question: Question, value: Any) -> str:
    return answer_text(question.field, value)


def _progress(number: int, remaining: int) -> str:
    """The same words as the web page: "Question 3 of at most 12"."""
    return words("progress", number=number, total=number - 1 + remaining)


def _has_unsure_option(question: Question) -> bool:
    """An enum question whose answers already hold "not sure": no second "don't know" is offered."""
    return bool(question.options) and bool({"unknown", "unsure"} & set(question.options or {}))


def _show_question(console: Console, question: Question, number: int, remaining: int, suggested: Any) -> None:
    console.print()
    console.print(f"[dim]{_progress(number, remaining)}[/]")
    console.print(f"[bold]{question.text}[/]")
    if suggested is not None:
        console.print(
            f"[cyan]From your story: {_label(question, suggested)}.[/] Press Enter if that is right, "
            "or give another answer.",
            highlight=False,
        )
    if question.kind == "enum":
        for i, (value, label) in enumerate((question.options or {}).items(), start=1):
            mark = "  [cyan]← from your story[/]" if value == suggested else ""
            console.print(f"  {i}. {label}{mark}")


def _hint(question: Question, suggested: Any) -> str:
    if _has_unsure_option(question):
        return "[number or word, Enter = as shown] " if suggested is not None else "[number or word] "
    if suggested is not None:
        return {"bool": "[y/n, ? = don't know] ", "number": "[number, ? = don't know] "}.get(
            question.kind, "[number or word, ? = don't know] "
        )
    return {"bool": "[y/n, Enter = don't know] ", "number": "[number, Enter = don't know] "}.get(
        question.kind, "[number or word, Enter = don't know] "
    )


def _opening(console: Console) -> tuple[str | None, dict[str, Any]]:
    try:
        from backpop.narrative import understand
    except ImportError:
        return None, {}
    console.print("[bold]Tell me what happened[/] in your own words (or press Enter to skip).")
    text = _read_line(console, "> ")
    if not text:
        return None, {}
    understanding = understand(text)
    if not understanding.understood:
        console.print("[dim]I could not pick out any facts from that; let's go through the questions.[/]")
        return text, {}
    console.print("\n[bold]This is what I read in your story:[/]")
    by_field = {q.field: q for q in knowledge().questions}
    for fact in understanding.understood:
        unsure = (
            " [yellow](a guess from your story as a whole: please check)[/]"
            if fact.learned
            else " [yellow](not sure)[/]"
            if fact.uncertain
            else ""
        )
        question = by_field.get(fact.field)
        shown = fact_text(question.field, fact.value) if question else str(fact.value)
        console.print(f"  • {shown}{unsure}  [dim]from “{fact.span}”[/]", highlight=False)
    read = understanding.episode.known()
    if understanding.side is not None:
        console.print(
            f"  • {fact_text('side', understanding.side.value)}  "
            f"[dim]from “{understanding.side.span}” (kept for your clinician)[/]",
            highlight=False,
        )
        read["side"] = understanding.side.value
    console.print(
        "[dim]Nothing is decided yet: I will check with you each point that could change the "
        "advice, and ask about warning signs you did not mention.[/]"
    )
    return text, read


def _ask_checklist(console: Console, step: Step, number: int) -> tuple[dict[str, Any], list[str]] | None:
    """One screen of yes/no warning signs; returns (answers, skipped), or None at end of input."""
    console.print()
    console.print(f"[dim]{_progress(number, step.remaining)}[/]")
    console.print(f"[bold]{CHECKLIST_QUESTION}[/]")
    ticked = {f for f, v in step.suggested.items() if v is True}
    for i, q in enumerate(step.checklist, start=1):
        mark = "[x]" if q.field in ticked else "[ ]"
        console.print(f"  {i:>2}. {mark} {q.checklist_text}", highlight=False)
    if ticked:
        console.print("[cyan]The ticks come from your story.[/]")
    prompt = (
        "[numbers of those that apply, e.g. 1 4; 'none'; Enter = as shown; ? = not sure] "
        if ticked
        else "[numbers of those that apply, e.g. 1 4; Enter or 'none' = none of these; ? = not sure] "
    )
    for _ in range(MAX_TRIES):
        raw = _read_line(console, prompt)
        if raw is None:
            return None
        text = raw.strip().lower().replace(",", " ")
        if text in ("?", "dk", "not sure", "don't know", "dont know"):
            return {}, [q.field for q in step.checklist]
        if text == "":
            chosen = set(ticked)
        elif text in ("none", "no", "n", "0", "nothing"):
            chosen = set()
        else:
            try:
                numbers = {int(t) for t in text.split()}
            except ValueError:
                console.print("[red]Sorry, type the numbers of the ones that apply, or 'none'.[/]")
                continue
            if not all(1 <= n <= len(step.checklist) for n in numbers):
                console.print(f"[red]Please use numbers from 1 to {len(step.checklist)}.[/]")
                continue
            chosen = {step.checklist[n - 1].field for n in numbers}
        return {q.field: q.field in chosen for q in step.checklist}, []
    return {}, [q.field for q in step.checklist]


def run_interview(console: Console, *, opening: bool = True) -> tuple[Episode, Assessment, str | None]:
    """Ask until nothing useful is left, or an emergency sign is confirmed.

    Returns the episode, its assessment and the person's own words (`interview` also returns the
    details answered beside them, such as which side)."""
    episode, assessment, text, _ = interview(console, opening=opening)
    return episode, assessment, text


def interview(console: Console, *, opening: bool = True) -> tuple[Episode, Assessment, str | None, dict[str, Any]]:
    """`run_interview`, and the details the person answered beside the facts ({"side": "left"})."""
    kb = knowledge()
    answers: dict[str, Any] = {}
    details: dict[str, Any] = {}
    skipped: list[str] = []
    text, suggested = _opening(console) if opening else (None, {})
    number = 0
    ended_input = False
    while True:
        step = next_step(answers, skipped, suggested=suggested, details=details, kb=kb)
        if step.emergency_stop:
            _emergency_banner(console)
            break
        if step.done or ended_input:
            break
        number += 1
        if step.checklist:
            got = _ask_checklist(console, step, number)
            if got is None:
                ended_input = True
                continue
            answers.update(got[0])
            skipped.extend(got[1])
            continue
        question = step.question
        assert question is not None
        suggestion = step.suggested.get(question.field)
        _show_question(console, question, number, step.remaining, suggestion)
        if question.detail:
            console.print(f"[dim]{escape(words('detail_note'))}[/]")
        for _ in range(MAX_TRIES):
            raw = _read_line(console, _hint(question, suggestion))
            if raw is None:
                ended_input = True
                break
            if suggestion is not None and raw.strip() == "":
                understood, value = True, suggestion
            elif suggestion is not None and raw.strip() == "?":
                understood, value = True, None
            else:
                understood, value = parse_answer(question, raw)
            if understood:
                try:
                    if not question.detail:
                        Episode.model_validate({**answers, question.field: value})
                except ValueError:
                    console.print("[red]That value is out of range; please try again.[/]")
                    continue
                if value is None:
                    skipped.append(question.field)
                else:
                    (details if question.detail else answers)[question.field] = value
                break
            console.print("[red]Sorry, I did not understand that answer.[/]")
        else:
            skipped.append(question.field)
    if ended_input:
        console.print("[dim]No more answers; assessing with what is known.[/]")
    facts, unconfirmed = settled(answers, skipped, suggested)
    episode = Episode.model_validate(facts)
    return episode, assess(episode, unconfirmed=unconfirmed), text, details


def _emergency_banner(console: Console) -> None:
    console.print()
    console.rule(f"[bold white on red] {escape(words('emergency_banner'))} [/]", style="red")
    console.print(f"[bold red]{escape(words('emergency_stop'))}[/]")
    console.rule(style="red")

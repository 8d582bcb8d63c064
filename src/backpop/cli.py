"""The `backpop` command. It parses, calls assess(), and renders; it decides nothing itself."""

from __future__ import annotations

import functools
import inspect
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from backpop.episode import Episode, allowed_text, allowed_values, field_kind, number_limits, parse_episode
from backpop.errors import BackpopError, InputError

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="backpop",
    help=(
        "My back just popped: is that fine, or do I need a doctor?\n\n"
        "backpop explains what a back pop, click, grinding or clunk most likely is, how soon "
        "(if at all) to see someone, and why. It informs and triages; it never diagnoses.\n\n"
        "Start with:  backpop interview"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@functools.cache
def _console(stderr: bool = False) -> Console:
    """The terminal's output (stdout) or its messages (stderr); rich loads on first use, so that
    `backpop assess --json` never pays for it."""
    from rich.console import Console

    return Console(stderr=True, highlight=False) if stderr else Console(highlight=False, soft_wrap=False)


def _read_json(source: str) -> Any:
    if source == "-":
        text = sys.stdin.read()
        origin = "stdin"
    else:
        path = Path(source)
        origin = source
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{origin}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{origin}: is a directory, not a JSON file") from None
        except UnicodeDecodeError:
            raise InputError(f"{origin}: not a text file (expected JSON)") from None
        except OSError as exc:
            raise InputError(f"{origin}: cannot read ({exc.strerror})") from None
    try:
        return json.loads(text), origin
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _emit(assessment: Any, as_json: bool, extra: dict | None = None, details: dict | None = None) -> None:
    if as_json:
        from backpop.config import Settings
        from backpop.wording import emergency_number

        data = assessment.model_dump(mode="json")
        if extra:
            data.update(extra)
        if details:
            data["details"] = details
        # The number to call in an emergency where the person is (BACKPOP_COUNTRY), as the API gives it.
        data["emergency_number"] = emergency_number(Settings.from_env().country)
        _print_json(data)
    else:
        from backpop.config import Settings
        from backpop.terminal.render import render_assessment
        from backpop.wording import fact_text, words

        console = _console()
        render_assessment(assessment, console, country=Settings.from_env().country)
        for name, value in (details or {}).items():
            console.print(f"{fact_text(name, value)} [dim]({words('detail_note')})[/]", highlight=False)


# ----------------------------------------------------------------------------- assess
def _fact_options() -> list[inspect.Parameter]:
    """One --flag per Episode field, generated from the contract so they never drift apart."""
    params = []
    for name, info in Episode.model_fields.items():
        kind = field_kind(name)
        flag = "--" + name.replace("_", "-")
        if kind == "bool":
            option = typer.Option(
                None,
                f"{flag}/--no-{name.replace('_', '-')}",
                help=info.description,
                rich_help_panel="Episode facts (omitted = unknown)",
                show_default=False,
            )
            annotation: Any = Optional[bool]
        elif kind == "enum":
            values = "|".join(allowed_values(name) or [])
            option = typer.Option(
                None,
                flag,
                help=f"{info.description} [{values}]",
                rich_help_panel="Episode facts (omitted = unknown)",
                show_default=False,
                metavar="VALUE",
            )
            annotation = Optional[str]
        else:
            option = typer.Option(
                None,
                flag,
                help=f"{info.description} [{allowed_text(name)}]",
                rich_help_panel="Episode facts (omitted = unknown)",
                show_default=False,
            )
            annotation = Optional[int] if number_limits(name)[2] else Optional[float]
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=annotation))
    return params


def assess_command(
    source: str | None = typer.Argument(None, metavar="[FILE|-]", help="An Episode as JSON: a file, or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the Assessment as JSON and nothing else."),
    text: str | None = typer.Option(None, "--text", help="What happened, in your own words (- reads stdin)."),
    recording: Path | None = typer.Option(
        None, "--recording", help="A recording of the sound (WAV, FLAC, OGG) to add as evidence."
    ),
    save: bool = typer.Option(False, "--save", help="Keep the episode and assessment in your diary."),
    db: str | None = typer.Option(None, "--db", help="Diary database URL (default: local file)."),
    fhir: str | None = typer.Option(
        None,
        "--fhir",
        metavar="FILE|-",
        help="A FHIR QuestionnaireResponse to backpop's Questionnaire: print the result as a FHIR Bundle.",
    ),
    fhir_version: str = typer.Option("R5", "--fhir-version", help="With --fhir: R5 or R4B."),
    side: str | None = typer.Option(
        None,
        "--side",
        metavar="left|right|both|middle",
        help="Which side it is on: kept with the result (and in the diary with --save) for your "
        "clinician; it never changes the advice.",
    ),
    **facts: Any,
) -> None:
    """Assess an episode given as JSON, as flags, or in your own words.

    Examples:

      backpop assess --sound pop --pain none --activity twisting --repeat not_for_a_while

      echo '{"sound": "grinding", "pain": "mild", "age": 63}' | backpop assess -

      backpop assess --text "I felt a pop lifting a box and now my left leg tingles"

      backpop assess --sound pop --pain mild --side left --save

      backpop assess --fhir answers.json     (a FHIR QuestionnaireResponse; prints a Bundle)
    """
    from backpop.engine import assess
    from backpop.interview import check_details

    details = check_details({"side": side}, origin="--side")
    if fhir is not None:
        if source is not None or text is not None or side is not None or any(v is not None for v in facts.values()):
            raise InputError(
                "--fhir takes every answer from the QuestionnaireResponse: give no FILE, --text, --side or "
                "fact flags with it"
            )
        from backpop.fhir.cli import assess_fhir

        assess_fhir(fhir, fhir_version=fhir_version, recording=recording, save=save, db=db)
        return

    data: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    read_from_text: set[str] = set()
    if source is not None:
        loaded, origin = _read_json(source)
        data.update(parse_episode(loaded, origin=origin).known())
    if text is not None:
        from backpop.narrative import understand

        if text == "-":
            text = sys.stdin.read()
        understanding = understand(text)
        for key, value in understanding.episode.known().items():
            if key not in data:
                data[key] = value
                read_from_text.add(key)
        extra["understood"] = [u.model_dump(mode="json") for u in understanding.understood]
        extra["side"] = understanding.side.model_dump(mode="json") if understanding.side else None
    flags = {k: v for k, v in facts.items() if v is not None}
    data.update(flags)
    read_from_text -= set(flags)
    episode = parse_episode(data, origin="episode")
    if source is None and text is None and recording is None and not flags and not details:
        raise InputError(
            "nothing to assess: give a JSON file (or - for stdin), --text, --recording or fact "
            "flags such as --sound pop --pain none (see backpop assess --help)"
        )
    evidence = None
    if recording is not None:
        from backpop.acoustics import listen

        listened = listen(recording).to_json_dict()
        evidence = listened["summary"]["evidence"]
        extra["recording"] = listened
    # What was read from the person's words is not confirmed by them: the result is provisional.
    assessment = assess(episode, recording_evidence=evidence, unconfirmed=read_from_text)
    if save:
        # The diary keeps the facts that were assessed: the answers with what the recording added.
        _save(Episode.model_validate(assessment.episode), assessment, text=text, db=db, side=details.get("side"))
    _emit(assessment, as_json, extra, details)


def _save(episode: Episode, assessment: Any, *, text: str | None, db: str | None, side: str | None = None) -> None:
    from backpop.diary import Diary

    with Diary(db) as diary:
        entry = diary.save_assessment(episode, assessment, text=text, side=side)
    _console(stderr=True).print(f"[dim]Saved to your diary as episode {entry}.[/]")


assess_command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [p for p in inspect.signature(assess_command).parameters.values() if p.name != "facts"] + _fact_options()
)
app.command("assess")(assess_command)


# ----------------------------------------------------------------------------- schema
@app.command("schema")
def schema_command(
    which: str = typer.Argument(
        ..., metavar="episode|assessment|diary-list|diary-entry|diary-trend", help="Which contract to print."
    ),
) -> None:
    """Print the JSON Schema of the Episode (input), the Assessment (output), or of what
    `backpop diary list|show|trend --json` prints."""
    from backpop.assessment import Assessment
    from backpop.diary.views import SCHEMAS

    models = {"episode": Episode, "assessment": Assessment, **SCHEMAS}
    if which not in models:
        raise InputError(f"unknown schema '{which}' (choose {', '.join(models)})")
    _print_json(models[which].model_json_schema())


# ----------------------------------------------------------------------------- interview
@app.command("interview")
def interview_command(
    as_json: bool = typer.Option(False, "--json", help="Print the final Assessment as JSON."),
    opening: bool = typer.Option(
        True, "--opening/--no-opening", help="Start by asking what happened, in your own words."
    ),
    save: bool = typer.Option(False, "--save", help="Keep the result in your diary."),
    db: str | None = typer.Option(None, "--db", help="Diary database URL (default: local file)."),
) -> None:
    """Answer a few questions, most important first, and get an assessment.

    Warning-sign questions come first; questions that could not change the advice are
    skipped; if an emergency sign is confirmed the interview stops at once and says what to
    do. Type the number or the word of an answer, y/n for yes/no, or Enter for "don't know".
    Works with piped answers too:  printf 'n\\nn\\n...' | backpop interview
    Set BACKPOP_COUNTRY (GB, US, DE, ...) to be shown your own emergency number (112 by default).
    """
    from backpop.terminal.interview import interview

    episode, assessment, text, details = interview(_console(stderr=True), opening=opening)
    if save:
        _save(episode, assessment, text=text, db=db, side=details.get("side"))
    _emit(assessment, as_json, details=details)


def _add_listen() -> None:
    from backpop.acoustics.cli import listen_command, synth_command

    app.command("listen")(listen_command)
    app.command("synth")(synth_command)


def _add_diary() -> None:
    from backpop.diary.cli import diary_app

    app.add_typer(diary_app, name="diary")


def _add_fhir() -> None:
    from backpop.fhir.cli import fhir_app

    app.add_typer(fhir_app, name="fhir")


def _add_serve() -> None:
    from backpop.web.cli import serve_command

    app.command("serve")(serve_command)


# Commands whose modules import heavy libraries are added only when asked for (or for
# --help), so that `backpop assess` starts fast.
_OPTIONAL = {"listen": _add_listen, "synth": _add_listen, "diary": _add_diary, "serve": _add_serve, "fhir": _add_fhir}
_added: set = set()


def register_commands(argv: list[str] | None) -> None:
    words = [a for a in (argv if argv is not None else sys.argv[1:]) if not a.startswith("-")]
    command = words[0] if words else None
    wanted = [_OPTIONAL[command]] if command in _OPTIONAL else []
    if command is None or command == "help":
        wanted = list(dict.fromkeys(_OPTIONAL.values()))
    for add in wanted:
        if add in _added:
            continue
        try:
            add()
        except ImportError:
            continue
        _added.add(add)


def _one_line_error(message: str) -> None:
    sys.stderr.write("backpop: error: " + " ".join(str(message).split()) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Entry point: user errors become one line on stderr and exit status 2."""
    register_commands(argv)
    try:
        result = app(args=argv, standalone_mode=False, prog_name="backpop")
    except BackpopError as exc:
        _one_line_error(str(exc))
        return 2
    except (KeyboardInterrupt, EOFError):
        sys.stderr.write("backpop: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the command-line parser's own exceptions (click or typer's copy)
        name = type(exc).__name__
        if name == "NoArgsIsHelpError":
            return 0
        if name == "Exit":
            return int(getattr(exc, "exit_code", 0) or 0)
        if name == "Abort":
            sys.stderr.write("backpop: interrupted\n")
            return 130
        if hasattr(exc, "format_message") and getattr(exc, "exit_code", None) == 2:
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "backpop"
            _one_line_error(f"{exc.format_message()} (see: {where} --help)")
            return 2
        raise
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())

"""`backpop fhir ...` and the --fhir options of assess, listen and diary export: thin wrappers that read
files, call backpop.fhir, and print FHIR JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from backpop.errors import InputError

fhir_app = typer.Typer(
    help="backpop as HL7 FHIR: the interview as an SDC adaptive Questionnaire, the result as a RiskAssessment. "
    "R5 by default; --fhir-version R4B on request.",
    no_args_is_help=True,
)

VERSION_OPTION = typer.Option("R5", "--fhir-version", help="The FHIR release to write: R5 or R4B (4.3).")


def _print(resource: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(resource, indent=2, ensure_ascii=False) + "\n")


def read_json(source: str) -> Any:
    """A JSON file (or - for stdin), or one clear InputError."""
    if source == "-":
        text, origin = sys.stdin.read(), "stdin"
    else:
        origin = source
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{origin}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{origin}: is a directory, not a JSON file") from None
        except UnicodeDecodeError:
            raise InputError(f"{origin}: not a text file (expected FHIR JSON)") from None
        except OSError as exc:
            raise InputError(f"{origin}: cannot read ({exc.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


@fhir_app.command("questionnaire")
def questionnaire_command(fhir_version: str = VERSION_OPTION) -> None:
    """Print the interview as an SDC adaptive Questionnaire (the same as GET /fhir/Questionnaire/backpop)."""
    from backpop.fhir.questionnaire import questionnaire
    from backpop.fhir.versions import parse_version

    _print(questionnaire(version=parse_version(fhir_version)))


@fhir_app.command("codesystem")
def codesystem_command(fhir_version: str = VERSION_OPTION) -> None:
    """Print backpop's own CodeSystem (the same as GET /fhir/CodeSystem/backpop)."""
    from backpop.fhir.codes import code_system
    from backpop.fhir.versions import parse_version, validate

    _print(validate(code_system(), parse_version(fhir_version)))


@fhir_app.command("next-question")
def next_question_command(
    source: str = typer.Argument(..., metavar="FILE|-", help="A QuestionnaireResponse (JSON file, or - for stdin)."),
    fhir_version: str = VERSION_OPTION,
) -> None:
    """Print the response with the next question added, or completed with the result
    (the same as POST /fhir/Questionnaire/$next-question)."""
    from backpop.fhir.operations import next_question
    from backpop.fhir.versions import parse_version

    _print(next_question(read_json(source), version=parse_version(fhir_version)))


def assess_fhir(source: str, *, fhir_version: str, recording: Path | None, save: bool, db: str | None) -> None:
    """`backpop assess --fhir FILE`: a QuestionnaireResponse in, the result Bundle printed."""
    from backpop.episode import Episode
    from backpop.fhir.operations import assess_with_result
    from backpop.fhir.versions import parse_version

    version = parse_version(fhir_version)
    data = read_json(source)
    listened = None
    if recording is not None:
        from backpop.acoustics import listen

        listened = listen(recording).to_json_dict()
    from backpop.config import Settings

    country = Settings.from_env().country
    result, assessment, details = assess_with_result(data, version=version, recording=listened, country=country)
    if save:
        from backpop.diary import Diary

        with Diary(db) as diary:
            entry = diary.save_assessment(
                Episode.model_validate(assessment.episode), assessment, side=details.get("side")
            )
        typer.echo(f"Saved to your diary as episode {entry}.", err=True)
    _print(result)


def listen_bundle(result: Any, *, fhir_version: str) -> dict[str, Any]:
    """`backpop listen FILE --fhir`: the recording's events as a Bundle of Observations."""
    from backpop.fhir.operations import Refs, bundle
    from backpop.fhir.recording import recording_resources
    from backpop.fhir.versions import parse_version

    version = parse_version(fhir_version)
    refs = Refs()
    return bundle(recording_resources(result, ref=refs), refs, version=version)

"""The parts of backpop that may be absent from an installation, imported on first use.

Each accessor returns the function, or raises a WebError (503) saying which part
is missing, so a page or API call that needs it explains itself instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backpop.episode import Episode
from backpop.web.problems import WebError


def _missing(part: str, code: str, exc: ImportError) -> WebError:
    return WebError(503, code, f"{part} is not available in this installation of backpop ({exc.name})")


def understand() -> Callable[[str], Any]:
    """backpop.narrative.understand: free text to an Episode and the facts understood."""
    try:
        from backpop.narrative import understand as found
    except ImportError as exc:
        raise _missing("Understanding free text", "narrative_unavailable", exc) from None
    return found


def listen() -> Callable[..., Any]:
    try:
        from backpop.acoustics import listen as found
    except ImportError as exc:
        raise _missing("Listening to recordings", "acoustics_unavailable", exc) from None
    return found


def acoustics_available() -> bool:
    try:
        listen()
    except WebError:
        return False
    return True


def narrative_available() -> bool:
    try:
        understand()
    except WebError:
        return False
    return True


def merge_recording_evidence(episode: Episode, evidence: dict[str, Any]) -> tuple[Episode, list[str]]:
    """Add a recording's evidence (sound, repeat) to the facts, the acoustics package's way.

    When backpop.acoustics.evidence.merge_evidence is absent, the recording only fills
    facts the person left unknown; what they said always stands.
    """
    if not evidence:
        return episode, []
    try:
        from backpop.acoustics.evidence import merge_evidence
    except ImportError:
        known = episode.known()
        fill = {k: v for k, v in evidence.items() if k not in known}
        return (episode.merged(**fill) if fill else episode), []
    merged, notes = merge_evidence(episode, evidence)
    return merged, list(notes)


def diary_class() -> Any:
    try:
        from backpop.diary import Diary
    except ImportError as exc:
        raise _missing("The diary", "diary_unavailable", exc) from None
    return Diary

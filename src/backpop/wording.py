"""Facts, levels, times and numbers in the words a person reads, the same on every face.

Every label comes from the knowledge base (``questions.yaml`` names each fact and each answer,
``advice.yaml`` names each level and the words around a result); nothing here is clinical.
The terminal, the web pages, the API's pages and the clinician report all call these, so a
fact reads "Pain: Mild (1-3 out of 10)" everywhere and never ``pain = mild``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from backpop.assessment import Disposition
from backpop.knowledge import knowledge

#: Diary entry kinds in words.
ENTRY_KINDS = {
    "episode": "Episode",
    "recording": "Recording",
    "self_adjusting": "Self-cracking",
    "note": "Note",
}


def words(key: str, **values: Any) -> str:
    """A piece of wording from advice.yaml (``wording:``), filled in."""
    return knowledge().wording[key].format(**values)


def fact_name(name: str) -> str:
    """A fact's plain name ("Pain", "What you were doing"); never its field name."""
    question = knowledge().question(name)
    if question is not None and question.name:
        return question.name
    return name.replace("_", " ").capitalize()


def answer_text(name: str, value: Any) -> str:
    """An answer in the interview's own wording ("Lifting something heavy", "Yes", "45")."""
    if value is None:
        return words("unknown_answer")
    if isinstance(value, bool):
        return words("answer_yes") if value else words("answer_no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    question = knowledge().question(name)
    if question is not None and question.options and value in question.options:
        return question.options[value]
    return str(value).replace("_", " ")


def fact_text(name: str, value: Any) -> str:
    """A fact in plain words: "Pain: Mild (1-3 out of 10)"."""
    return f"{fact_name(name)}: {answer_text(name, value)}"


def facts_text(facts: Mapping[str, Any] | None, sep: str = "; ") -> str:
    return sep.join(fact_text(k, v) for k, v in (facts or {}).items())


def counts_text(name: str, counts: Mapping[str, int], sep: str = ", ") -> str:
    """Counts by answer ("One clean pop or crack: 2, A click or snap: 1") for a trend row."""
    return sep.join(f"{answer_text(name, k) if k != 'unknown' else 'Not said'}: {n}" for k, n in counts.items())


def side_of(text: str | None) -> str | None:
    """Which side the person's own words put the trouble on ("Left", "Both sides"), or None."""
    if not text:
        return None
    try:
        from backpop.narrative import understand
    except ImportError:
        return None
    side = understand(text).side
    return answer_text("side", side.value) if side is not None else None


def entry_side(entry: Mapping[str, Any]) -> str | None:
    """Which side for one diary episode, as a line: "Which side: Left" when the person answered,
    else what their words say ("Which side: Right (from your own words)"), else None."""
    if entry.get("side"):
        return fact_text("side", entry["side"])
    read = side_of(entry.get("text"))
    return f"{fact_name('side')}: {words('side_read', side=read)}" if read else None


def level_label(disposition: Disposition | str | None) -> str:
    """The badge for a level ("Urgent: today"); empty for none."""
    if disposition is None or disposition == "":
        return ""
    return knowledge().dispositions[Disposition(disposition)]["label"]


def level_action(disposition: Disposition | str) -> str:
    """What to do and by when, for a level ("See a doctor today, within 24 hours")."""
    return knowledge().dispositions[Disposition(disposition)]["time_frame"]


def kind_text(kind: str) -> str:
    return ENTRY_KINDS.get(kind, kind.replace("_", " ").capitalize())


def when_text(value: datetime | date | str | None, *, local: bool = False) -> str:
    """A date and time as a person writes it: "Tue 1 Dec 2026, 14:05 UTC" (never ISO)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if local:
            shown = aware.astimezone()
            return f"{shown:%a} {shown.day} {shown:%b %Y, %H:%M}"
        shown = aware.astimezone(UTC)
        return f"{shown:%a} {shown.day} {shown:%b %Y, %H:%M} UTC"
    return f"{value:%a} {value.day} {value:%b %Y}"


def day_text(value: date | datetime | None) -> str:
    """A day: "1 Dec 2026"."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def emergency_number(country: str | None = None) -> str:
    """The emergency number for a country code (a face passes its settings' country); 112 when unknown."""
    numbers = knowledge().emergency_numbers
    if not isinstance(country, str):
        country = None
    code = (country or "").strip().upper()
    return numbers.get(code, numbers["default"])


def known_numbers() -> str:
    """The three numbers most people need abroad, for the small print."""
    return words("known_numbers")


def rule_outs(reasoning: Iterable[Any]) -> list[tuple[str, str, str, str]]:
    """For the clinician: (condition to rule out, level label, rule id, source) per fired rule
    that names one, highest level first; from the assessment's own reasoning."""
    rows = []
    for reason in reasoning:
        get = reason.get if isinstance(reason, dict) else lambda key, r=reason: getattr(r, key)
        if get("rule_out"):
            level = Disposition(get("disposition"))
            rows.append((level.level, get("rule_out"), level_label(level), get("rule_id"), get("source")))
    rows.sort(key=lambda row: -row[0])
    return [row[1:] for row in rows]

"""The interview over HTTP: its state between requests, and what each step shows.

The server keeps nothing between questions. A page carries the answers so far in
one hidden form field (JSON, sent back in the POST body, never in a URL); an API
client sends them with each call. Every value is validated again on each request
as an Episode, so a tampered field is an input error, not a new code path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from backpop.assessment import Assessment
from backpop.engine import assess, merge_recording_evidence
from backpop.episode import Episode, field_names, parse_episode
from backpop.errors import InputError
from backpop.interview import CHECKLIST_QUESTION, Step, check_details, next_step, settled, split_details
from backpop.knowledge import Question, knowledge
from backpop.untrusted import check_values
from backpop.web.problems import WebError

#: What a person may write in their own words (a long story is still well under this).
MAX_TEXT = 5000


@lru_cache(maxsize=1)
def questions_by_field() -> dict[str, Question]:
    """Every question a page may answer: one per Episode field, and one per detail ("side")."""
    return {q.field: q for q in knowledge().questions + knowledge().details}


@dataclass
class InterviewState:
    """Everything the interview knows so far."""

    answers: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    #: Fields in the order they were answered or skipped, for the back button; the fields of
    #: one checklist are one entry, joined with "+", so that back undoes the whole screen.
    history: list[str] = field(default_factory=list)
    text: str | None = None
    #: What a recording said (sound, repeat), kept apart from what the person said.
    evidence: dict[str, str] = field(default_factory=dict)
    #: What was read from the person's words and not yet confirmed by them (facts and details).
    suggested: dict[str, Any] = field(default_factory=dict)
    #: Details answered ("side"), kept beside the answers: never Episode facts.
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        data: dict[str, Any] = {"answers": self.answers, "skipped": self.skipped, "history": self.history}
        if self.details:
            data["details"] = self.details
        if self.text:
            data["text"] = self.text
        if self.suggested:
            data["suggested"] = self.suggested
        if self.evidence:
            data["evidence"] = self.evidence
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> InterviewState:
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            raise WebError(400, "invalid_state", "state: the interview state is not valid JSON") from None
        if not isinstance(data, dict):
            raise WebError(400, "invalid_state", "state: expected a JSON object")
        try:
            check_values(data, "state")
        except InputError as exc:
            raise WebError(422, "invalid_input", str(exc)) from None
        try:
            answers = parse_episode(data.get("answers", {}), origin="state.answers").known()
            evidence = parse_episode(data.get("evidence", {}), origin="state.evidence").known()
            raw = data.get("suggested", {})
            read, read_details = split_details(raw) if isinstance(raw, dict) else (raw, {})
            suggested = parse_episode(read, origin="state.suggested").known()
            suggested.update(check_details(read_details, origin="state.suggested"))
            details = check_details(data.get("details", {}), origin="state.details")
        except InputError as exc:
            raise WebError(422, "invalid_input", str(exc)) from None
        names = set(field_names()) | set(knowledge().detail_names)
        skipped = data.get("skipped", [])
        history = data.get("history", [])
        text = data.get("text")
        if not (isinstance(skipped, list) and all(isinstance(s, str) and s in names for s in skipped)):
            raise WebError(422, "invalid_input", "state.skipped: expected a list of episode field names")
        if not (isinstance(history, list) and all(isinstance(s, str) for s in history)):
            raise WebError(422, "invalid_input", "state.history: expected a list of field names")
        if text is not None and not (isinstance(text, str) and len(text) <= MAX_TEXT):
            raise WebError(422, "invalid_input", f"state.text: expected text of at most {MAX_TEXT} characters")
        done = set(answers) | set(skipped) | set(details)
        history = [h for h in dict.fromkeys(history) if h and all(part in done for part in h.split("+"))]
        listed = {part for h in history for part in h.split("+")}
        history += [f for f in list(answers) + list(details) + skipped if f not in listed]
        skipped = [s for s in dict.fromkeys(skipped) if s not in answers and s not in details]
        return cls(
            answers=answers,
            skipped=skipped,
            history=history,
            text=text or None,
            evidence={k: str(v) for k, v in evidence.items()},
            suggested=suggested,
            details=details,
        )

    def record(self, name: str, value: Any) -> None:
        """Keep an answer (None = "don't know") to the question about `name` (a fact or a detail)."""
        self.forget(name)
        if value is None:
            self.skipped.append(name)
        elif name in knowledge().detail_names:
            self.details[name] = value
        else:
            self.answers[name] = value
        self.history.append(name)

    def record_checklist(self, values: dict[str, Any]) -> None:
        """Keep the answers to one checklist screen (None = "not sure"), undone together by back()."""
        for name in values:
            self.forget(name)
        for name, value in values.items():
            if value is None:
                self.skipped.append(name)
            else:
                self.answers[name] = value
        self.history.append("+".join(values))

    def forget(self, name: str) -> None:
        self.answers.pop(name, None)
        self.details.pop(name, None)
        self.skipped = [s for s in self.skipped if s != name]
        self.history = [h for h in self.history if name not in h.split("+")]

    def back(self) -> None:
        """Undo the last screen of answers, so it is asked again."""
        if self.history:
            for name in self.history[-1].split("+"):
                self.forget(name)

    def unconfirmed(self) -> dict[str, Any]:
        """What was read from the person's words and is neither answered nor skipped."""
        facts, names = settled(self.answers, self.skipped, self.suggested)
        return {name: facts[name] for name in names}

    def said(self) -> Episode:
        """What the person said: their answers, and what was read from their words and not asked
        back. A recording's evidence is kept apart and merged by assess()."""
        return Episode.model_validate(settled(self.answers, self.skipped, self.suggested)[0])

    def step(self) -> Step:
        answers, _ = merge_recording_evidence(Episode.model_validate(self.answers), self.evidence or None)
        _, read_details = split_details(self.suggested)
        return next_step(
            answers.known(), self.skipped, suggested={**self.unconfirmed(), **read_details}, details=self.details
        )

    def assessment(self) -> Assessment:
        """The result for what is known now (provisional while a read fact that matters is unconfirmed)."""
        return assess(self.said(), recording_evidence=self.evidence or None, unconfirmed=list(self.unconfirmed()))


def question_json(question: Question, step: Step) -> dict[str, Any]:
    """A question as the API shows it: options in order as value/label pairs."""
    return {
        "field": question.field,
        "detail": question.detail,
        "text": question.text,
        "kind": question.kind,
        "options": None
        if question.options is None
        else [{"value": v, "label": label} for v, label in question.options.items()],
        "suggested": step.suggested.get(question.field),
        "progress": progress(step),
    }


#: The checklist's question, and how to answer it on a page or in an app.
CHECKLIST_TEXT = f"{CHECKLIST_QUESTION} Tick every one that applies."


def checklist_json(step: Step) -> dict[str, Any]:
    """A checklist of yes/no warning signs as the API shows it."""
    return {
        "text": CHECKLIST_TEXT,
        "items": [
            {"field": q.field, "text": q.checklist_text, "suggested": step.suggested.get(q.field)}
            for q in step.checklist
        ],
        "progress": progress(step),
    }


def progress(step: Step) -> dict[str, int]:
    """Asked so far and at most how many are left (skipping can make it fewer)."""
    return {"asked": step.asked, "remaining": step.remaining, "total": step.asked + step.remaining}

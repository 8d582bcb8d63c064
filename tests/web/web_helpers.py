"""Small helpers the web tests share: reading forms out of pages, making test recordings."""

from __future__ import annotations

import html
import io
import json
import math
import random
import re
import struct
import wave
from typing import Any

from backpop.episode import red_flag_fields
from backpop.knowledge import knowledge

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
STATE = re.compile(r'name="state" value="([^"]*)"')
FIELD = re.compile(r'name="field" value="([^"]+)"')
CHECKLIST = re.compile(r'name="checklist" value="([^"]+)"')


def csrf(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def state(page: str) -> str:
    match = STATE.search(page)
    assert match, "no interview state on the page"
    return html.unescape(match.group(1))


def asked_field(page: str) -> str | None:
    match = FIELD.search(page)
    return match.group(1) if match else None


def checklist_fields(page: str) -> list[str]:
    """The warning signs of an "any of these?" checklist page (empty on any other page)."""
    match = CHECKLIST.search(page)
    return match.group(1).split(",") if match else []


def state_json(page: str) -> dict[str, Any]:
    return json.loads(state(page))


def wav_bytes(seconds: float = 2.0, rate: int = 44_100, clicks_at: tuple[float, ...] = (0.5,)) -> bytes:
    """A quiet 16-bit mono WAV with a few sharp decaying bursts in it."""
    rng = random.Random(7)
    n = int(seconds * rate)
    samples = [rng.gauss(0.0, 0.001) for _ in range(n)]
    for at in clicks_at:
        start = int(at * rate)
        for i in range(int(0.006 * rate)):
            if start + i < n:
                samples[start + i] += 0.8 * math.exp(-i / (0.0015 * rate)) * rng.uniform(-1, 1)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", max(-32767, min(32767, int(s * 32767)))) for s in samples))
    return buffer.getvalue()


#: A person who has answered "no" to each warning sign an urgent or emergency rule reads (both
#: sides is asked only once a nerve symptom is known).
NO_WARNING_SIGNS = {
    f: False for f in red_flag_fields() if f in knowledge().urgent_rule_fields and f != "bilateral_symptoms"
}


BENIGN_ANSWERS = {
    # Answers that a person with a harmless single pop would give, by field.
    "saddle_numbness": "no",
    "bladder_bowel_change": "no",
    "progressive_weakness": "no",
    "neurovascular_signs": "no",
    "sudden_severe_headache": "no",
    "activity": "twisting",
    "pain": "none",
    "radiating_pain": "no",
    "numbness_tingling": "no",
    "limb_weakness": "no",
    "fever": "no",
    "cancer_history": "no",
    "osteoporosis": "no",
    "long_term_steroids": "no",
    "age": "34",
    "sound": "pop",
    "region": "lower_back",
    "side": "left",  # which side: a detail kept for the clinician, asked right after where
    "repeat": "not_for_a_while",
    "giving_way": "no",
    "self_adjusting": "never",
    "frequency": "occasionally",
    "weeks": "1",
    "pain_began_with_pop": "no",
    "bilateral_symptoms": "no",
    "pain_with_sound": "never",
    "unexplained_weight_loss": "no",
    "night_pain": "no",
    "immunosuppressed": "no",
    "iv_drug_use": "no",
}


PASSWORD = "correct horse battery"


def sign_up(client, name: str, password: str = PASSWORD):
    page = client.get("/signup").text
    return client.post(
        "/signup", data={"csrf_token": csrf(page), "username": name, "password": password, "password_again": password}
    )


def sign_in(client, name: str, password: str = PASSWORD):
    page = client.get("/signin").text
    return client.post("/signin", data={"csrf_token": csrf(page), "username": name, "password": password})


def token_for(client, name: str, password: str = PASSWORD) -> str:
    response = client.post("/v1/tokens", json={"username": name, "password": password})
    assert response.status_code == 201, response.text
    return response.json()["token"]

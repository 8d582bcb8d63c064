"""A second reader, learned from the labelled story sets: warning signs and injuries told in words
the phrase lexicon has never seen.

The lexicon reads what it knows precisely (negation, whose symptom, when), but every new set of
stories brings a few ways of telling a warning sign that no list holds. This reader looks at the
story as a whole: a logistic regression over its words and word pairs (after spelling correction)
gives each warning sign, and each injury mechanism, a probability. It was trained on the
project's independently written story sets by `scripts/train_reader_model.py` (`make
reader-model`); the weights are data, in `reader_model.json` beside this file.

It only ever adds, and only where the lexicon is silent: a warning sign the lexicon read neither
as present, nor as denied, nor as someone else's or past, or a mechanism of higher risk than the
one the lexicon read. What it adds is marked uncertain and `learned`, so that it is shown as a
guess and asked back, never taken as the person's answer.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from backpop.narrative.model import Candidate

MODEL_PATH = Path(__file__).with_name("reader_model.json")

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
#: A target that names a mechanism: `activity:<value>`; the others are yes/no Episode fields.
ACTIVITY = "activity:"


#: Words of where and which side: the lexicon reads them; a model that learned them would take
#: "down the outside of my left calf" for numbness, as numb feet are so often told by side.
WHERE = frozenset({"left", "right", "outside", "inside", "front", "middle", "side", "sides"})


def features(text: str) -> set[str]:
    """The words and word pairs of `text` (already spelling-corrected), lower-cased, without the
    words of where (a pair then joins the words on either side of one)."""
    words = [w for w in _WORD.findall(text.lower()) if w not in WHERE]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    """The trained weights; an absent or damaged file is an empty model (the lexicon alone)."""
    try:
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
        data["targets"].items()
        float(data["threshold"])
        return data
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {"threshold": 1.0, "targets": {}}


def probabilities(feats: set[str]) -> dict[str, tuple[float, str | None]]:
    """Each target's probability, with the feature that pushed it up most (None when none did)."""
    out = {}
    for target, weights in model()["targets"].items():
        w = weights["weights"]
        z = weights["bias"]
        best, best_w = None, 0.0
        for f in feats:
            x = w.get(f)
            if x is None:
                continue
            z += x
            if x > best_w:
                best, best_w = f, x
        out[target] = (1 / (1 + math.exp(-max(-60.0, min(60.0, z)))), best)
    return out


def _span(text: str, feature: str | None) -> tuple[int, int]:
    """Where `feature` first occurs in `text` (the whole text when it cannot be placed)."""
    if feature:
        pattern = r"\W+".join(re.escape(w) for w in feature.split())
        found = re.search(rf"(?<![a-z']){pattern}(?![a-z'])", text, re.IGNORECASE)
        if found:
            return found.span()
    return 0, len(text)


def suggest(
    text: str, chosen: dict[str, Candidate], aside: set[tuple[str, Any]], activity_rank: dict[str, int]
) -> list[Candidate]:
    """Uncertain candidates for what the lexicon left silent and the model is confident of.

    `text` is the spelling-corrected story, `chosen` what the lexicon decided for it, `aside` the
    (fact, value) of the mentions it set aside as someone else's, past, feared or wondered about:
    those stay set aside ("my sister gets pins and needles").
    """
    set_aside = {name for name, _ in aside}
    threshold = float(model()["threshold"])
    out: list[Candidate] = []
    best_activity: tuple[int, Candidate] | None = None
    for target, (p, feature) in sorted(probabilities(features(text)).items()):
        if p < threshold:
            continue
        start, end = _span(text, feature)
        if target.startswith(ACTIVITY):
            value = target[len(ACTIVITY) :]
            read = chosen.get("activity")
            rank = activity_rank.get(value, 0)
            if read is not None and activity_rank.get(read.value, 0) >= rank:
                continue
            if any(name == "activity" and activity_rank.get(v, 0) >= rank for name, v in aside):
                continue  # ("my husband fell off the roof": his, as the lexicon read)
            if best_activity is None or rank > best_activity[0]:
                best_activity = (rank, Candidate("activity", value, start, end, uncertain=True, learned=True))
        elif target not in chosen and target not in set_aside:
            out.append(Candidate(target, True, start, end, uncertain=True, learned=True))
    if best_activity is not None:
        out.append(best_activity[1])
    return out

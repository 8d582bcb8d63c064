"""Reads what a person writes about their back and records the Episode facts it states.

The reader is rule based, in the manner of NegEx and ConText (Chapman et al. 2001, J Biomed
Inform 34:301; Harkema et al. 2009, J Biomed Inform 42:839): it finds the phrases for each fact
(`lexicon.py`), then decides from the words around each phrase whether it is denied ("no
numbness"), hedged ("maybe a bit of tingling"), about someone else ("my mother had cancer"), or
in the past ("I used to crack my back"). A cue reaches forward to the end of its clause; words
such as "but", "and now" or a new subject end it.

Safety comes first. A red flag that is mentioned but hedged, past or resolved is recorded as
present and marked uncertain, never dropped; a red flag that is plainly denied is recorded as
False, which is an answer. Facts that are not red flags are left unknown when in doubt.

The reader is in layers, each using only those before it: `model` (the results and field sets),
`document`, `mentions`, `numbers`, `routing`, `linking`, and `deciding`, which holds `understand`.
"""

from backpop.narrative.deciding import understand
from backpop.narrative.model import (
    FLAG_FIELDS,
    HISTORY_FIELDS,
    MAX_CHARS,
    RED_FLAG_FIELDS,
    Understanding,
    UnderstoodFact,
)

__all__ = [
    "FLAG_FIELDS",
    "HISTORY_FIELDS",
    "MAX_CHARS",
    "RED_FLAG_FIELDS",
    "Understanding",
    "UnderstoodFact",
    "understand",
]

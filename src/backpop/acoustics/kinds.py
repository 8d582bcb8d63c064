"""The kinds of sound event a recording is split into, defined once (the classifier's classes, in order)."""

from typing import Literal, get_args

#: An event's kind, as the analysis reports it.
EventKind = Literal["pop", "click", "crepitus", "clunk", "other"]
#: Every event kind, in the order of the classifier's outputs.
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)
#: The kinds a joint makes (all but "other").
JOINT_KINDS = tuple(kind for kind in EVENT_KINDS if kind != "other")

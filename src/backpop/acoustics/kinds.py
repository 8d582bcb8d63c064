"""The kinds of sound event a recording is split into, defined once (the classifier's classes, in order)."""

#: Every event kind, in the order of the classifier's outputs.
EVENT_KINDS = ("pop", "click", "crepitus", "clunk", "other")
#: The kinds a joint makes (all but "other").
JOINT_KINDS = tuple(kind for kind in EVENT_KINDS if kind != "other")

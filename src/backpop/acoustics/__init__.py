"""Acoustics: turn a recording of a back sound into events and evidence.

``listen(path)`` finds each sound event in a WAV, FLAC, OGG, M4A, MP3 or WebM file, names it (pop,
click, crepitus, clunk or other) and turns the pattern into the ``sound`` and
``repeat`` facts of an :class:`~backpop.episode.Episode`. See ``ACOUSTICS.md``.

Names are imported on first use, so importing ``backpop.acoustics.cli`` (and with it
this package) does not load numpy or scipy.
"""

import typing

__all__ = ["Event", "EventFeatures", "ListenResult", "Summary", "listen"]

if typing.TYPE_CHECKING:
    from backpop.acoustics.analysis import Event, EventFeatures, ListenResult, Summary, listen


def __getattr__(name: str) -> typing.Any:
    if name in __all__:
        from backpop.acoustics import analysis as _analysis

        return getattr(_analysis, name)
    raise AttributeError(f"module 'backpop.acoustics' has no attribute {name!r}")

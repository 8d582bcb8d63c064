"""backpop: my back just popped; is that fine, or do I need a doctor?

>>> from backpop import assess, Episode
>>> assess(Episode(sound="pop", pain="none")).disposition.value
'self_care'
"""

from backpop.assessment import Assessment, Disposition
from backpop.engine import assess
from backpop.episode import Episode
from backpop.errors import AudioError, BackpopError, InputError, KnowledgeError


def __getattr__(name: str):
    """Heavier parts load on first use, so `import backpop` stays fast."""
    if name == "understand":
        from backpop.narrative import understand

        return understand
    if name == "listen":
        from backpop.acoustics import listen

        return listen
    raise AttributeError(f"module 'backpop' has no attribute {name!r}")


__all__ = [
    "Assessment",
    "AudioError",
    "BackpopError",
    "Disposition",
    "Episode",
    "InputError",
    "KnowledgeError",
    "assess",
    "listen",
    "understand",
]
__version__ = "0.1.0"

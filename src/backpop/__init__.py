"""backpop: my back just popped; is that fine, or do I need a doctor?

    >>> from backpop import assess, Episode
    >>> assess(Episode(sound="pop", pain="none")).disposition.value
    'self_care'
"""

from backpop.assessment import Assessment, Disposition
from backpop.engine import assess
from backpop.episode import Episode
from backpop.errors import AudioError, BackpopError, InputError, KnowledgeError

__all__ = [
    "Assessment",
    "AudioError",
    "BackpopError",
    "Disposition",
    "Episode",
    "InputError",
    "KnowledgeError",
    "assess",
]
__version__ = "0.1.0"

"""Errors a user can cause. The command line turns each into one line and exit status 2."""


class BackpopError(Exception):
    """Base of every error a caller can catch from backpop."""


class InputError(BackpopError, ValueError):
    """Input that cannot be used: malformed JSON, an unknown field, an unreadable file. Also a
    ValueError, so code that catches bad values in general catches it too."""


class KnowledgeError(BackpopError):
    """The knowledge files are inconsistent (raised once, at load time, with file and line)."""


class AudioError(InputError):
    """A recording that cannot be decoded or analysed."""


class RecordingTooLarge(AudioError):
    """A recording longer, or with more channels or samples, than backpop will decode."""

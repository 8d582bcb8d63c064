"""Regular expressions compiled on first use, and skipped when the text cannot match them.

Compiling the whole lexicon costs more than reading a typical narrative, so each pattern is
compiled only when a text contains one of its *anchors*: literal strings of which every match
must contain at least one. Anchors are read from the pattern source: for each top-level branch,
the longest run of letters that the branch cannot match without (or, failing that, the anchors of
a group it cannot skip). A pattern with a branch that has no such run gets no anchors and is
always tried, so the check can only save work, never lose a match.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

_TOKEN = re.compile(
    r"(?P<esc>\\.)|(?P<cls>\[\^?\]?(?:\\.|[^\]\\])*\])|(?P<look>\(\?<?[=!])|(?P<open>\(\?P<[^>]*>|\(\?:|\()"
    r"|(?P<close>\))|(?P<bar>\|)|(?P<quant>\{[0-9]*(?:,[0-9]*)?\}[?+]?|[?*+][?+]?)"
    r"|(?P<run>[a-z0-9']+)|(?P<other>.)",
    re.S,
)


def anchors(source: str) -> frozenset[str] | None:
    """Strings one of which every match of `source` contains; None when there are none."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(source)]
    try:
        found, end = _alternation(tokens, 0)
    except (IndexError, ValueError):
        return None
    if end != len(tokens):
        return None
    return found


def _alternation(tokens: list[tuple[str | None, str]], i: int) -> tuple[frozenset[str] | None, int]:
    branches = []
    best, i = _branch(tokens, i)
    branches.append(best)
    while i < len(tokens) and tokens[i][0] == "bar":
        best, i = _branch(tokens, i + 1)
        branches.append(best)
    if any(b is None for b in branches):
        return None, i
    return frozenset().union(*branches), i  # type: ignore[arg-type]


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two anchor sets: the one whose shortest anchor is longer."""
    if a is None:
        return b
    if b is None:
        return a
    return a if min(map(len, a)) >= min(map(len, b)) else b


def _optional(quantifier: str) -> bool:
    if quantifier[0] == "{":
        return quantifier[1:-1].split(",")[0] in ("", "0")
    return quantifier[0] in "?*"


def _branch(tokens: list[tuple[str | None, str]], i: int) -> tuple[frozenset[str] | None, int]:
    n = len(tokens)
    best: frozenset[str] | None = None
    while i < n and tokens[i][0] not in ("bar", "close"):
        kind, text = tokens[i]
        group: frozenset[str] | None = None
        if kind in ("open", "look"):
            inner, j = _alternation(tokens, i + 1)
            if j >= n or tokens[j][0] != "close":
                raise ValueError("unbalanced group")
            i = j + 1
            group = inner if kind == "open" else None
        else:
            i += 1
        quantifier = tokens[i][1] if i < n and tokens[i][0] == "quant" else None
        if quantifier is not None:
            i += 1
        if kind == "run":
            # A quantifier binds only to the last character of a run of letters.
            mandatory = text[:-1] if quantifier is not None else text
            if mandatory:
                best = _better(best, frozenset({mandatory}))
        elif group is not None and (quantifier is None or not _optional(quantifier)):
            best = _better(best, group)
    return best, i


class LazyPattern:
    """A compiled-on-demand regular expression with a literal prefilter."""

    __slots__ = ("pattern", "_anchors", "_regex", "_last")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        # Found on first use too: a pattern that a text never consults costs nothing.
        self._anchors: tuple[str, ...] | None | bool = False
        self._regex: re.Pattern[str] | None = None
        # (text, possible) for the last text seen; one tuple so that threads never mix halves.
        self._last: tuple[str, bool] = ("", True)

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern)
        return self._regex

    def possible(self, text: str) -> bool:
        """False when `text` holds none of the anchors, so no match can exist."""
        if self._anchors is False:
            found = anchors(self.pattern)
            self._anchors = tuple(sorted(found)) if found else None
        if self._anchors is None:
            return True
        last_text, last_possible = self._last
        if text is last_text:
            return last_possible
        possible = any(a in text for a in self._anchors)  # type: ignore[union-attr]
        self._last = (text, possible)
        return possible

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if not self.possible(text):
            return iter(())
        return self.regex.finditer(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not self.possible(text):
            return None
        return self.regex.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if not self.possible(text):
            return None
        return self.regex.match(text, pos, endpos)

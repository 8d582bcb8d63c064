"""Regular expressions compiled on first use, and skipped when the text cannot match them.

Compiling the whole lexicon costs more than reading a typical narrative, so each pattern is
compiled only when a text contains one of its *anchors*: literal strings of which every match
must contain at least one. Anchors are read from the pattern source: for each top-level branch,
the longest run of letters that the branch cannot match without (or, failing that, the anchors of
a group it cannot skip). A pattern with a branch that has no such run gets no anchors and is
always tried, so the check can only save work, never lose a match.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from backpop.narrative import cache

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


def alternatives(source: str) -> tuple[str, list[str], str] | None:
    """The pattern as prefix, branches and suffix of the alternation every match passes through.

    That is the top-level alternation, or the one inside a non-capturing group that is not
    optional and sits in a pattern with a single top-level branch (``(?<!\\w)(?:a|b|c)(?!\\w)``).
    None when there is none, or when the pattern uses inline flags.
    """
    if re.search(r"\(\?[aiLmsux]", source):
        return None
    tokens = [(m.lastgroup, m.start(), m.end()) for m in _TOKEN.finditer(source)]
    depth = 0
    top_bars: list[int] = []
    groups: dict[int, tuple[int, list[int]]] = {}  # open token index -> (start of its body, its bars)
    stack: list[int] = []
    best: tuple[int, int, int] | None = None  # (open token index, body start, close start)
    for i, (kind, start, end) in enumerate(tokens):
        if kind in ("open", "look"):
            stack.append(i)
            groups[i] = (end, [])
            depth += 1
        elif kind == "close":
            if not stack:
                return None
            opened = stack.pop()
            depth -= 1
            body, bars = groups[opened]
            quantified = i + 1 < len(tokens) and tokens[i + 1][0] == "quant"
            outermost = depth == 0
            plain = source[tokens[opened][1] : tokens[opened][2]] == "(?:"
            if outermost and plain and bars and not quantified:
                if best is None or len(bars) > len(groups[best[0]][1]):
                    best = (opened, body, start)
        elif kind == "bar":
            if depth == 0:
                top_bars.append(start)
            elif stack:
                groups[stack[-1]][1].append(start)
    if stack:
        return None
    if top_bars:
        return "", _cut(source, 0, len(source), top_bars), ""
    if best is None:
        return None
    opened, body, close = best
    return source[:body], _cut(source, body, close, groups[opened][1]), source[close:]


def _cut(source: str, lo: int, hi: int, bars: list[int]) -> list[str]:
    edges = [lo, *bars, hi]
    return [source[a + (1 if k else 0) : b] for k, (a, b) in enumerate(zip(edges, edges[1:], strict=False))]


# A branch with a capturing group or a back-reference is always kept: dropping it would renumber
# or remove a group that the caller reads.
_CAPTURES = re.compile(r"(?<!\\)\((?!\?(?:[:=!]|<[=!]))|\\[1-9]|\(\?P=")

#: Only an alternation of at least this many branches is pruned.
PRUNE_FROM = 8
#: A pattern compiled for this many different sets of branches is then compiled whole: a
#: long-running service settles on one compiled pattern each, a one-off run compiles little.
PRUNED_VARIANTS = 4


# What the analysis of each pattern found, kept between runs (the analysis, in Python, costs more
# than compiling the pattern): pattern digest -> anchors, and the branches with theirs.
_STORE_NAME = f"patterns-{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]}.json"
_store: dict[str, Any] | None = None
_new: dict[str, Any] = {}


def _analyse(pattern: str) -> dict[str, Any]:
    found = anchors(pattern)
    result: dict[str, Any] = {"anchors": sorted(found) if found else None, "split": None}
    split = alternatives(pattern)
    if split is not None and len(split[1]) >= PRUNE_FROM:
        prefix, branches, suffix = split
        own = [None if _CAPTURES.search(b) else anchors(b) for b in branches]
        result["split"] = [prefix, suffix, [len(b) for b in branches], [sorted(a) if a else None for a in own]]
    return result


def _checked(pattern: str, kept: Any) -> dict[str, Any] | None:
    """What was kept for `pattern`, in the shape used here; None when it does not fit the pattern
    (a damaged file): every anchor must be a piece of its branch, every branch a piece of the pattern."""
    try:
        found = kept["anchors"]
        if found is not None and not all(isinstance(a, str) and a and a in pattern for a in found):
            return None
        parts = None
        if kept["split"] is not None:
            prefix, suffix, lengths, own = kept["split"]
            at = len(prefix)
            branches = []
            for n, a in zip(lengths, own, strict=True):
                branch = pattern[at : at + n]
                if a is not None and not all(isinstance(x, str) and x and x in branch for x in a):
                    return None
                branches.append((branch, tuple(a) if a else None))
                at += n + 1
            if "|".join(b for b, _ in branches) != pattern[len(prefix) : len(pattern) - len(suffix)]:
                return None
            if not pattern.startswith(prefix) or not pattern.endswith(suffix):
                return None
            parts = (prefix, branches, suffix)
        return {"anchors": tuple(found) if found else None, "parts": parts}
    except (KeyError, TypeError, ValueError):
        return None


def _analysed(pattern: str) -> dict[str, Any]:
    global _store
    if _store is None:
        _store = cache.read(_STORE_NAME) or {}
        if not isinstance(_store, dict):
            _store = {}
    key = hashlib.blake2b(pattern.encode(), digest_size=12).hexdigest()
    kept = _store.get(key)
    found = _checked(pattern, kept) if kept is not None else None
    if found is None:
        kept = _analyse(pattern)
        if not _new:
            atexit.register(save)
        _store[key] = _new[key] = kept
        found = _checked(pattern, kept)
        assert found is not None
    return found


def save() -> None:
    """Keep what was analysed in this run, added to what the file already holds."""
    if not _new:
        return
    held = cache.read(_STORE_NAME)
    merged = {**(held if isinstance(held, dict) else {}), **_new}
    cache.write(_STORE_NAME, merged)
    _new.clear()


class LazyPattern:
    """A compiled-on-demand regular expression with a literal prefilter.

    Long alternations are also pruned per text: a branch whose anchors the text does not hold
    cannot take part in any match, so it is left out of what is compiled for that text (order kept,
    so leftmost-first matching gives the same matches).
    """

    __slots__ = ("pattern", "_anchors", "_regex", "_last", "_parts", "_variants")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        # Found on first use too: a pattern that a text never consults costs nothing.
        self._anchors: tuple[str, ...] | None | bool = False
        self._regex: re.Pattern[str] | None = None
        # (text, regex for it or None when no match can exist) for the last text seen; one tuple so
        # that threads never mix halves.
        self._last: tuple[str, re.Pattern[str] | None] = ("", None)
        # (prefix, [(branch, its anchors or None)], suffix), or None when not pruned.
        self._parts: tuple[str, list[tuple[str, tuple[str, ...] | None]], str] | None = None
        self._variants: dict[tuple[int, ...], re.Pattern[str]] = {}

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern)
        return self._regex

    def _prepare(self) -> None:
        found = _analysed(self.pattern)
        self._anchors = found["anchors"]
        self._parts = found["parts"]

    def possible(self, text: str) -> bool:
        """False when `text` holds none of the anchors, so no match can exist."""
        return self._for(text) is not None

    def _for(self, text: str) -> re.Pattern[str] | None:
        last_text, last_regex = self._last
        if text is last_text and last_text:
            return last_regex
        if self._anchors is False:
            self._prepare()
        regex: re.Pattern[str] | None
        if self._anchors is not None and not any(a in text for a in self._anchors):  # type: ignore[union-attr]
            regex = None
        elif self._parts is None or self._regex is not None:
            regex = self.regex
        else:
            prefix, parts, suffix = self._parts  # type: ignore[misc]
            kept = tuple(k for k, (_, own) in enumerate(parts) if own is None or any(a in text for a in own))
            if len(kept) == len(parts) or len(self._variants) >= PRUNED_VARIANTS:
                regex = self.regex
            elif not kept:
                regex = None
            else:
                regex = self._variants.get(kept)
                if regex is None:
                    body = "|".join(parts[k][0] for k in kept)
                    # A top-level alternation is kept in a group, so that what follows stays outside it.
                    whole = f"{prefix}{body}{suffix}" if prefix or suffix else f"(?:{body})"
                    regex = re.compile(whole)
                    self._variants[kept] = regex
        self._last = (text, regex)
        return regex

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        regex = self._for(text)
        return iter(()) if regex is None else regex.finditer(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        regex = self._for(text)
        return None if regex is None else regex.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        regex = self._for(text)
        return None if regex is None else regex.match(text, pos, endpos)

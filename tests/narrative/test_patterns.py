"""The reader's patterns find exactly what the plain regular expressions find: the prefilter and
the per-text pruning of long alternations only save work, and what is kept between runs cannot
change a match, even when the kept file is damaged."""

from __future__ import annotations

import gc
import json
import re
from pathlib import Path

import pytest
import yaml

from backpop.narrative import cache, patterns, understand
from backpop.narrative.patterns import LazyPattern

HERE = Path(__file__).parent


def _stories(limit: int) -> list[str]:
    texts = []
    for path in sorted(HERE.glob("heldout*.yaml")):
        texts += [case["text"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return texts[:: max(1, len(texts) // limit)]


def _reader_patterns() -> list[LazyPattern]:
    understand("my lower back cracked and now my left leg is numb, cant pee, fell off a ladder")
    return [p for p in gc.get_objects() if isinstance(p, LazyPattern)]


def _same(pattern: LazyPattern, text: str) -> None:
    full = re.compile(pattern.pattern)
    got = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
    want = [(m.span(), m.groupdict()) for m in full.finditer(text)]
    assert got == want, pattern.pattern[:120]
    for start in (0, len(text) // 2):
        found, expected = pattern.search(text, start), full.search(text, start)
        assert (found and found.span()) == (expected and expected.span()), pattern.pattern[:120]
        found, expected = pattern.match(text, start), full.match(text, start)
        assert (found and found.span()) == (expected and expected.span()), pattern.pattern[:120]


def _fresh_copies(monkeypatch: pytest.MonkeyPatch) -> list[LazyPattern]:
    monkeypatch.setattr(patterns, "PRUNED_VARIANTS", 10**9)
    monkeypatch.setattr(patterns, "_store", None)
    return [LazyPattern(p.pattern) for p in _reader_patterns()]


def test_pruned_patterns_match_as_the_whole_patterns_do(monkeypatch):
    copies = _fresh_copies(monkeypatch)
    for p in copies:
        p._prepare()
    assert sum(1 for p in copies if p._parts) >= 20, "long alternations are pruned"
    for text in _stories(120):
        norm = text.lower()
        for pattern in copies:
            _same(pattern, norm)


def test_a_damaged_file_of_kept_analyses_changes_no_match(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(patterns, "_new", {})
    copies = _fresh_copies(monkeypatch)
    for p in copies:
        p._prepare()
    patterns.save()
    (kept,) = tmp_path.glob("patterns-*.json")
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert data, "the analyses are kept for the next run"
    # Every kept analysis damaged: anchors that are not in the pattern, branches of the wrong length.
    for entry in data.values():
        entry["anchors"] = ["zzzz"]
        if entry["split"]:
            entry["split"][2] = [n + 1 for n in entry["split"][2]]
    kept.write_text(json.dumps(data), encoding="utf-8")
    again = _fresh_copies(monkeypatch)
    for text in _stories(40):
        for pattern in again:
            _same(pattern, text.lower())
    kept.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(patterns, "_store", None)
    assert understand("my legs are numb and I cant feel the toilet paper").episode.saddle_numbness is not None

"""The spelling tables kept between runs are the tables built from the word list and the lexicon."""

from __future__ import annotations

from backpop.narrative import cache, spelling


def _fresh(monkeypatch, folder):
    monkeypatch.setattr(cache, "CACHE_DIR", folder)
    spelling._tables.cache_clear()
    spelling._targets.cache_clear()


def test_tables_read_back_from_the_cache_are_the_tables_built(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    built = spelling._tables()
    assert list(tmp_path.glob("spelling-*.json")), "the first use writes the cache file"
    _fresh(monkeypatch, tmp_path)
    read = spelling._tables()
    assert read == built
    assert spelling.correct("numbnes down thre").text == "numbness down there"
    spelling._tables.cache_clear()
    spelling._targets.cache_clear()


def test_a_damaged_cache_file_is_built_again(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    spelling._tables()
    (cached,) = tmp_path.glob("spelling-*.json")
    cached.write_text('{"english": [1, 2', encoding="utf-8")
    _fresh(monkeypatch, tmp_path)
    english, targets = spelling._tables()
    assert "numbness" in targets and english["the"] > 0
    assert spelling.correct("tinglng").text == "tingling"
    spelling._tables.cache_clear()
    spelling._targets.cache_clear()

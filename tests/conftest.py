"""Shared test helpers: where the team's shared material lives, when it is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.postgres import pg_server, pg_url  # noqa: F401  (fixtures for every test folder)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_file(relative: str) -> Path:
    """A file from ../shared, or skip: a clone outside the team has no ../shared."""
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent (it sits beside the repository only in the team's checkout and CI)")
    return path


@pytest.fixture(autouse=True, scope="session")
def _reader_cache_in_a_temporary_folder(tmp_path_factory):
    """The reader's cached tables (spelling, pattern anchors) are kept in the test run's own folder, never the user's."""
    from backpop.narrative import cache

    cache.CACHE_DIR = tmp_path_factory.mktemp("reader-cache")
    yield
    cache.CACHE_DIR = None

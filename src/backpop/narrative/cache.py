"""Files the reader keeps between runs: tables that cost more to build than to read back.

Each file is named by what it is built from, so a changed lexicon or reader never reads an old
one; a damaged file reads as absent and is built again; a home that cannot be written simply
means building each time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

#: Where the files are kept (None: the user's cache folder). Tests point it at their own folder.
CACHE_DIR: Path | None = None


def folder() -> Path | None:
    if CACHE_DIR is not None:
        return CACHE_DIR
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("backpop"))
    except Exception:  # no usable home folder: build the tables each time
        return None


def read(name: str) -> Any | None:
    """The JSON kept under `name`, or None when it is absent or damaged."""
    where = folder()
    if where is None:
        return None
    try:
        return json.loads((where / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(name: str, data: Any) -> None:
    """Keep `data` under `name` (written whole, then moved into place); never fails the caller."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        path = where / name
        part = path.with_suffix(f".{os.getpid()}.tmp")
        part.write_text(json.dumps(data), encoding="utf-8")
        os.replace(part, path)
        # Files of the same kind built from an older lexicon or reader are of no more use.
        kind = name.split("-", 1)[0]
        for old in where.glob(f"{kind}-*.json"):
            if old.name != name:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: built again next time

"""backpop's settings from the environment, read in this one place.

Each entry point (a ``backpop`` command, the web service and each of its workers, a ``Diary``
opened without a location) reads them once with ``Settings.from_env()`` and passes the object
down; no other module reads the environment. The web service hands its own settings to its
worker processes through one more variable, also read and written only here.

    >>> Settings.from_env({"BACKPOP_COUNTRY": "gb"}).country
    'GB'
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: Each setting and the environment variable it is read from.
ENVIRONMENT = {
    "data_dir": "BACKPOP_DATA_DIR",
    "database_url": "BACKPOP_DATABASE_URL",
    "secret_key": "BACKPOP_SECRET_KEY",
    "country": "BACKPOP_COUNTRY",
}
#: How a worker of `backpop serve --workers N` finds the service's settings: its parent writes
#: them here as JSON before starting the workers.
SERVE_SETTINGS_ENV = "BACKPOP_SERVE_SETTINGS"


def hand_to_workers(data: Mapping[str, object]) -> None:
    """Leave the service's settings for the worker processes started after this."""
    os.environ[SERVE_SETTINGS_ENV] = json.dumps(data)


def handed_to_worker() -> dict[str, object]:
    """In a worker process: the settings its parent left (see ``hand_to_workers``)."""
    return json.loads(os.environ[SERVE_SETTINGS_ENV])


@dataclass(frozen=True)
class Settings:
    """What the environment sets; None where it sets nothing."""

    #: The folder of the default diary ($BACKPOP_DATA_DIR); None: the platform's user data folder.
    data_dir: Path | None = None
    #: The diary's database ($BACKPOP_DATABASE_URL); None: a SQLite file in the data folder.
    database_url: str | None = None
    #: The key that signs cookies ($BACKPOP_SECRET_KEY); None: the service keeps its own.
    secret_key: str | None = None
    #: The person's country as an ISO 3166 code ($BACKPOP_COUNTRY), for the emergency number.
    country: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings from `environ` (the process's environment by default); empty means unset."""
        env = os.environ if environ is None else environ

        def read(name: str) -> str | None:
            return env.get(ENVIRONMENT[name]) or None

        data_dir = read("data_dir")
        country = (read("country") or "").strip().upper()
        return cls(
            data_dir=Path(data_dir).expanduser() if data_dir else None,
            database_url=read("database_url"),
            secret_key=read("secret_key"),
            country=country or None,
        )

    def data_folder(self) -> Path:
        """Where the default diary lives: $BACKPOP_DATA_DIR, else the platform's user data folder."""
        if self.data_dir is not None:
            return self.data_dir
        import platformdirs

        return Path(platformdirs.user_data_dir("backpop"))

    def diary_url(self) -> str:
        """$BACKPOP_DATABASE_URL, else a SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{self.data_folder() / 'diary.sqlite3'}"

"""The diary's storage: open (and migrate) a database, save, read, delete, export and import.

SQLite in the user's data directory by default; PostgreSQL when given a
``postgresql://`` URL. Both run the same code and the same Alembic migrations.
Every method takes ``owner`` so one database can keep many people's diaries
apart; nothing here reads or writes another owner's rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from backpop.assessment import Assessment, Disposition
from backpop.config import Settings
from backpop.diary import schema as t
from backpop.diary.clock import utc
from backpop.diary.exchange import EXPORT_FORMAT, EXPORT_FORMAT_VERSION, validate_export
from backpop.diary.schema import DEFAULT_OWNER, VERSION_TABLE
from backpop.episode import Episode
from backpop.errors import InputError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
#: How long a writer waits for another process's write to finish before giving up.
#: Saving one entry takes milliseconds; 30 s covers a slow disk or a large import.
BUSY_TIMEOUT_S = 30
#: Tries to open a new SQLite diary that another process is creating at the same moment.
OPEN_ATTEMPTS = 8
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: Health data: the data folder and the database files are readable by their owner only.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
#: Tries at a full WAL checkpoint after a delete while a reader holds an old snapshot.
CHECKPOINT_ATTEMPTS = 20
#: A constant key for PostgreSQL's advisory lock, so two processes opening a fresh
#: database do not both run the first migration.
_PG_MIGRATION_LOCK = 0x6261636B706F70  # "backpop"

#: Entry kinds and the letter of their ids: e12 is episode 12, r3 recording 3, ...
KIND_OF_LETTER = {"e": "episode", "r": "recording", "c": "self_adjusting", "n": "note"}
_TABLES = {
    "e": t.episodes,
    "r": t.recordings,
    "c": t.self_adjustments,
    "n": t.notes,
}
_REF = re.compile(r"^\s*([ercn]?)(\d{1,18})\s*$", re.IGNORECASE)


def data_dir(settings: Settings | None = None) -> Path:
    """Where the default diary lives: $BACKPOP_DATA_DIR, else the platform's user data dir."""
    return (settings or Settings.from_env()).data_folder()


def default_url(settings: Settings | None = None) -> str:
    """$BACKPOP_DATABASE_URL, else a SQLite file in the data directory."""
    return (settings or Settings.from_env()).diary_url()


def normalize_url(url: str) -> str:
    """Accept plain postgresql:// (psycopg 3 is the driver) and bare file paths (SQLite)."""
    url = url.strip()
    if not url:
        raise InputError("empty diary location; give a file path or a database URL")
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.replace(tzinfo=UTC).isoformat()


def parse_ref(ref: str | int) -> tuple[str, int]:
    """'12' or 'e12' -> ('e', 12); 'r3' -> ('r', 3); anything else is an InputError."""
    match = _REF.match(str(ref))
    if not match:
        raise InputError(f"not a diary id: {ref!r} (use the id shown by 'backpop diary list', e.g. e12 or r3)")
    return (match.group(1).lower() or "e"), int(match.group(2))


@dataclass(frozen=True)
class Entry:
    """One line of the diary: an episode, a recording, a self-adjusting event or a note."""

    ref: str
    kind: str
    when: datetime
    summary: str
    disposition: Disposition | None = None
    seen: bool = False

    @property
    def awaits_clinician(self) -> bool:
        """An urgent or emergency episode not yet marked as seen: shown at the top until it is."""
        return (
            self.kind == "episode"
            and self.disposition is not None
            and self.disposition.level >= Disposition.URGENT.level
            and not self.seen
        )


def _sqlite_file(url: sa.URL) -> Path | None:
    if url.get_backend_name() != "sqlite":
        return None
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def _check_sqlite_file(path: Path, settings: Settings) -> None:
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a diary file")
    if path.exists() and path.stat().st_size > 0:
        try:
            with path.open("rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise InputError(f"cannot read diary {path}: {exc.strerror}") from None
        if head != _SQLITE_MAGIC:
            raise InputError(f"{path} is not a backpop diary (not an SQLite database)")
    else:
        _private_folder(path.parent, settings)
        try:
            # Made before SQLite opens it, so it is the person's alone whatever the umask; SQLite
            # gives the -wal and -shm files the same permissions as the database file.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
        except OSError as exc:
            raise InputError(f"cannot create diary {path}: {exc.strerror}") from None
    _make_private(path)


def _private_folder(folder: Path, settings: Settings) -> None:
    """Create the folder (and its missing parents) readable by its owner only."""
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    try:
        folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create diary directory {folder}: {exc.strerror}") from None
    default = settings.data_folder()
    for made in [*missing, *([default] if default.exists() and default.resolve() == folder.resolve() else [])]:
        _chmod(made, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask; chmod's is not


def _make_private(path: Path) -> None:
    """The diary file and its -wal and -shm, 0600 if they are ours (older versions left them 0644)."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        _chmod(candidate, PRIVATE_FILE)


def _chmod(path: Path, mode: int) -> None:
    try:
        info = path.stat()
        if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != mode:
            path.chmod(mode)
    except OSError:  # absent, or not ours to change (a read-only copy): leave it as it is
        pass


def _open_read_only(path: Path) -> Any:
    """A read-only connection; immutable when SQLite cannot make the WAL's shared-memory file
    beside a WAL diary (a read-only folder): then the database file alone is read."""
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(str(path))}"
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError:
        connection.close()
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)


def _check_current(connection: Connection, where: str) -> None:
    """A diary opened read-only cannot be migrated: it must already be at this version's schema."""
    try:
        rows = connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    except sa.exc.DBAPIError:
        raise InputError(f"{where} is not a backpop diary") from None
    current = rows[0][0] if rows else None
    if current != _head_revision():
        raise InputError(
            f"{where} is read-only and was written by another version of backpop; "
            "open it once where it can be written (or with that version)"
        )


def _sqlite_events(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (below), instead of the
        # sqlite3 module's implicit, deferred transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if read_only:  # nothing that writes, not even a change of journal mode
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            cursor.close()
            return
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # "Delete" means gone: overwrite freed pages instead of leaving the text behind.
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable enough in WAL mode
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A write transaction takes the write lock at BEGIN, so a second writer waits
        # (busy_timeout) instead of failing when it upgrades a stale read snapshot.
        if connection.get_execution_options().get("backpop_read_only"):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _script_directory() -> Any:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def _head_revision() -> str:
    head = _script_directory().get_current_head()
    assert head is not None, "the diary has no migrations"
    return head


def _known_revisions() -> set[str]:
    return {rev.revision for rev in _script_directory().walk_revisions()}


def _migrate(connection: Connection, where: str, *, is_sqlite_file: bool) -> None:
    """Bring the schema to the newest revision, refusing databases that are not diaries."""
    inspector = sa.inspect(connection)
    tables = set(inspector.get_table_names())
    current: str | None = None
    if VERSION_TABLE in tables:
        rows = connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
        current = rows[0][0] if rows else None
        if current is not None and current not in _known_revisions():
            raise InputError(
                f"{where} was written by a newer version of backpop (schema {current}); upgrade backpop to open it"
            )
    elif is_sqlite_file and tables:
        raise InputError(f"{where} is an SQLite database but not a backpop diary")
    if current == _head_revision():
        return
    from alembic import command

    command.upgrade(_alembic_config(connection), "head")


class Diary:
    """A person's (or many people's) diary of episodes, recordings, self-cracking and notes.

    ``Diary()`` opens the default diary (created on first use); ``Diary(url)`` opens
    a SQLite file path, a ``sqlite:///`` URL or a ``postgresql://`` URL.
    """

    def __init__(self, url: str | None = None, *, read_only: bool = False, settings: Settings | None = None) -> None:
        self.read_only = read_only
        self.settings = settings or Settings.from_env()
        self.url = normalize_url(url or self.settings.diary_url())
        try:
            parsed = sa.make_url(self.url)
        except sa.exc.ArgumentError:
            raise InputError(f"not a database URL or file path: {url!r}") from None
        self.location = parsed.render_as_string(hide_password=True)
        self._file = _sqlite_file(parsed)
        if self._file is not None:
            if read_only and not self._file.is_file():
                raise InputError(f"no diary at {self._file}")
            if not read_only:
                _check_sqlite_file(self._file, self.settings)
            self.location = str(self._file)
        backend = parsed.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise InputError(f"unsupported diary database {backend!r}; use SQLite or PostgreSQL")
        try:
            if backend == "sqlite" and read_only and self._file is not None:
                path = self._file
                self.engine = sa.create_engine(
                    "sqlite://", creator=lambda: _open_read_only(path), poolclass=sa.NullPool
                )
                _sqlite_events(self.engine, read_only=True)
            elif backend == "sqlite":
                self.engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S}, poolclass=sa.NullPool)
                _sqlite_events(self.engine)
            else:
                self.engine = sa.create_engine(parsed, pool_pre_ping=True)
        except ImportError as exc:
            raise InputError(f"cannot use {self.location}: missing driver ({exc.name})") from None
        self.dialect = backend
        for attempt in range(OPEN_ATTEMPTS):
            try:
                with self.engine.begin() as connection:
                    if backend == "postgresql":
                        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
                    if read_only:
                        _check_current(connection, self.location)
                    else:
                        _migrate(connection, self.location, is_sqlite_file=self._file is not None)
                break
            except InputError:
                self.engine.dispose()
                raise
            except sa.exc.DBAPIError as exc:
                # Two processes creating the same new SQLite file race for the lock that
                # switching it to WAL needs, and SQLite reports that at once instead of
                # waiting; the loser simply tries again.
                if backend == "sqlite" and "locked" in str(exc.orig) and attempt + 1 < OPEN_ATTEMPTS:
                    time.sleep(0.05 * 2**attempt)
                    continue
                self.engine.dispose()
                raise InputError(f"cannot open diary {self.location}: {_first_line(exc)}") from None

    @classmethod
    def for_reading(cls, url: str | None = None, settings: Settings | None = None) -> Diary:
        """The diary, opened as usual; or, when its file or folder cannot be written (a
        backup, a read-only disk, another person's copy), opened read-only."""
        try:
            return cls(url, settings=settings)
        except InputError as exc:
            target = _sqlite_file(sa.make_url(normalize_url(url or default_url(settings))))
            if (
                target is None
                or not target.is_file()
                or not any(why in str(exc) for why in ("unable to open", "readonly", "read-only", "Permission denied"))
            ):
                raise
            return cls(url, read_only=True, settings=settings)

    # -- plumbing ---------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _write(self) -> Any:
        return _Guard(self, self.engine.begin())

    def _read(self) -> Any:
        connection = self.engine.connect().execution_options(backpop_read_only=True)
        return _Guard(self, _ReadTransaction(connection))

    # -- saving -----------------------------------------------------------------

    def save_assessment(
        self,
        episode: Episode,
        assessment: Assessment,
        text: str | None = None,
        when: datetime | None = None,
        owner: str = DEFAULT_OWNER,
        side: str | None = None,
    ) -> str:
        """Keep one assessed episode (its facts, the person's own words if any, the result, and
        which side it is on when the person said: left, right, both or middle).

        Returns the new entry's id (e.g. ``"e12"``).
        """
        from backpop.interview import check_details

        side = check_details({"side": side}, origin="side").get("side")
        now = utc(None)
        occurred = utc(when)
        with self._write() as connection:
            episode_id = connection.execute(
                t.episodes.insert()
                .values(
                    owner=owner,
                    occurred_at=occurred,
                    created_at=now,
                    facts=episode.known(),
                    text=text,
                    side=side,
                )
                .returning(t.episodes.c.id)
            ).scalar_one()
            connection.execute(
                t.assessments.insert().values(
                    owner=owner,
                    episode_id=episode_id,
                    created_at=now,
                    disposition=assessment.disposition.value,
                    knowledge_version=assessment.knowledge_version,
                    assessment=assessment.model_dump(mode="json"),
                )
            )
        return f"e{episode_id}"

    def save_recording(
        self,
        path: str | Path | None = None,
        *,
        listen: Any = None,
        duration_s: float | None = None,
        sample_rate: int | None = None,
        sha256: str | None = None,
        episode: str | int | None = None,
        when: datetime | None = None,
        owner: str = DEFAULT_OWNER,
    ) -> str:
        """Keep what is known about one recording; the file itself stays where it is.

        ``listen`` is the listen result (a pydantic model or a JSON-able dict).
        The file's SHA-256 is computed when the file is readable and no hash is given.
        ``episode`` links the recording to a saved episode (its id, e.g. ``"e12"``).
        Returns the new entry's id (e.g. ``"r3"``).
        """
        if hasattr(listen, "model_dump"):
            listen = listen.model_dump(mode="json")
        elif listen is not None:
            try:
                listen = json.loads(json.dumps(listen))
            except (TypeError, ValueError) as exc:
                raise InputError(f"listen result is not JSON-compatible: {exc}") from None
        if path is not None and sha256 is None:
            sha256 = _file_sha256(Path(path))
        episode_id = None
        if episode is not None:
            kind, episode_id = parse_ref(episode)
            if kind != "e":
                raise InputError(f"{episode!r} is not an episode id")
        with self._write() as connection:
            if episode_id is not None:
                self._require(connection, "e", episode_id, owner)
            new_id = connection.execute(
                t.recordings.insert()
                .values(
                    owner=owner,
                    episode_id=episode_id,
                    recorded_at=utc(when),
                    sha256=sha256,
                    duration_s=duration_s,
                    sample_rate=sample_rate,
                    path=None if path is None else str(Path(path).expanduser().absolute()),
                    listen=listen,
                )
                .returning(t.recordings.c.id)
            ).scalar_one()
        return f"r{new_id}"

    def log_crack(self, when: datetime | None = None, owner: str = DEFAULT_OWNER) -> str:
        """Record that the person cracked their own back (now, or at `when`)."""
        with self._write() as connection:
            new_id = connection.execute(
                t.self_adjustments.insert()
                .values(owner=owner, occurred_at=utc(when))
                .returning(t.self_adjustments.c.id)
            ).scalar_one()
        return f"c{new_id}"

    def add_note(
        self,
        text: str,
        when: datetime | None = None,
        episode: str | int | None = None,
        owner: str = DEFAULT_OWNER,
    ) -> str:
        """Keep a free-text note, optionally about one episode."""
        if not text or not text.strip():
            raise InputError("a note needs some text")
        episode_id = None
        if episode is not None:
            kind, episode_id = parse_ref(episode)
            if kind != "e":
                raise InputError(f"{episode!r} is not an episode id")
        with self._write() as connection:
            if episode_id is not None:
                self._require(connection, "e", episode_id, owner)
            new_id = connection.execute(
                t.notes.insert()
                .values(owner=owner, episode_id=episode_id, created_at=utc(when), text=text)
                .returning(t.notes.c.id)
            ).scalar_one()
        return f"n{new_id}"

    # -- reading ----------------------------------------------------------------

    def list(
        self,
        owner: str = DEFAULT_OWNER,
        *,
        kinds: Iterable[str] | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """Every entry, newest first. `kinds` picks from episode, recording, self_adjusting, note."""
        wanted = set(KIND_OF_LETTER.values()) if kinds is None else set(kinds)
        unknown = wanted - set(KIND_OF_LETTER.values())
        if unknown:
            raise InputError(f"unknown entry kind(s) {sorted(unknown)}")
        since_utc = None if since is None else utc(since)
        entries: list[Entry] = []
        with self._read() as connection:
            if "episode" in wanted:
                for row in self._episode_rows(connection, owner, since_utc):
                    entries.append(
                        Entry(
                            ref=f"e{row['id']}",
                            kind="episode",
                            when=row["occurred_at"],
                            summary=_episode_summary(row["facts"], row["text"]),
                            disposition=row["disposition"],
                            seen=row["seen_at"] is not None,
                        )
                    )
            if "recording" in wanted:
                q = sa.select(t.recordings).where(t.recordings.c.owner == owner)
                if since_utc is not None:
                    q = q.where(t.recordings.c.recorded_at >= since_utc)
                for row in connection.execute(q).mappings():
                    entries.append(
                        Entry(
                            ref=f"r{row['id']}",
                            kind="recording",
                            when=row["recorded_at"],
                            summary=_recording_summary(row),
                        )
                    )
            if "self_adjusting" in wanted:
                q = sa.select(t.self_adjustments).where(t.self_adjustments.c.owner == owner)
                if since_utc is not None:
                    q = q.where(t.self_adjustments.c.occurred_at >= since_utc)
                for row in connection.execute(q).mappings():
                    entries.append(
                        Entry(
                            ref=f"c{row['id']}",
                            kind="self_adjusting",
                            when=row["occurred_at"],
                            summary="cracked own back",
                        )
                    )
            if "note" in wanted:
                q = sa.select(t.notes).where(t.notes.c.owner == owner)
                if since_utc is not None:
                    q = q.where(t.notes.c.created_at >= since_utc)
                for row in connection.execute(q).mappings():
                    entries.append(
                        Entry(
                            ref=f"n{row['id']}",
                            kind="note",
                            when=row["created_at"],
                            summary=_shorten(row["text"]),
                        )
                    )
        entries.sort(key=lambda e: (e.when, e.ref), reverse=True)
        return entries[:limit] if limit is not None else entries

    def get(self, ref: str | int, owner: str = DEFAULT_OWNER) -> dict[str, Any]:
        """One entry in full, as JSON-compatible values (an episode with its assessments)."""
        kind, entry_id = parse_ref(ref)
        with self._read() as connection:
            row = self._require(connection, kind, entry_id, owner)
            item = _row_json(row)
            item["ref"] = f"{kind}{entry_id}"
            item["kind"] = KIND_OF_LETTER[kind]
            if kind == "e":
                item["assessments"] = [
                    _row_json(a)
                    for a in connection.execute(
                        sa.select(t.assessments)
                        .where(t.assessments.c.episode_id == entry_id)
                        .order_by(t.assessments.c.id)
                    ).mappings()
                ]
                item["recordings"] = [
                    f"r{r}"
                    for r in connection.execute(
                        sa.select(t.recordings.c.id).where(t.recordings.c.episode_id == entry_id)
                    ).scalars()
                ]
                item["notes"] = [
                    _row_json(n)
                    for n in connection.execute(sa.select(t.notes).where(t.notes.c.episode_id == entry_id)).mappings()
                ]
                levels = [Disposition(a["disposition"]).level for a in item["assessments"]]
                item["awaits_clinician"] = row["seen_at"] is None and max(levels, default=0) >= Disposition.URGENT.level
        return item

    def delete(self, ref: str | int, owner: str = DEFAULT_OWNER) -> None:
        """Delete an entry for good; an episode takes its assessments, recordings and notes."""
        kind, entry_id = parse_ref(ref)
        table = _TABLES[kind]
        with self._write() as connection:
            self._require(connection, kind, entry_id, owner)
            if kind == "e":
                # The foreign keys cascade too; deleting explicitly keeps it true on a
                # database where a connection forgot PRAGMA foreign_keys.
                for child in (t.assessments, t.recordings, t.notes):
                    connection.execute(child.delete().where(child.c.episode_id == entry_id))
            connection.execute(table.delete().where(table.c.id == entry_id).where(table.c.owner == owner))
        self._forget_deleted()

    def _forget_deleted(self) -> None:
        """Make a delete final in every file: copy the WAL into the database (whose freed pages
        secure_delete has zeroed) and truncate it, so the deleted words are in neither."""
        if self.dialect != "sqlite":
            return
        raw = self.engine.raw_connection()  # outside a transaction: a checkpoint cannot run inside one
        try:
            for _ in range(CHECKPOINT_ATTEMPTS):
                cursor = raw.cursor()
                busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                cursor.close()
                if busy is None or busy[0] == 0:
                    return
                time.sleep(0.05)  # a reader is still on an older snapshot; it ends in milliseconds
        finally:
            raw.close()

    def delete_owner(self, owner: str) -> dict[str, int]:
        """Delete everything this owner has, for good (leaving the service); returns the counts."""
        counts = self.count(owner=owner)
        with self._write() as connection:
            for table in (t.assessments, t.notes, t.recordings, t.self_adjustments, t.episodes):
                connection.execute(table.delete().where(table.c.owner == owner))
        self._forget_deleted()
        return counts

    def mark_seen(self, ref: str | int, owner: str = DEFAULT_OWNER, when: datetime | None = None) -> None:
        """Record that a clinician has seen the person about this episode."""
        kind, entry_id = parse_ref(ref)
        if kind != "e":
            raise InputError(f"only episodes can be marked as seen; {ref!r} is a {KIND_OF_LETTER[kind]}")
        with self._write() as connection:
            self._require(connection, "e", entry_id, owner)
            connection.execute(t.episodes.update().where(t.episodes.c.id == entry_id).values(seen_at=utc(when)))

    def count(self, owner: str = DEFAULT_OWNER) -> dict[str, int]:
        """How many entries of each kind this owner has."""
        with self._read() as connection:
            return {
                KIND_OF_LETTER[k]: connection.execute(
                    sa.select(sa.func.count()).select_from(tb).where(tb.c.owner == owner)
                ).scalar_one()
                for k, tb in _TABLES.items()
            }

    # -- aggregate views (built in trend.py and report.py) ----------------------

    def episodes_for_trend(self, owner: str = DEFAULT_OWNER, since: datetime | None = None) -> list[dict[str, Any]]:
        """Episodes with their highest assessed disposition, oldest first."""
        with self._read() as connection:
            rows = self._episode_rows(connection, owner, None if since is None else utc(since))
        rows.sort(key=lambda r: (r["occurred_at"], r["id"]))
        return rows

    def self_adjusting_times(self, owner: str = DEFAULT_OWNER, since: datetime | None = None) -> list[datetime]:
        q = sa.select(t.self_adjustments.c.occurred_at).where(t.self_adjustments.c.owner == owner)
        if since is not None:
            q = q.where(t.self_adjustments.c.occurred_at >= utc(since))
        with self._read() as connection:
            return sorted(connection.execute(q).scalars())

    def assessments_for_report(self, owner: str = DEFAULT_OWNER) -> list[dict[str, Any]]:
        """Every assessment (JSON) with its episode's date, oldest first."""
        q = (
            sa.select(
                t.assessments.c.episode_id,
                t.assessments.c.assessment,
                t.episodes.c.occurred_at,
                t.episodes.c.seen_at,
            )
            .join(t.episodes, t.episodes.c.id == t.assessments.c.episode_id)
            .where(t.assessments.c.owner == owner)
            .order_by(t.episodes.c.occurred_at, t.assessments.c.id)
        )
        with self._read() as connection:
            return [dict(r) for r in connection.execute(q).mappings()]

    def recordings_for_report(self, owner: str = DEFAULT_OWNER) -> list[dict[str, Any]]:
        q = (
            sa.select(t.recordings)
            .where(t.recordings.c.owner == owner)
            .order_by(t.recordings.c.recorded_at, t.recordings.c.id)
        )
        with self._read() as connection:
            return [dict(r) for r in connection.execute(q).mappings()]

    def notes_for_report(self, owner: str = DEFAULT_OWNER) -> list[dict[str, Any]]:
        q = sa.select(t.notes).where(t.notes.c.owner == owner).order_by(t.notes.c.created_at)
        with self._read() as connection:
            return [dict(r) for r in connection.execute(q).mappings()]

    # -- export / import --------------------------------------------------------

    def export(self, owner: str = DEFAULT_OWNER) -> dict[str, Any]:
        """Everything this owner has, as one JSON-compatible document (see `import_`)."""
        with self._read() as connection:
            episodes = [
                _row_json(r, drop=("owner",))
                for r in connection.execute(
                    sa.select(t.episodes).where(t.episodes.c.owner == owner).order_by(t.episodes.c.id)
                ).mappings()
            ]
            by_episode: dict[int, list[dict[str, Any]]] = {e["id"]: [] for e in episodes}
            for r in connection.execute(
                sa.select(t.assessments).where(t.assessments.c.owner == owner).order_by(t.assessments.c.id)
            ).mappings():
                by_episode[r["episode_id"]].append(_row_json(r, drop=("owner", "id", "episode_id", "disposition")))
            for e in episodes:
                e["assessments"] = by_episode[e["id"]]

            def rows(table: sa.Table, order: sa.Column) -> list[dict[str, Any]]:
                return [
                    _row_json(r, drop=("owner",))
                    for r in connection.execute(
                        sa.select(table).where(table.c.owner == owner).order_by(order, table.c.id)
                    ).mappings()
                ]

            recordings = rows(t.recordings, t.recordings.c.recorded_at)
            cracks = [
                {"occurred_at": c["occurred_at"]} for c in rows(t.self_adjustments, t.self_adjustments.c.occurred_at)
            ]
            notes = rows(t.notes, t.notes.c.created_at)
        return {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_FORMAT_VERSION,
            "schema_revision": _head_revision(),
            "exported_at": _iso(utc(None)),
            "episodes": episodes,
            "recordings": recordings,
            "self_adjustments": cracks,
            "notes": notes,
        }

    def import_(self, document: Any, owner: str = DEFAULT_OWNER) -> dict[str, int]:
        """Add everything in an exported document to this owner's diary (all or nothing).

        Entries get new ids; links between them (a recording's episode) are kept.
        Returns how many entries of each kind were added.
        """
        doc = validate_export(document)
        counts = {"episode": 0, "recording": 0, "self_adjusting": 0, "note": 0}
        with self._write() as connection:
            new_ids: dict[int, int] = {}
            for e in doc.episodes:
                new_id = connection.execute(
                    t.episodes.insert()
                    .values(
                        owner=owner,
                        occurred_at=utc(e.occurred_at),
                        created_at=utc(e.created_at),
                        facts=e.facts,
                        text=e.text,
                        side=e.side,
                        seen_at=None if e.seen_at is None else utc(e.seen_at),
                    )
                    .returning(t.episodes.c.id)
                ).scalar_one()
                new_ids[e.id] = new_id
                counts["episode"] += 1
                if e.assessments:
                    connection.execute(
                        t.assessments.insert(),
                        [
                            {
                                "owner": owner,
                                "episode_id": new_id,
                                "created_at": utc(a.created_at),
                                "disposition": a.assessment["disposition"],
                                "knowledge_version": a.knowledge_version,
                                "assessment": a.assessment,
                            }
                            for a in e.assessments
                        ],
                    )

            def link(episode_id: int | None, where: str) -> int | None:
                if episode_id is None:
                    return None
                if episode_id not in new_ids:
                    raise InputError(f"{where} refers to episode {episode_id}, which is not in the file")
                return new_ids[episode_id]

            for i, r in enumerate(doc.recordings):
                connection.execute(
                    t.recordings.insert().values(
                        owner=owner,
                        episode_id=link(r.episode_id, f"recordings[{i}]"),
                        recorded_at=utc(r.recorded_at),
                        sha256=r.sha256,
                        duration_s=r.duration_s,
                        sample_rate=r.sample_rate,
                        path=r.path,
                        listen=r.listen,
                    )
                )
                counts["recording"] += 1
            if doc.self_adjustments:
                connection.execute(
                    t.self_adjustments.insert(),
                    [{"owner": owner, "occurred_at": utc(c.occurred_at)} for c in doc.self_adjustments],
                )
                counts["self_adjusting"] = len(doc.self_adjustments)
            for i, n in enumerate(doc.notes):
                connection.execute(
                    t.notes.insert().values(
                        owner=owner,
                        episode_id=link(n.episode_id, f"notes[{i}]"),
                        created_at=utc(n.created_at),
                        text=n.text,
                    )
                )
                counts["note"] += 1
        return counts

    # -- helpers ----------------------------------------------------------------

    def _require(self, connection: Connection, kind: str, entry_id: int, owner: str) -> Mapping[str, Any]:
        table = _TABLES[kind]
        row = (
            connection.execute(sa.select(table).where(table.c.id == entry_id).where(table.c.owner == owner))
            .mappings()
            .first()
        )
        if row is None:
            raise InputError(f"no diary entry {kind}{entry_id}")
        return row

    def _episode_rows(self, connection: Connection, owner: str, since: datetime | None) -> list[dict[str, Any]]:
        q = sa.select(t.episodes).where(t.episodes.c.owner == owner)
        if since is not None:
            q = q.where(t.episodes.c.occurred_at >= since)
        rows = [dict(r) for r in connection.execute(q).mappings()]
        dq = (
            sa.select(t.assessments.c.episode_id, t.assessments.c.disposition)
            .join(t.episodes, t.episodes.c.id == t.assessments.c.episode_id)
            .where(t.assessments.c.owner == owner)
        )
        if since is not None:
            dq = dq.where(t.episodes.c.occurred_at >= since)
        highest: dict[int, Disposition] = {}
        for episode_id, value in connection.execute(dq):
            d = Disposition(value)
            if episode_id not in highest or d.level > highest[episode_id].level:
                highest[episode_id] = d
        for row in rows:
            row["disposition"] = highest.get(row["id"])
        return rows


class _ReadTransaction:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def __enter__(self) -> Connection:
        self.connection.begin()
        return self.connection

    def __exit__(self, *_exc: object) -> None:
        self.connection.rollback()
        self.connection.close()


class _Guard:
    """Turns database errors a user can cause (a corrupt file, a lost server) into InputError."""

    def __init__(self, diary: Diary, inner: Any) -> None:
        self.diary = diary
        self.inner = inner

    def __enter__(self) -> Connection:
        try:
            return self.inner.__enter__()
        except sa.exc.DBAPIError as exc:
            raise InputError(f"cannot use diary {self.diary.location}: {_first_line(exc)}") from None

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        try:
            self.inner.__exit__(exc_type, exc, tb)
        except sa.exc.DBAPIError as error:
            raise InputError(f"cannot use diary {self.diary.location}: {_first_line(error)}") from None
        if isinstance(exc, sa.exc.DBAPIError):
            raise InputError(f"cannot use diary {self.diary.location}: {_first_line(exc)}") from None
        if isinstance(exc, json.JSONDecodeError):  # a JSON column changed behind backpop's back
            raise InputError(
                f"cannot read diary {self.diary.location}: an entry is damaged (a stored value is not JSON: {exc.msg})"
            ) from None
        if isinstance(exc, UnicodeEncodeError):
            raise InputError("text: holds characters that are not valid Unicode (a lone surrogate)") from None
        if isinstance(exc, OverflowError):
            raise InputError("a number is too large to keep in the diary") from None
        return False


def _first_line(exc: sa.exc.DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def _file_sha256(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


def _row_json(row: Mapping[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: (_iso(v) if isinstance(v, datetime) else v) for k, v in row.items() if k not in drop}


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _episode_summary(facts: Mapping[str, Any], text: str | None) -> str:
    from backpop.wording import answer_text, fact_text

    parts = [
        answer_text(k, facts[k])
        for k in ("sound", "region", "activity")
        if facts.get(k) not in (None, "unknown", "unsure")
    ]
    if facts.get("pain") is not None:
        parts.append(fact_text("pain", facts["pain"]))
    summary = ", ".join(parts) or "An episode"
    if text:
        summary += f' — "{_shorten(text, 40)}"'
    return summary


def _recording_summary(row: Mapping[str, Any]) -> str:
    parts = []
    if row["path"]:
        parts.append(Path(row["path"]).name)
    if row["duration_s"] is not None:
        parts.append(f"{row['duration_s']:.1f} s")
    listen = row["listen"] or {}
    events = listen.get("events") if isinstance(listen, dict) else None
    if isinstance(events, list):
        parts.append(f"{len(events)} event(s)")
    if row["episode_id"] is not None:
        parts.append(f"for e{row['episode_id']}")
    return ", ".join(parts) or "recording"

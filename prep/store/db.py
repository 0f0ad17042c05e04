"""The engine (SQLite in WAL mode with foreign keys, or Postgres), migrations at start-up, backups."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from prep.store.schema import Profile

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 15_000
DEFAULT_PROFILE = "Default"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_engines: list[Engine] = []


def dispose_engines() -> None:
    """Close every pooled connection this process opened (tests drop their databases after)."""
    for engine in _engines:
        engine.dispose()
    _engines.clear()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    _engines.append(engine)
    return engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(engine: Engine, backup_dir: Path, label: str) -> Path | None:
    """Copy a SQLite store with SQLite's own backup API (consistent even with WAL readers)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"prep-{stamp}-before-{label}.sqlite3"
    source = sqlite3.connect(database)
    try:
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    return target


def upgrade(engine: Engine, backup_dir: Path | None = None, revision: str = "head") -> Path | None:
    """Bring the store to `revision`; a store with data is backed up first. Never downgrades."""
    current = current_revision(engine)
    target = head_revision() if revision == "head" else revision
    backup = None
    if current is not None and current != target and backup_dir is not None:
        backup = backup_sqlite(engine, backup_dir, f"upgrade-from-{current}")
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    return backup


@dataclass
class Store:
    """The store: an engine plus a session factory. Writes go through `transaction()`."""

    engine: Engine

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def default_profile_id(self) -> int:
        with self.transaction() as session:
            found = session.scalars(select(Profile.id).order_by(Profile.id).limit(1)).first()
            if found is not None:
                return found
            profile = Profile(name=DEFAULT_PROFILE, settings={})
            session.add(profile)
            session.flush()
            return profile.id


def open_store(url: str, backup_dir: Path | None = None) -> Store:
    """Engine + migrations applied: what the app and the CLI call at start-up."""
    engine = make_engine(url)
    upgrade(engine, backup_dir)
    store = Store(engine)
    store.default_profile_id()
    return store

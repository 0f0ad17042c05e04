"""Upgrades never lose data: a store made at the first migration, filled, then opened by the app."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text

from prep.store.db import current_revision, head_revision, make_engine, upgrade
from prep.store.schema import Attempt, Base, ItemRecord, Profile, Rating, ReviewLog
from tests.app.helpers import open_page

T0 = datetime(2026, 11, 1, tzinfo=UTC)
COUNTED = [Profile, ItemRecord, ReviewLog, Attempt, Rating]


def fill_at_first_revision(url: str) -> dict[str, int]:
    engine = make_engine(url)
    upgrade(engine, revision="0001")
    assert current_revision(engine) == "0001"
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO profiles (id, name, created_at, settings) VALUES (1, 'Old', :t, '{}')"),
            {"t": T0.replace(tzinfo=None)},
        )
        for i in range(30):
            conn.execute(
                text(
                    "INSERT INTO items (id, kind, bank, competency, text, first_seen_at, last_seen_at, archived)"
                    " VALUES (:id, 'prompt', 'old', 'strategy', 'Q', :t, :t, false)"
                ),
                {"id": f"old-{i}", "t": T0.replace(tzinfo=None)},
            )
            conn.execute(
                text(
                    "INSERT INTO review_logs (profile_id, item_id, rating, reviewed_at, source)"
                    " VALUES (1, :id, 3, :t, 'flashcard')"
                ),
                {"id": f"old-{i}", "t": T0.replace(tzinfo=None)},
            )
            conn.execute(
                text(
                    "INSERT INTO attempts (id, profile_id, item_id, position, status, answer_text, started_at,"
                    " updated_at, submitted_at, note) VALUES (:n, 1, :id, 0, 'submitted', :a, :t, :t, :t, '')"
                ),
                {"n": i + 1, "id": f"old-{i}", "a": f"answer {i}", "t": T0.replace(tzinfo=None)},
            )
            conn.execute(
                text("INSERT INTO ratings (attempt_id, dimension, score) VALUES (:n, 'structure', 4)"), {"n": i + 1}
            )
    counts = count_rows(engine)
    engine.dispose()
    return counts


def count_rows(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {m.__tablename__: conn.execute(select(func.count()).select_from(m)).scalar() for m in COUNTED}


def test_app_start_upgrades_keeps_every_row_and_backs_up_first(data_dir: Path, bank_dir: Path) -> None:
    url = f"sqlite:///{data_dir / 'prep.sqlite3'}"
    before = fill_at_first_revision(url)
    open_page()  # the app opens the store, which upgrades it
    engine = make_engine(url)
    assert current_revision(engine) == head_revision()
    after = count_rows(engine)
    assert {k: after[k] for k in before if k != "items"} == {k: before[k] for k in before if k != "items"}
    assert after["items"] >= before["items"]  # the app adds the banks' items beside the old ones
    with engine.connect() as conn:
        answers = [r[0] for r in conn.execute(text("SELECT answer_text FROM attempts ORDER BY id"))]
    assert answers == [f"answer {i}" for i in range(30)]
    backups = list((data_dir / "backups").glob("prep-*-before-upgrade-from-0001.sqlite3"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert old.execute("SELECT count(*) FROM attempts").fetchone() == (30,)


def test_migrations_match_the_models(store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []

"""The store: pragmas, UTC times, migrations, profile isolation, history that outlives bank edits."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from prep.banks.loader import load_library
from prep.services import library as library_service
from prep.services.profiles import (
    ProfileError,
    create_profile,
    list_profiles,
    profile_settings,
    rename_profile,
    update_profile_settings,
)
from prep.store.db import backup_sqlite, current_revision, head_revision, upgrade
from prep.store.schema import Attempt, ItemRecord, ReviewLog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "banks"


def sqlite_only(store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific behaviour")


def test_sqlite_runs_in_wal_with_foreign_keys(store) -> None:
    sqlite_only(store)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrated_to_head_and_upgrade_is_idempotent(store) -> None:
    assert current_revision(store.engine) == head_revision()
    assert upgrade(store.engine, backup_dir=None) is None


def test_backup_copies_the_store(store, tmp_path: Path) -> None:
    sqlite_only(store)
    create_profile(store, "Backed up")
    copy = backup_sqlite(store.engine, tmp_path / "backups", "test")
    assert copy is not None and copy.exists()
    import sqlite3

    names = [r[0] for r in sqlite3.connect(copy).execute("select name from profiles")]
    assert "Backed up" in names


def test_default_profile_exists_and_profiles_can_be_created_and_renamed(store) -> None:
    assert [p.name for p in list_profiles(store)] == ["Default"]
    second = create_profile(store, "  Panel   prep ")
    rename_profile(store, second, "Board panel")
    assert [p.name for p in list_profiles(store)] == ["Default", "Board panel"]
    with pytest.raises(ProfileError, match="already exists"):
        create_profile(store, "board PANEL")
    with pytest.raises(ProfileError, match="needs a name"):
        rename_profile(store, second, "   ")


def test_times_come_back_utc_aware(store) -> None:
    library_service.sync_items(store, load_library([FIXTURES]))
    pid = store.default_profile_id()
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with store.transaction() as s:
        s.add(ReviewLog(profile_id=pid, item_id="alpha-fc-bylaws", rating=3, reviewed_at=when))
    with store.read() as s:
        stored = s.scalars(select(ReviewLog.reviewed_at)).one()
    assert stored == when and stored.tzinfo is not None
    with pytest.raises(Exception, match="naive"), store.transaction() as s:
        s.add(ReviewLog(profile_id=pid, item_id="alpha-fc-bylaws", rating=3, reviewed_at=datetime(2026, 1, 1)))


def test_profiles_are_isolated(store) -> None:
    library_service.sync_items(store, load_library([FIXTURES]))
    first = store.default_profile_id()
    second = create_profile(store, "Second")
    now = datetime.now(UTC)
    with store.transaction() as s:
        s.add(ReviewLog(profile_id=first, item_id="alpha-fc-bylaws", rating=3, reviewed_at=now))
        s.add(Attempt(profile_id=first, item_id="alpha-pr-five-years", answer_text="mine", status="submitted"))
    update_profile_settings(store, first, desired_retention=0.85)
    with store.read() as s:
        assert s.scalars(select(ReviewLog).where(ReviewLog.profile_id == second)).all() == []
        assert s.scalars(select(Attempt).where(Attempt.profile_id == second)).all() == []
    assert profile_settings(store, second) == {}
    assert profile_settings(store, first) == {"desired_retention": 0.85}


def test_history_survives_a_text_edit_and_a_removal(store, tmp_path: Path) -> None:
    bank = tmp_path / "alpha.yaml"
    bank.write_text((FIXTURES / "alpha.yaml").read_text())
    library_service.sync_items(store, library_service.current_library([bank]))
    pid = store.default_profile_id()
    with store.transaction() as s:
        s.add(ReviewLog(profile_id=pid, item_id="alpha-fc-bylaws", rating=4, reviewed_at=datetime.now(UTC)))

    time.sleep(0.01)
    bank.write_text(bank.read_text().replace("Who approves medical", "Which body approves the medical"))
    library_service.sync_items(store, library_service.current_library([bank]))
    with store.read() as s:
        record = s.get(ItemRecord, "alpha-fc-bylaws")
        assert record.text == "Which body approves the medical staff bylaws?" and not record.archived
        assert len(s.scalars(select(ReviewLog)).all()) == 1

    time.sleep(0.01)
    edited = bank.read_text()
    start = edited.index("  - id: alpha-fc-bylaws")
    bank.write_text(edited[:start] + edited[edited.index("prompts:") :])
    library_service.sync_items(store, library_service.current_library([bank]))
    assert [r.id for r in library_service.archived_items(store)] == ["alpha-fc-bylaws"]
    with store.read() as s:
        assert len(s.scalars(select(ReviewLog).where(ReviewLog.item_id == "alpha-fc-bylaws")).all()) == 1

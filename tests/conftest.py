"""Shared fixtures: an isolated data dir and bank set per test, fast AppTest, a store."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from prep.config import SHIPPED_BANKS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _no_component_scan():
    """Each fresh AppTest otherwise spends ~45 ms scanning site-packages for custom components."""
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # pragma: no cover - older streamlit
        yield
        return
    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = lambda *a, **k: []
    yield
    manifest_scanner.scan_component_manifests = original


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh PREP_DATA_DIR (SQLite store inside) and the shipped banks plus its uploads folder."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("PREP_DATA_DIR", str(data))
    monkeypatch.delenv("PREP_DATABASE_URL", raising=False)
    monkeypatch.delenv("PREP_BANKS", raising=False)
    return data


@pytest.fixture
def bank_dir(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the fixture banks as the only bank folder (plus uploads), for tests that edit banks."""
    banks = tmp_path / "banks"
    shutil.copytree(FIXTURES / "banks", banks)
    monkeypatch.setenv("PREP_BANKS", f"{banks}{__import__('os').pathsep}{data_dir / 'banks'}")
    return banks


def _postgres_database(base_url: str) -> Iterator[str]:
    """A fresh, empty database on the test server for one test; dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"prep_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        from prep.store.db import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Store and service tests run once on SQLite and once on Postgres (PREP_TEST_POSTGRES_URL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{data_dir / 'prep.sqlite3'}"
        return
    base = os.environ.get("PREP_TEST_POSTGRES_URL")
    if not base:
        reason = "PREP_TEST_POSTGRES_URL is not set (CI starts a server with .ci/postgres.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + "; under CI=true the Postgres tests must run")
        pytest.skip(reason)
    for url in _postgres_database(base):
        monkeypatch.setenv("PREP_DATABASE_URL", url)
        yield url


@pytest.fixture
def store(database_url: str, data_dir: Path):
    from prep.store.db import open_store

    return open_store(database_url, backup_dir=data_dir / "backups")


@pytest.fixture
def shipped_banks() -> Path:
    return SHIPPED_BANKS

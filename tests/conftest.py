"""Shared fixtures: an isolated data dir and bank set per test, fast AppTest, a store."""

from __future__ import annotations

import shutil
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


@pytest.fixture
def store(data_dir: Path):
    from prep.config import load_settings
    from prep.store.db import open_store

    settings = load_settings()
    return open_store(settings.database_url, backup_dir=settings.data_dir / "backups")


@pytest.fixture
def shipped_banks() -> Path:
    return SHIPPED_BANKS

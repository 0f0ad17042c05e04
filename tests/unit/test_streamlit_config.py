"""The served app's limits: a spoken two-minute answer must fit through the upload limit."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_upload_limit_admits_a_long_recording_and_an_export() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    two_minutes_of_wav_mb = 2 * 60 * 48_000 * 2 / 1024 / 1024  # 48 kHz, 16-bit mono
    assert config["server"]["maxUploadSize"] >= 2 * two_minutes_of_wav_mb
    assert config["browser"]["gatherUsageStats"] is False  # no network at run time
    assert config["client"]["showErrorDetails"] == "none"  # no traceback reaches a user


def test_bank_uploader_keeps_its_own_1_mb_limit() -> None:
    source = (ROOT / "prep" / "ui" / "pages" / "banks.py").read_text()
    assert "max_upload_size=1," in source

"""Settings read from the environment: where data lives, which database, which banks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_BANKS = PROJECT_ROOT / "question_banks"
APP_NAME = "cmo-prep"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    bank_paths: tuple[Path, ...]
    fsrs_fuzz: bool = True  # PREP_FSRS_FUZZ=0 turns FSRS interval fuzzing off (tests replay exact dates)

    @property
    def upload_dir(self) -> Path:
        """Where banks uploaded in the browser are kept."""
        return self.data_dir / "banks"

    @property
    def audio_dir(self) -> Path:
        return self.data_dir / "audio"

    @property
    def sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and len(self.database_url) > len(prefix):
            return Path(self.database_url[len(prefix) :])
        return None


def load_settings(env: os._Environ[str] | dict[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    data_dir = Path(env.get("PREP_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, appauthor=False))
    data_dir = data_dir.expanduser().resolve()
    database_url = env.get("PREP_DATABASE_URL") or f"sqlite:///{data_dir / 'prep.sqlite3'}"
    raw_banks = env.get("PREP_BANKS")
    if raw_banks:
        bank_paths = tuple(Path(p).expanduser() for p in raw_banks.split(os.pathsep) if p.strip())
    else:
        uploads = data_dir / "banks"  # created by the first upload; until then there is nothing to read
        bank_paths = (SHIPPED_BANKS, uploads) if uploads.is_dir() else (SHIPPED_BANKS,)
    fsrs_fuzz = env.get("PREP_FSRS_FUZZ", "1").strip().lower() not in {"0", "false", "no", "off"}
    return Settings(data_dir=data_dir, database_url=database_url, bank_paths=bank_paths, fsrs_fuzz=fsrs_fuzz)

"""What every page needs: settings, the store (opened and migrated once), the banks, the profile."""

from __future__ import annotations

import streamlit as st

from prep.banks.loader import Library
from prep.config import Settings, load_settings
from prep.services import library as library_service
from prep.services.profiles import list_profiles
from prep.store.db import Store, open_store

PROFILE_KEY = "profile_id"


def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def _store(url: str, data_dir: str) -> Store:
    from pathlib import Path

    return open_store(url, backup_dir=Path(data_dir) / "backups")


def store() -> Store:
    s = settings()
    try:
        return _store(s.database_url, str(s.data_dir))
    except Exception as exc:  # a store that cannot open: say so in one line, stop the page
        st.error(f"Cannot open the store at {s.database_url}: {type(exc).__name__}: {exc}".splitlines()[0])
        st.stop()
        raise


def library() -> Library:
    s = settings()
    lib = library_service.current_library(s.bank_paths)
    library_service.sync_items(store(), lib)
    return lib


def profile_id() -> int:
    profiles = list_profiles(store())
    ids = [p.id for p in profiles]
    current = st.session_state.get(PROFILE_KEY)
    if current not in ids:
        current = ids[0]
        st.session_state[PROFILE_KEY] = current
    return current

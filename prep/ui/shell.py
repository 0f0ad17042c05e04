"""The frame around every page: the page list, the profile sidebar, and a guard so no traceback
ever reaches the user."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from prep.services.profiles import ProfileError, create_profile, list_profiles, rename_profile
from prep.ui import context

log = logging.getLogger("prep.ui")

PAGES = [
    st.Page(
        "prep/ui/pages/flashcards.py",
        title="Flashcards",
        icon=":material/style:",
        url_path="flashcards",
        default=True,
    ),
    st.Page(
        "prep/ui/pages/interview.py",
        title="Mock interview",
        icon=":material/record_voice_over:",
        url_path="interview",
    ),
    st.Page("prep/ui/pages/progress.py", title="Progress", icon=":material/monitoring:", url_path="progress"),
    st.Page("prep/ui/pages/banks.py", title="Question banks", icon=":material/library_books:", url_path="banks"),
]


def guarded(run: Callable[[], None]) -> None:
    """Run a page; an unexpected error becomes one line on screen (the traceback goes to the log)."""
    try:
        run()
    except Exception as exc:
        log.exception("page failed")
        first = (str(exc).splitlines() or [""])[0][:300]
        st.error(
            f"Something went wrong on this page ({type(exc).__name__}: {first}). "
            "Everything you submitted is saved; reload the page to continue."
        )


def _profile_manager(store, profiles) -> None:  # noqa: ANN001 - UI glue
    with st.expander("Manage profiles"):
        new_name = st.text_input("New profile name", key="profile_new_name", max_chars=80)
        if st.button("Create profile", key="profile_create"):
            try:
                st.session_state[context.PROFILE_KEY] = create_profile(store, new_name)
                st.session_state.pop("profile_select", None)
                st.rerun()
            except ProfileError as exc:
                st.error(str(exc))
        current = st.session_state[context.PROFILE_KEY]
        rename_to = st.text_input("Rename this profile to", key="profile_rename_to", max_chars=80)
        if st.button("Rename", key="profile_rename"):
            try:
                rename_profile(store, current, rename_to)
                st.rerun()
            except ProfileError as exc:
                st.error(str(exc))


def sidebar() -> None:
    with st.sidebar:
        store = context.store()
        profiles = list_profiles(store)
        names = {p.id: p.name for p in profiles}
        current = context.profile_id()
        chosen = st.selectbox(
            "Profile",
            options=list(names),
            index=list(names).index(current),
            format_func=lambda pid: names.get(pid, "?"),
            key="profile_select",
            help="Each profile keeps its own answers, ratings and schedule.",
        )
        if chosen != current:
            st.session_state[context.PROFILE_KEY] = chosen
            st.rerun()
        _profile_manager(store, profiles)
        s = context.settings()
        st.caption(f"Your data lives in `{s.data_dir}`")
        if s.sqlite_path is None:
            st.caption(f"Database: {s.database_url.split('://', 1)[0]} server")

"""One-click practice of one competency area, from the Progress page: flashcards or a mock panel,
already scoped to the area."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import streamlit as st

from prep.services import flashcards, interviews
from prep.ui import context

FLASHCARDS_PAGE = "prep/ui/pages/flashcards.py"
INTERVIEW_PAGE = "prep/ui/pages/interview.py"


def drill_flashcards(competency: str) -> None:
    """Scope the profile's flashcards to the area (remembered, as any scope choice is), then go there."""
    store, profile_id = context.store(), context.profile_id()
    prefs = flashcards.load_prefs(store, profile_id)
    flashcards.save_prefs(store, profile_id, replace(prefs, scope=flashcards.Scope(competencies=(competency,))))
    st.switch_page(FLASHCARDS_PAGE)


def drill_interview(competency: str) -> None:
    """Start a panel on the area's prompts (an unfinished panel is ended; its answers stay), then go there."""
    store, profile_id = context.store(), context.profile_id()
    scope = interviews.Scope(competencies=(competency,))
    try:
        interviews.start_session(
            store, profile_id, context.library(), scope, interviews.DEFAULT_PROMPTS, datetime.now(UTC)
        )
    except interviews.InterviewError as exc:
        st.error(f"Could not start a panel: {exc}.")
        return
    st.session_state.pop("interview_summary", None)
    st.switch_page(INTERVIEW_PAGE)

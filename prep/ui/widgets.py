"""Small display pieces shared by the pages. Bank and answer text always goes through inert_markdown."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from prep.banks.errors import Problem
from prep.banks.loader import Item, Library
from prep.banks.models import FRAMEWORK_HELP, Flashcard, Prompt
from prep.text import inert_markdown


def md(text: str) -> None:
    """Markdown from a bank or an answer: HTML shown as text, never run."""
    st.markdown(inert_markdown(text))


def problems_block(problems: Iterable[Problem]) -> None:
    lines = "\n".join(str(p) for p in problems)
    if lines:
        st.code(lines, language=None, wrap_lines=True)


def competency_name(library: Library, competency_id: str) -> str:
    found = library.competencies.get(competency_id)
    return found.name if found else competency_id


def item_detail(library: Library, item: Item) -> None:
    model = item.model
    st.caption(
        f"{'Flashcard' if item.kind == 'flashcard' else 'Interview prompt'} · "
        f"{competency_name(library, item.competency)} · bank '{item.bank}' · id `{item.id}`"
    )
    if isinstance(model, Flashcard):
        st.markdown("**Front**")
        md(model.front)
        st.markdown("**Back**")
        md(model.back)
    elif isinstance(model, Prompt):
        md(model.prompt)
        st.markdown("**Talking points**")
        md("\n".join(f"- {p}" for p in model.talking_points))
        if model.follow_ups:
            st.markdown("**Follow-ups**")
            md("\n".join(f"- {p}" for p in model.follow_ups))
        settings = ", ".join(s.value for s in model.settings) or "any setting"
        st.caption(
            f"Framework: {model.framework.value} ({FRAMEWORK_HELP[model.framework]}) · "
            f"{model.time_limit} s · difficulty {model.difficulty} · {settings}"
        )
    facts = [f"tags: {', '.join(item.tags)}" if item.tags else ""]
    if getattr(model, "reviewed", None):
        facts.append(f"reviewed {model.reviewed}")
    if getattr(model, "jurisdiction", None):
        facts.append(f"jurisdiction {model.jurisdiction}")
    if getattr(model, "source", None):
        facts.append(f"source: {model.source}")
    shown = " · ".join(f for f in facts if f)
    if shown:
        st.caption(inert_markdown(shown))

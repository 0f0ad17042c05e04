"""Question banks: browse and filter every item, see broken banks' problems, upload a coach's bank."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from prep.banks.loader import Item, Library
from prep.services import library as library_service
from prep.services.library import ItemFilter, check_upload, save_upload
from prep.ui import context
from prep.ui.widgets import competency_name, item_detail, problems_block

KINDS = {"flashcard": "Flashcards", "prompt": "Interview prompts"}


def _filters(library: Library) -> ItemFilter:
    cols = st.columns([2, 2, 2, 3])
    competencies = cols[0].multiselect(
        "Competency",
        options=sorted(library.competencies),
        format_func=lambda cid: competency_name(library, cid),
        key="banks_filter_competency",
    )
    kinds = cols[1].multiselect("Type", options=list(KINDS), format_func=KINDS.get, key="banks_filter_kind")
    tags = cols[2].multiselect("Tag", options=library_service.all_tags(library), key="banks_filter_tag")
    text = cols[3].text_input("Search text", key="banks_filter_text", placeholder="e.g. credentialing")
    banks = st.multiselect(
        "Bank",
        options=[b.bank for b in library.banks],
        format_func=lambda slug: next((b.title for b in library.banks if b.bank == slug), slug),
        key="banks_filter_bank",
    )
    return ItemFilter(tuple(competencies), tuple(banks), tuple(tags), tuple(kinds), text.strip())


def _table(library: Library, items: list[Item]) -> Item | None:
    frame = pd.DataFrame(
        {
            "Type": [KINDS[i.kind].removesuffix("s").replace("Interview prompt", "Prompt") for i in items],
            "Question": [i.text for i in items],
            "Competency": [competency_name(library, i.competency) for i in items],
            "Bank": [i.bank for i in items],
            "Id": [i.id for i in items],
        }
    )
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="banks_table",
        column_config={"Question": st.column_config.TextColumn(width="large")},
    )
    rows = event.selection.rows if event is not None else []
    return items[rows[0]] if rows and rows[0] < len(items) else None


def _broken(library: Library) -> None:
    broken = library.broken
    if not broken:
        return
    st.warning(
        f"{len(broken)} bank file{'s' * (len(broken) != 1)} could not be loaded; "
        "every other bank is usable. Fix the lines below and reload."
    )
    for bank_file in broken:
        with st.expander(f"Problems in {bank_file.path}"):
            problems_block(bank_file.problems)


def _upload(library: Library) -> None:
    settings = context.settings()
    st.subheader("Upload a bank")
    st.caption(
        "For coaches: a `.yaml` bank is checked with the same messages as `python -m prep validate`, "
        f"previewed, and kept in `{settings.upload_dir}` once you save it. Uploading a bank with the same "
        "`bank:` slug as one you uploaded before replaces it; the candidate's history is kept by item id."
    )
    generation = st.session_state.setdefault("banks_upload_generation", 0)
    uploaded = st.file_uploader(
        "Bank file (.yaml, at most 1 MB)",
        type=["yaml", "yml"],
        key=f"banks_upload_{generation}",
        max_upload_size=1,
    )
    if uploaded is None:
        return
    check = check_upload(uploaded.name, uploaded.getvalue(), settings)
    if not check.ok:
        st.error(f"{uploaded.name} was not saved: fix these problems and upload it again.")
        problems_block(check.problems)
        return
    bank_file = check.bank_file
    assert bank_file is not None and bank_file.bank is not None
    bank = bank_file.bank
    items = check.items
    st.success(
        f"{uploaded.name} is valid: '{bank.title}' with {len(bank.prompts)} prompts and "
        f"{len(bank.flashcards)} flashcards."
    )
    if check.problems:
        problems_block(check.problems)
    with st.expander("Preview", expanded=True):
        _plain_table(
            {"Type": [i.kind for i in items], "Question": [i.text for i in items], "Id": [i.id for i in items]}
        )
    if st.button(f"Save '{bank.title}'", type="primary", key="banks_upload_save"):
        target = save_upload(check, settings)
        st.session_state["banks_saved"] = f"Saved '{bank.title}' to {target}."
        st.session_state["banks_upload_generation"] = generation + 1
        st.rerun()


def _plain_table(columns: dict[str, list]) -> None:
    st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch")


def _archived() -> None:
    archived = library_service.archived_items(context.store())
    if archived:
        with st.expander(f"Archived items ({len(archived)}): no longer in any bank, history kept"):
            _plain_table(
                {
                    "Id": [a.id for a in archived],
                    "Last text": [a.text for a in archived],
                    "Bank": [a.bank for a in archived],
                }
            )


def page() -> None:
    library = context.library()
    st.title("Question banks")
    st.caption(
        f"{library.summary()} across {len(library.competencies)} competency areas. "
        "Select a row (or narrow the search to one item) to read it."
    )
    saved = st.session_state.pop("banks_saved", None)
    if saved:
        st.success(saved)
    _broken(library)
    flt = _filters(library)
    items = library_service.filter_items(library, flt)
    st.markdown(f"**{len(items)}** item{'s' * (len(items) != 1)} match.")
    if items:
        selected = _table(library, items)
        if selected is None and len(items) == 1:
            selected = items[0]
        if selected is not None:
            with st.container(border=True):
                item_detail(library, selected)
    else:
        st.info("Nothing matches these filters. Clear a filter or search for another word.")
    _archived()
    st.divider()
    _upload(library)


page()

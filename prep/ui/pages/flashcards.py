"""Flashcards: Anki-style study with FSRS. Counts at the top, front, "Show answer", back, four ratings
that each show the interval they would give, undo, and per-profile scope and settings.

The store decides what comes next on every rerun (an indexed query, never the whole history);
session_state holds only UI state: whether the answer is shown, when the front appeared (for the time
taken), practise-ahead mode, and a message to show once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import streamlit as st
from fsrs import Rating

from prep.banks.loader import Library
from prep.banks.models import Flashcard
from prep.practice.scheduling import LEECH_LAPSES, RATINGS, format_interval
from prep.services import flashcards
from prep.services.flashcards import Counts, Deck, Prefs, Scope, StudyCard
from prep.store.db import Store
from prep.text import inert_markdown
from prep.ui import context
from prep.ui.widgets import competency_name, md

SHOWN = "fc_shown"  # {"item": id, "at": ISO time the front appeared}
REVEALED = "fc_revealed"  # item id whose answer is showing
AHEAD = "fc_ahead_mode"
NOTICE = "fc_notice"
LOADED_FOR = "fc_settings_loaded"  # (profile id, Prefs) the widgets were loaded from or saved as
QUEUE_BADGES = {"new": ("New", "blue"), "learning": ("Learning", "red"), "review": ("Review", "green")}
SETTING_KEYS = ("fc_scope_competencies", "fc_scope_banks", "fc_scope_tags", "fc_retention", "fc_new_per_day")


def _now() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------- scope and settings


def _load_widgets(prefs: Prefs, profile_id: int) -> None:
    """Put the profile's stored settings into the widgets when they are not what the widgets were last
    loaded from or saved as: another profile, a change made elsewhere (the Progress page's drills,
    another tab), or widget state Streamlit dropped on leaving the page. Otherwise the widgets lead."""
    loaded = st.session_state.get(LOADED_FOR)
    if loaded == (profile_id, prefs) and all(k in st.session_state for k in SETTING_KEYS):
        return
    st.session_state["fc_scope_competencies"] = list(prefs.scope.competencies)
    st.session_state["fc_scope_banks"] = list(prefs.scope.banks)
    st.session_state["fc_scope_tags"] = list(prefs.scope.tags)
    st.session_state["fc_retention"] = prefs.desired_retention
    st.session_state["fc_new_per_day"] = prefs.new_per_day
    st.session_state[LOADED_FOR] = (profile_id, prefs)
    st.session_state.pop(AHEAD, None)


def _settings(library: Library, store: Store, profile_id: int) -> Prefs:
    """The scope and settings widgets; a change is saved to the profile at once."""
    prefs = flashcards.load_prefs(store, profile_id)
    options = flashcards.scope_options(library)
    competencies = sorted(options.competencies, key=lambda cid: competency_name(library, cid))
    banks, tags = options.banks, list(options.tags)
    _load_widgets(prefs, profile_id)
    for key, options in (
        ("fc_scope_competencies", competencies),
        ("fc_scope_banks", list(banks)),
        ("fc_scope_tags", tags),
    ):  # a bank removed since the scope was chosen is dropped, not an error
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]
    st.caption("Nothing chosen studies every flashcard. Within a row any choice matches; rows combine.")
    cols = st.columns(3)
    chosen_competencies = cols[0].multiselect(
        "Competencies",
        options=competencies,
        format_func=lambda cid: competency_name(library, cid),
        key="fc_scope_competencies",
    )
    chosen_banks = cols[1].multiselect(
        "Banks", options=list(banks), format_func=lambda b: banks.get(b, b), key="fc_scope_banks"
    )
    chosen_tags = cols[2].multiselect("Tags", options=tags, key="fc_scope_tags")
    cols = st.columns(2)
    retention = cols[0].slider(
        "Desired retention",
        min_value=flashcards.RETENTION_RANGE[0],
        max_value=flashcards.RETENTION_RANGE[1],
        step=0.01,
        key="fc_retention",
        help="The chance of recalling a card when it comes due. Higher means more reviews.",
    )
    per_day = cols[1].number_input(
        "New cards per day",
        min_value=0,
        max_value=flashcards.NEW_PER_DAY_MAX,
        step=1,
        key="fc_new_per_day",
    )
    wanted = replace(
        prefs,
        scope=Scope(tuple(chosen_competencies), tuple(chosen_banks), tuple(chosen_tags)),
        desired_retention=round(float(retention), 2),
        new_per_day=int(per_day),
    )
    if wanted != prefs:
        prefs = flashcards.save_prefs(store, profile_id, wanted)
        st.session_state[LOADED_FOR] = (profile_id, prefs)
        st.session_state.pop(AHEAD, None)
    return prefs


def _scope_label(library: Library, scope: Scope) -> str:
    if scope.is_all:
        return "All flashcards"
    titles = {b.bank: b.title for b in library.banks}
    parts = [
        ", ".join(competency_name(library, c) for c in scope.competencies),
        ", ".join(titles.get(b, b) for b in scope.banks),
        ", ".join(f"#{t}" for t in scope.tags),
    ]
    return inert_markdown("Scope: " + " · ".join(p for p in parts if p))


# ---------------------------------------------------------------- the card


def _counts(counts: Counts) -> None:
    cols = st.columns(3)
    cols[0].metric("New", counts.new, help="New cards left today (your daily limit counts first ratings)")
    cols[1].metric("Learning", counts.learning, help="Cards in their short learning or relearning steps")
    due = f"{flashcards.DUE_COUNT_CAP}+" if counts.due_capped else counts.due
    cols[2].metric("Due", due, help="Review cards due today")


def _rate(store: Store, deck: Deck, card: StudyCard, rating: Rating) -> None:
    now = _now()
    shown = st.session_state.get(SHOWN) or {}
    duration_ms = None
    if shown.get("item") == card.item_id:
        started = datetime.fromisoformat(shown["at"])
        duration_ms = max(int((now - started).total_seconds() * 1000), 0)
    flashcards.rate(store, deck, card.item_id, rating, now, duration_ms)
    st.session_state.pop(SHOWN, None)
    st.session_state.pop(REVEALED, None)
    st.rerun()


def _card(library: Library, store: Store, deck: Deck, card: StudyCard) -> None:
    item = library.items.get(card.item_id)
    if item is None or not isinstance(item.model, Flashcard):
        st.warning(f"Card '{card.item_id}' is no longer in a bank; reload the page to continue.")
        return
    shown = st.session_state.get(SHOWN) or {}
    if shown.get("item") != card.item_id:
        st.session_state[SHOWN] = {"item": card.item_id, "at": _now().isoformat()}
        st.session_state.pop(REVEALED, None)
    with st.container(border=True):
        label, color = ("Ahead", "gray") if card.ahead else QUEUE_BADGES[card.queue]
        where = competency_name(library, item.competency)
        if item.bank_title != where:
            where += f" · {item.bank_title}"
        st.caption(f":{color}-badge[{label}] {inert_markdown(where)}")
        if card.is_leech:
            st.warning(
                f"Leech: forgotten {card.snapshot.lapses} times ({LEECH_LAPSES} or more). "
                "Consider rewriting or splitting this card.",
                icon=":material/bug_report:",
            )
        md(item.model.front)
        if st.session_state.get(REVEALED) != card.item_id:
            if st.button("Show answer", key="fc_show", type="primary", width="stretch"):
                st.session_state[REVEALED] = card.item_id
                st.rerun()
            return
        st.divider()
        md(item.model.back)
        cols = st.columns(4)
        for col, rating in zip(cols, RATINGS, strict=True):
            text = f"{rating.name} · {format_interval(card.intervals[rating])}"
            if col.button(text, key=f"fc_rate_{rating.name.lower()}", width="stretch"):
                _rate(store, deck, card, rating)


def _undo(library: Library, store: Store, deck: Deck) -> None:
    last = flashcards.last_rating(store, deck.profile_id)
    row = st.container(horizontal=True, vertical_alignment="center")
    if row.button("Undo last rating", key="fc_undo", icon=":material/undo:", disabled=last is None):
        undone = flashcards.undo(store, deck)
        if undone is not None:
            item = library.items.get(undone)
            st.session_state[NOTICE] = inert_markdown(f"Undid the rating of “{item.text if item else undone}”.")
        st.session_state.pop(SHOWN, None)
        st.session_state.pop(REVEALED, None)
        st.rerun()
    if last is not None:
        item = library.items.get(last.item_id)
        shown = item.text if item else last.item_id
        row.caption(inert_markdown(f"Last rating: {last.rating.name} on “{shown}”"))


def _nothing_due(store: Store, deck: Deck, counts: Counts) -> None:
    """Nothing to study now: when the next card is due, and the ways to keep going."""
    now = _now()
    next_due = flashcards.next_due_at(store, deck)
    if next_due is None and not counts.more_new:
        st.info(
            "No flashcards in this scope yet. Widen the scope under **Scope and settings**, "
            "or add a bank on the Question banks page."
        )
        return
    if next_due is not None:
        when = next_due.astimezone().strftime("%a %d %b, %H:%M")
        st.success(
            f"You are done for now. The next card is due in {format_interval(next_due - now)} ({when}).",
            icon=":material/check_circle:",
        )
    else:
        st.success("You are done for now.", icon=":material/check_circle:")
    row = st.container(horizontal=True)
    if counts.more_new:
        extra = flashcards.EXTRA_NEW_STEP
        if row.button(
            f"Study {extra} extra new cards",
            key="fc_extra_new",
            help=f"Today's limit of {deck.prefs.new_per_day} new cards is used up; more are waiting.",
        ):
            flashcards.allow_extra_new(store, deck.profile_id, now, extra)
            st.rerun()
    if next_due is not None and row.button(
        "Practise ahead", key="fc_ahead", help="Review the soonest-due cards early."
    ):
        st.session_state[AHEAD] = True
        st.rerun()


def page() -> None:
    settings = context.settings()
    library = context.library()
    store = context.store()
    profile_id = context.profile_id()
    st.title("Flashcards")
    main = st.container()
    with st.expander("Scope and settings"):
        _settings(library, store, profile_id)
    deck = flashcards.open_deck(store, profile_id, library, fuzz=settings.fsrs_fuzz)
    now = _now()
    with main:
        st.caption(
            f"{_scope_label(library, deck.prefs.scope)} · desired retention {deck.retention:.2f} · "
            f"{deck.prefs.new_per_day} new cards a day"
        )
        counts = flashcards.counts(store, deck, now)
        _counts(counts)
        notice = st.session_state.pop(NOTICE, None)
        if notice:
            st.toast(notice, icon=":material/undo:")
        ahead = bool(st.session_state.get(AHEAD))
        card = flashcards.next_card(store, deck, now, ahead=ahead and counts.total == 0)
        if ahead and card is not None and card.ahead:
            cols = st.columns([4, 1])
            cols[0].info("Practising ahead: these cards are not due yet. Rating one reschedules it from now.")
            if cols[1].button("Stop practising ahead", key="fc_ahead_stop"):
                st.session_state.pop(AHEAD, None)
                st.rerun()
        if card is None:
            _nothing_due(store, deck, counts)
        else:
            _card(library, store, deck, card)
        _undo(library, store, deck)


page()

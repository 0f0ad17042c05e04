"""Progress: readiness per area, the three weakest with one-click drills, rubric, trends, answer history,
export and import. The page only draws: numbers come from prep.services.progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from prep.banks.loader import Library
from prep.practice import readiness as rd
from prep.services import progress as progress_service
from prep.services.profiles import list_profiles
from prep.services.progress import HistoryFilter, Progress
from prep.services.transfer import TransferError, default_export_name, export_profile, import_profile
from prep.ui import context, drills
from prep.ui.answers import attempt_block
from prep.ui.widgets import competency_name

DRILLS = [
    ("flashcard", "Drill flashcards", ":material/style:", drills.drill_flashcards),
    ("prompt", "Mock interview on this", ":material/mic:", drills.drill_interview),
]
COLOURS = alt.Scale(domain=[0, 50, 100], range=["#c0392b", "#e6b440", "#2e8b57"])


def _now() -> datetime:
    return datetime.now(UTC)


def _empty_start() -> None:
    st.info(
        "No practice recorded yet for this profile. Drill some flashcards or answer a mock-interview prompt, "
        "and this page will show your readiness per area, your weakest areas and your trends."
    )
    cols = st.columns(2)
    cols[0].page_link("prep/ui/pages/flashcards.py", label="Start with flashcards", icon=":material/style:")
    cols[1].page_link("prep/ui/pages/interview.py", label="Run a mock interview", icon=":material/record_voice_over:")


def _headline(data: Progress) -> None:
    cols = st.columns(4)
    cols[0].metric("Current streak", f"{data.streak} day{'s' * (data.streak != 1)}")
    cols[1].metric("Flashcard reviews", f"{data.totals.get('reviews', 0):,}")
    cols[2].metric("Interview answers", f"{data.totals.get('answers', 0):,}")
    cols[3].metric("Mean readiness", f"{data.readiness['readiness'].mean():.0f} / 100")


def _weakest(library: Library, data: Progress) -> None:
    st.subheader("Your three weakest areas")
    cols = st.columns(3)
    for col, row in zip(cols, rd.weakest(data.readiness).itertuples(), strict=False):
        with col.container(border=True):
            st.markdown(f"**{competency_name(library, row.competency)}**")
            st.metric("Readiness", f"{row.readiness:.0f} / 100", label_visibility="collapsed")
            thin = " · thin sample" if row.thin else ""
            st.caption(
                f"Recall {row.recall:.0%} ({row.cards_studied} of {row.cards_total} cards studied) · "
                f"performance {row.performance:.0%} ({row.answers} answers){thin}"
            )
            kinds = {i.kind for i in library.items.values() if i.competency == row.competency}
            for kind, label, icon, start in DRILLS:
                missing = kind not in kinds
                if st.button(
                    label,
                    key=f"progress_drill_{'cards' if kind == 'flashcard' else 'interview'}_{row.competency}",
                    icon=icon,
                    disabled=missing,
                    help=f"This area has no {kind}s in the loaded banks." if missing else None,
                ):
                    start(row.competency)


def _readiness_chart(library: Library, data: Progress) -> None:
    st.subheader("Readiness by area")
    frame = data.readiness.assign(area=[competency_name(library, c) for c in data.readiness["competency"]])
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("readiness:Q", scale=alt.Scale(domain=[0, 100]), title="Readiness (0-100)"),
            y=alt.Y("area:N", sort="x", title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("readiness:Q", scale=COLOURS, legend=None),
            tooltip=["area", "readiness", "cards_studied", "cards_total", "answers"],
        )
        .properties(height=30 * len(frame) + 20)
    )
    st.altair_chart(chart, width="stretch")
    table = pd.DataFrame(
        {
            "Area": frame["area"],
            "Readiness": frame["readiness"],
            "Recall": (frame["recall"] * 100).round(0),
            "Cards studied": [f"{s} of {t}" for s, t in zip(frame["cards_studied"], frame["cards_total"], strict=True)],
            "Performance": (frame["performance"] * 100).round(0),
            "Answers": frame["answers"],
            "Sample": ["thin" if t else "" for t in frame["thin"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="progress_readiness_table")
    st.caption("How readiness is computed: docs/readiness.md. A thin sample has < 5 studied cards or < 3 answers.")


def _rubric(data: Progress) -> None:
    st.subheader("Rubric across all your answers")
    if data.rubric.empty:
        st.caption("Rate an answer on the Mock interview page to see which rubric dimension is weakest.")
        return
    weakest = data.rubric.iloc[0]
    st.markdown(f"Weakest dimension: **{weakest['name']}** (mean {weakest['mean_score']:.1f} of 5).")
    chart = (
        alt.Chart(data.rubric)
        .mark_bar()
        .encode(
            x=alt.X("mean_score:Q", scale=alt.Scale(domain=[0, 5]), title="Mean self-rating"),
            y=alt.Y("name:N", sort="x", title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=["name", alt.Tooltip("mean_score:Q", format=".2f"), "ratings"],
        )
        .properties(height=40 * len(data.rubric) + 20)
    )
    st.altair_chart(chart, width="stretch")


def _trends(data: Progress) -> None:
    st.subheader("Trends")
    trend = rd.weekly_trend(data.daily)
    left, right = st.columns(2)
    with left:
        st.markdown("**Weekly readiness**")
        if len(trend) < 2:
            st.caption("Practise over two weeks to see a trend line.")
        line = (
            alt.Chart(trend)
            .mark_line(point=True)
            .encode(
                x=alt.X("week:T", title="Week"),
                y=alt.Y("readiness:Q", scale=alt.Scale(domain=[0, 100]), title="Readiness"),
                tooltip=["week:T", "readiness", alt.Tooltip("recall_rate:Q", format=".0%"), "mean_rating"],
            )
        )
        st.altair_chart(line, width="stretch")
    with right:
        st.markdown(f"**Practice calendar** · streak {data.streak} day{'s' * (data.streak != 1)}")
        daily = data.daily.assign(count=data.daily["reviews"] + data.daily["answers"])[["day", "count"]]
        grid = rd.calendar(daily, _now().date())
        heat = (
            alt.Chart(grid)
            .mark_rect(cornerRadius=2)
            .encode(
                x=alt.X("week:O", title=None, axis=alt.Axis(labels=False, ticks=False)),
                y=alt.Y("weekday:N", sort=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], title=None),
                color=alt.Color("count:Q", scale=alt.Scale(scheme="greens"), legend=None),
                tooltip=[alt.Tooltip("day:T", title="Day"), alt.Tooltip("count:Q", title="Items practised")],
            )
        )
        st.altair_chart(heat.properties(height=170), width="stretch")


def _history(library: Library, profile_id: int) -> None:
    st.subheader("Answer history")
    store = context.store()
    cols = st.columns([2, 3, 2, 3])
    areas = sorted(library.competencies)
    competency = cols[0].selectbox(
        "Area",
        [None, *areas],
        format_func=lambda c: "All areas" if c is None else competency_name(library, c),
        key="progress_history_area",
    )
    prompts = {i.id: i.text for i in library.of_kind("prompt") if competency in (None, i.competency)}
    item_id = cols[1].selectbox(
        "Prompt",
        [None, *prompts],
        format_func=lambda p: "All prompts" if p is None else prompts[p][:90],
        key="progress_history_prompt",
    )
    today = _now().date()
    dates = cols[2].date_input("Dates", value=(today - timedelta(days=90), today), key="progress_history_dates")
    text = cols[3].text_input("Search answers", key="progress_history_text", placeholder="e.g. length of stay")
    since, until = (dates[0], dates[1]) if isinstance(dates, tuple) and len(dates) == 2 else (None, None)
    frame = progress_service.answer_history(store, profile_id, HistoryFilter(competency, item_id, since, until, text))
    if frame.empty:
        st.caption("No answers match. Widen the dates or clear the search.")
        return
    shown = pd.DataFrame(
        {
            "When (UTC)": pd.to_datetime(frame["submitted_at"]).dt.strftime("%Y-%m-%d %H:%M"),
            "Area": [competency_name(library, c) for c in frame["competency"]],
            "Prompt": [
                p + (" (archived)" if a else "") for p, a in zip(frame["prompt"], frame["archived"], strict=True)
            ],
            "Overall": frame["overall"],
            "Time": [f"{s:.0f} s" if pd.notna(s) else "" for s in frame["seconds"]],
            "Audio": ["yes" if a else "" for a in frame["audio"]],
        }
    )
    st.caption(f"{len(frame)} answer{'s' * (len(frame) != 1)} (newest first). Select one to re-read it.")
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="progress_history_table",
    )
    rows = event.selection.rows if event is not None else []
    if not rows:
        return
    chosen = frame.iloc[rows[0]]
    views = progress_service.attempts_for(store, profile_id, item_id=str(chosen["item_id"]))
    if len(views) > 1:
        st.markdown(f"**All {len(views)} attempts at this prompt, oldest first**")
        recent = views[-4:]
        for col, view in zip(st.columns(len(recent)), recent, strict=True):
            with col.container(border=True):
                attempt_block(library, view, compact=True)
    else:
        with st.container(border=True):
            attempt_block(library, views[0], compact=False)


def _transfer(profile_id: int) -> None:
    st.subheader("Export and import")
    store, settings = context.store(), context.settings()
    names = {p.id: p.name for p in list_profiles(store)}
    st.caption(
        "Export writes this profile's data as CSV files plus your audio in one zip: a backup you can read, "
        "or a way to move to another machine or to a coach's server. Import loads such a zip into an empty profile."
    )
    cols = st.columns(2)
    with cols[0]:
        if st.button("Prepare export", key="progress_export_prepare", icon=":material/archive:"):
            st.session_state["progress_export"] = export_profile(store, profile_id, settings.audio_dir)
        data = st.session_state.get("progress_export")
        if data:
            st.download_button(
                "Download the zip",
                data,
                file_name=default_export_name(names.get(profile_id, "profile")),
                mime="application/zip",
                key="progress_export_download",
                icon=":material/download:",
            )
    with cols[1]:
        upload = st.file_uploader("Import a zip into this profile", type=["zip"], key="progress_import_file")
        if upload is not None and st.button("Import", key="progress_import", icon=":material/upload:"):
            try:
                counts = import_profile(store, profile_id, upload.getvalue(), settings.audio_dir)
            except TransferError as exc:
                st.error(f"Nothing was imported: {exc}")
            else:
                st.success("Imported " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()) + ".")


def page() -> None:
    library = context.library()
    profile_id = context.profile_id()
    st.title("Progress")
    store = context.store()
    aggregates = progress_service.current_history(store, profile_id)  # kept between reruns until practice
    data = progress_service.progress(store, profile_id, library, _now(), aggregates)
    if data.is_empty:
        _empty_start()
    else:
        st.caption("Where you stand per competency area, what to practise next, and how you are trending.")
        _headline(data)
        _weakest(library, data)
        _readiness_chart(library, data)
        _rubric(data)
        _trends(data)
        _history(library, profile_id)
    st.divider()
    _transfer(profile_id)


page()

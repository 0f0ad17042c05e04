"""Mock interview: a timed panel of prompts, answered by typing or speaking, with instant feedback,
rubric self-rating that reschedules each prompt, and a summary to download.

The store holds the session, drafts, recordings and ratings; session_state only remembers UI
state (which summary is open, a message to show once), so a reload resumes where it stopped.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from prep.banks.loader import Item, Library
from prep.banks.models import FRAMEWORK_HELP, Prompt, Setting
from prep.practice.answer_stats import clock
from prep.practice.scheduling import format_interval
from prep.services import interviews
from prep.services.interviews import AttemptView, InterviewError, Scope, SessionSummary, SessionView
from prep.text import inert_markdown
from prep.ui import context
from prep.ui.answers import coverage_block, stats_block, stored_audio
from prep.ui.widgets import competency_name, md

log = logging.getLogger("prep.ui.interview")

FLASH = "interview_flash"
ERROR = "interview_error"
SUMMARY = "interview_summary"
REDRAW = "interview_redraw"
DIFFICULTY = {1: "1 · foundation", 2: "2 · core", 3: "3 · stretch"}
OVERALL = {1: "1 · weak", 2: "2", 3: "3 · fair", 4: "4", 5: "5 · strong"}
REASONS = ("due", "new", "weak")


def _now() -> datetime:
    return datetime.now(UTC)


def _answer_key(attempt_id: int) -> str:
    return f"interview_answer_{attempt_id}"


def _audio_key(attempt_id: int) -> str:
    return f"interview_audio_{attempt_id}"


def _prompt(item: Item) -> Prompt:
    assert isinstance(item.model, Prompt)
    return item.model


# ---------------------------------------------------------------- callbacks (run before the script)


def _save_draft(profile_id: int, attempt_id: int) -> None:
    key = _answer_key(attempt_id)
    text = st.session_state.get(key, "")
    try:
        stored = interviews.save_draft(context.store(), profile_id, attempt_id, text, _now())
        if stored is not None and stored != text:
            # A blank box does not erase the saved draft: show it again. A countdown rerun only
            # redraws the clock, so it asks for a whole-page run to redraw the box too.
            st.session_state[key] = stored
            st.session_state[REDRAW] = True
    except Exception as exc:  # the text stays in the box; say so in one line
        log.exception("draft not saved")
        st.session_state[ERROR] = f"Your draft could not be saved ({exc}); it is still in the box."


def _save_recording(profile_id: int, attempt_id: int) -> None:
    recording = st.session_state.get(_audio_key(attempt_id))
    if recording is None:
        return  # clearing the widget keeps the recording already stored
    try:
        interviews.save_audio(
            context.store(), profile_id, attempt_id, recording.getvalue(), context.settings().audio_dir, _now()
        )
    except InterviewError as exc:
        st.session_state[ERROR] = f"The recording was not kept: {exc}."
    except OSError as exc:
        log.exception("recording not saved")
        st.session_state[ERROR] = f"The recording could not be written to the data folder ({exc})."


# ---------------------------------------------------------------- set-up


def _scope_form(library: Library) -> tuple[Scope, int]:
    prompts = library.of_kind("prompt")
    areas = sorted({i.competency for i in prompts}, key=lambda c: competency_name(library, c))
    banks = {b.bank: b.title for b in library.banks if b.prompts}
    with st.container(border=True):
        cols = st.columns([1, 3, 3])
        count = cols[0].number_input(
            "Prompts", 1, interviews.MAX_PROMPTS, interviews.DEFAULT_PROMPTS, key="interview_count"
        )
        chosen_areas = cols[1].multiselect(
            "Competency areas",
            areas,
            format_func=lambda c: competency_name(library, c),
            key="interview_areas",
            placeholder="All areas",
        )
        chosen_banks = cols[2].multiselect(
            "Banks", list(banks), format_func=banks.get, key="interview_banks", placeholder="All banks"
        )
        cols = st.columns(2)
        settings = cols[0].multiselect(
            "Setting",
            [s.value for s in Setting],
            format_func=str.capitalize,
            key="interview_settings",
            placeholder="Any setting",
            help="Prompts written for no particular setting are always included.",
        )
        difficulties = cols[1].multiselect(
            "Difficulty",
            list(DIFFICULTY),
            format_func=DIFFICULTY.get,
            key="interview_difficulty",
            placeholder="Any difficulty",
        )
    scope = Scope(tuple(chosen_areas), tuple(chosen_banks), tuple(settings), tuple(difficulties))
    return scope, int(count)


def _setup(library: Library, profile_id: int) -> None:
    st.caption(
        "A panel asks one open question at a time against the clock, as a board or search committee "
        "would. Answer aloud, type, or both; then see which talking points you covered, rate yourself "
        "on the rubric, and weak answers come back sooner."
    )
    scope, count = _scope_form(library)
    store = context.store()
    matching = len(interviews.candidate_prompts(library, scope))
    choices = interviews.plan(store, profile_id, library, scope, count, _now())
    if not choices:
        st.info("No prompt matches this scope. Clear a filter to widen it.")
        return
    by_reason = {r: sum(c.reason == r for c in choices) for r in REASONS}
    st.markdown(
        f"**{matching}** prompt{'s' * (matching != 1)} match. This panel asks **{len(choices)}**: "
        f"{by_reason['due']} due for re-practice, {by_reason['new']} never answered, "
        f"{by_reason['weak']} from weaker areas."
    )
    items = [library.items[c.item_id] for c in choices]
    st.dataframe(
        pd.DataFrame(
            {
                "#": range(1, len(items) + 1),
                "Prompt": [i.text for i in items],
                "Area": [competency_name(library, i.competency) for i in items],
                "Time": [clock(_prompt(i).time_limit) for i in items],
                "Why": [c.detail for c in choices],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"Prompt": st.column_config.TextColumn(width="large")},
    )
    if st.button("Start the panel", type="primary", key="interview_start", icon=":material/play_arrow:"):
        session_id = interviews.start_session(store, profile_id, library, scope, count, _now())
        interviews.open_attempt(store, profile_id, session_id, 0, _now())
        st.session_state.pop(SUMMARY, None)
        st.rerun()


def _past(profile_id: int) -> None:
    past = [p for p in interviews.past_sessions(context.store(), profile_id) if p.ended_at is not None]
    if not past:
        return
    st.subheader("Past panels")
    labels = {
        p.id: f"{p.started_at:%Y-%m-%d %H:%M} UTC · {p.answered} of {p.planned} answered"
        + (f" · average {p.mean_overall:.1f}/5" if p.mean_overall is not None else "")
        for p in past
    }
    cols = st.columns([4, 1], vertical_alignment="bottom")
    chosen = cols[0].selectbox("Panel", list(labels), format_func=labels.get, key="interview_past")
    if cols[1].button("Show summary", key="interview_show_past", width="stretch"):
        st.session_state[SUMMARY] = chosen
        st.rerun()


# ---------------------------------------------------------------- one prompt


@st.fragment(run_every=1)
def _countdown(started_at: datetime, limit: int) -> None:
    """Reruns on its own every second, so the clock moves while the candidate types."""
    if st.session_state.pop(REDRAW, False):
        st.rerun()
    elapsed = (_now() - started_at).total_seconds()
    left = limit - elapsed
    if left > 0:
        st.progress(min(elapsed / limit, 1.0), text=f":material/timer: **{clock(left)}** left of {clock(limit)}")
    else:
        st.progress(1.0, text=f":material/timer_off: **0:00** of {clock(limit)} · {clock(-left)} over")
        st.warning("Time's up — finish your answer", icon=":material/timer_off:")


def _prompt_card(library: Library, item: Item, view: SessionView, position: int) -> None:
    prompt = _prompt(item)
    entry = view.plan[position]
    with st.container(border=True):
        area = competency_name(library, item.competency)
        where = [area] if item.bank_title == area else [area, item.bank_title]
        st.caption(inert_markdown(" · ".join([*where, entry.detail[:1].upper() + entry.detail[1:]])))
        md("#### " + " ".join(prompt.prompt.split()))
        st.caption(f"Suggested structure ({prompt.framework.value}): {FRAMEWORK_HELP[prompt.framework]}")


def _answer(profile_id: int, item: Item, attempt: AttemptView) -> None:
    prompt = _prompt(item)
    _countdown(attempt.started_at, prompt.time_limit)
    key = _answer_key(attempt.id)
    if key not in st.session_state:
        st.session_state[key] = attempt.answer_text  # the store's draft, after a reload
    st.text_area(
        "Your answer",
        key=key,
        height=260,
        max_chars=interviews.MAX_ANSWER_CHARS,
        on_change=_save_draft,
        args=(profile_id, attempt.id),
        placeholder="Type your answer. The draft is saved each time you click outside this box.",
        help="Saved as you write. Emptying the box does not erase a saved draft; type over it instead.",
    )
    if attempt.answer_text:
        st.caption(f"Draft saved at {attempt.updated_at:%H:%M:%S} UTC.")
    st.audio_input(
        "Or speak your answer",
        key=_audio_key(attempt.id),
        on_change=_save_recording,
        args=(profile_id, attempt.id),
        help="The recording is kept in your data folder to play back later; it is not transcribed.",
    )
    stored_audio(attempt, "Saved recording")
    if st.button("Submit answer", type="primary", key="interview_submit", icon=":material/send:"):
        text = st.session_state.get(key, "")
        try:
            interviews.submit_answer(context.store(), profile_id, attempt.id, text, prompt, _now())
        except InterviewError as exc:
            st.error(f"Not submitted: {exc}.")
            return
        st.rerun()


# ---------------------------------------------------------------- feedback and rating


def _feedback(item: Item, attempt: AttemptView) -> None:
    prompt = _prompt(item)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Your answer")
        with st.container(border=True):
            if attempt.answer_text.strip():
                md(attempt.answer_text)
            else:
                st.caption("Spoken only: coverage and statistics need typed text.")
            stored_audio(attempt, "Your recording")
        stats_block(attempt.stats, attempt, prompt.time_limit)
    with right:
        coverage_block(attempt.coverage)
        st.subheader("Follow-up questions")
        if prompt.follow_ups:
            md("\n".join(f"- {q}" for q in prompt.follow_ups))
        else:
            st.caption("This prompt has no follow-up questions.")


def _rating_form(library: Library, profile_id: int, attempt: AttemptView) -> None:
    st.subheader("Rate your answer")
    dimensions = library.rubric.dimensions if library.rubric else []
    with st.form(key=f"interview_rate_{attempt.id}", border=True):
        for d in dimensions:
            text, choice = st.columns([3, 2], vertical_alignment="center")
            text.markdown(f"**{inert_markdown(d.name)}**")
            text.caption(inert_markdown(" · ".join(f"**{n}** {d.levels[n]}" for n in sorted(d.levels))))
            choice.radio(
                d.name,
                [1, 2, 3, 4, 5],
                index=None,
                horizontal=True,
                key=f"interview_score_{attempt.id}_{d.id}",
                label_visibility="collapsed",
            )
        text, choice = st.columns([3, 2], vertical_alignment="center")
        text.markdown("**Overall**")
        text.caption("Also reschedules this prompt: 1–2 soon again, 3 hard, 4 good, 5 easy.")
        choice.radio(
            "Overall",
            list(OVERALL),
            format_func=OVERALL.get,
            index=None,
            horizontal=True,
            key=f"interview_overall_{attempt.id}",
            label_visibility="collapsed",
        )
        st.text_area("Note to self", key=f"interview_note_{attempt.id}", max_chars=interviews.MAX_NOTE_CHARS)
        saved = st.form_submit_button("Save ratings", type="primary", key="interview_save_ratings")
    if not saved:
        return
    scores = {d.id: st.session_state.get(f"interview_score_{attempt.id}_{d.id}") for d in dimensions}
    overall = st.session_state.get(f"interview_overall_{attempt.id}")
    if overall is None or any(v is None for v in scores.values()):
        st.error("Rate every dimension and the overall answer before saving.")
        return
    note = st.session_state.get(f"interview_note_{attempt.id}", "")
    try:
        after = interviews.save_ratings(
            context.store(), profile_id, attempt.id, scores, overall, note, library.rubric, _now()
        )
    except InterviewError as exc:
        st.error(f"Not saved: {exc}.")
        return
    st.session_state[FLASH] = f"Ratings saved. This prompt comes back in {format_interval(after.due - _now())}."
    st.rerun()


def _advance(library: Library, profile_id: int, view: SessionView, position: int) -> None:
    store = context.store()
    nxt = view.next_position(position, library)
    if nxt is not None:
        if st.button("Next prompt", type="primary", key="interview_next", icon=":material/arrow_forward:"):
            interviews.open_attempt(store, profile_id, view.id, nxt, _now())
            st.rerun()
        return
    if st.button("Finish the panel", type="primary", key="interview_finish", icon=":material/flag:"):
        interviews.end_session(store, profile_id, view.id, _now())
        st.session_state[SUMMARY] = view.id
        st.rerun()


def _run(library: Library, profile_id: int, view: SessionView) -> None:
    store = context.store()
    position = view.current_position
    total = len(view.plan)
    cols = st.columns([5, 1], vertical_alignment="center")
    cols[0].progress(view.answered / total, text=f"Prompt **{position + 1}** of {total} · {view.answered} answered")
    if cols[1].button("End panel", key="interview_end", width="stretch", icon=":material/stop:"):
        interviews.end_session(store, profile_id, view.id, _now())
        st.session_state[SUMMARY] = view.id
        st.rerun()
    entry = view.plan[position]
    item = library.items.get(entry.item_id)
    if item is None or not isinstance(item.model, Prompt):
        st.warning(f"Prompt {position + 1} ('{entry.item_id}') is no longer in any bank; skip it.")
        _advance(library, profile_id, view, position)
        return
    attempt = view.attempts.get(position) or interviews.open_attempt(store, profile_id, view.id, position, _now())
    _prompt_card(library, item, view, position)
    if not attempt.submitted:
        _answer(profile_id, item, attempt)
        return
    attempt = interviews.ensure_feedback(store, profile_id, attempt.id, item.model)
    _feedback(item, attempt)
    if not attempt.rated:
        _rating_form(library, profile_id, attempt)
        return
    st.success(f"Rated {attempt.overall_rating}/5 overall.", icon=":material/task_alt:")
    _advance(library, profile_id, view, position)


# ---------------------------------------------------------------- summary


def _summary_details(summary: SessionSummary) -> None:
    for row in summary.rows:
        attempt = row.attempt
        if attempt is None:
            continue
        title = f"{row.position + 1}. {' '.join(row.prompt.split())}"
        with st.expander(inert_markdown(title[:140]), expanded=False):
            st.caption(inert_markdown(f"{row.competency} · {row.status}"))
            if not attempt.submitted:
                md(attempt.answer_text or "(empty draft)")
                continue
            if attempt.answer_text.strip():
                md(attempt.answer_text)
            stored_audio(attempt, "Recording")
            if attempt.coverage is not None:
                md("\n".join(f"- {'✓' if p.covered else '✗'} {p.point}" for p in attempt.coverage.points))
            if attempt.stats is not None:
                st.caption(interviews.stats_line(attempt.stats))
            scored = [f"{name} **{score}**" for name, score in row.scores if score is not None]
            if scored:
                st.markdown(inert_markdown(" · ".join(scored)))
            if attempt.note.strip():
                md("**Note to self:** " + attempt.note)


def _summary(library: Library, profile_id: int, session_id: int) -> None:
    view = interviews.load_session(context.store(), profile_id, session_id)
    if view is None:
        st.session_state.pop(SUMMARY, None)
        st.info("That panel is no longer in the store.")
        return
    summary = interviews.summarise(view, library)
    st.subheader("Panel summary")
    st.caption(f"{summary.started_at:%Y-%m-%d %H:%M} UTC · {inert_markdown(summary.scope)}")
    mean, share = summary.mean_overall, summary.coverage_share
    cols = st.columns(4)
    cols[0].metric("Answered", f"{len(summary.submitted)} of {len(summary.rows)}")
    cols[1].metric("Time used", clock(summary.seconds_used))
    cols[2].metric("Talking points covered", "-" if share is None else f"{share:.0%}")
    cols[3].metric("Average overall", "-" if mean is None else f"{mean:.1f}/5")
    st.dataframe(
        pd.DataFrame(
            {
                "#": [r.position + 1 for r in summary.rows],
                "Prompt": [r.prompt for r in summary.rows],
                "Status": [r.status for r in summary.rows],
                "Time used": [clock(r.attempt.seconds_used) if r.attempt else "-" for r in summary.rows],
                "Covered": [
                    r.attempt.coverage.label() if r.attempt and r.attempt.coverage else "-" for r in summary.rows
                ],
                "Overall": [
                    f"{r.attempt.overall_rating}/5" if r.attempt and r.attempt.rated else "-" for r in summary.rows
                ],
                "Note": [r.attempt.note if r.attempt else "" for r in summary.rows],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"Prompt": st.column_config.TextColumn(width="large")},
    )
    _summary_details(summary)
    cols = st.columns([2, 2, 3])
    cols[0].download_button(
        "Download the report (Markdown)",
        data=interviews.report_markdown(summary),
        file_name=f"mock-interview-{summary.started_at:%Y-%m-%d-%H%M}.md",
        mime="text/markdown",
        key="interview_download",
        type="primary",
        icon=":material/download:",
        on_click="ignore",
    )
    if cols[1].button("Set up a new panel", key="interview_new", icon=":material/refresh:"):
        st.session_state.pop(SUMMARY, None)
        st.rerun()


def page() -> None:
    library = context.library()
    profile_id = context.profile_id()
    st.title("Mock interview")
    for key, show in ((FLASH, st.success), (ERROR, st.error)):
        message = st.session_state.pop(key, None)
        if message:
            show(message)
    view = interviews.open_session(context.store(), profile_id)
    if view is not None and view.plan:
        _run(library, profile_id, view)
        return
    summary_id = st.session_state.get(SUMMARY)
    if summary_id is not None:
        _summary(library, profile_id, summary_id)
        return
    _setup(library, profile_id)
    _past(profile_id)


page()

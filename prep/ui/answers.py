"""Showing a recorded answer: its recording, talking-point coverage and statistics, and a whole attempt.

Shared by the Mock interview page (feedback right after submitting) and the Progress page (history).
"""

from __future__ import annotations

import streamlit as st

from prep.banks.loader import Library
from prep.practice.answer_stats import AnswerStats, clock
from prep.practice.coverage import Coverage
from prep.services import interviews
from prep.services.interviews import AttemptView
from prep.text import inert_markdown
from prep.ui import context
from prep.ui.widgets import md


def stored_audio(attempt: AttemptView, label: str) -> None:
    path = interviews.audio_file(context.settings().audio_dir, attempt)
    if path is None:
        return
    length = f" ({clock(attempt.audio_seconds)})" if attempt.audio_seconds is not None else ""
    st.caption(f"{label}{length}")
    st.audio(path.read_bytes(), format="audio/wav")


def coverage_block(cov: Coverage | None) -> None:
    st.subheader("Talking points")
    if cov is None or not cov.points:
        return
    st.markdown(f"**{cov.covered} of {cov.total}** covered by your typed answer.")
    for point in cov.points:
        mark = (
            ":green[:material/check_circle: **Covered**]"
            if point.covered
            else (":orange[:material/radio_button_unchecked: **Not covered**]")
        )
        md(f"{mark} · {point.point}")
        matched = ", ".join(f"`{w}`" for w in point.matched) or "none"
        missing = ", ".join(f"`{w}`" for w in point.missing) or "none"
        st.caption(f"matched: {matched} · missing: {missing} · needs {point.needed} of {len(point.words)}")


def stats_block(stats: AnswerStats | None, attempt: AttemptView, limit: int) -> None:
    st.subheader("Statistics")
    if stats is None:
        return
    cols = [*st.columns(3), *st.columns(3)]
    cols[0].metric("Words", stats.words)
    spare = limit - stats.speaking_seconds
    cols[1].metric(
        "Speaking time",
        clock(stats.speaking_seconds),
        f"{clock(abs(spare))} {'over' if spare < 0 else 'to spare'} of {clock(limit)}",
        delta_color="inverse" if spare < 0 else "normal",
        help="Estimated at 140 words a minute.",
    )
    cols[2].metric("Time used", clock(attempt.seconds_used), help="From the prompt appearing to submitting.")
    cols[3].metric("Filler words", stats.filler_total)
    cols[4].metric("Hedges", stats.hedge_total)
    share = stats.i_share
    cols[5].metric("“I” vs “we”", "-" if share is None else f"{share:.0%} / {1 - share:.0%}")
    details = [
        "fillers: " + (", ".join(f"{w} ×{n}" for w, n in stats.fillers.items()) or "none"),
        "hedges: " + (", ".join(f"{w} ×{n}" for w, n in stats.hedges.items()) or "none"),
        "figures: " + (", ".join(f"`{f}`" for f in stats.figures) or "none: add a number, a percentage or money"),
        f"I ×{stats.i_count}, we ×{stats.we_count}",
    ]
    st.caption(inert_markdown(" · ".join(details)))
    st.caption('"like" counts as a filler except after "would" or "I\'d"; "kind of"/"sort of" count anywhere.')


def attempt_block(library: Library, attempt: AttemptView, *, compact: bool) -> None:
    """A submitted attempt re-read from history: answer, recording, ratings, coverage and statistics."""
    when = f"{attempt.submitted_at:%Y-%m-%d %H:%M} UTC" if attempt.submitted_at else "not submitted"
    overall = f"overall {attempt.overall_rating}/5" if attempt.overall_rating else "not rated"
    st.caption(f"{when} · {overall} · time used {clock(attempt.seconds_used)}")
    if attempt.answer_text.strip():
        md(attempt.answer_text)
    else:
        st.caption("Spoken only.")
    stored_audio(attempt, "Recording")
    if attempt.scores:
        names = {d.id: d.name for d in library.rubric.dimensions} if library.rubric else {}
        st.markdown(inert_markdown(" · ".join(f"{names.get(k, k)} **{v}**" for k, v in sorted(attempt.scores.items()))))
    if attempt.note.strip():
        md(f"*Note to self:* {attempt.note}")
    if compact:
        if attempt.coverage is not None:
            st.caption(f"Talking points covered: {attempt.coverage.covered} of {attempt.coverage.total}")
        return
    coverage_block(attempt.coverage)
    item = library.items.get(attempt.item_id)
    limit = getattr(item.model, "time_limit", 120) if item is not None else 120
    stats_block(attempt.stats, attempt, limit)

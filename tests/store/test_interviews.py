"""The interview service against a real store: planning, drafts, recordings, submitting, rating, reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from prep.banks.loader import Library, load_library
from prep.config import load_settings
from prep.services import interviews
from prep.services import library as library_service
from prep.services.interviews import InterviewError, Scope
from prep.services.profiles import create_profile, update_profile_settings
from prep.store.db import open_store
from prep.store.schema import Attempt, CardState, Rating, ReviewLog
from tests.fixtures.audio.wav import wav_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "banks"
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FIVE_YEARS = "alpha-pr-five-years"
RESISTANCE = "alpha-pr-resistance"
GOOD_ANSWER = (
    "Headline: our vision is an integrated system. Two priorities, sequenced: first access, then "
    "quality, accepting the trade-offs. Um, I think we cut waits by 30%."
)


@pytest.fixture
def library(store) -> Library:
    lib = load_library([FIXTURES])
    library_service.sync_items(store, lib)
    return lib


@pytest.fixture
def pid(store) -> int:
    return store.default_profile_id()


def _prompt(library: Library, item_id: str):
    return library.items[item_id].model


def _start(store, pid, library, count=2, now=NOW) -> tuple[int, interviews.AttemptView]:
    session_id = interviews.start_session(store, pid, library, Scope(), count, now)
    return session_id, interviews.open_attempt(store, pid, session_id, 0, now)


def _scores(library: Library, score: int = 4) -> dict[str, int]:
    return {d.id: score for d in library.rubric.dimensions}


def test_scope_filters_by_area_bank_setting_and_difficulty(library: Library) -> None:
    def ids(scope: Scope) -> list[str]:
        return [i.id for i in interviews.candidate_prompts(library, scope)]

    assert ids(Scope()) == [FIVE_YEARS, RESISTANCE]
    assert ids(Scope(competencies=("transformation",))) == [RESISTANCE]
    # a prompt written for no setting suits every setting
    assert ids(Scope(settings=("payer",))) == [FIVE_YEARS]
    assert ids(Scope(settings=("hospital",))) == [FIVE_YEARS, RESISTANCE]
    assert ids(Scope(difficulties=(1, 3))) == []
    assert ids(Scope(banks=("beta",))) == []
    assert Scope.from_dict(Scope(("a",), ("b",), ("payer",), (2,)).to_dict()) == Scope(("a",), ("b",), ("payer",), (2,))


def test_plan_puts_due_prompts_first_then_never_answered(store, pid, library: Library) -> None:
    assert [c.reason for c in interviews.plan(store, pid, library, Scope(), 5, NOW)] == ["new", "new"]
    session_id, first = _start(store, pid, library)
    assert first.item_id == FIVE_YEARS
    interviews.submit_answer(store, pid, first.id, GOOD_ANSWER, _prompt(library, FIVE_YEARS), NOW)
    interviews.save_ratings(store, pid, first.id, _scores(library, 1), 1, "", library.rubric, NOW)
    later = NOW + timedelta(days=2)
    chosen = interviews.plan(store, pid, library, Scope(), 5, later)
    assert [(c.item_id, c.reason) for c in chosen] == [(FIVE_YEARS, "due"), (RESISTANCE, "new")]


def test_empty_scope_is_refused(store, pid, library: Library) -> None:
    with pytest.raises(InterviewError, match="no prompt matches this scope"):
        interviews.start_session(store, pid, library, Scope(difficulties=(3,)), 5, NOW)
    with pytest.raises(InterviewError, match="1 to 20"):
        interviews.start_session(store, pid, library, Scope(), 0, NOW)


def test_draft_is_kept_and_found_again_by_a_fresh_store(store, pid, library: Library) -> None:
    session_id, attempt = _start(store, pid, library)
    assert interviews.open_attempt(store, pid, session_id, 0, NOW + timedelta(minutes=5)).id == attempt.id
    assert interviews.save_draft(store, pid, attempt.id, "First thoughts on the vision", NOW) == (
        "First thoughts on the vision"
    )
    # a blank box (a reconnecting browser can send one) never erases a written draft
    assert interviews.save_draft(store, pid, attempt.id, "  ", NOW) == "First thoughts on the vision"
    reopened = open_store(load_settings().database_url)
    view = interviews.open_session(reopened, pid)
    assert view is not None and view.id == session_id
    assert view.current_position == 0
    assert view.attempts[0].answer_text == "First thoughts on the vision"
    assert view.attempts[0].status == "draft" and view.attempts[0].started_at == NOW


def test_submit_commits_before_feedback_and_is_final(store, pid, library: Library, monkeypatch) -> None:
    _session_id, attempt = _start(store, pid, library)
    prompt = _prompt(library, FIVE_YEARS)

    def broken(*_args):
        raise RuntimeError("feedback failed")

    monkeypatch.setattr(interviews, "coverage", broken)
    with pytest.raises(RuntimeError, match="feedback failed"):
        interviews.submit_answer(store, pid, attempt.id, GOOD_ANSWER, prompt, NOW + timedelta(seconds=95))
    with store.read() as s:
        row = s.get(Attempt, attempt.id)
        assert (row.status, row.answer_text, row.seconds_used) == ("submitted", GOOD_ANSWER, 95.0)
        assert row.coverage is None
    monkeypatch.undo()
    done = interviews.ensure_feedback(store, pid, attempt.id, prompt)
    assert done.coverage is not None and done.coverage.label() == "3/3"
    assert done.stats is not None and done.stats.fillers == {"um": 1} and done.stats.figures == ("30%",)
    # a late draft save or a second submit changes nothing
    assert interviews.save_draft(store, pid, attempt.id, "overwritten", NOW) is None
    again = interviews.submit_answer(store, pid, attempt.id, "other", prompt, NOW + timedelta(hours=1))
    assert again.answer_text == GOOD_ANSWER and again.seconds_used == 95.0


def test_empty_answer_without_recording_is_refused(store, pid, library: Library) -> None:
    _session_id, attempt = _start(store, pid, library)
    with pytest.raises(InterviewError, match="type an answer or record one"):
        interviews.submit_answer(store, pid, attempt.id, "   ", _prompt(library, FIVE_YEARS), NOW)
    with store.read() as s:
        assert s.get(Attempt, attempt.id).status == "draft"


def test_wav_recording_is_stored_by_attempt_id_with_its_length(store, pid, library: Library, tmp_path) -> None:
    audio_dir = tmp_path / "audio"
    _session_id, attempt = _start(store, pid, library)
    saved = interviews.save_audio(store, pid, attempt.id, wav_bytes(2.0), audio_dir, NOW)
    assert saved.audio_path == f"attempt-{attempt.id}.wav"
    assert saved.audio_seconds == pytest.approx(2.0)
    assert interviews.audio_file(audio_dir, saved) == (audio_dir / f"attempt-{attempt.id}.wav").resolve()
    assert (audio_dir / saved.audio_path).read_bytes() == wav_bytes(2.0)
    # a spoken-only answer may be submitted
    submitted = interviews.submit_answer(store, pid, attempt.id, "", _prompt(library, FIVE_YEARS), NOW)
    assert submitted.submitted and submitted.coverage.covered == 0 and submitted.stats.words == 0
    with pytest.raises(InterviewError, match="already submitted"):
        interviews.save_audio(store, pid, attempt.id, wav_bytes(1.0), audio_dir, NOW)
    assert interviews.audio_file(audio_dir, submitted).read_bytes() == wav_bytes(2.0)


def test_other_audio_is_kept_without_a_length_and_replaces_the_last(store, pid, library, tmp_path) -> None:
    audio_dir = tmp_path / "audio"
    _session_id, attempt = _start(store, pid, library)
    interviews.save_audio(store, pid, attempt.id, wav_bytes(1.0), audio_dir, NOW)
    saved = interviews.save_audio(store, pid, attempt.id, b"OggS\x00not a wav", audio_dir, NOW)
    assert saved.audio_path == f"attempt-{attempt.id}.audio" and saved.audio_seconds is None
    assert sorted(p.name for p in audio_dir.iterdir()) == [f"attempt-{attempt.id}.audio"]
    with pytest.raises(InterviewError, match="empty"):
        interviews.save_audio(store, pid, attempt.id, b"", audio_dir, NOW)


def test_a_stored_path_outside_the_audio_folder_is_never_served(store, pid, library, tmp_path) -> None:
    _session_id, attempt = _start(store, pid, library)
    outside = tmp_path / "secret.wav"
    outside.write_bytes(b"RIFF")
    with store.transaction() as s:
        s.get(Attempt, attempt.id).audio_path = "../secret.wav"
    view = interviews.open_session(store, pid)
    assert interviews.audio_file(tmp_path / "audio", view.attempts[0]) is None


def test_ratings_are_saved_and_reschedule_the_prompt(store, pid, library: Library) -> None:
    update_profile_settings(store, pid, desired_retention=0.95)
    _session_id, attempt = _start(store, pid, library)
    interviews.submit_answer(store, pid, attempt.id, GOOD_ANSWER, _prompt(library, FIVE_YEARS), NOW)
    with pytest.raises(InterviewError, match="not a rubric dimension"):
        interviews.save_ratings(store, pid, attempt.id, {"charisma": 3}, 3, "", library.rubric, NOW)
    with pytest.raises(InterviewError, match="overall rating is 1 to 5"):
        interviews.save_ratings(store, pid, attempt.id, _scores(library), 6, "", library.rubric, NOW)
    scores = {**_scores(library, 4), "structure": 2}
    after = interviews.save_ratings(store, pid, attempt.id, scores, 4, "Lead with the number", library.rubric, NOW)
    assert after.due > NOW and after.reps == 1
    with store.read() as s:
        row = s.get(Attempt, attempt.id)
        assert (row.overall_rating, row.note) == (4, "Lead with the number")
        stored = dict(s.execute(select(Rating.dimension, Rating.score).where(Rating.attempt_id == attempt.id)).all())
        assert stored == scores
        log = s.scalars(select(ReviewLog)).one()
        assert (log.item_id, log.rating, log.source) == (FIVE_YEARS, 3, "interview")
        assert s.get(CardState, (pid, FIVE_YEARS)).due == after.due
    with pytest.raises(InterviewError, match="already rated"):
        interviews.save_ratings(store, pid, attempt.id, scores, 2, "", library.rubric, NOW)


def test_rating_before_submitting_is_refused(store, pid, library: Library) -> None:
    _session_id, attempt = _start(store, pid, library)
    with pytest.raises(InterviewError, match="submit the answer before rating"):
        interviews.save_ratings(store, pid, attempt.id, _scores(library), 3, "", library.rubric, NOW)


def test_another_profile_cannot_touch_an_answer(store, pid, library: Library) -> None:
    _session_id, attempt = _start(store, pid, library)
    other = create_profile(store, "Other")
    with pytest.raises(InterviewError, match="no longer exists for this profile"):
        interviews.save_draft(store, other, attempt.id, "hijack", NOW)
    assert interviews.open_session(store, other) is None
    assert interviews.load_session(store, other, _session_id) is None


def test_starting_a_panel_closes_the_open_one(store, pid, library: Library) -> None:
    first, _ = _start(store, pid, library)
    second, _ = _start(store, pid, library, count=1, now=NOW + timedelta(minutes=1))
    assert interviews.open_session(store, pid).id == second
    assert interviews.load_session(store, pid, first).ended_at is not None


def test_summary_and_report_of_a_two_prompt_panel(store, pid, library: Library) -> None:
    session_id, first = _start(store, pid, library)
    interviews.submit_answer(
        store, pid, first.id, GOOD_ANSWER, _prompt(library, FIVE_YEARS), NOW + timedelta(seconds=100)
    )
    interviews.save_ratings(store, pid, first.id, _scores(library, 3), 3, "Shorter set-up", library.rubric, NOW)
    view = interviews.open_session(store, pid)
    assert view.next_position(0, library) == 1
    second = interviews.open_attempt(store, pid, session_id, 1, NOW + timedelta(minutes=3))
    interviews.save_draft(store, pid, second.id, "unfinished thought", NOW)
    interviews.end_session(store, pid, session_id, NOW + timedelta(minutes=5))
    assert interviews.open_session(store, pid) is None
    summary = interviews.summarise(interviews.load_session(store, pid, session_id), library)
    assert [r.status for r in summary.rows] == ["rated", "draft kept, not submitted"]
    assert summary.mean_overall == 3 and summary.coverage_share == 1.0 and summary.seconds_used == 100
    report = interviews.report_markdown(summary)
    assert report.startswith("# Mock interview, 2026-03-01 09:00 UTC\n")
    assert "- Answered: 1 of 2 prompts, time used 1:40" in report
    assert "## 1. Where should we be in five years?" in report
    assert "- Strategy & vision · rated · time used 1:40 of 2:00" in report
    assert (
        "- Talking points covered: 3/3 (✓ Headline vision; ✓ Two or three priorities; ✓ Sequencing and trade-offs)"
        in report
    )
    assert "Structure 3, Strategic framing 3" in report and "overall 3/5" in report
    assert "- Note to self: Shorter set-up" in report
    assert "> Headline: our vision is an integrated system." in report
    assert (
        "## 2. Tell us about a change you led that met resistance.\n\n"
        "- Transformation & change · draft kept, not submitted" in report
    )
    assert "unfinished thought" not in report
    past = interviews.past_sessions(store, pid)
    assert [(p.id, p.answered, p.planned, p.mean_overall) for p in past] == [(session_id, 1, 2, 3.0)]

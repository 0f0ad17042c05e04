"""The Mock interview page in AppTest: a whole panel, drafts that outlive the session, the countdown."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from prep.config import load_settings
from prep.store.db import open_store
from prep.store.schema import Attempt, CardState, PracticeSession, Rating, ReviewLog
from tests.app.helpers import open_page, texts
from tests.fixtures.audio.wav import wav_bytes

PAGE = "prep/ui/pages/interview.py"
DIMENSIONS = ["structure", "strategic-framing", "evidence-metrics", "stakeholders-governance", "executive-presence"]
ANSWER = (
    "Headline: in five years we are the region's integrated system. Two priorities: access, then "
    "quality, with the trade-offs explained. Um, I think we can cut waits by 30% and save $4M."
)


def _progress(at: AppTest) -> str:
    return " ".join(p.proto.text for p in at.get("progress"))


def _store():
    return open_store(load_settings().database_url)


def _attempt_id(at: AppTest) -> int:
    keys = [w.key for w in at.text_area if w.key and w.key.startswith("interview_answer_")]
    assert len(keys) == 1, keys
    return int(keys[0].rsplit("_", 1)[1])


def _start(count: int = 2) -> AppTest:
    at = open_page(PAGE)
    at.number_input(key="interview_count").set_value(count).run()
    at.button(key="interview_start").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _rate(at: AppTest, attempt_id: int, scores: list[int], overall: int, note: str) -> None:
    for dimension, score in zip(DIMENSIONS, scores, strict=True):
        at.radio(key=f"interview_score_{attempt_id}_{dimension}").set_value(score)
    at.radio(key=f"interview_overall_{attempt_id}").set_value(overall)
    at.text_area(key=f"interview_note_{attempt_id}").set_value(note)
    at.button(key="interview_save_ratings").click().run()
    assert not at.exception, [e.message for e in at.exception]


def test_set_up_shows_the_plan_and_why(bank_dir: Path) -> None:
    at = open_page(PAGE)
    assert at.title[0].value == "Mock interview"
    assert at.number_input(key="interview_count").value == 5
    assert "**2** prompts match. This panel asks **2**: 0 due for re-practice, 2 never answered" in texts(at)
    frame = at.dataframe[0].value
    assert list(frame["Why"]) == ["never answered", "never answered"]
    at.multiselect(key="interview_settings").set_value(["payer"]).run()
    assert "**1** prompt match." in texts(at)
    at.multiselect(key="interview_difficulty").set_value([3]).run()
    assert "No prompt matches this scope" in texts(at)
    assert "interview_start" not in [b.key for b in at.button]


def test_a_whole_two_prompt_panel_typed_and_spoken(bank_dir: Path, data_dir: Path) -> None:
    at = _start(2)
    assert "Prompt **1** of 2" in _progress(at)
    assert "Where should we be in five years?" in texts(at)
    first = _attempt_id(at)
    at.text_area(key=f"interview_answer_{first}").set_value(ANSWER).run()
    at.audio_input(key=f"interview_audio_{first}").upload("answer.wav", wav_bytes(1.5)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Saved recording (0:02)" in texts(at)
    assert (data_dir / "audio" / f"attempt-{first}.wav").read_bytes() == wav_bytes(1.5)

    at.button(key="interview_submit").click().run()
    shown = texts(at)
    assert "**3 of 3** covered by your typed answer." in shown
    assert "matched: `headline` · missing: `vision` · needs 1 of 2" in shown
    assert "- What would you stop doing?" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Words"] == "31" and metrics["Filler words"] == "1" and metrics["Hedges"] == "1"
    assert "figures: `30%`, `$4M`" in shown
    assert len(at.get("audio")) == 1

    _rate(at, first, [4, 3, 5, 2, 4], 4, "Lead with the number")
    assert "Ratings saved. This prompt comes back in" in texts(at)
    assert "Rated 4/5 overall." in texts(at)
    at.button(key="interview_next").click().run()
    assert "Prompt **2** of 2 · 1 answered" in _progress(at)
    second = _attempt_id(at)
    at.text_area(key=f"interview_answer_{second}").set_value("We won the physicians over.").run()
    at.button(key="interview_submit").click().run()
    assert "**1 of 3** covered by your typed answer." in texts(at)
    _rate(at, second, [2, 2, 2, 2, 2], 2, "")
    at.button(key="interview_finish").click().run()

    shown = texts(at)
    assert "Panel summary" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answered"] == "2 of 2" and metrics["Average overall"] == "3.0/5"
    assert metrics["Talking points covered"] == "67%"
    summary = at.dataframe[0].value
    assert list(summary["Status"]) == ["rated", "rated"]
    assert list(summary["Covered"]) == ["3/3", "1/3"] and list(summary["Overall"]) == ["4/5", "2/5"]
    assert list(summary["Note"]) == ["Lead with the number", ""]
    assert at.get("download_button")[0].proto.label == "Download the report (Markdown)"

    with _store().read() as s:
        session = s.scalars(select(PracticeSession)).one()
        assert session.ended_at is not None
        rows = s.scalars(select(Attempt).order_by(Attempt.position)).all()
        assert [(r.status, r.overall_rating, r.audio_path) for r in rows] == [
            ("submitted", 4, f"attempt-{first}.wav"),
            ("submitted", 2, None),
        ]
        assert rows[0].audio_seconds == 1.5
        scores = dict(s.execute(select(Rating.dimension, Rating.score).where(Rating.attempt_id == first)).all())
        assert scores == dict(zip(DIMENSIONS, [4, 3, 5, 2, 4], strict=True))
        assert [log.source for log in s.scalars(select(ReviewLog))] == ["interview", "interview"]
        assert len(s.scalars(select(CardState)).all()) == 2


def test_a_draft_outlives_the_session(bank_dir: Path) -> None:
    at = _start(1)
    attempt_id = _attempt_id(at)
    at.text_area(key=f"interview_answer_{attempt_id}").set_value("Half an answer about vision").run()
    assert "Draft saved at" in texts(at)
    # a blank box (a reconnecting browser can report one) does not erase the saved draft
    at.text_area(key=f"interview_answer_{attempt_id}").set_value("").run()
    assert at.text_area(key=f"interview_answer_{attempt_id}").value == "Half an answer about vision"

    fresh = open_page(PAGE)  # a new browser session on the same data folder
    assert fresh.text_area(key=f"interview_answer_{attempt_id}").value == "Half an answer about vision"
    assert "Prompt **1** of 1" in _progress(fresh)
    fresh.button(key="interview_submit").click().run()
    assert "**1 of 3** covered by your typed answer." in texts(fresh)
    with _store().read() as s:
        assert s.get(Attempt, attempt_id).answer_text == "Half an answer about vision"


def test_countdown_says_when_time_is_up(bank_dir: Path) -> None:
    at = _start(1)
    assert "left of 2:00" in _progress(at)
    attempt_id = _attempt_id(at)
    with _store().transaction() as s:
        row = s.get(Attempt, attempt_id)
        row.started_at = row.started_at - timedelta(seconds=150)
    at.run()
    assert "Time's up — finish your answer" in texts(at)
    assert re.search(r"\*\*0:00\*\* of 2:00 · 0:3\d over", _progress(at))  # 150 s in, plus the test's own time
    # the answer can still be written and submitted
    at.text_area(key=f"interview_answer_{attempt_id}").set_value("Late but complete").run()
    at.button(key="interview_submit").click().run()
    assert "Rate your answer" in texts(at)


def test_refusals_are_one_line_and_lose_nothing(bank_dir: Path) -> None:
    at = _start(1)
    attempt_id = _attempt_id(at)
    at.button(key="interview_submit").click().run()
    assert "Not submitted: type an answer or record one before submitting." in texts(at)
    at.text_area(key=f"interview_answer_{attempt_id}").set_value("A real answer").run()
    at.button(key="interview_submit").click().run()
    at.radio(key=f"interview_overall_{attempt_id}").set_value(3)
    at.button(key="interview_save_ratings").click().run()
    assert "Rate every dimension and the overall answer before saving." in texts(at)
    with _store().read() as s:
        assert s.get(Attempt, attempt_id).overall_rating is None


def test_ending_early_shows_the_summary_and_keeps_the_panel(bank_dir: Path) -> None:
    at = _start(2)
    attempt_id = _attempt_id(at)
    at.text_area(key=f"interview_answer_{attempt_id}").set_value("Only a draft").run()
    at.button(key="interview_end").click().run()
    summary = at.dataframe[0].value
    assert list(summary["Status"]) == ["draft kept, not submitted", "not reached"]
    at.button(key="interview_new").click().run()
    assert "Past panels" in texts(at)
    at.button(key="interview_show_past").click().run()
    assert "Panel summary" in texts(at)

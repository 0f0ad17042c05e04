"""Progress queries on a seeded store: areas ranked as the data says, history filters, side by side."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fsrs import Rating

from prep.banks.loader import load_library
from prep.services import library as library_service
from prep.services.profiles import create_profile
from prep.services.progress import HistoryFilter, answer_history, attempts_for, progress
from prep.services.review import apply_rating
from prep.store.schema import Attempt
from prep.store.schema import Rating as RatingRow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "banks"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def answer(store, pid, item_id, overall, when, text="We cut length of stay by 8%", ratings=None):
    with store.transaction() as s:
        attempt = Attempt(
            profile_id=pid,
            item_id=item_id,
            status="submitted",
            answer_text=text,
            started_at=when,
            updated_at=when,
            submitted_at=when,
            seconds_used=100.0,
            overall_rating=overall,
            note="",
        )
        s.add(attempt)
        s.flush()
        for dim, score in (ratings or {}).items():
            s.add(RatingRow(attempt_id=attempt.id, dimension=dim, score=score))
        return attempt.id


def seeded(store):
    library = load_library([FIXTURES])
    library_service.sync_items(store, library)
    pid = store.default_profile_id()
    with store.transaction() as s:
        for day in range(3):
            apply_rating(s, pid, "alpha-fc-capitation", Rating.Good, NOW - timedelta(days=3 - day), fuzz=False)
    answer(
        store, pid, "alpha-pr-resistance", 5, NOW - timedelta(days=1), ratings={"structure": 5, "evidence-metrics": 2}
    )
    answer(
        store,
        pid,
        "alpha-pr-five-years",
        2,
        NOW - timedelta(days=2),
        text="I think maybe we grow",
        ratings={"structure": 3, "evidence-metrics": 1},
    )
    answer(store, pid, "alpha-pr-five-years", 4, NOW, text="Headline: grow oncology")
    return library, pid


def test_areas_ranked_as_the_data_says(store) -> None:
    library, pid = seeded(store)
    result = progress(store, pid, library, NOW)
    table = result.readiness.set_index("competency")
    assert table.loc["transformation", "readiness"] == 50.0  # one 5/5 answer, no cards
    assert table.loc["finance", "cards_studied"] == 1 and table.loc["finance", "recall"] > 0.9
    assert 0 < table.loc["strategy", "readiness"] < 50
    assert result.readiness.iloc[0]["readiness"] == 0.0 and result.readiness.iloc[-1]["competency"] == "transformation"
    assert set(result.readiness["competency"]) == {i.competency for i in library.items.values()}
    assert result.readiness["readiness"].is_monotonic_increasing
    assert list(result.rubric["dimension"]) == ["evidence-metrics", "structure"]
    assert result.rubric["mean_score"].tolist() == [1.5, 4.0]
    assert result.totals == {"reviews": 3, "answers": 3}
    assert result.streak == 4  # reviews 3, 2 and 1 days ago, answers today


def test_empty_profile_has_an_empty_progress(store) -> None:
    library, _ = seeded(store)
    other = create_profile(store, "Fresh")
    result = progress(store, other, library, NOW)
    assert result.is_empty and result.streak == 0
    assert (result.readiness["readiness"] == 0).all()


def test_history_filters_in_sql(store) -> None:
    _, pid = seeded(store)
    everything = answer_history(store, pid, HistoryFilter())
    assert everything["item_id"].tolist() == ["alpha-pr-five-years", "alpha-pr-resistance", "alpha-pr-five-years"]
    assert len(answer_history(store, pid, HistoryFilter(competency="transformation"))) == 1
    assert len(answer_history(store, pid, HistoryFilter(item_id="alpha-pr-five-years"))) == 2
    assert len(answer_history(store, pid, HistoryFilter(text="MAYBE"))) == 1
    assert len(answer_history(store, pid, HistoryFilter(since=date(2026, 11, 27)))) == 2
    assert len(answer_history(store, pid, HistoryFilter(until=date(2026, 11, 26)))) == 1
    assert len(answer_history(store, pid, HistoryFilter(limit=1))) == 1


def test_attempts_side_by_side_oldest_first_with_ratings(store) -> None:
    _, pid = seeded(store)
    views = attempts_for(store, pid, item_id="alpha-pr-five-years")
    assert [v.overall_rating for v in views] == [2, 4]
    assert views[0].scores == {"structure": 3, "evidence-metrics": 1}
    other = create_profile(store, "Other")
    assert attempts_for(store, other, item_id="alpha-pr-five-years") == []

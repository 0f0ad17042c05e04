"""Readiness analytics on small fixed frames: exact numbers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from prep.practice import readiness as r

TODAY = date(2026, 11, 28)


def recall(rows):
    return pd.DataFrame(rows, columns=["competency", "recall", "cards_studied", "cards_total"])


def answers(rows):
    return pd.DataFrame(rows, columns=["competency", "day", "mean_rating", "answers"])


def test_readiness_combines_recall_and_performance_and_ranks_weakest_first() -> None:
    table = r.readiness(
        ["finance", "quality", "strategy"],
        recall([("finance", 0.45, 1, 2), ("quality", 0.7, 2, 2)]),
        answers([("quality", TODAY, 5.0, 2), ("finance", TODAY, 3.0, 1)]),
        TODAY,
    )
    assert list(table["competency"]) == ["strategy", "finance", "quality"]
    rows = table.set_index("competency")
    assert rows.loc["finance", "recall"] == pytest.approx(0.45)
    assert rows.loc["finance", "performance"] == pytest.approx(0.5)
    assert rows.loc["finance", "readiness"] == pytest.approx(47.5)
    assert rows.loc["quality", "readiness"] == pytest.approx(85.0)
    assert rows.loc["strategy", "readiness"] == 0.0
    assert (rows.loc["finance", "cards_studied"], rows.loc["finance", "cards_total"]) == (1, 2)
    assert rows["thin"].all()  # fewer than 5 studied cards / 3 answers everywhere


def test_recent_answers_weigh_more() -> None:
    old_then_good = answers([("strategy", date(2026, 10, 31), 1.0, 1), ("strategy", TODAY, 5.0, 1)])
    perf = r.performance_by_competency(old_then_good, TODAY).set_index("competency").loc["strategy", "performance"]
    weight_old = 0.5 ** (28 / r.HALF_LIFE_DAYS)
    assert perf == pytest.approx(1.0 / (1 + weight_old))


def test_empty_inputs_give_zero_readiness_not_errors() -> None:
    table = r.readiness(["career"], recall([]), answers([]), TODAY)
    assert table.to_dict("records") == [
        {
            "competency": "career",
            "readiness": 0.0,
            "recall": 0.0,
            "cards_studied": 0,
            "cards_total": 0,
            "performance": 0.0,
            "answers": 0,
            "thin": True,
        }
    ]


def test_rubric_summary_weakest_first() -> None:
    frame = pd.DataFrame({"dimension": ["structure", "evidence-metrics"], "mean_score": [3.5, 2.1], "ratings": [4, 4]})
    assert list(r.rubric_summary(frame)["dimension"]) == ["evidence-metrics", "structure"]


def test_streak_counts_back_from_today_or_yesterday() -> None:
    days = [date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)]
    assert r.streak(days, TODAY) == 3
    assert r.streak(days + [TODAY], TODAY) == 4
    assert r.streak([date(2026, 11, 20)], TODAY) == 0
    assert r.streak([], TODAY) == 0


def test_weekly_groups_by_monday() -> None:
    daily = pd.DataFrame({"day": [date(2026, 11, 23), date(2026, 11, 27), date(2026, 11, 28)], "count": [1, 2, 3]})
    assert r.weekly(daily, "count").to_dict("records") == [{"week": date(2026, 11, 23), "count": 6}]


def test_calendar_is_a_full_grid() -> None:
    grid = r.calendar(pd.DataFrame({"day": [TODAY], "count": [4]}), TODAY, weeks=2)
    assert len(grid) == 7 + 6  # last week + this week up to Saturday
    assert grid.set_index("day").loc[TODAY, "count"] == 4
    assert grid["count"].sum() == 4


def test_weekly_trend_uses_each_weeks_evidence() -> None:
    daily = pd.DataFrame(
        {
            "day": [date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 24)],
            "reviews": [4, 6, 0],
            "recalled": [2, 6, 0],
            "answers": [1, 1, 2],
            "mean_rating": [5.0, 3.0, 2.0],
        }
    )
    trend = r.weekly_trend(daily).set_index("week")
    first = trend.loc[date(2026, 11, 16)]
    assert first["recall_rate"] == pytest.approx(0.8) and first["mean_rating"] == pytest.approx(4.0)
    assert first["readiness"] == pytest.approx(100 * (0.5 * 0.8 + 0.5 * 0.75))
    second = trend.loc[date(2026, 11, 23)]
    assert second["recall_rate"] == 0.0 and second["readiness"] == pytest.approx(12.5)

"""Readiness analytics: pandas in, pandas out, no I/O. Defined in docs/readiness.md.

readiness = 100 x (RECALL_WEIGHT x recall + (1 - RECALL_WEIGHT) x performance), where
- recall is the mean FSRS retrievability now of the area's active flashcards (a card never studied counts 0);
- performance is the recency-weighted mean of overall self-ratings (1-5 scaled to 0-1) of answers to the area's
  prompts, each day's answers weighted by 0.5 ** (age in days / HALF_LIFE_DAYS); no answers counts 0.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

RECALL_WEIGHT = 0.5
HALF_LIFE_DAYS = 14.0
THIN_SAMPLE = {"cards": 5, "answers": 3}

READINESS_COLUMNS = [
    "competency",
    "readiness",
    "recall",
    "cards_studied",
    "cards_total",
    "performance",
    "answers",
    "thin",
]


def performance_by_competency(answers_by_day: pd.DataFrame, today: date) -> pd.DataFrame:
    """answers_by_day: competency, day, mean_rating (1-5), answers -> recency-weighted performance 0-1."""
    if answers_by_day.empty:
        return pd.DataFrame(columns=["competency", "performance", "answers"])
    frame = answers_by_day.copy()
    age = (pd.Timestamp(today) - pd.to_datetime(frame["day"])).dt.days.clip(lower=0)
    frame["weight"] = frame["answers"] * np.power(0.5, age / HALF_LIFE_DAYS)
    frame["score"] = (frame["mean_rating"] - 1) / 4
    frame["weighted"] = frame["weight"] * frame["score"]
    grouped = frame.groupby("competency", sort=True)
    return pd.DataFrame(
        {
            "performance": grouped["weighted"].sum() / grouped["weight"].sum(),
            "answers": grouped["answers"].sum().astype(int),
        }
    ).reset_index()


def readiness(competencies: list[str], recall: pd.DataFrame, answers_by_day: pd.DataFrame, today: date) -> pd.DataFrame:
    """One row per competency, weakest first, with the counts that show how thin the evidence is.

    recall: competency, recall (mean retrievability over all the area's cards, unstudied = 0),
    cards_studied, cards_total.
    """
    frame = pd.DataFrame({"competency": competencies})
    if not recall.empty:
        frame = frame.merge(recall, on="competency", how="left")
    else:
        frame = frame.assign(recall=0.0, cards_studied=0, cards_total=0)
    frame = frame.merge(performance_by_competency(answers_by_day, today), on="competency", how="left")
    for column in ("cards_studied", "cards_total", "answers"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame["recall"] = frame["recall"].astype(float).fillna(0.0)
    frame["performance"] = frame["performance"].astype(float).fillna(0.0)
    frame["readiness"] = (100 * (RECALL_WEIGHT * frame["recall"] + (1 - RECALL_WEIGHT) * frame["performance"])).round(1)
    frame["thin"] = (frame["cards_studied"] < THIN_SAMPLE["cards"]) | (frame["answers"] < THIN_SAMPLE["answers"])
    return frame.sort_values(["readiness", "competency"], kind="stable").reset_index(drop=True)[READINESS_COLUMNS]


def weakest(table: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    return table.head(n)


def rubric_summary(ratings: pd.DataFrame) -> pd.DataFrame:
    """ratings: dimension, mean_score, ratings (pre-aggregated) -> sorted weakest first."""
    if ratings.empty:
        return pd.DataFrame(columns=["dimension", "mean_score", "ratings"])
    return ratings.sort_values(["mean_score", "dimension"], kind="stable").reset_index(drop=True)


def weekly(daily: pd.DataFrame, value: str, how: str = "sum") -> pd.DataFrame:
    """daily: day + value column -> one row per ISO week (Monday start)."""
    if daily.empty:
        return pd.DataFrame(columns=["week", value])
    frame = daily.copy()
    day = pd.to_datetime(frame["day"])
    frame["week"] = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.date
    return frame.groupby("week", as_index=False)[value].agg(how)


def weekly_trend(daily: pd.DataFrame) -> pd.DataFrame:
    """daily: day, reviews, recalled, answers, mean_rating -> per week: recall rate, mean rating, readiness.

    The weekly readiness uses that week's evidence only: recall = share of reviews not rated Again,
    performance = the week's mean overall rating scaled to 0-1 (a week without answers counts 0).
    """
    columns = ["week", "reviews", "answers", "recall_rate", "mean_rating", "readiness"]
    if daily.empty:
        return pd.DataFrame(columns=columns)
    frame = daily.copy()
    frame["rating_sum"] = frame["mean_rating"].fillna(0) * frame["answers"]
    day = pd.to_datetime(frame["day"])
    frame["week"] = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.date
    weeks = frame.groupby("week", as_index=False)[["reviews", "recalled", "answers", "rating_sum"]].sum()
    weeks["recall_rate"] = (weeks["recalled"] / weeks["reviews"].where(weeks["reviews"] > 0)).fillna(0.0)
    weeks["mean_rating"] = weeks["rating_sum"] / weeks["answers"].where(weeks["answers"] > 0)
    performance = ((weeks["mean_rating"] - 1) / 4).fillna(0.0)
    weeks["readiness"] = (100 * (RECALL_WEIGHT * weeks["recall_rate"] + (1 - RECALL_WEIGHT) * performance)).round(1)
    return weeks[columns]


def streak(days: list[date] | pd.Series, today: date) -> int:
    """Consecutive practice days ending today (or yesterday, so an unfinished today keeps the streak)."""
    practised = set(pd.to_datetime(pd.Series(list(days), dtype="object")).dt.date) if len(days) else set()
    cursor = today if today in practised else today - timedelta(days=1)
    count = 0
    while cursor in practised:
        count += 1
        cursor -= timedelta(days=1)
    return count


def calendar(daily: pd.DataFrame, today: date, weeks: int = 26) -> pd.DataFrame:
    """daily: day, count -> a full grid of the last `weeks` weeks (weekday x week) for a heatmap."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    grid = pd.DataFrame({"day": pd.date_range(start, today, freq="D").date})
    counts = daily.assign(day=pd.to_datetime(daily["day"]).dt.date) if not daily.empty else daily
    grid = grid.merge(counts, on="day", how="left") if not daily.empty else grid.assign(count=0)
    grid["count"] = grid["count"].fillna(0).astype(int)
    day = pd.to_datetime(grid["day"])
    grid["week"] = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.date
    grid["weekday"] = day.dt.day_name().str[:3]
    return grid

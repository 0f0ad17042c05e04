"""Progress: where a profile stands per competency, its weakest rubric dimension, activity over time,
and its answer history. Queries aggregate in the database (per day, per competency, per dimension) so the
work does not grow with the number of reviews or answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Date, case, cast, func, select

from prep.banks.loader import Library
from prep.practice import readiness as rd
from prep.services.flashcards import competency_recall
from prep.services.interviews import AttemptView, attempt_view_of
from prep.store.db import Store
from prep.store.schema import Attempt, ItemRecord, Rating, ReviewLog


def utc_day(column: Any, dialect: str) -> Any:
    """A UTC calendar day of a stored time, in SQL, for either backend."""
    if dialect == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


@dataclass
class Progress:
    readiness: pd.DataFrame
    rubric: pd.DataFrame
    daily: pd.DataFrame  # day, reviews, recalled, answers, mean_rating
    streak: int
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return self.totals.get("reviews", 0) == 0 and self.totals.get("answers", 0) == 0


def recall_table(store: Store, profile_id: int, now: datetime) -> pd.DataFrame:
    """competency, recall (mean retrievability over all the area's cards, unstudied = 0), cards_studied,
    cards_total: from the flashcards service's per-competency recall."""
    rows = [
        (r.competency, (r.mean_retrievability or 0.0) * r.studied / r.cards if r.cards else 0.0, r.studied, r.cards)
        for r in competency_recall(store, profile_id, now)
    ]
    return pd.DataFrame(rows, columns=["competency", "recall", "cards_studied", "cards_total"])


def answers_by_day(store: Store, profile_id: int) -> pd.DataFrame:
    """competency, day, mean_rating, answers: rated answers aggregated per competency per UTC day."""
    dialect = store.engine.dialect.name
    day = utc_day(Attempt.submitted_at, dialect).label("day")
    query = (
        select(ItemRecord.competency, day, func.avg(Attempt.overall_rating), func.count())
        .join(ItemRecord, ItemRecord.id == Attempt.item_id)
        .where(Attempt.profile_id == profile_id, Attempt.status == "submitted", Attempt.overall_rating.is_not(None))
        .group_by(ItemRecord.competency, day)
    )
    with store.read() as session:
        rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=["competency", "day", "mean_rating", "answers"])
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    frame["mean_rating"] = frame["mean_rating"].astype(float)
    return frame


def daily_activity(store: Store, profile_id: int) -> pd.DataFrame:
    """day, reviews, recalled (reviews not rated Again), answers, mean_rating: one row per UTC day."""
    dialect = store.engine.dialect.name
    review_day = utc_day(ReviewLog.reviewed_at, dialect).label("day")
    answer_day = utc_day(Attempt.submitted_at, dialect).label("day")
    with store.read() as session:
        recalled = func.sum(case((ReviewLog.rating > 1, 1), else_=0))
        reviews = session.execute(
            select(review_day, func.count(), recalled)
            .where(ReviewLog.profile_id == profile_id, ReviewLog.source == "flashcard")
            .group_by(review_day)
        ).all()
        answers = session.execute(
            select(answer_day, func.count(), func.avg(Attempt.overall_rating))
            .where(Attempt.profile_id == profile_id, Attempt.status == "submitted")
            .group_by(answer_day)
        ).all()
    frame = pd.DataFrame(reviews, columns=["day", "reviews", "recalled"]).merge(
        pd.DataFrame(answers, columns=["day", "answers", "mean_rating"]), on="day", how="outer"
    )
    frame["day"] = pd.to_datetime(frame["day"]).dt.date
    frame[["reviews", "recalled", "answers"]] = frame[["reviews", "recalled", "answers"]].fillna(0).astype(int)
    frame["mean_rating"] = frame["mean_rating"].astype(float)
    return frame.sort_values("day").reset_index(drop=True)


def rubric_means(store: Store, profile_id: int, library: Library) -> pd.DataFrame:
    """dimension, name, mean_score, ratings: weakest first."""
    query = (
        select(Rating.dimension, func.avg(Rating.score), func.count())
        .join(Attempt, Attempt.id == Rating.attempt_id)
        .where(Attempt.profile_id == profile_id)
        .group_by(Rating.dimension)
    )
    with store.read() as session:
        rows = session.execute(query).all()
    frame = rd.rubric_summary(pd.DataFrame(rows, columns=["dimension", "mean_score", "ratings"]))
    names = {d.id: d.name for d in library.rubric.dimensions} if library.rubric else {}
    frame.insert(1, "name", [names.get(d, d) for d in frame["dimension"]])
    frame["mean_score"] = frame["mean_score"].astype(float)
    return frame


def progress(store: Store, profile_id: int, library: Library, now: datetime) -> Progress:
    """Readiness of every area that has something to practise in the loaded banks, weakest first."""
    today = now.date()
    practisable = sorted({item.competency for item in library.items.values()})
    table = rd.readiness(
        practisable,
        recall_table(store, profile_id, now),
        answers_by_day(store, profile_id),
        today,
    )
    daily = daily_activity(store, profile_id)
    practised = list(daily["day"]) if not daily.empty else []
    totals = {"reviews": int(daily["reviews"].sum()), "answers": int(daily["answers"].sum())} if practised else {}
    return Progress(table, rubric_means(store, profile_id, library), daily, rd.streak(practised, today), totals)


# ---------------------------------------------------------------- answer history


@dataclass(frozen=True)
class HistoryFilter:
    competency: str | None = None
    item_id: str | None = None
    since: date | None = None
    until: date | None = None
    text: str = ""
    limit: int = 200


def answer_history(store: Store, profile_id: int, flt: HistoryFilter) -> pd.DataFrame:
    """Submitted answers, newest first, filtered in SQL and capped at `limit` rows."""
    dialect = store.engine.dialect.name
    day = utc_day(Attempt.submitted_at, dialect)
    query = (
        select(
            Attempt.id,
            Attempt.submitted_at,
            ItemRecord.competency,
            Attempt.item_id,
            ItemRecord.text.label("prompt"),
            Attempt.overall_rating,
            Attempt.seconds_used,
            Attempt.audio_path.is_not(None).label("audio"),
            ItemRecord.archived,
        )
        .join(ItemRecord, ItemRecord.id == Attempt.item_id)
        .where(Attempt.profile_id == profile_id, Attempt.status == "submitted")
    )
    if flt.competency:
        query = query.where(ItemRecord.competency == flt.competency)
    if flt.item_id:
        query = query.where(Attempt.item_id == flt.item_id)
    if flt.since:
        query = query.where(day >= flt.since.isoformat() if dialect == "sqlite" else day >= flt.since)
    if flt.until:
        query = query.where(day <= flt.until.isoformat() if dialect == "sqlite" else day <= flt.until)
    if flt.text.strip():
        needle = f"%{flt.text.strip().lower()}%"
        query = query.where(func.lower(Attempt.answer_text).like(needle) | func.lower(ItemRecord.text).like(needle))
    query = query.order_by(Attempt.submitted_at.desc(), Attempt.id.desc()).limit(flt.limit)
    with store.read() as session:
        rows = session.execute(query).all()
    columns = ["id", "submitted_at", "competency", "item_id", "prompt", "overall", "seconds", "audio", "archived"]
    return pd.DataFrame(rows, columns=columns)


def attempts_for(
    store: Store, profile_id: int, *, attempt_id: int | None = None, item_id: str | None = None
) -> list[AttemptView]:
    """One attempt by id, or every submitted attempt at one prompt (oldest first), with its ratings."""
    query = select(Attempt).where(Attempt.profile_id == profile_id, Attempt.status == "submitted")
    if attempt_id is not None:
        query = query.where(Attempt.id == attempt_id)
    if item_id is not None:
        query = query.where(Attempt.item_id == item_id)
    with store.read() as session:
        rows = session.scalars(query.order_by(Attempt.submitted_at, Attempt.id)).all()
        scores: dict[int, dict[str, int]] = {}
        for r in session.scalars(select(Rating).where(Rating.attempt_id.in_([a.id for a in rows]))):
            scores.setdefault(r.attempt_id, {})[r.dimension] = r.score
    return [attempt_view_of(a, scores.get(a.id, {})) for a in rows]

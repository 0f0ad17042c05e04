"""Progress: where a profile stands per competency, its weakest rubric dimension, activity over time,
and its answer history. Queries aggregate in the database (per day, per competency, per dimension), and
`current_history` keeps those aggregates until the history changes, so a rerun of an unchanged page reads
none of it: its cost does not grow with the number of reviews or answers."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Date, Engine, case, cast, func, select

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


def rubric_scores(store: Store, profile_id: int) -> pd.DataFrame:
    """dimension, mean_score, ratings: the mean self-rating per rubric dimension over all answers."""
    query = (
        select(Rating.dimension, func.avg(Rating.score), func.count())
        .join(Attempt, Attempt.id == Rating.attempt_id)
        .where(Attempt.profile_id == profile_id)
        .group_by(Rating.dimension)
    )
    with store.read() as session:
        rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=["dimension", "mean_score", "ratings"])
    frame["mean_score"] = frame["mean_score"].astype(float)
    return frame


def named_rubric(scores: pd.DataFrame, library: Library) -> pd.DataFrame:
    """dimension, name, mean_score, ratings: weakest first, named by the loaded rubric."""
    frame = rd.rubric_summary(scores).copy()
    names = {d.id: d.name for d in library.rubric.dimensions} if library.rubric else {}
    frame.insert(1, "name", [names.get(d, d) for d in frame["dimension"]])
    frame["mean_score"] = frame["mean_score"].astype(float)
    return frame


@dataclass(frozen=True)
class History:
    """A profile's practice history aggregated in SQL: all Progress shows that depends neither on the clock
    nor on the loaded banks. The frames may be shared between reruns: read them, never change them."""

    answers_by_day: pd.DataFrame  # competency, day, mean_rating, answers
    daily: pd.DataFrame  # day, reviews, recalled, answers, mean_rating
    rubric: pd.DataFrame  # dimension, mean_score, ratings


def history(store: Store, profile_id: int) -> History:
    return History(
        answers_by_day(store, profile_id), daily_activity(store, profile_id), rubric_scores(store, profile_id)
    )


def history_mark(store: Store, profile_id: int) -> tuple[Any, ...]:
    """A value that moves whenever the profile's history does, as every such write leaves a trace here: a
    review or a self-rating adds a review-log row (the highest id moves, back-dated or not); an undo removes
    the profile's newest flashcard review (the newest time moves, and moves again with the next review, the
    clock having moved on); a submitted answer adds to the count of submitted answers; a bank edit that moves
    an item to another area stamps its last_seen_at. Index lookups, a count over the profile's answers and a
    pass over the item catalogue: a small fraction of the aggregates it guards, and none of it over reviews."""
    query = select(
        select(func.max(ReviewLog.id)).scalar_subquery(),
        select(func.max(ReviewLog.reviewed_at))
        .where(ReviewLog.profile_id == profile_id, ReviewLog.source == "flashcard")
        .scalar_subquery(),
        select(func.count())
        .select_from(Attempt)
        .where(Attempt.profile_id == profile_id, Attempt.status == "submitted")
        .scalar_subquery(),
        select(func.max(ItemRecord.last_seen_at)).scalar_subquery(),
    )
    with store.engine.connect() as conn:
        return tuple(conn.execute(query).one())


_kept: weakref.WeakKeyDictionary[Engine, dict[int, tuple[tuple[Any, ...], History]]] = weakref.WeakKeyDictionary()


def current_history(store: Store, profile_id: int) -> History:
    """`history()`, aggregated again only when `history_mark()` has moved since the last call."""
    mark = history_mark(store, profile_id)  # read first: a write landing in between only costs one more refresh
    kept = _kept.setdefault(store.engine, {})
    hit = kept.get(profile_id)
    if hit is not None and hit[0] == mark:
        return hit[1]
    fresh = history(store, profile_id)
    kept[profile_id] = (mark, fresh)
    return fresh


def progress(
    store: Store, profile_id: int, library: Library, now: datetime, aggregates: History | None = None
) -> Progress:
    """Readiness of every area that has something to practise in the loaded banks, weakest first.
    `aggregates` (from `current_history`) saves aggregating the history again."""
    today = now.date()
    past = aggregates if aggregates is not None else history(store, profile_id)
    practisable = sorted({item.competency for item in library.items.values()})
    table = rd.readiness(practisable, recall_table(store, profile_id, now), past.answers_by_day, today)
    daily = past.daily
    practised = list(daily["day"]) if not daily.empty else []
    totals = {"reviews": int(daily["reviews"].sum()), "answers": int(daily["answers"].sum())} if practised else {}
    return Progress(table, named_rubric(past.rubric, library), daily, rd.streak(practised, today), totals)


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

"""FSRS scheduling through py-fsrs: building schedulers, mapping stored state to cards, intervals.

Nothing here is a home-made scheduler: every due date comes from `fsrs.Scheduler.review_card`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from fsrs import Card, Rating, Scheduler, State

DEFAULT_RETENTION = 0.90
DEFAULT_NEW_PER_DAY = 20
LEECH_LAPSES = 8
RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)


@lru_cache(maxsize=32)
def scheduler(desired_retention: float = DEFAULT_RETENTION, fuzz: bool = True) -> Scheduler:
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)


@dataclass(frozen=True)
class CardSnapshot:
    """The stored scheduling state of one item, as plain values (what the store keeps per profile)."""

    fsrs_card_id: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0

    def to_card(self) -> Card:
        return Card(
            card_id=self.fsrs_card_id,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "fsrs_card_id": self.fsrs_card_id,
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "reps": self.reps,
            "lapses": self.lapses,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardSnapshot:
        return cls(
            fsrs_card_id=int(data["fsrs_card_id"]),
            state=int(data["state"]),
            step=data["step"],
            stability=data["stability"],
            difficulty=data["difficulty"],
            due=datetime.fromisoformat(data["due"]),
            last_review=datetime.fromisoformat(data["last_review"]) if data["last_review"] else None,
            reps=int(data.get("reps", 0)),
            lapses=int(data.get("lapses", 0)),
        )

    @property
    def is_new(self) -> bool:
        return self.reps == 0

    @property
    def is_leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES


def new_snapshot(now: datetime, fsrs_card_id: int) -> CardSnapshot:
    card = Card(card_id=fsrs_card_id, due=now)
    return CardSnapshot(card.card_id, card.state.value, card.step, None, None, card.due, None, 0, 0)


def review(
    snapshot: CardSnapshot, rating: Rating, now: datetime, sched: Scheduler, duration_ms: int | None = None
) -> CardSnapshot:
    """The state after one rating; a lapse is an Again on a card in the Review state."""
    if now.tzinfo is None:
        raise ValueError("review time must be timezone-aware UTC")
    card, _log = sched.review_card(snapshot.to_card(), rating, review_datetime=now, review_duration=duration_ms)
    lapsed = rating == Rating.Again and snapshot.state == State.Review.value
    return CardSnapshot(
        fsrs_card_id=card.card_id,
        state=card.state.value,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=snapshot.reps + 1,
        lapses=snapshot.lapses + int(lapsed),
    )


def preview(snapshot: CardSnapshot, now: datetime, sched: Scheduler) -> dict[Rating, timedelta]:
    """The interval each rating would give now (what the buttons show)."""
    return {r: review(snapshot, r, now, sched).due - now for r in RATINGS}


def retrievability(snapshot: CardSnapshot, now: datetime, sched: Scheduler) -> float:
    if snapshot.is_new:
        return 0.0
    return float(sched.get_card_retrievability(snapshot.to_card(), current_datetime=now))


def format_interval(delta: timedelta) -> str:
    """'<1 m', '10 m', '5 h', '3 d', '2.5 mo', '1.2 y' like Anki's buttons."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 60:
        return "<1 m"
    if seconds < 3600:
        return f"{math.ceil(seconds / 60 - 1e-9)} m"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)} d"
    if days < 365:
        return f"{days / 30:.1f} mo".replace(".0 ", " ")
    return f"{days / 365:.1f} y".replace(".0 ", " ")


def rating_for_overall(score: int) -> Rating:
    """A 1-5 overall self-rating of an interview answer as an FSRS rating: 1-2 Again, 3 Hard, 4 Good, 5 Easy."""
    if not 1 <= score <= 5:
        raise ValueError("an overall rating is 1 to 5")
    return {1: Rating.Again, 2: Rating.Again, 3: Rating.Hard, 4: Rating.Good, 5: Rating.Easy}[score]


def utcnow() -> datetime:
    return datetime.now(UTC)

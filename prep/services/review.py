"""Recording an FSRS rating of any item (flashcard or prompt) for a profile, and undoing the last one.

Flashcards and mock-interview answers both reschedule through here, so a weak answer comes back
sooner just as a forgotten card does.
"""

from __future__ import annotations

from datetime import datetime

from fsrs import Rating
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from prep.practice.scheduling import CardSnapshot, new_snapshot, review, scheduler
from prep.store.schema import CardState, ReviewLog

_FIELDS = ("fsrs_card_id", "state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


def snapshot_of(row: CardState) -> CardSnapshot:
    return CardSnapshot(**{f: getattr(row, f) for f in _FIELDS})


def load_snapshot(session: Session, profile_id: int, item_id: str) -> CardSnapshot | None:
    row = session.get(CardState, (profile_id, item_id))
    return snapshot_of(row) if row is not None else None


def apply_rating(
    session: Session,
    profile_id: int,
    item_id: str,
    rating: Rating,
    now: datetime,
    *,
    duration_ms: int | None = None,
    source: str = "flashcard",
    desired_retention: float = 0.9,
    fuzz: bool = True,
) -> tuple[CardSnapshot, int]:
    """Review the item now inside the caller's transaction; returns (new state, review-log id)."""
    row = session.get(CardState, (profile_id, item_id))
    before = snapshot_of(row) if row is not None else new_snapshot(now, int(now.timestamp() * 1000))
    after = review(before, rating, now, scheduler(desired_retention, fuzz), duration_ms)
    if row is None:
        row = CardState(profile_id=profile_id, item_id=item_id)
        session.add(row)
    for f in _FIELDS:
        setattr(row, f, getattr(after, f))
    log = ReviewLog(
        profile_id=profile_id,
        item_id=item_id,
        rating=int(rating),
        reviewed_at=now,
        duration_ms=duration_ms,
        source=source,
        previous=before.to_dict() if before.reps else None,
    )
    session.add(log)
    session.flush()
    return after, log.id


def undo_last(session: Session, profile_id: int, source: str = "flashcard") -> str | None:
    """Restore the state before the profile's latest rating from `source` and delete that log row.

    Returns the item id that was undone, or None when there is nothing to undo.
    """
    log = session.scalars(
        select(ReviewLog)
        .where(ReviewLog.profile_id == profile_id, ReviewLog.source == source)
        .order_by(ReviewLog.id.desc())
        .limit(1)
    ).first()
    if log is None:
        return None
    row = session.get(CardState, (profile_id, log.item_id))
    if log.previous is None:
        if row is not None:
            session.delete(row)
    elif row is not None:
        previous = CardSnapshot.from_dict(log.previous)
        for f in _FIELDS:
            setattr(row, f, getattr(previous, f))
    session.execute(delete(ReviewLog).where(ReviewLog.id == log.id))
    return log.item_id

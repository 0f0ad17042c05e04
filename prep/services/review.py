"""Recording an FSRS rating of any item (flashcard or prompt) for a profile, and undoing the last one.

Flashcards and mock-interview answers both reschedule through here, so a weak answer comes back
sooner just as a forgotten card does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fsrs import Rating, Scheduler
from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from prep.practice.scheduling import CardSnapshot, new_snapshot, review, scheduler
from prep.store.schema import CardState, ReviewLog

_FIELDS = ("fsrs_card_id", "state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


def snapshot_of(row: CardState) -> CardSnapshot:
    return CardSnapshot(**{f: getattr(row, f) for f in _FIELDS})


def load_snapshot(session: Session, profile_id: int, item_id: str) -> CardSnapshot | None:
    row = session.get(CardState, (profile_id, item_id))
    return snapshot_of(row) if row is not None else None


_cards, _logs = CardState.__table__, ReviewLog.__table__
_KEY = (_cards.c.profile_id == bindparam("key_profile"), _cards.c.item_id == bindparam("key_item"))
# Built once: rating is the hot path of a study session, and the ORM unit of work would double its cost.
_SELECT_STATE = select(*(_cards.c[f] for f in _FIELDS)).where(*_KEY)
_UPDATE_STATE = update(_cards).where(*_KEY).values({f: bindparam(f"new_{f}") for f in _FIELDS})
_INSERT_STATE, _INSERT_LOG = insert(_cards), insert(_logs)
# Two sessions of one profile (two tabs) can rate the same card at once. A state is written only if it
# is still the one read (reps goes up by one with every rating) or, for a first rating, if no other
# session stored one meanwhile; otherwise it is read again, locked, and the rating applied on top.
# RETURNING tells whether a row was written (drivers do not all report an INSERT's rowcount).
_UPDATE_IF_UNCHANGED = _UPDATE_STATE.where(_cards.c.reps == bindparam("key_reps")).returning(_cards.c.reps)
_INSERT_IF_ABSENT = {
    "sqlite": sqlite.insert(_cards).on_conflict_do_nothing().returning(_cards.c.reps),
    "postgresql": postgresql.insert(_cards).on_conflict_do_nothing().returning(_cards.c.reps),
}
_SELECT_LOCKED = _SELECT_STATE.with_for_update()
_ATTEMPTS = 3  # the locked second read always wins; the third is headroom


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
    session.flush()  # the caller's pending ORM changes first (an item it just added, say)
    conn = session.connection()
    key = {"key_profile": profile_id, "key_item": item_id}
    before, after = _store_review(conn, key, rating, now, scheduler(desired_retention, fuzz), duration_ms)
    loaded = session.identity_map.get(session.identity_key(CardState, (profile_id, item_id)))
    if loaded is not None:  # the caller read this state through the ORM: let it see the new one
        session.expire(loaded)
    log = conn.execute(
        _INSERT_LOG,
        {
            "profile_id": profile_id,
            "item_id": item_id,
            "rating": int(rating),
            "reviewed_at": now,
            "duration_ms": duration_ms,
            "source": source,
            "previous": before.to_dict() if before.reps else None,
        },
    )
    return after, log.inserted_primary_key[0]


def _store_review(
    conn: Connection, key: dict[str, Any], rating: Rating, now: datetime, sched: Scheduler, duration_ms: int | None
) -> tuple[CardSnapshot, CardSnapshot]:
    """Read the card's state, review it, and write the new state unless another session changed it first."""
    select_state = _SELECT_STATE
    for _ in range(_ATTEMPTS):
        row = conn.execute(select_state, key).first()
        before = snapshot_of(row) if row is not None else new_snapshot(now, int(now.timestamp() * 1000))
        after = review(before, rating, now, sched, duration_ms)
        values = {f: getattr(after, f) for f in _FIELDS}
        if row is None:
            ids = {"profile_id": key["key_profile"], "item_id": key["key_item"]}
            insert_state = _INSERT_IF_ABSENT.get(conn.dialect.name, _INSERT_STATE.returning(_cards.c.reps))
            stored = conn.execute(insert_state, {**ids, **values})
        else:
            new = {f"new_{f}": v for f, v in values.items()}
            stored = conn.execute(_UPDATE_IF_UNCHANGED, {**key, **new, "key_reps": row.reps})
        if stored.first() is not None:
            return before, after
        select_state = _SELECT_LOCKED
    raise RuntimeError(f"the card '{key['key_item']}' kept changing in another session; rate it again")


def undo_last(session: Session, profile_id: int, source: str = "flashcard") -> str | None:
    """Restore the state before the profile's latest rating from `source` and delete that log row.

    Returns the item id that was undone, or None when there is nothing to undo.
    """
    log = session.scalars(
        select(ReviewLog)
        .where(ReviewLog.profile_id == profile_id, ReviewLog.source == source)
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())  # the (profile, time) index, backwards
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

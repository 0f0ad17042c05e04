"""The tables. Everything a user makes belongs to a profile; items are keyed by their bank id forever."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, on SQLite (which stores naive text) as on Postgres."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use datetime.now(UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Profile(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ItemRecord(Base):
    """The last known text of every bank item ever seen, so history outlives edits and removals."""

    __tablename__ = "items"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    bank: Mapped[str] = mapped_column(String(80))
    competency: Mapped[str] = mapped_column(String(80), index=True)
    text: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (Index("ix_items_scope", "id", "kind", "archived", "competency", "bank"),)


class CardState(Base):
    """FSRS scheduling state of one item for one profile (flashcards and prompts alike)."""

    __tablename__ = "card_states"
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"), primary_key=True)
    fsrs_card_id: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime]
    last_review: Mapped[datetime | None]
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (
        Index("ix_card_states_profile_due", "profile_id", "due"),
        Index("ix_card_states_queue", "profile_id", "state", "due", "item_id"),
    )


class ReviewLog(Base):
    """Every rating ever given. `previous` holds the state before it, so the last one can be undone."""

    __tablename__ = "review_logs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[datetime]
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default="flashcard")
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    __table_args__ = (
        Index("ix_review_logs_profile_time", "profile_id", "reviewed_at"),
        Index("ix_review_logs_profile_item", "profile_id", "item_id"),
        Index("ix_review_logs_profile_source_time", "profile_id", "source", "reviewed_at"),
    )


class PracticeSession(Base):
    __tablename__ = "practice_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    scope: Mapped[dict[str, Any]] = mapped_column(default=dict)
    plan: Mapped[list[Any]] = mapped_column(default=list)


class Attempt(Base):
    """One answer to a prompt: a draft while it is written, then submitted and never changed."""

    __tablename__ = "attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("practice_sessions.id", ondelete="SET NULL"))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    answer_text: Mapped[str] = mapped_column(Text, default="")
    audio_path: Mapped[str | None] = mapped_column(String(500))
    audio_seconds: Mapped[float | None] = mapped_column(Float)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    seconds_used: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    overall_rating: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (
        Index("ix_attempts_profile_item", "profile_id", "item_id"),
        Index("ix_attempts_profile_submitted", "profile_id", "submitted_at"),
        Index("ix_attempts_profile_status_submitted", "profile_id", "status", "submitted_at"),
    )


class Rating(Base):
    """A self-rating of one attempt on one rubric dimension (1-5)."""

    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(80))
    score: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("attempt_id", "dimension"),)

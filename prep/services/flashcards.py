"""Flashcard study for one profile: what to show next, the Anki-like counts, rating, undo, and recall.

Every query walks the (profile_id, due) index of card_states or counts today's rows of review_logs by
(profile_id, reviewed_at): nothing here loads a profile's whole schedule or history, so a rating costs
the same on a store with years of reviews as on a new one. Due dates come from py-fsrs through
`prep.services.review`, never from here.

Order of the queue, as in Anki with new cards shown after reviews: cards whose time has come (learning
steps due now, review cards due today), then new cards up to the profile's daily limit, then learning
cards due within the learn-ahead window. Nothing left: the page offers extra new cards or practising
ahead (the soonest-due cards early).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from fsrs import Rating, State
from sqlalchemy import Connection, Text, and_, bindparam, cast, func, or_, select

from prep.banks.loader import Library
from prep.practice.scheduling import (
    DEFAULT_NEW_PER_DAY,
    DEFAULT_RETENTION,
    CardSnapshot,
    new_snapshot,
    preview,
    retrievability,
    scheduler,
)
from prep.services.profiles import profile_settings, update_profile_settings
from prep.services.review import apply_rating, snapshot_of, undo_last
from prep.store.db import Store
from prep.store.schema import CardState, ItemRecord, ReviewLog

SOURCE = "flashcard"
SETTINGS_KEY = "flashcards"
LEARN_AHEAD = timedelta(minutes=20)  # Anki's default: learning cards this close to due are shown early
ROLLOVER_HOUR = 4  # a study day starts at 04:00 local time, as in Anki
RETENTION_RANGE = (0.70, 0.99)
NEW_PER_DAY_MAX = 9999
EXTRA_NEW_STEP = 10
DUE_COUNT_CAP = 1000
_LEARNING_STATES = (State.Learning.value, State.Relearning.value)


# ---------------------------------------------------------------- per-profile preferences


@dataclass(frozen=True)
class Scope:
    """Which flashcards to study: all (nothing chosen), or those in the chosen competencies, banks and tags."""

    competencies: tuple[str, ...] = ()
    banks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def is_all(self) -> bool:
        return not (self.competencies or self.banks or self.tags)

    def to_dict(self) -> dict[str, list[str]]:
        return {"competencies": list(self.competencies), "banks": list(self.banks), "tags": list(self.tags)}

    @classmethod
    def from_dict(cls, data: Any) -> Scope:
        data = data if isinstance(data, dict) else {}

        def strings(key: str) -> tuple[str, ...]:
            values = data.get(key)
            return tuple(str(v) for v in values) if isinstance(values, list) else ()

        return cls(strings("competencies"), strings("banks"), strings("tags"))


@dataclass(frozen=True)
class Prefs:
    """A profile's flashcard settings, kept in its settings JSON under "flashcards"."""

    scope: Scope = field(default_factory=Scope)
    desired_retention: float = DEFAULT_RETENTION
    new_per_day: int = DEFAULT_NEW_PER_DAY
    extra_new: int = 0  # new cards allowed beyond the limit, on the study day `extra_new_day` only
    extra_new_day: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope.to_dict(),
            "desired_retention": self.desired_retention,
            "new_per_day": self.new_per_day,
            "extra_new": self.extra_new,
            "extra_new_day": self.extra_new_day,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Prefs:
        """Stored values out of range or of the wrong type fall back to the defaults."""
        data = data if isinstance(data, dict) else {}
        retention = data.get("desired_retention")
        if not isinstance(retention, int | float) or not (RETENTION_RANGE[0] <= retention <= RETENTION_RANGE[1]):
            retention = DEFAULT_RETENTION
        per_day = data.get("new_per_day")
        if not isinstance(per_day, int) or isinstance(per_day, bool) or not 0 <= per_day <= NEW_PER_DAY_MAX:
            per_day = DEFAULT_NEW_PER_DAY
        extra = data.get("extra_new")
        extra = extra if isinstance(extra, int) and not isinstance(extra, bool) and extra > 0 else 0
        extra_day = data.get("extra_new_day")
        return cls(
            scope=Scope.from_dict(data.get("scope")),
            desired_retention=float(retention),
            new_per_day=per_day,
            extra_new=extra,
            extra_new_day=extra_day if isinstance(extra_day, str) else "",
        )

    def extra_new_on(self, day: date) -> int:
        return self.extra_new if self.extra_new_day == day.isoformat() else 0


def load_prefs(store: Store, profile_id: int) -> Prefs:
    return Prefs.from_dict(profile_settings(store, profile_id).get(SETTINGS_KEY))


def save_prefs(store: Store, profile_id: int, prefs: Prefs) -> Prefs:
    """Validate and keep the profile's flashcard settings; returns what was stored."""
    if not RETENTION_RANGE[0] <= prefs.desired_retention <= RETENTION_RANGE[1]:
        raise ValueError(f"desired retention must be between {RETENTION_RANGE[0]:.2f} and {RETENTION_RANGE[1]:.2f}")
    if not 0 <= prefs.new_per_day <= NEW_PER_DAY_MAX:
        raise ValueError(f"new cards per day must be between 0 and {NEW_PER_DAY_MAX}")
    update_profile_settings(store, profile_id, **{SETTINGS_KEY: prefs.to_dict()})
    return prefs


def allow_extra_new(store: Store, profile_id: int, now: datetime, count: int = EXTRA_NEW_STEP) -> Prefs:
    """Raise today's new-card limit by `count` (Anki's "study extra new cards"); it lapses tomorrow."""
    prefs = load_prefs(store, profile_id)
    day = study_day(now)[0].astimezone().date()
    extra = prefs.extra_new_on(day) + count
    return save_prefs(store, profile_id, replace(prefs, extra_new=extra, extra_new_day=day.isoformat()))


@dataclass(frozen=True)
class ScopeOptions:
    """What a scope can be made of: the competencies, banks (slug -> title) and tags that have flashcards."""

    competencies: tuple[str, ...]
    banks: dict[str, str]
    by_tag: dict[str, frozenset[str]]  # tag -> ids of the flashcards carrying it

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(sorted(self.by_tag))

    def tagged(self, tags: tuple[str, ...]) -> frozenset[str]:
        """Flashcards carrying any of `tags`."""
        return frozenset().union(*(self.by_tag.get(t, frozenset()) for t in tags))


_options: dict[int, tuple[Library, ScopeOptions]] = {}


def scope_options(library: Library) -> ScopeOptions:
    """Worked out once per loaded library (the page asks on every rerun)."""
    cached = _options.get(id(library))
    if cached is not None and cached[0] is library:
        return cached[1]
    cards = library.of_kind("flashcard")
    by_tag: dict[str, set[str]] = {}
    for card in cards:
        for tag in card.tags:
            by_tag.setdefault(tag, set()).add(card.id)
    options = ScopeOptions(
        competencies=tuple(sorted({c.competency for c in cards})),
        banks={c.bank: c.bank_title for c in cards},
        by_tag={tag: frozenset(ids) for tag, ids in by_tag.items()},
    )
    _options.clear()
    _options[id(library)] = (library, options)
    return options


# ---------------------------------------------------------------- the deck and its queries


@dataclass(frozen=True)
class Deck:
    """One profile's flashcards in its chosen scope, with its settings: what every query below takes."""

    profile_id: int
    prefs: Prefs = field(default_factory=Prefs)
    tagged: frozenset[str] | None = None  # ids of flashcards carrying a chosen tag (None: no tag chosen)
    fuzz: bool = True
    library: Library | None = field(default=None, compare=False, repr=False)  # the banks it was opened on

    @property
    def retention(self) -> float:
        return self.prefs.desired_retention


def open_deck(store: Store, profile_id: int, library: Library | None = None, fuzz: bool = True) -> Deck:
    """The profile's deck as its settings say; tags are resolved against the loaded library."""
    prefs = load_prefs(store, profile_id)
    tagged = None
    if prefs.scope.tags:
        tagged = scope_options(library).tagged(prefs.scope.tags) if library is not None else frozenset()
    return Deck(profile_id, prefs, tagged, fuzz, library)


_cards, _items, _logs = CardState.__table__, ItemRecord.__table__, ReviewLog.__table__
_STATE_COLUMNS = [c for name, c in _cards.columns.items() if name != "profile_id"]
_NOW, _DAY_START, _DAY_END, _LEARN_UNTIL = (
    bindparam(n, type_=_cards.c.due.type) for n in ("now", "day_start", "day_end", "learn_until")
)


@dataclass(frozen=True)
class _Queries:
    """The deck's statements, built once per deck (Core, bound parameters) so a call only executes them."""

    due_now: Any  # learning steps due now and review cards due today, most overdue first
    learn_ahead: Any
    soonest: Any
    first_unseen: Any
    learning_count: Any
    due_count: Any  # at most DUE_COUNT_CAP + 1 rows are read
    unseen_count: Any  # at most `unseen_cap` rows are read
    new_introduced: Any


def _queries(deck: Deck) -> _Queries:
    return _build_queries(deck.profile_id, deck.prefs.scope, deck.tagged)


@lru_cache(maxsize=64)
def _build_queries(profile_id: int, scope: Scope, tagged: frozenset[str] | None) -> _Queries:
    in_scope = [_items.c.kind == "flashcard", _items.c.archived.is_(False)]
    if scope.competencies:
        in_scope.append(_items.c.competency.in_(scope.competencies))
    if scope.banks:
        in_scope.append(_items.c.bank.in_(scope.banks))
    if tagged is not None:
        in_scope.append(_items.c.id.in_(sorted(tagged)))
    mine = _cards.c.profile_id == profile_id

    def states(*conditions: Any, only: list[Any] | None = None) -> Any:  # due order, on an index
        joined = _cards.join(_items, _items.c.id == _cards.c.item_id)
        query = select(*(only or _STATE_COLUMNS)).select_from(joined).where(mine, *conditions, *in_scope)
        return query.order_by(_cards.c.due).limit(1)

    def count_rows(query: Any) -> Any:
        return select(func.count()).select_from(query.order_by(None).subquery())

    learning_soon = (_cards.c.state.in_(_LEARNING_STATES), _cards.c.due <= _LEARN_UNTIL)
    review_today = and_(_cards.c.state == State.Review.value, _cards.c.due < _DAY_END)
    rated = select(_cards.c.item_id).where(mine, _cards.c.item_id == _items.c.id).exists()
    unseen = select(_items.c.id).where(*in_scope, ~rated)
    first_rating = or_(_logs.c.previous.is_(None), cast(_logs.c.previous, Text) == "null")
    key_only = [_cards.c.item_id]
    return _Queries(
        due_now=states(_cards.c.due < _DAY_END, or_(_cards.c.due <= _NOW, review_today)),
        learn_ahead=states(*learning_soon),
        soonest=states(),
        first_unseen=unseen.order_by(_items.c.id).limit(1),
        learning_count=count_rows(states(*learning_soon, only=key_only).limit(None)),
        due_count=count_rows(states(review_today, only=key_only).limit(DUE_COUNT_CAP + 1)),
        unseen_count=count_rows(unseen.limit(bindparam("unseen_cap"))),
        new_introduced=select(func.count()).where(
            _logs.c.profile_id == profile_id,
            _logs.c.reviewed_at >= _DAY_START,
            _logs.c.source == SOURCE,
            first_rating,
        ),
    )


def study_day(now: datetime) -> tuple[datetime, datetime]:
    """The study day holding `now` (04:00 to 04:00 local time), as UTC."""
    local = now.astimezone()
    start = local.replace(hour=ROLLOVER_HOUR, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def _times(now: datetime) -> dict[str, datetime]:
    day_start, day_end = study_day(now)
    return {"now": now, "day_start": day_start, "day_end": day_end, "learn_until": now + LEARN_AHEAD}


def _new_allowance(conn: Connection, deck: Deck, times: dict[str, datetime]) -> int:
    """New cards today's limit still allows: the limit less today's first-ever ratings (an indexed count)."""
    allowed = deck.prefs.new_per_day + deck.prefs.extra_new_on(times["day_start"].astimezone().date())
    return max(allowed - (conn.scalar(_queries(deck).new_introduced, times) or 0), 0)


@dataclass(frozen=True)
class Counts:
    """What the top of the page shows, as in Anki: new cards left today, learning cards, reviews due today.

    Each is an SQL COUNT over an index range; the due count stops past DUE_COUNT_CAP (shown as "1000+"),
    so a huge backlog costs no more to show than a full day.
    """

    new: int
    learning: int
    due: int
    new_left: int  # how many more new cards today's limit allows
    more_new: bool  # new cards are waiting beyond today's limit

    @property
    def due_capped(self) -> bool:
        return self.due > DUE_COUNT_CAP

    @property
    def total(self) -> int:
        return self.new + self.learning + self.due


def counts(store: Store, deck: Deck, now: datetime) -> Counts:
    queries, times = _queries(deck), _times(now)
    with store.engine.connect() as conn:
        learning = conn.scalar(queries.learning_count, times) or 0
        due = conn.scalar(queries.due_count, times) or 0
        new_left = _new_allowance(conn, deck, times)
        unseen = _unseen_count(conn, store, deck, new_left + 1)
    return Counts(new=min(unseen, new_left), learning=learning, due=due, new_left=new_left, more_new=unseen > new_left)


_LAST_LOG_ID = select(func.max(_logs.c.id))
_unseen_memo: dict[Deck, tuple[Any, Library, tuple[Any, ...], int]] = {}


def _unseen_count(conn: Connection, store: Store, deck: Deck, cap: int) -> int:
    """Flashcards of the scope never rated, counted up to `cap`.

    When few are left unseen the count reads every flashcard of the scope, so for a deck opened on a
    library it is remembered until the answer could change: a rating or undo anywhere (the newest
    review-log id moves), a new study day's allowance (the cap), or another library (a bank reload,
    which syncs the items table).
    """
    query = _queries(deck).unseen_count
    if deck.library is None:
        return conn.scalar(query, {"unseen_cap": cap}) or 0
    stamp = (conn.scalar(_LAST_LOG_ID), cap)
    known = _unseen_memo.get(deck)
    if known is not None and known[0] is store.engine and known[1] is deck.library and known[2] == stamp:
        return known[3]
    unseen = conn.scalar(query, {"unseen_cap": cap}) or 0
    if len(_unseen_memo) >= 32:
        _unseen_memo.clear()
    _unseen_memo[deck] = (store.engine, deck.library, stamp, unseen)
    return unseen


@dataclass(frozen=True)
class StudyCard:
    """The card to show now, with the interval each rating would give (without fuzz, as Anki shows)."""

    item_id: str
    snapshot: CardSnapshot
    intervals: dict[Rating, timedelta]
    ahead: bool = False  # served early by "practise ahead"

    @property
    def is_new(self) -> bool:
        return self.snapshot.is_new

    @property
    def is_leech(self) -> bool:
        return self.snapshot.is_leech

    @property
    def queue(self) -> str:
        if self.is_new:
            return "new"
        return "learning" if self.snapshot.state in _LEARNING_STATES else "review"


def next_card(store: Store, deck: Deck, now: datetime, ahead: bool = False) -> StudyCard | None:
    """The card to study now, or None when nothing is due and no new card is allowed.

    With `ahead`, the soonest-due card of the scope is served even when it is not due yet.
    """
    queries, times = _queries(deck), _times(now)
    snapshot = item_id = None
    with store.engine.connect() as conn:
        found = conn.execute(queries.soonest if ahead else queries.due_now, times).first()
        if found is None and not ahead and _new_allowance(conn, deck, times) > 0:
            item_id = conn.scalar(queries.first_unseen)
            snapshot = new_snapshot(now, int(now.timestamp() * 1000)) if item_id is not None else None
        if found is None and snapshot is None and not ahead:
            found = conn.execute(queries.learn_ahead, times).first()
    if found is not None:
        item_id, snapshot = found.item_id, snapshot_of(found)
    if item_id is None or snapshot is None:
        return None
    intervals = preview(snapshot, now, scheduler(deck.retention, False))
    return StudyCard(item_id, snapshot, intervals, ahead=ahead)


def next_due_at(store: Store, deck: Deck) -> datetime | None:
    """When the soonest card of the scope falls due (None: no card studied yet)."""
    with store.engine.connect() as conn:
        found = conn.execute(_queries(deck).soonest).first()
    return found.due if found is not None else None


def rate(
    store: Store, deck: Deck, item_id: str, rating: Rating, now: datetime, duration_ms: int | None = None
) -> CardSnapshot:
    """Record a rating (committed before this returns) and return the card's new state."""
    with store.transaction() as session:
        after, _log_id = apply_rating(
            session,
            deck.profile_id,
            item_id,
            rating,
            now,
            duration_ms=duration_ms,
            source=SOURCE,
            desired_retention=deck.retention,
            fuzz=deck.fuzz,
        )
    return after


def undo(store: Store, deck: Deck) -> str | None:
    """Undo the profile's latest flashcard rating; returns its item id (None: nothing to undo)."""
    with store.transaction() as session:
        return undo_last(session, deck.profile_id, SOURCE)


@dataclass(frozen=True)
class LastRating:
    item_id: str
    rating: Rating
    reviewed_at: datetime


def last_rating(store: Store, profile_id: int) -> LastRating | None:
    """The rating Undo would take back."""
    query = (
        select(_logs.c.item_id, _logs.c.rating, _logs.c.reviewed_at)
        .where(_logs.c.profile_id == profile_id, _logs.c.source == SOURCE)
        .order_by(_logs.c.reviewed_at.desc(), _logs.c.id.desc())  # read backwards along the index
        .limit(1)
    )
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    return LastRating(row.item_id, Rating(row.rating), row.reviewed_at) if row is not None else None


# ---------------------------------------------------------------- recall per competency


@dataclass(frozen=True)
class CompetencyRecall:
    """How well a competency's flashcards are remembered now."""

    competency: str
    cards: int  # flashcards in the banks
    studied: int  # of them rated at least once
    reviews: int
    lapses: int
    mean_retrievability: float | None  # mean probability of recall now over studied cards

    @property
    def lapse_rate(self) -> float | None:
        """Share of all ratings that were lapses (a review card forgotten)."""
        return self.lapses / self.reviews if self.reviews else None


def competency_recall(
    store: Store, profile_id: int, now: datetime, desired_retention: float = DEFAULT_RETENTION
) -> list[CompetencyRecall]:
    """Per competency: cards, studied cards, reviews, lapses (SQL sums) and mean retrievability now."""
    studied = and_(_cards.c.profile_id == profile_id, _cards.c.item_id == _items.c.id)
    live = [_items.c.kind == "flashcard", _items.c.archived.is_(False)]
    totals_query = (
        select(
            _items.c.competency,
            func.count(_items.c.id),
            func.count(_cards.c.item_id),
            func.coalesce(func.sum(_cards.c.reps), 0),
            func.coalesce(func.sum(_cards.c.lapses), 0),
        )
        .select_from(_items.outerjoin(_cards, studied))
        .where(*live)
        .group_by(_items.c.competency)
        .order_by(_items.c.competency)
    )
    states_query = select(_items.c.competency, *_STATE_COLUMNS).select_from(_items.join(_cards, studied))
    sched = scheduler(desired_retention, False)
    recall: dict[str, list[float]] = {}
    with store.engine.connect() as conn:
        totals = conn.execute(totals_query).all()
        for row in conn.execute(states_query.where(*live)):
            recall.setdefault(row.competency, []).append(retrievability(snapshot_of(row), now, sched))
    return [
        CompetencyRecall(
            competency=competency,
            cards=cards,
            studied=n_studied,
            reviews=int(reviews),
            lapses=int(lapses),
            mean_retrievability=sum(values) / len(values) if (values := recall.get(competency)) else None,
        )
        for competency, cards, n_studied, reviews, lapses in totals
    ]

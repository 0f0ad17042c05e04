"""The flashcard service on a real store: queue order, counts, the new-card limit, leeches, practising
ahead, undo, exact FSRS due dates, profile isolation, archived items, scope, recall per competency."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler
from sqlalchemy import event, func, select

from prep.banks.loader import load_library
from prep.services import flashcards as fc
from prep.services.flashcards import Deck, Scope
from prep.services.library import sync_items
from prep.services.profiles import create_profile
from prep.store.schema import CardState, ReviewLog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "banks"
CARDS = ["alpha-fc-bylaws", "alpha-fc-capitation", "beta-fc-hcahps", "beta-fc-telehealth"]
T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def library(store):
    lib = load_library([FIXTURES])
    sync_items(store, lib)
    return lib


def deck_for(store, library, profile_id: int | None = None, **prefs) -> Deck:
    pid = profile_id or store.default_profile_id()
    if prefs:
        fc.save_prefs(store, pid, replace(fc.load_prefs(store, pid), **prefs))
    return fc.open_deck(store, pid, library, fuzz=False)


def log_count(store, profile_id: int) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).where(ReviewLog.profile_id == profile_id))


def study(store, deck: Deck, rating: Rating, now: datetime) -> str:
    card = fc.next_card(store, deck, now)
    assert card is not None
    fc.rate(store, deck, card.item_id, rating, now, duration_ms=1500)
    return card.item_id


def test_new_cards_come_in_id_order_and_counts_follow(store, library) -> None:
    deck = deck_for(store, library)
    assert fc.counts(store, deck, T0) == fc.Counts(new=4, learning=0, due=0, new_left=20, more_new=False)
    card = fc.next_card(store, deck, T0)
    assert card is not None and card.item_id == CARDS[0] and card.queue == "new"
    assert card.intervals[Rating.Good] == timedelta(minutes=10)

    assert study(store, deck, Rating.Good, T0) == CARDS[0]
    assert fc.counts(store, deck, T0) == fc.Counts(new=3, learning=1, due=0, new_left=19, more_new=False)
    assert fc.next_card(store, deck, T0).item_id == CARDS[1]  # a learning step not yet due waits


def test_learning_cards_come_back_when_due_before_new_cards(store, library) -> None:
    deck = deck_for(store, library)
    study(store, deck, Rating.Again, T0)
    later = T0 + timedelta(minutes=2)
    card = fc.next_card(store, deck, later)
    assert card.item_id == CARDS[0] and card.queue == "learning"


def test_review_cards_are_due_from_the_start_of_their_study_day(store, library) -> None:
    deck = deck_for(store, library, new_per_day=1)
    after = fc.rate(store, deck, CARDS[2], Rating.Easy, T0)
    day_start, _day_end = fc.study_day(after.due)
    earlier_that_day = max(day_start, after.due - timedelta(hours=3))
    assert earlier_that_day < after.due
    assert fc.counts(store, deck, earlier_that_day).due == 1
    assert fc.next_card(store, deck, earlier_that_day).item_id == CARDS[2]
    the_day_before = day_start - timedelta(minutes=1)
    assert fc.counts(store, deck, the_day_before).due == 0
    assert fc.next_card(store, deck, the_day_before).item_id == CARDS[0]  # a new card, not the review


def test_the_due_count_stops_past_its_cap(store, library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fc, "DUE_COUNT_CAP", 2)
    fc._build_queries.cache_clear()
    deck = deck_for(store, library)
    for item_id in CARDS:
        fc.rate(store, deck, item_id, Rating.Easy, T0)
    later = T0 + timedelta(days=60)
    counts = fc.counts(store, deck, later)
    assert (counts.due, counts.due_capped) == (3, True)
    fc.rate(store, deck, CARDS[0], Rating.Good, later)
    fc.rate(store, deck, CARDS[1], Rating.Good, later)
    counts = fc.counts(store, deck, later)
    assert (counts.due, counts.due_capped) == (2, False)
    fc._build_queries.cache_clear()


def test_new_cards_per_day_limit_and_extra_new_cards(store, library) -> None:
    deck = deck_for(store, library, new_per_day=2)
    study(store, deck, Rating.Easy, T0)
    study(store, deck, Rating.Easy, T0)
    counts = fc.counts(store, deck, T0)
    assert (counts.new, counts.new_left, counts.more_new) == (0, 0, True)
    assert fc.next_card(store, deck, T0) is None

    fc.allow_extra_new(store, deck.profile_id, T0, 1)
    deck = deck_for(store, library)
    assert fc.counts(store, deck, T0).new == 1
    assert fc.next_card(store, deck, T0).item_id == CARDS[2]
    next_day = T0 + timedelta(days=1)
    assert fc.counts(store, deck, next_day).new_left == 2  # extra cards were for that day only


def test_undoing_a_first_rating_gives_the_new_card_back_to_todays_limit(store, library) -> None:
    deck = deck_for(store, library, new_per_day=1)
    study(store, deck, Rating.Good, T0)
    assert fc.counts(store, deck, T0).new_left == 0
    assert fc.undo(store, deck) == CARDS[0]
    assert fc.counts(store, deck, T0).new_left == 1


def test_undo_restores_the_previous_state_and_removes_the_log_row(store, library) -> None:
    deck = deck_for(store, library)
    pid = deck.profile_id
    first = fc.rate(store, deck, CARDS[0], Rating.Good, T0)
    fc.rate(store, deck, CARDS[0], Rating.Good, T0 + timedelta(minutes=10))
    assert log_count(store, pid) == 2
    assert fc.last_rating(store, pid).rating == Rating.Good

    assert fc.undo(store, deck) == CARDS[0]
    assert log_count(store, pid) == 1
    card = fc.next_card(store, deck, T0 + timedelta(minutes=10))
    assert card.item_id == CARDS[0] and card.snapshot == first

    assert fc.undo(store, deck) == CARDS[0]
    with store.read() as session:
        assert session.get(CardState, (pid, CARDS[0])) is None
    assert log_count(store, pid) == 0
    assert fc.undo(store, deck) is None
    assert fc.last_rating(store, pid) is None


def test_due_dates_equal_fsrs_scheduler_without_fuzz(store, library) -> None:
    deck = deck_for(store, library)
    history = [
        (Rating.Good, T0),
        (Rating.Good, T0 + timedelta(minutes=10)),
        (Rating.Hard, T0 + timedelta(days=3)),
        (Rating.Again, T0 + timedelta(days=9, hours=2)),
        (Rating.Good, T0 + timedelta(days=9, hours=2, minutes=12)),
        (Rating.Easy, T0 + timedelta(days=20)),
    ]
    reference = Scheduler(enable_fuzzing=False)
    card = Card(due=T0)
    for rating, when in history:
        stored = fc.rate(store, deck, CARDS[1], rating, when, duration_ms=3000)
        card, _log = reference.review_card(card, rating, review_datetime=when)
        with store.read() as session:
            row = session.get(CardState, (deck.profile_id, CARDS[1]))
        assert row.due == card.due == stored.due
        assert row.stability == pytest.approx(card.stability)
        assert row.difficulty == pytest.approx(card.difficulty)
        assert row.state == card.state.value
    assert stored.lapses == 1


def test_a_card_lapsed_eight_times_is_a_leech(store, library) -> None:
    deck = deck_for(store, library)
    now = T0
    after = fc.rate(store, deck, CARDS[3], Rating.Easy, now)
    for _ in range(8):
        now = after.due
        assert not fc.next_card(store, deck, now).is_leech
        fc.rate(store, deck, CARDS[3], Rating.Again, now)
        now += timedelta(minutes=10)
        after = fc.rate(store, deck, CARDS[3], Rating.Good, now)
    assert after.lapses == 8
    card = fc.next_card(store, deck, after.due)
    assert card.item_id == CARDS[3] and card.is_leech


def test_nothing_due_then_practise_ahead_serves_the_soonest_card(store, library) -> None:
    deck = deck_for(store, library, new_per_day=2)
    fc.rate(store, deck, CARDS[0], Rating.Easy, T0)
    soon = fc.rate(store, deck, CARDS[1], Rating.Hard, T0)  # learning, due in minutes
    later = T0 + timedelta(hours=1)
    fc.rate(store, deck, CARDS[1], Rating.Good, later)
    fc.rate(store, deck, CARDS[1], Rating.Good, later + timedelta(minutes=10))
    assert fc.next_card(store, deck, later + timedelta(minutes=11)) is None
    with store.read() as session:
        dues = {item_id: due for item_id, due in session.execute(select(CardState.item_id, CardState.due))}
    soonest = min(dues, key=dues.get)
    assert fc.next_due_at(store, deck) == dues[soonest]
    card = fc.next_card(store, deck, later + timedelta(minutes=11), ahead=True)
    assert card.ahead and card.item_id == soonest
    assert soon.due < dues[soonest]


def test_profiles_are_isolated(store, library) -> None:
    deck = deck_for(store, library, new_per_day=3)
    other = deck_for(store, library, profile_id=create_profile(store, "Other"))
    before = fc.counts(store, other, T0)
    for _ in range(3):
        study(store, deck, Rating.Good, T0)
    assert fc.counts(store, deck, T0).new == 0
    assert fc.counts(store, other, T0) == before
    assert fc.next_card(store, other, T0).item_id == CARDS[0]
    assert fc.load_prefs(store, other.profile_id).new_per_day == 20
    assert fc.undo(store, other) is None
    assert log_count(store, deck.profile_id) == 3


def test_archived_items_are_not_served(store, library, tmp_path: Path) -> None:
    deck = deck_for(store, library)
    fc.rate(store, deck, CARDS[2], Rating.Again, T0)  # a beta card, due in a minute
    alpha_only = tmp_path / "banks"
    alpha_only.mkdir()
    (alpha_only / "alpha.yaml").write_text((FIXTURES / "alpha.yaml").read_text())
    sync_items(store, load_library([alpha_only]))
    counts = fc.counts(store, deck, T0 + timedelta(minutes=5))
    assert (counts.new, counts.learning) == (2, 0)
    served = {study(store, deck, Rating.Easy, T0 + timedelta(minutes=5)) for _ in range(2)}
    assert served == {CARDS[0], CARDS[1]}
    assert fc.next_card(store, deck, T0 + timedelta(minutes=5)) is None


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope(competencies=("finance", "governance")), {CARDS[0], CARDS[1]}),
        (Scope(banks=("beta",)), {CARDS[2], CARDS[3]}),
        (Scope(tags=("payment",)), {CARDS[1]}),
        (Scope(banks=("alpha",), competencies=("quality",)), set()),
    ],
)
def test_scope_limits_counts_and_cards(store, library, scope: Scope, expected: set[str]) -> None:
    deck = deck_for(store, library, scope=scope)
    assert fc.counts(store, deck, T0).new == len(expected)
    served = set()
    while (card := fc.next_card(store, deck, T0)) is not None:
        served.add(card.item_id)
        fc.rate(store, deck, card.item_id, Rating.Easy, T0)
    assert served == expected


def test_competency_recall(store, library) -> None:
    deck = deck_for(store, library)
    fc.rate(store, deck, CARDS[0], Rating.Easy, T0)  # governance
    after = fc.rate(store, deck, CARDS[1], Rating.Easy, T0)  # finance
    fc.rate(store, deck, CARDS[1], Rating.Again, after.due)
    later = after.due + timedelta(days=3)
    recall = {r.competency: r for r in fc.competency_recall(store, deck.profile_id, later)}
    assert set(recall) == {"governance", "finance", "quality", "digital-health"}
    finance, quality = recall["finance"], recall["quality"]
    assert (finance.cards, finance.studied, finance.reviews, finance.lapses) == (1, 1, 2, 1)
    assert finance.lapse_rate == 0.5
    assert recall["governance"].lapse_rate == 0.0
    assert 0 < finance.mean_retrievability < recall["governance"].mean_retrievability <= 1
    assert (quality.studied, quality.mean_retrievability, quality.lapse_rate) == (0, None, None)


def test_time_taken_is_stored(store, library) -> None:
    deck = deck_for(store, library)
    study(store, deck, Rating.Good, T0)
    with store.read() as session:
        assert session.scalar(select(ReviewLog.duration_ms)) == 1500


def test_next_card_and_counts_walk_the_profile_due_index(store, library) -> None:
    """The statements actually run, explained by SQLite: each starts from an index, none scans a table."""
    if store.engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    deck = deck_for(store, library)
    fc.rate(store, deck, CARDS[0], Rating.Good, T0)
    ran: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        ran.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        fc.counts(store, deck, T0)
        fc.next_card(store, deck, T0 + timedelta(hours=1))
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    plans = {}
    with store.engine.connect() as conn:
        for statement, parameters in ran:
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            plans[statement] = " | ".join(r[-1] for r in rows)
    joined = "\n".join(plans.values())
    assert "SCAN card_states" not in joined and "SCAN review_logs" not in joined, plans
    for statement, plan in plans.items():
        if "max(review_logs.id)" in statement:  # the newest log: SQLite's min/max shortcut, one row
            assert plan == "SEARCH review_logs", plan
        elif "FROM review_logs" in statement:  # today's first ratings
            assert "SEARCH review_logs USING INDEX ix_review_logs_profile_" in plan, plan
        elif "ORDER BY card_states.due" in statement:  # the next card: the due index, no sort
            assert plan.startswith("SEARCH card_states USING INDEX ix_card_states_profile_due "), plan
            assert "TEMP B-TREE" not in plan, plan
        elif "NOT (EXISTS" in statement:  # new cards: the bank's flashcards against the states' key
            assert "SEARCH card_states USING COVERING INDEX sqlite_autoindex_card_states_1" in plan, plan
        else:  # learning and due counts: by state and due time
            assert "SEARCH card_states USING COVERING INDEX ix_card_states_queue" in plan, plan
            assert "SEARCH items USING COVERING INDEX ix_items_scope" in plan, plan
    assert len(plans) == 6, plans


def test_new_count_is_remembered_until_a_rating_undo_or_bank_reload(store, library, tmp_path: Path) -> None:
    deck = deck_for(store, library)
    scans: list[str] = []

    def capture(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # noqa: ANN001
        if "NOT (EXISTS" in statement:
            scans.append(statement)

    def new_count(deck: Deck) -> tuple[int, int]:
        before = len(scans)
        new = fc.counts(store, deck, T0).new
        return new, len(scans) - before

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        assert new_count(deck) == (4, 1)
        assert new_count(fc.open_deck(store, deck.profile_id, library, fuzz=False)) == (4, 0)
        fc.rate(store, deck, CARDS[0], Rating.Good, T0)
        assert new_count(deck) == (3, 1)
        fc.undo(store, deck)
        assert new_count(deck) == (4, 1)
        alpha_only = tmp_path / "banks"
        alpha_only.mkdir()
        (alpha_only / "alpha.yaml").write_text((FIXTURES / "alpha.yaml").read_text())
        reloaded = load_library([alpha_only])
        sync_items(store, reloaded)
        assert new_count(fc.open_deck(store, deck.profile_id, reloaded, fuzz=False)) == (2, 1)
        without_library = Deck(deck.profile_id, deck.prefs)
        assert new_count(without_library) == (2, 1)
        assert new_count(without_library) == (2, 1)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)

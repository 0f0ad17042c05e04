"""Two app sessions writing at once on one store: every answer and every rating is kept, no
"database is locked" reaches either of them, and the SQLite file stays sound.

Each session is a thread with its own engine (its own connections, as a second server process would
have) calling the same service functions the pages call: `flashcards.next_card` / `flashcards.rate`
for a rating button, `interviews.start_session` / `open_attempt` / `save_draft` / `submit_answer` for
a panel. Driving two AppTest instances instead costs about 60-75 ms a rerun and five reruns an answer,
some 100 s a session for 200 answers and 200 ratings; the services are where the writes happen, and
they run the same transactions the pages do.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating
from sqlalchemy import event, func, select, text

from prep.banks.loader import Library, load_library
from prep.services import flashcards, interviews
from prep.services.interviews import Scope
from prep.services.library import sync_items
from prep.services.profiles import create_profile
from prep.store.db import Store, make_engine
from prep.store.schema import Attempt, CardState, ReviewLog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "banks"
ACTIONS = 200  # answers and flashcard ratings per session
RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@dataclass
class Session:
    """One app session's run: what it was asked to write, when it ran, and anything that went wrong."""

    name: str
    profile_id: int
    panel_id: int = 0
    answers: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0


def _rate_a_card(store: Store, library: Library, run: Session, n: int) -> None:
    """What a rating button does: the card on screen is the deck's next one (or the soonest, ahead)."""
    deck = flashcards.open_deck(store, run.profile_id, library)
    now = datetime.now(UTC)
    card = flashcards.next_card(store, deck, now) or flashcards.next_card(store, deck, now, ahead=True)
    assert card is not None, "the deck always has a card to practise ahead"
    flashcards.rate(store, deck, card.item_id, RATINGS[n % len(RATINGS)], now, duration_ms=1200 + n)


def _answer(store: Store, library: Library, run: Session, n: int) -> None:
    """A two-prompt panel per two answers: start, open the prompt, a draft on leaving the box, submit."""
    if n % 2 == 0:
        run.panel_id = interviews.start_session(store, run.profile_id, library, Scope(), 2, datetime.now(UTC))
    attempt = interviews.open_attempt(store, run.profile_id, run.panel_id, n % 2, datetime.now(UTC))
    answer = f"{run.name} answer {n}: headline vision, two priorities, sequencing and trade-offs."
    interviews.save_draft(store, run.profile_id, attempt.id, answer[:20], datetime.now(UTC))
    prompt = library.items[attempt.item_id].model
    interviews.submit_answer(store, run.profile_id, attempt.id, answer, prompt, datetime.now(UTC))
    run.answers.append(answer)


def _session(url: str, library: Library, run: Session, barrier: threading.Barrier) -> None:
    store = Store(make_engine(url))
    barrier.wait()
    run.started = time.monotonic()
    for n in range(ACTIONS):
        for step in (_rate_a_card, _answer):
            try:
                step(store, library, run, n)
            except Exception as exc:  # what would have reached the user, kept to report
                run.errors.append(f"{step.__name__} #{n}: {type(exc).__name__}: {exc}".splitlines()[0])
    run.finished = time.monotonic()
    store.engine.dispose()


def _run_both(url: str, library: Library, runs: list[Session]) -> None:
    barrier = threading.Barrier(len(runs))
    threads = [threading.Thread(target=_session, args=(url, library, r, barrier), name=r.name) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a session hung"


@pytest.fixture
def library(store) -> Library:
    lib = load_library([FIXTURES])
    sync_items(store, lib)
    return lib


@pytest.mark.parametrize("profiles", ["two candidates", "one candidate in two tabs"])
def test_two_sessions_keep_every_answer_and_rating(store, database_url: str, library: Library, profiles) -> None:
    first = store.default_profile_id()
    second = create_profile(store, "Second candidate") if profiles == "two candidates" else first
    runs = [Session("tab-a", first), Session("tab-b", second)]

    _run_both(database_url, library, runs)

    assert [r.errors for r in runs] == [[], []]
    assert max(r.started for r in runs) < min(r.finished for r in runs), "the sessions never overlapped"
    with store.read() as session:
        submitted = session.scalars(select(Attempt.answer_text).where(Attempt.status == "submitted")).all()
        logs = session.scalar(select(func.count()).select_from(ReviewLog).where(ReviewLog.source == "flashcard"))
    assert sorted(submitted) == sorted(runs[0].answers + runs[1].answers)
    assert len(submitted) == 2 * ACTIONS
    assert logs == 2 * ACTIONS
    with store.read() as session:
        reps = {
            (p, i): r for p, i, r in session.execute(select(CardState.profile_id, CardState.item_id, CardState.reps))
        }
        per_card = select(ReviewLog.profile_id, ReviewLog.item_id, func.count()).group_by(
            ReviewLog.profile_id, ReviewLog.item_id
        )
        rated = {(p, i): count for p, i, count in session.execute(per_card)}
    assert reps == rated, "a rating was applied to a state another session had changed meanwhile"
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]


@pytest.mark.parametrize(
    ("earlier_ratings", "write"), [(0, "INSERT INTO card_states"), (1, "UPDATE card_states")], ids=["first", "later"]
)
def test_a_rating_made_in_another_tab_between_read_and_write_is_built_on(
    store, database_url: str, library: Library, earlier_ratings: int, write: str
) -> None:
    """The other tab's rating lands after this one read the card and before it writes: this one is applied
    on top of it (no duplicate-key error, no state overwritten with one computed from a stale read)."""
    item = "alpha-fc-bylaws"
    deck = flashcards.open_deck(store, store.default_profile_id(), library, fuzz=False)
    for n in range(earlier_ratings):
        flashcards.rate(store, deck, item, Rating.Good, T0 + timedelta(minutes=n))
    other_tab = Store(make_engine(database_url))
    landed: list[str] = []

    def other_tab_rates_first(_conn, _cursor, statement: str, *_args) -> None:
        if statement.startswith(write) and not landed:
            landed.append(statement)
            flashcards.rate(other_tab, deck, item, Rating.Again, T0 + timedelta(minutes=5))

    event.listen(store.engine, "before_cursor_execute", other_tab_rates_first)
    try:
        after = flashcards.rate(store, deck, item, Rating.Good, T0 + timedelta(minutes=6))
    finally:
        event.remove(store.engine, "before_cursor_execute", other_tab_rates_first)
        other_tab.engine.dispose()

    assert landed, "the other tab's rating never ran"
    with store.read() as session:
        logs = session.scalars(select(ReviewLog).where(ReviewLog.item_id == item).order_by(ReviewLog.id)).all()
        state = session.get(CardState, (deck.profile_id, item))
    assert [log.rating for log in logs] == [Rating.Good] * earlier_ratings + [Rating.Again, Rating.Good]
    assert state.reps == after.reps == earlier_ratings + 2
    assert logs[-1].previous is not None and logs[-1].previous["reps"] == earlier_ratings + 1

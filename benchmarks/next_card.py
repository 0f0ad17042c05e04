"""next_card: get the next due card + record a rating through the service layer, on a store with 10,000
cards and 100,000 review-log rows, vs the same in Anki's own engine on 10,000 review-due cards."""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Rating, State
from sqlalchemy import select

from benchmarks.bank_load import write_banks
from benchmarks.common import Figure, interleaved_medians
from prep.banks.loader import load_library
from prep.services.flashcards import Deck, next_card, rate
from prep.services.library import sync_items
from prep.store.db import Store, open_store
from prep.store.schema import CardState, ItemRecord, ReviewLog

CARDS, REVIEWS = 10_000, 100_000
BANK_FILES = 20
BATCH, REPEATS = 10, 60  # each timed call studies 10 cards in a row, as a candidate does


@dataclass(frozen=True)
class Seeded:
    data_dir: Path
    banks_dir: Path
    store: Store
    profile_id: int


def seed_store(root: Path, cards: int, reviews: int, seed: int = 7, banks_dir: Path | None = None) -> Seeded:
    """A data dir whose banks hold `cards` flashcards, every one reviewed before and due now, plus
    `reviews` review-log rows spread over the past year (the newest today), written with bulk inserts.
    Given `banks_dir` (banks an earlier call wrote with the same `cards`), two stores share one library."""
    rng = random.Random(seed)
    data_dir = root / "data"
    if banks_dir is None:
        banks_dir = root / "banks"
        banks_dir.mkdir(parents=True)
        write_banks(banks_dir, files=BANK_FILES, items=2 * cards)  # half flashcards, half prompts
    store = open_store(f"sqlite:///{data_dir / 'prep.sqlite3'}")
    profile_id = store.default_profile_id()
    sync_items(store, load_library([banks_dir]))
    now = datetime.now(UTC)
    with store.transaction() as session:
        ids = list(session.scalars(select(ItemRecord.id).where(ItemRecord.kind == "flashcard")))
        states = []
        for n, item_id in enumerate(ids):
            last = now - timedelta(days=rng.uniform(2, 60))
            states.append(
                {
                    "profile_id": profile_id,
                    "item_id": item_id,
                    "fsrs_card_id": n + 1,
                    "state": State.Review.value,
                    "step": None,
                    "stability": rng.uniform(1, 30),
                    "difficulty": rng.uniform(1, 10),
                    "due": last + timedelta(days=rng.uniform(0.5, 1.5)),
                    "last_review": last,
                    "reps": max(reviews // max(cards, 1), 1),
                    "lapses": rng.choice((0, 0, 0, 1, 2, 9)),
                }
            )
        session.execute(CardState.__table__.insert(), states)
        logs = [
            {
                "profile_id": profile_id,
                "item_id": ids[n % len(ids)],
                "rating": rng.choice((1, 3, 3, 3, 4)),
                "reviewed_at": now - timedelta(days=365 * (1 - n / reviews)),
                "duration_ms": rng.randint(2_000, 20_000),
                "source": "flashcard",
                "previous": None if n < len(ids) else {"state": 2},
            }
            for n in range(reviews)
        ]
        session.execute(ReviewLog.__table__.insert(), logs)
    return Seeded(data_dir, banks_dir, store, profile_id)


def anki_collection(folder: Path, cards: int):  # noqa: ANN201 - anki is a dev dependency, imported late
    """An Anki collection of `cards` review cards all due today, FSRS on, no daily review cap in the way."""
    from anki.collection import AddNoteRequest, Collection

    col = Collection(str(folder / "collection.anki2"))
    basic = col.models.by_name("Basic")
    deck_id = col.decks.id("Default")
    requests = []
    for i in range(cards):
        note = col.new_note(basic)
        note["Front"], note["Back"] = f"Question {i}", f"Answer {i}"
        requests.append(AddNoteRequest(note=note, deck_id=deck_id))
    col.add_notes(requests)
    col.sched.set_due_date(col.find_cards(""), "0")
    col.set_config("fsrs", True)
    config = col.decks.config_dict_for_deck_id(deck_id)
    config["rev"]["perDay"] = min(cards, 9999)  # the most Anki accepts
    col.decks.update_config(config)
    return col


def run() -> Figure:
    import anki.collection  # noqa: F401 - anki's modules must load in this order
    from anki.scheduler.v3 import CardAnswer

    with tempfile.TemporaryDirectory() as tmp:
        seeded = seed_store(Path(tmp) / "prep", CARDS, REVIEWS)
        deck = Deck(seeded.profile_id, fuzz=True)
        (Path(tmp) / "anki").mkdir()
        col = anki_collection(Path(tmp) / "anki", CARDS)

        def ours() -> None:
            for _ in range(BATCH):
                now = datetime.now(UTC)
                card = next_card(seeded.store, deck, now)
                assert card is not None and not card.is_new
                rate(seeded.store, deck, card.item_id, Rating.Good, now, duration_ms=4_000)

        def anki() -> None:
            for _ in range(BATCH):
                queued = col.sched.get_queued_cards().cards[0]
                card = col.get_card(queued.card.id)
                card.start_timer()
                col.sched.answer_card(col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD))

        t_ours, t_anki = (t / BATCH for t in interleaved_medians(ours, anki, repeats=REPEATS))
        col.close()
        seeded.store.engine.dispose()
    return Figure(
        "next_card",
        t_ours / t_anki,
        1.0,
        f"ours {t_ours * 1e3:.2f} ms, anki {t_anki * 1e3:.2f} ms per next card + rating",
    )

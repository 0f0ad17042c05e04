"""Progress aggregates kept between reruns: reused while the history is unchanged, aggregated again after
every kind of write that changes it (so the page never shows stale numbers)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from fsrs import Rating
from sqlalchemy import select

from prep.banks.loader import load_library
from prep.services import progress as ps
from prep.services.flashcards import Deck, rate, undo
from prep.services.interviews import save_ratings, submit_answer
from prep.services.library import sync_items
from prep.store.db import Store
from prep.store.schema import Attempt
from tests.store.test_progress import FIXTURES, NOW, answer, seeded


def assert_same_history(kept: ps.History, fresh: ps.History) -> None:
    pd.testing.assert_frame_equal(kept.answers_by_day, fresh.answers_by_day)
    pd.testing.assert_frame_equal(kept.daily, fresh.daily)
    pd.testing.assert_frame_equal(kept.rubric, fresh.rubric)


def test_an_unchanged_history_is_aggregated_once(store) -> None:
    library, pid = seeded(store)
    kept = ps.current_history(store, pid)
    assert ps.current_history(store, pid) is kept
    assert ps.history_mark(store, pid) == ps.history_mark(store, pid)
    assert_same_history(kept, ps.history(store, pid))
    cached, fresh = ps.progress(store, pid, library, NOW, kept), ps.progress(store, pid, library, NOW)
    pd.testing.assert_frame_equal(cached.readiness, fresh.readiness)
    pd.testing.assert_frame_equal(cached.rubric, fresh.rubric)
    assert (cached.streak, cached.totals) == (fresh.streak, fresh.totals)


Change = Callable[[Store, int, Path], object]


def _review(store: Store, pid: int, tmp_path: Path) -> None:
    rate(store, Deck(pid, fuzz=False), "alpha-fc-capitation", Rating.Again, NOW)


def _back_dated_review(store: Store, pid: int, tmp_path: Path) -> None:
    """Older than the newest review: only the review count can tell."""
    rate(store, Deck(pid, fuzz=False), "alpha-fc-capitation", Rating.Again, NOW - timedelta(days=30))


def _undo(store: Store, pid: int, tmp_path: Path) -> None:
    assert undo(store, Deck(pid)) == "alpha-fc-capitation"


def _undo_and_rate_again(store: Store, pid: int, tmp_path: Path) -> None:
    """As many reviews as before (on SQLite even the same row id), one recalled fewer."""
    _undo(store, pid, tmp_path)
    _review(store, pid, tmp_path)


def _answer(store: Store, pid: int, tmp_path: Path) -> None:
    answer(store, pid, "alpha-pr-resistance", 1, NOW - timedelta(days=5))


def _draft(store: Store, pid: int, tmp_path: Path) -> None:
    with store.transaction() as session:
        session.add(Attempt(profile_id=pid, item_id="alpha-pr-resistance", status="draft", started_at=NOW))


def _submitted_draft(store: Store, pid: int, tmp_path: Path) -> None:
    """No new row anywhere: a draft turns into a submitted answer."""
    with store.read() as session:
        attempt_id = session.scalar(select(Attempt.id).where(Attempt.status == "draft"))
    prompt = load_library([FIXTURES]).items["alpha-pr-resistance"].model
    submit_answer(store, pid, attempt_id, "We measured the result.", prompt, NOW)


def _unrated_answer(store: Store, pid: int, tmp_path: Path) -> None:
    answer(store, pid, "alpha-pr-resistance", None, NOW - timedelta(days=6))


def _self_rating(store: Store, pid: int, tmp_path: Path) -> None:
    with store.read() as session:
        attempt_id = session.scalar(select(Attempt.id).where(Attempt.overall_rating.is_(None)))
    save_ratings(store, pid, attempt_id, {"structure": 1}, 1, "", load_library([FIXTURES]).rubric, NOW)


def _bank_edit(store: Store, pid: int, tmp_path: Path) -> None:
    """A prompt moved to another area: its answers count for the new one."""
    banks = tmp_path / "edited"
    shutil.copytree(FIXTURES, banks)
    alpha = banks / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    alpha.write_text(text.replace("    competency: transformation", "    competency: governance"), encoding="utf-8")
    sync_items(store, load_library([banks]))


@pytest.mark.parametrize(
    ("prepare", "change"),
    [
        (None, _review),
        (None, _back_dated_review),
        (None, _undo),
        (None, _undo_and_rate_again),
        (None, _answer),
        (_draft, _submitted_draft),
        (_unrated_answer, _self_rating),
        (None, _bank_edit),
    ],
    ids=lambda f: f.__name__.strip("_") if f else "",
)
def test_every_change_of_history_is_aggregated_again(
    store: Store, tmp_path: Path, prepare: Change | None, change: Change
) -> None:
    _, pid = seeded(store)
    if prepare:
        prepare(store, pid, tmp_path)
    before = ps.current_history(store, pid)
    change(store, pid, tmp_path)
    after = ps.current_history(store, pid)
    fresh = ps.history(store, pid)
    assert_same_history(after, fresh)
    frames = ("answers_by_day", "daily", "rubric")
    changed = [f for f in frames if not getattr(before, f).equals(getattr(fresh, f))]
    assert changed, "the change left the aggregates as they were: the test proves nothing"

"""Flashcard settings and the study day, without a store."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from prep.config import load_settings
from prep.services.flashcards import Prefs, Scope, study_day


def test_defaults_are_anki_like() -> None:
    prefs = Prefs()
    assert (prefs.desired_retention, prefs.new_per_day, prefs.scope.is_all) == (0.90, 20, True)


def test_prefs_round_trip() -> None:
    prefs = Prefs(Scope(("finance",), ("alpha",), ("payment",)), 0.85, 7, 10, "2026-03-02")
    assert Prefs.from_dict(prefs.to_dict()) == prefs
    assert not prefs.scope.is_all


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "junk",
        {"desired_retention": 1.5, "new_per_day": -3},
        {"desired_retention": "0.9", "new_per_day": True, "scope": ["finance"], "extra_new": "5"},
    ],
)
def test_bad_stored_values_fall_back_to_defaults(stored: object) -> None:
    assert Prefs.from_dict(stored) == Prefs()


def test_scope_ignores_values_of_the_wrong_shape() -> None:
    assert Scope.from_dict({"competencies": "finance", "banks": ["alpha", 3]}) == Scope((), ("alpha", "3"), ())


def test_extra_new_cards_count_on_their_day_only() -> None:
    prefs = Prefs(extra_new=10, extra_new_day="2026-03-02")
    assert prefs.extra_new_on(datetime(2026, 3, 2).date()) == 10
    assert prefs.extra_new_on(datetime(2026, 3, 3).date()) == 0


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_study_day_starts_at_four_in_the_morning_local_time(new_york) -> None:
    before_four = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)  # 03:30 in New York
    start, end = study_day(before_four)
    assert start == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # 04:00 New York the day before
    assert end - start == timedelta(days=1)
    after_four = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert study_day(after_four)[0] == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert all(t.tzinfo is UTC for t in study_day(after_four))


def test_fsrs_fuzz_is_on_unless_the_environment_turns_it_off() -> None:
    assert load_settings({"PREP_DATA_DIR": "/tmp/x"}).fsrs_fuzz is True
    for off in ("0", "false", "no", "OFF"):
        assert load_settings({"PREP_DATA_DIR": "/tmp/x", "PREP_FSRS_FUZZ": off}).fsrs_fuzz is False
    assert load_settings({"PREP_DATA_DIR": "/tmp/x", "PREP_FSRS_FUZZ": "1"}).fsrs_fuzz is True

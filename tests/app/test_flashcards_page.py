"""The Flashcards page in AppTest: show answer, rate, the next card at once, undo; settings per profile;
what the page offers when nothing is due."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import State
from streamlit.testing.v1 import AppTest

from prep.config import load_settings
from prep.services.flashcards import Scope, load_prefs, save_prefs
from prep.services.profiles import profile_settings
from prep.store.db import open_store
from prep.store.schema import CardState
from tests.app.helpers import open_page, texts

PAGE = "prep/ui/pages/flashcards.py"
BYLAWS = "Who approves medical staff bylaws?"
CAPITATION = "What does capitation pay?"


@pytest.fixture(autouse=True)
def _no_fuzz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREP_FSRS_FUZZ", "0")


def metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


def card_text(at: AppTest) -> str:
    """The card's front and back as shown (markdown only, not captions)."""
    return "\n".join(m.value for m in at.main.markdown)


def rate(at: AppTest, rating: str) -> None:
    at.button(key="fc_show").click().run()
    at.button(key=f"fc_rate_{rating}").click().run()
    assert not at.exception, [e.message for e in at.exception]


def test_show_answer_rate_next_card_and_undo(bank_dir: Path) -> None:
    at = open_page(PAGE)
    assert at.title[0].value == "Flashcards"
    assert metrics(at) == {"New": 4, "Learning": 0, "Due": 0}
    assert BYLAWS in texts(at)
    assert "The governing board." not in texts(at)

    at.button(key="fc_show").click().run()
    assert "The governing board." in texts(at)
    labels = [at.button(key=f"fc_rate_{r}").label for r in ("again", "hard", "good", "easy")]
    assert labels[0] == "Again · 1 m" and labels[2] == "Good · 10 m"
    assert labels[3].startswith("Easy · ") and labels[3].endswith(" d")

    at.button(key="fc_rate_good").click().run()
    assert CAPITATION in card_text(at) and BYLAWS not in card_text(at)
    assert metrics(at) == {"New": 3, "Learning": 1, "Due": 0}
    assert "Last rating: Good on “Who approves medical staff bylaws?”" in texts(at)

    at.button(key="fc_undo").click().run()
    assert BYLAWS in card_text(at)
    assert metrics(at) == {"New": 4, "Learning": 0, "Due": 0}
    assert at.button(key="fc_undo").disabled
    assert [t.value for t in at.toast] == ["Undid the rating of “Who approves medical staff bylaws?”."]


def test_time_taken_is_recorded(bank_dir: Path) -> None:
    at = open_page(PAGE)
    rate(at, "good")
    store = open_store(load_settings().database_url)
    with store.engine.connect() as conn:
        (duration,) = conn.exec_driver_sql("select duration_ms from review_logs").one()
    assert duration is not None and duration >= 0


def test_settings_are_saved_per_profile_and_scope_the_cards(bank_dir: Path) -> None:
    at = open_page(PAGE)
    at.number_input(key="fc_new_per_day").set_value(2).run()
    at.slider(key="fc_retention").set_value(0.85).run()
    at.multiselect(key="fc_scope_competencies").set_value(["finance"]).run()
    assert metrics(at)["New"] == 1
    assert CAPITATION in texts(at)
    assert "Scope: Finance" in texts(at)
    store = open_store(load_settings().database_url)
    stored = profile_settings(store, store.default_profile_id())["flashcards"]
    assert stored["new_per_day"] == 2 and stored["desired_retention"] == 0.85
    assert stored["scope"]["competencies"] == ["finance"]

    at.sidebar.text_input(key="profile_new_name").set_value("Second").run()
    at.sidebar.button(key="profile_create").click().run()
    assert at.number_input(key="fc_new_per_day").value == 20
    assert at.multiselect(key="fc_scope_competencies").value == []
    assert metrics(at)["New"] == 4

    fresh = open_page(PAGE)  # a new browser session: the first profile's settings come back
    assert fresh.number_input(key="fc_new_per_day").value == 2
    assert fresh.multiselect(key="fc_scope_competencies").value == ["finance"]


def test_nothing_due_offers_extra_new_cards_and_practise_ahead(bank_dir: Path) -> None:
    at = open_page(PAGE)
    at.number_input(key="fc_new_per_day").set_value(1).run()
    rate(at, "easy")
    shown = texts(at)
    assert "You are done for now. The next card is due in" in shown
    assert metrics(at) == {"New": 0, "Learning": 0, "Due": 0}

    at.button(key="fc_extra_new").click().run()
    assert metrics(at)["New"] == 3
    assert CAPITATION in texts(at)
    for _ in range(3):
        rate(at, "easy")
    assert "You are done for now" in texts(at)
    assert "fc_extra_new" not in {b.key for b in at.button}  # no new card is left to offer

    at.button(key="fc_ahead").click().run()
    assert "Practising ahead" in texts(at)
    assert BYLAWS in texts(at) or CAPITATION in texts(at)
    rate(at, "good")
    assert not at.exception
    at.button(key="fc_ahead_stop").click().run()
    assert "You are done for now" in texts(at)


def test_a_leech_is_flagged_on_its_card(bank_dir: Path) -> None:
    at = open_page(PAGE)
    store = open_store(load_settings().database_url)
    now = datetime.now(UTC)
    with store.transaction() as session:
        session.add(
            CardState(
                profile_id=store.default_profile_id(),
                item_id="beta-fc-hcahps",
                fsrs_card_id=1,
                state=State.Review.value,
                step=None,
                stability=2.0,
                difficulty=8.0,
                due=now - timedelta(hours=1),
                last_review=now - timedelta(days=2),
                reps=20,
                lapses=8,
            )
        )
    at.run()
    assert "What does HCAHPS survey?" in card_text(at)
    assert [w.value for w in at.warning] == [
        "Leech: forgotten 8 times (8 or more). Consider rewriting or splitting this card."
    ]
    assert metrics(at)["Due"] == 1


def test_a_scope_saved_elsewhere_shows_on_the_next_run(bank_dir: Path) -> None:
    """The Progress page's drills save a scope and switch here: the widgets follow the store."""
    at = open_page(PAGE)
    store = open_store(load_settings().database_url)
    pid = store.default_profile_id()
    save_prefs(store, pid, replace(load_prefs(store, pid), scope=Scope(competencies=("governance",))))
    at.run()
    assert at.multiselect(key="fc_scope_competencies").value == ["governance"]
    assert metrics(at)["New"] == 1 and BYLAWS in card_text(at)

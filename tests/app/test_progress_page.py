"""The Progress page in AppTest: a friendly empty start, areas ranked as the data says, one-click drills."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from prep.banks.loader import load_library
from prep.config import load_settings
from prep.services import flashcards, interviews
from prep.services import library as library_service
from prep.services.review import apply_rating
from prep.store.db import open_store
from prep.store.schema import Attempt
from prep.store.schema import Rating as RatingRow
from tests.app.helpers import open_page, texts

PAGE = "prep/ui/pages/progress.py"


def seed_practice(now: datetime | None = None, env: dict[str, str] | None = None):
    """Strong transformation answers and finance recall; strategy answered badly; the rest untouched."""
    now = now or datetime.now(UTC)
    settings = load_settings(env)
    store = open_store(settings.database_url)
    library = load_library(settings.bank_paths)
    library_service.sync_items(store, library)
    pid = store.default_profile_id()
    with store.transaction() as s:
        for days in (3, 2, 1):
            apply_rating(s, pid, "alpha-fc-capitation", Rating.Good, now - timedelta(days=days), fuzz=False)
        for item_id, overall, dims in (
            ("alpha-pr-resistance", 5, {"structure": 5, "evidence-metrics": 3}),
            ("alpha-pr-five-years", 2, {"structure": 3, "evidence-metrics": 1}),
        ):
            attempt = Attempt(
                profile_id=pid,
                item_id=item_id,
                status="submitted",
                answer_text=f"answer to {item_id}",
                started_at=now,
                updated_at=now,
                submitted_at=now - timedelta(hours=1),
                seconds_used=90.0,
                overall_rating=overall,
                note="",
            )
            s.add(attempt)
            s.flush()
            s.add_all(RatingRow(attempt_id=attempt.id, dimension=d, score=v) for d, v in dims.items())
    return store, pid


def readiness_table(at):
    return next(df.value for df in at.dataframe if "Readiness" in df.value.columns)


def test_empty_store_is_a_friendly_start(bank_dir: Path) -> None:
    at = open_page(PAGE)
    assert at.title[0].value == "Progress"
    assert "No practice recorded yet" in texts(at)
    assert not at.exception and not at.error


def test_seeded_store_ranks_areas_and_names_the_weakest_dimension(bank_dir: Path) -> None:
    seed_practice()
    at = open_page(PAGE)
    shown = texts(at)
    assert "Your three weakest areas" in shown
    assert "Weakest dimension: **Evidence & metrics** (mean 2.0 of 5)." in shown
    table = readiness_table(at)
    areas = list(table["Area"])
    assert areas[-1] == "Transformation & change"  # the only area with a 5/5 answer
    assert areas.index("Strategy & vision") > areas.index("Clinical governance")  # answered beats untouched
    assert list(table["Readiness"]) == sorted(table["Readiness"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Flashcard reviews"] == "3" and metrics["Interview answers"] == "2"


@pytest.mark.parametrize("kind", ["cards", "interview"])
def test_drill_buttons_open_the_scoped_practice(bank_dir: Path, kind: str) -> None:
    (bank_dir / "gov.yaml").write_text(
        "bank: gov\ntitle: Governance extra\ncompetency: governance\nprompts:\n  - id: gov-pr-board\n"
        "    prompt: Who is accountable for quality?\n    talking_points: [The board, The medical staff, The CEO]\n"
    )
    store, pid = seed_practice()
    at = open_page(PAGE)
    library = load_library(load_settings().bank_paths)
    wanted = "flashcard" if kind == "cards" else "prompt"
    names = {c.name: c.id for c in library.competencies.values()}
    weakest = [names[a] for a in readiness_table(at)["Area"][:3]]
    area_id = next(a for a in weakest if any(i.kind == wanted and i.competency == a for i in library.items.values()))
    assert all(at.button(key=f"progress_drill_{kind}_{a}").disabled for a in weakest[: weakest.index(area_id)])
    at.button(key=f"progress_drill_{kind}_{area_id}").click().run()
    assert not at.exception
    if kind == "cards":
        assert at.title[0].value == "Flashcards"
        assert flashcards.load_prefs(store, pid).scope.competencies == (area_id,)
    else:
        assert at.title[0].value == "Mock interview"
        view = interviews.open_session(store, pid)
        assert view is not None and view.scope.competencies == (area_id,)


def test_history_shows_answers_and_export_is_offered(bank_dir: Path) -> None:
    seed_practice()
    at = open_page(PAGE)
    history = at.dataframe(key="progress_history_table").value
    assert len(history) == 2
    at.text_input(key="progress_history_text").set_value("resistance").run()
    assert len(at.dataframe(key="progress_history_table").value) == 1
    at.button(key="progress_export_prepare").click().run()
    assert not at.exception

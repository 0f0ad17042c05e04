"""Flashcards in real Chromium: study three cards (show answer, rate), see the counts move, undo one."""

from __future__ import annotations

import sqlite3

import pytest

pytestmark = pytest.mark.browser

FRONTS = [
    "Who approves medical staff bylaws?",
    "What does capitation pay?",
    "What does HCAHPS survey?",
    "Name one telehealth modality.",
]


def metric(page, label: str):  # noqa: ANN201 - Playwright locator
    return page.locator("[data-testid='stMetric']").filter(has_text=label).locator("[data-testid='stMetricValue']")


def test_rate_three_cards(server, page) -> None:
    page.goto(server.url)
    page.get_by_role("heading", name="Flashcards").wait_for()
    metric(page, "New").get_by_text("4", exact=True).wait_for()
    for n, (rating, front) in enumerate(zip(("Good", "Easy", "Again"), FRONTS, strict=False)):
        page.get_by_text(front, exact=True).wait_for()
        page.get_by_role("button", name="Show answer").click()
        page.get_by_role("button", name=f"{rating} · ").click()
        page.get_by_text(FRONTS[n + 1], exact=True).wait_for()
        metric(page, "New").get_by_text(str(3 - n), exact=True).wait_for()
    metric(page, "Learning").get_by_text("2", exact=True).wait_for()
    page.get_by_text("Last rating: Again on “What does HCAHPS survey?”").wait_for()

    page.get_by_role("button", name="Undo last rating").click()
    page.get_by_text(FRONTS[2], exact=True).wait_for()
    metric(page, "New").get_by_text("2", exact=True).wait_for()
    page.get_by_text("Last rating: Easy on “What does capitation pay?”").wait_for()

    store = sqlite3.connect(server.data_dir / "prep.sqlite3")
    rows = store.execute("select item_id, rating, duration_ms from review_logs order by id").fetchall()
    store.close()
    assert [(item, rating) for item, rating, _ms in rows] == [
        ("alpha-fc-bylaws", 3),
        ("alpha-fc-capitation", 4),
    ]
    assert all(ms is not None and ms > 0 for _item, _rating, ms in rows)

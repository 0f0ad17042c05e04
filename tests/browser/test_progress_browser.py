"""Progress in real Chromium: after practising, see the weakest area, drill it in one click."""

from __future__ import annotations

import pytest

from tests.app.test_progress_page import seed_practice

pytestmark = pytest.mark.browser


def test_weakest_area_drill_lands_on_scoped_flashcards(server, page) -> None:
    seed_practice(env=server.env)
    page.goto(f"{server.url}/progress")
    page.get_by_role("heading", name="Progress").wait_for()
    page.get_by_text("Your three weakest areas").wait_for()
    # The first card of the three is the weakest area: Digital health, one card never studied.
    first_area = page.locator("[data-testid='stMain'] [data-testid='stColumn'] strong").first
    assert first_area.inner_text() == "Digital health"
    page.get_by_role("button", name="Drill flashcards").first.click()
    page.get_by_role("heading", name="Flashcards").wait_for()
    page.get_by_text("Digital health").first.wait_for()
    page.get_by_text("Name one telehealth modality.").wait_for()  # the area's only card is the one served

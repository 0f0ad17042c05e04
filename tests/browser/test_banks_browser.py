"""Question banks in real Chromium: open the app, upload a bank, see it listed."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

BANK = b"""\
bank: coach-upload
title: Coach upload bank
competency: governance
flashcards:
  - id: coach-fc-npdb
    front: Which 1986 law created the National Practitioner Data Bank?
    back: The Health Care Quality Improvement Act (HCQIA).
"""


def test_upload_a_bank_and_see_it_listed(server, page) -> None:
    page.goto(f"{server.url}/banks")  # Flashcards is the landing page
    page.get_by_role("heading", name="Question banks").wait_for()
    page.get_by_text("2 banks, 2 prompts, 4 flashcards").wait_for()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": "coach.yaml", "mimeType": "application/x-yaml", "buffer": BANK}]
    )
    page.get_by_text("coach.yaml is valid").wait_for()
    page.get_by_role("button", name="Save 'Coach upload bank'").click()
    page.get_by_text("Saved 'Coach upload bank'").wait_for()
    page.get_by_text("3 banks, 2 prompts, 5 flashcards").wait_for()
    assert (server.data_dir / "banks" / "coach-upload.yaml").read_bytes() == BANK
    page.get_by_placeholder("e.g. credentialing").fill("National Practitioner")
    page.get_by_placeholder("e.g. credentialing").press("Enter")
    page.get_by_text("1 item match").wait_for()


def test_invalid_upload_shows_cli_messages(server, page) -> None:
    page.goto(f"{server.url}/banks")  # Flashcards is the landing page
    page.get_by_role("heading", name="Question banks").wait_for()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[
            {
                "name": "bad.yaml",
                "mimeType": "application/x-yaml",
                "buffer": BANK.replace(b"front:", b"fron:"),
            }
        ]
    )
    page.get_by_text("bad.yaml was not saved").wait_for()
    page.get_by_text("bad.yaml:5:5: flashcard 'coach-fc-npdb': missing required field 'front'").wait_for()
    assert not (server.data_dir / "banks").exists() or not any((server.data_dir / "banks").iterdir())

"""The Mock interview page in real Chromium: a panel from answer to downloaded report, a draft that
outlives a server restart, and a countdown that keeps running while the candidate types."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import start_server, wait_for_app

pytestmark = pytest.mark.browser

ANSWER = (
    "Headline: in five years we are the region's integrated system. Two priorities: access first, then "
    "quality, with the trade-offs sequenced. I think we can cut waits by 30% and save $4M."
)


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text("Mock interview").click()
    page.get_by_role("heading", name="Mock interview").wait_for()
    wait_for_app(page)


def _start_one_prompt_panel(page) -> None:
    count = page.get_by_label("Prompts")
    count.fill("1")
    count.press("Enter")
    page.get_by_text("This panel asks 1:").wait_for()
    page.get_by_role("button", name="Start the panel").click()
    page.get_by_role("heading", name="Where should we be in five years?").wait_for()


def _countdown(page) -> str:
    return page.get_by_text("left of 2:00").inner_text()


def test_answer_submit_rate_finish_and_download_the_report(server, page, tmp_path: Path) -> None:
    _open(page, server.url)
    _start_one_prompt_panel(page)
    page.get_by_role("textbox", name="Your answer").fill(ANSWER)
    page.get_by_role("button", name="Submit answer").click()

    page.get_by_text("3 of 3 covered by your typed answer.").wait_for()
    points = page.locator("[data-testid='stMain']")
    assert points.get_by_text("Covered · Headline vision").count() == 1
    assert "matched: headline · missing: vision · needs 1 of 2" in points.inner_text()
    page.get_by_text("What would you stop doing?").wait_for()
    assert "30%, $4M" in points.inner_text()

    radios = page.locator("[data-testid='stRadio']")
    radios.nth(5).wait_for()  # the radio component loads lazily
    assert radios.count() == 6  # five rubric dimensions and the overall rating
    page.get_by_text("Headline first, tight body, explicit close.").wait_for()
    for index in range(6):
        radios.nth(index).get_by_text("4", exact=True).click()
    page.get_by_label("Note to self").fill("Open with the number")
    page.get_by_role("button", name="Save ratings").click()
    page.get_by_text("Ratings saved. This prompt comes back in").wait_for()

    page.get_by_role("button", name="Finish the panel").click()
    page.get_by_text("Panel summary").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the report (Markdown)").click()
    download = info.value
    assert download.suggested_filename.startswith("mock-interview-") and download.suggested_filename.endswith(".md")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    report = target.read_text(encoding="utf-8")
    assert report.startswith("# Mock interview, ")
    assert "## 1. Where should we be in five years?" in report
    assert "- Talking points covered: 3/3" in report
    assert "Structure 4, Strategic framing 4, Evidence & metrics 4" in report and "overall 4/5" in report
    assert "- Note to self: Open with the number" in report
    assert "> Headline: in five years we are the region's integrated system." in report


def test_a_draft_outlives_a_server_restart(server, page, browser) -> None:
    _open(page, server.url)
    _start_one_prompt_panel(page)
    box = page.get_by_role("textbox", name="Your answer")
    box.fill("Half an answer about the vision")
    box.press("Tab")  # leaving the box saves the draft
    page.get_by_text("Draft saved at").wait_for()

    server.stop()
    restarted = start_server(server.data_dir, server.banks_dir)
    try:
        context = browser.new_context()
        fresh = context.new_page()
        _open(fresh, restarted.url)
        fresh.get_by_role("heading", name="Where should we be in five years?").wait_for()
        expect(fresh.get_by_role("textbox", name="Your answer")).to_have_value("Half an answer about the vision")
        context.close()
    finally:
        restarted.stop()


def test_the_countdown_keeps_running_while_typing(server, page) -> None:
    _open(page, server.url)
    _start_one_prompt_panel(page)
    before = _countdown(page)
    box = page.get_by_role("textbox", name="Your answer")
    box.click()
    typed = "We start from the board's strategy and the cost of doing nothing."
    page.keyboard.type(typed, delay=40)  # about 2.6 s of typing while the clock reruns
    page.wait_for_function(
        "(before) => [...document.querySelectorAll('[data-testid=\"stMain\"] p')]"
        ".some(p => p.innerText.includes('left of 2:00') && !p.innerText.includes(before))",
        arg=before.split("left")[0].strip(),
    )
    assert box.input_value() == typed
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"

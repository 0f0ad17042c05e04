"""A server killed with SIGKILL in the middle of a burst of submitted answers loses none it confirmed.

Real `streamlit run` on a temporary data folder and real Chromium. Answers are submitted one after
another on the Mock interview page and the server process is killed while the next submit is in
flight: once right after the click (the submit may or may not have reached the store), once as soon
as another connection sees it committed (before the page could confirm it). Each time a new server
starts on the same data folder: every answer whose feedback appeared on screen, and the one seen
committed, is in the store as submitted, SQLite's integrity check passes, and the app serves again,
resuming the panel the killed server left open exactly as the store has it; the next burst then runs
on the restarted server.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.browser.conftest import FIXTURE_BANKS, Server, start_server, wait_for_app

pytestmark = pytest.mark.browser

BURST = 2  # answers confirmed on screen before each kill
KILLS = ("right after the click", "once committed")


def _answer(n: int) -> str:
    return f"Crash answer {n}: headline vision first, then two priorities and their trade-offs."


def _stored(database: Path) -> tuple[dict[str, str], list[str]]:
    """Answer text -> status for every attempt, and SQLite's integrity check, read with the stdlib."""
    conn = sqlite3.connect(database)
    try:
        rows = dict(conn.execute("SELECT answer_text, status FROM attempts").fetchall())
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    return rows, check


def _wait_until_committed(database: Path, text: str) -> None:
    deadline = time.monotonic() + 30
    while _stored(database)[0].get(text) != "submitted":
        assert time.monotonic() < deadline, f"'{text}' was never committed"
        time.sleep(0.005)


def _open_interview(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{url}/interview")
    wait_for_app(page)
    page.get_by_role("heading", name="Mock interview").wait_for()
    return context, page


def _feedback(page, text: str) -> None:
    """The feedback view of a submitted answer: its text rendered as markdown (not in the text box)."""
    page.locator("[data-testid='stMarkdownContainer']").get_by_text(text, exact=True).wait_for()
    page.get_by_role("heading", name="Rate your answer").wait_for()


def _submit(page, text: str) -> None:
    """Start a panel, type an answer and click Submit (without waiting for the result)."""
    page.get_by_role("button", name="Start the panel").click()
    page.get_by_role("textbox", name="Your answer").fill(text)
    page.get_by_role("button", name="Submit answer").click()


def _new_panel(page) -> None:
    page.get_by_role("button", name="End panel").click()
    page.get_by_role("button", name="Set up a new panel").click()
    page.get_by_role("button", name="Start the panel").wait_for()


def _resumed_as_stored(page, in_flight: str, status: str | None) -> None:
    """The restarted app shows the panel left open: the feedback if the submit was committed, else the box."""
    if status == "submitted":
        _feedback(page, in_flight)
    else:
        page.get_by_role("textbox", name="Your answer").wait_for()
        page.get_by_role("button", name="Submit answer").wait_for()


def test_sigkill_during_a_burst_of_submits_loses_no_confirmed_answer(browser, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    banks = tmp_path / "banks"
    shutil.copytree(FIXTURE_BANKS, banks)
    database = data_dir / "prep.sqlite3"
    servers: list[Server] = [start_server(data_dir, banks)]
    context, page = _open_interview(browser, servers[-1].url)
    kept: list[str] = []  # answers the store must have: confirmed on screen, or seen committed
    typed: list[str] = []
    try:
        for kill in KILLS:
            for _ in range(BURST):
                typed.append(_answer(len(typed)))
                _submit(page, typed[-1])
                _feedback(page, typed[-1])
                kept.append(typed[-1])
                _new_panel(page)
            in_flight = _answer(len(typed))
            typed.append(in_flight)
            _submit(page, in_flight)
            if kill == "once committed":
                _wait_until_committed(database, in_flight)
                kept.append(in_flight)
            os.kill(servers[-1].process.pid, signal.SIGKILL)
            assert servers[-1].process.wait(timeout=10) == -signal.SIGKILL
            context.close()

            servers.append(start_server(data_dir, banks))
            stored, check = _stored(database)
            assert check == ["ok"], kill
            assert {text: stored.get(text) for text in kept} == dict.fromkeys(kept, "submitted"), kill
            assert set(stored) <= {*typed, ""}, stored  # nothing half-written or foreign

            context, page = _open_interview(browser, servers[-1].url)
            _resumed_as_stored(page, in_flight, stored.get(in_flight))
            _new_panel(page)  # and the app goes on: the next burst runs on the restarted server
    finally:
        context.close()
        for server in servers:
            server.stop(kill=True)

"""Hostile text and uploads in real Chromium: payloads show as text, nothing runs, nothing is written."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "hostile.yaml"
PAYLOAD_SELECTORS = [
    "[data-testid='stMain'] script",
    "img[onerror]",
    "iframe[src^='javascript']",
    "svg[onload]",
    "a[href^='javascript']",
    "b[onmouseover]",
]


def assert_inert(page) -> None:
    assert page.dialogs == []
    assert page.evaluate("() => window.__pwned === undefined")
    for selector in PAYLOAD_SELECTORS:
        assert page.locator(selector).count() == 0, selector


@pytest.mark.parametrize("search", ["Payload <script>", "Payload prompt"])
def test_bank_payloads_render_as_text(server, page, search: str) -> None:
    shutil.copy(HOSTILE, server.banks_dir / "hostile.yaml")
    page.goto(f"{server.url}/banks")  # Flashcards is the landing page
    page.get_by_role("heading", name="Question banks").wait_for()
    page.get_by_placeholder("e.g. credentialing").fill(search)
    page.get_by_placeholder("e.g. credentialing").press("Enter")
    page.get_by_text("1 item match").wait_for()
    if search == "Payload <script>":
        page.get_by_text("<script>window.__pwned = 1;", exact=False).wait_for()
        page.get_by_text('<img src=x onerror="window.__pwned = 2;', exact=False).wait_for()
    else:
        page.get_by_text('<b onmouseover="alert(', exact=False).first.wait_for()
        page.get_by_text("<script>alert('follow')</script>").wait_for()
    assert_inert(page)


def _upload(page, name: str, data: bytes) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "application/x-yaml", "buffer": data}]
    )


def test_hostile_uploads_are_refused_and_nothing_is_written(server, page, tmp_path: Path) -> None:
    page.goto(f"{server.url}/banks")  # Flashcards is the landing page
    page.get_by_role("heading", name="Question banks").wait_for()
    before = sorted(p for p in server.data_dir.parent.rglob("*") if p.is_file() and p.suffix == ".yaml")
    outside = server.data_dir.parent.parent / "evil.yaml"

    _upload(page, "../../evil.yaml", HOSTILE.read_bytes())
    page.get_by_text("the file name must be a plain name like my-bank.yaml").or_(
        page.get_by_text("evil.yaml was not saved")
    ).first.wait_for()

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("bank.yaml", "bank: x\ntitle: x\n")
    _upload(page, "renamed.yaml", archive.getvalue())
    page.get_by_text("not a YAML text file").wait_for()

    _upload(page, "bomb.yaml", b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n')
    page.get_by_text("anchors and aliases (&name / *name) are not allowed").wait_for()

    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"# " + b"x" * (50 * 1024 * 1024))
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(huge))
    page.get_by_text("1.0MB", exact=False).or_(page.get_by_text("at most 1 MB", exact=False)).first.wait_for()

    after = sorted(p for p in server.data_dir.parent.rglob("*") if p.is_file() and p.suffix == ".yaml")
    assert [p for p in after if p != huge] == before
    assert not outside.exists()
    assert not (server.data_dir / "banks").exists() or list((server.data_dir / "banks").iterdir()) == []
    page.get_by_text("2 banks, 2 prompts, 4 flashcards").wait_for()  # the app still serves
    assert_inert(page)


ANSWER_PAYLOAD = (
    "Headline vision <script>window.__pwned = 3; alert('answer')</script> "
    "<img src=x onerror=\"window.__pwned = 4; alert('img')\"> [see](javascript:alert('link')) "
    "<a href=\"javascript:alert('a')\">raw</a> two priorities"
)


def test_answer_payloads_render_as_text(server, page) -> None:
    from tests.browser.test_interview_browser import _open, _start_one_prompt_panel

    _open(page, server.url)
    _start_one_prompt_panel(page)
    page.get_by_role("textbox", name="Your answer").fill(ANSWER_PAYLOAD)
    page.get_by_role("button", name="Submit answer").click()
    page.get_by_text("covered by your typed answer").wait_for()
    page.get_by_text("<script>window.__pwned = 3;", exact=False).first.wait_for()
    page.get_by_text('<img src=x onerror="window.__pwned = 4;', exact=False).first.wait_for()
    assert_inert(page)
    page.goto(f"{server.url}/progress")
    page.get_by_role("heading", name="Progress").wait_for()
    assert_inert(page)

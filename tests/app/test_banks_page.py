"""The Question banks page in AppTest: good banks browse and filter, a broken bank shows its problems."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import open_page, texts

PAGE = "prep/ui/pages/banks.py"


def test_lists_and_filters_items(bank_dir: Path) -> None:
    at = open_page(PAGE)
    assert at.title[0].value == "Question banks"
    assert "2 banks, 2 prompts, 4 flashcards" in texts(at)
    assert "**6** items match." in texts(at)
    at.multiselect(key="banks_filter_kind").set_value(["prompt"]).run()
    assert "**2** items match." in texts(at)
    at.multiselect(key="banks_filter_competency").set_value(["transformation"]).run()
    assert "**1** item match." in texts(at)
    at.multiselect(key="banks_filter_kind").set_value([]).run()
    at.multiselect(key="banks_filter_competency").set_value([]).run()
    at.text_input(key="banks_filter_text").set_value("capitation").run()
    assert "**1** item match." in texts(at)
    at.text_input(key="banks_filter_text").set_value("").run()
    at.multiselect(key="banks_filter_tag").set_value(["payment"]).run()
    assert "**1** item match." in texts(at)


def test_broken_bank_shows_problems_and_good_banks_stay_usable(bank_dir: Path) -> None:
    (bank_dir / "broken.yaml").write_text("bank: broken\ntitle: Broken\nflashcards:\n\t- id: x\n")
    at = open_page(PAGE)
    shown = texts(at)
    assert "1 bank file could not be loaded" in shown
    assert f"{bank_dir / 'broken.yaml'}:4:1: a tab character: indent with spaces, not tabs" in shown
    assert "**6** items match." in shown


def test_shows_where_data_lives(bank_dir: Path, data_dir: Path) -> None:
    at = open_page(PAGE)
    assert str(data_dir) in "\n".join(c.value for c in at.sidebar.caption)


def test_sidebar_creates_and_switches_profile(bank_dir: Path) -> None:
    at = open_page(PAGE)
    at.sidebar.text_input(key="profile_new_name").set_value("Panel practice").run()
    at.sidebar.button(key="profile_create").click().run()
    assert not at.exception
    assert (
        at.sidebar.selectbox(key="profile_select").format_func(at.sidebar.selectbox(key="profile_select").value)
        == "Panel practice"
    )

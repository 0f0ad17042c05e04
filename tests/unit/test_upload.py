"""Coach uploads: validated like the CLI, refused when unsafe, saved only inside the uploads folder."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from prep.config import load_settings
from prep.services.library import check_upload, save_upload

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "banks"
NEW_BANK = b"""\
bank: coach-extra
title: Coach extra
competency: governance
prompts:
  - id: coach-pr-one
    prompt: How would you modernise credentialing?
    talking_points: [Primary-source verification, Delegated credentialing, Turnaround metrics]
"""


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def settings(bank_dir):
    return load_settings()


def test_valid_upload_previews_and_saves_as_slug(settings) -> None:
    check = check_upload("extra.yaml", NEW_BANK, settings)
    assert check.ok and [i.id for i in check.items] == ["coach-pr-one"]
    target = save_upload(check, settings)
    assert target == settings.upload_dir / "coach-extra.yaml"
    assert target.read_bytes() == NEW_BANK


def test_reupload_of_the_same_bank_replaces_it(settings) -> None:
    save_upload(check_upload("extra.yaml", NEW_BANK, settings), settings)
    again = check_upload("extra-v2.yaml", NEW_BANK.replace(b"Coach extra", b"Coach extra v2"), settings)
    assert again.ok, again.problems


def test_invalid_upload_lists_cli_messages_and_writes_nothing(settings, bank_dir: Path) -> None:
    before = _files(settings.data_dir)
    check = check_upload("bad.yaml", NEW_BANK.replace(b"prompt: How", b"promt: How"), settings)
    assert not check.ok
    assert [str(p) for p in check.problems] == [
        "bad.yaml:5:5: prompt 'coach-pr-one': missing required field 'prompt': add 'prompt: ...'",
        "bad.yaml:6:5: prompt 'coach-pr-one': unknown field 'promt'; did you mean 'prompt'?",
    ]
    with pytest.raises(ValueError):
        save_upload(check, settings)
    assert _files(settings.data_dir) == before


def test_duplicate_of_a_loaded_id_is_refused(settings) -> None:
    check = check_upload("dup.yaml", NEW_BANK.replace(b"coach-pr-one", b"alpha-pr-five-years"), settings)
    assert not check.ok and "duplicate id 'alpha-pr-five-years'" in str(check.problems[0])


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        (
            "../../evil.yaml",
            NEW_BANK,
            "the file name must be a plain name like my-bank.yaml (no folders, no '..')",
        ),
        ("bank.txt", NEW_BANK, "only .yaml or .yml bank files can be uploaded"),
        (
            "big.yaml",
            b"# " + b"x" * (50 * 1024 * 1024),
            "file is 50.0 MB; an uploaded bank may be at most 1 MB",
        ),
        (
            "bomb.yaml",
            b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n',
            "anchors and aliases (&name / *name) are not allowed; write the text out in full",
        ),
    ],
)
def test_hostile_uploads_are_refused(settings, name: str, raw: bytes, message: str) -> None:
    before = _files(settings.data_dir.parent)
    check = check_upload(name, raw, settings)
    assert not check.ok
    assert message in check.problems[0].message
    assert _files(settings.data_dir.parent) == before


def test_zip_renamed_yaml_is_refused(settings) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bank.yaml", NEW_BANK)
    check = check_upload("bank.yaml", buffer.getvalue(), settings)
    assert [p.message for p in check.problems] == [
        "this is a binary file (for example a zip archive), not a YAML text file"
    ]

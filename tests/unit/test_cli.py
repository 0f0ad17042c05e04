"""`python -m prep`: what a coach types and exactly what they see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from prep.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "banks"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "prep", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_valid_set_prints_one_summary_line_from_any_directory(tmp_path: Path) -> None:
    result = run("validate", str(FIXTURES), cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "OK: 2 banks, 2 prompts, 4 flashcards\n",
        "",
    )


def test_problems_exit_1_with_linter_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: bad\ntitle: Bad\ncompetency: strategy\nflashcards:\n  - id: alpha-fc-bylaws\n    front: x\n")
    result = run("validate", str(FIXTURES), str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{bad}:5:5: duplicate id 'alpha-fc-bylaws' (already used at {FIXTURES / 'alpha.yaml'}:12); "
        "every item needs its own id",
        f"{bad}:5:5: flashcard 'alpha-fc-bylaws': missing required field 'back': add 'back: ...'",
    ]
    assert result.stderr == "2 errors, 0 warnings in 1 of 3 bank files\n"
    assert "Traceback" not in result.stderr


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    result = run("validat", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_default_paths_are_the_configured_banks(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PREP_BANKS", str(FIXTURES))
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "OK: 2 banks, 2 prompts, 4 flashcards\n"


def test_shipped_banks_validate_with_no_warnings(shipped_banks: Path, capsys) -> None:
    assert main(["validate", str(shipped_banks)]) == 0
    assert "warning" not in capsys.readouterr().out


def test_new_bank_writes_a_template_that_validates(tmp_path: Path, capsys) -> None:
    assert main(["new-bank", "digital-health", "--dir", str(tmp_path)]) == 0
    written = tmp_path / "digital-health.yaml"
    assert "python -m prep validate" in written.read_text()
    capsys.readouterr()
    assert main(["validate", str(written)]) == 0
    assert main(["new-bank", "digital-health", "--dir", str(tmp_path)]) == 2  # never overwrites
    assert main(["new-bank", "Bad Slug", "--dir", str(tmp_path)]) == 2


def test_schema_is_json_schema_of_the_bank_model(capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["type"] == "object"
    assert {"bank", "title"} <= set(schema["required"])
    assert "talking_points" in schema["$defs"]["Prompt"]["properties"]


def test_export_then_import_into_a_new_profile(data_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "export.zip"
    assert main(["export", "-o", str(out)]) == 0
    assert main(["import", str(out), "--profile", "Copy"]) == 0
    assert "imported into profile 'Copy'" in capsys.readouterr().out
    assert main(["import", str(out), "--profile", "Copy"]) == 2  # the name is taken
    assert main(["export", "--profile", "Nobody", "-o", str(out)]) == 2

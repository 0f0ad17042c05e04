"""The loader: every error class a coach can make, each with its exact line, column and message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from prep.banks.loader import load_library

GOOD = """\
bank: demo
title: Demo
competency: strategy
flashcards:
  - id: demo-fc-1
    front: Front
    back: Back
prompts:
  - id: demo-pr-1
    prompt: Why?
    talking_points: [one, two, three]
"""


def problems(tmp_path: Path, text: str | bytes, name: str = "bank.yaml") -> list[str]:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    library = load_library([path])
    return [str(p).replace(f"{path}:", "") for p in library.problems]


def test_valid_bank_has_no_problems(tmp_path: Path) -> None:
    assert problems(tmp_path, GOOD) == []


def test_tab_indentation(tmp_path: Path) -> None:
    text = "bank: demo\ntitle: Demo\nflashcards:\n\t- id: x\n"
    assert problems(tmp_path, text) == ["4:1: a tab character: indent with spaces, not tabs"]


def test_bad_indentation(tmp_path: Path) -> None:
    text = "bank: demo\n  title: Demo\n"
    assert problems(tmp_path, text) == ["2:8: unexpected ':'; check this line's indentation, or quote text with ': '"]


def test_list_items_out_of_line(tmp_path: Path) -> None:
    text = "bank: demo\ntitle: Demo\nflashcards:\n  - id: a\n    front: x\n   - id: b\n"
    [message] = problems(tmp_path, text)
    assert message.startswith("6:4: ")
    assert "indentation" in message


def test_duplicate_key_is_caught_not_silently_kept(tmp_path: Path) -> None:
    text = GOOD.replace("    back: Back\n", "    back: Back\n    back: Other\n")
    assert problems(tmp_path, text) == [
        "8:5: duplicate key 'back' (first at line 7); YAML would silently keep only the last one: "
        "remove or rename one of them"
    ]


def test_unknown_field_with_did_you_mean(tmp_path: Path) -> None:
    text = GOOD.replace("talking_points:", "talking_point:")
    assert problems(tmp_path, text) == [
        "9:5: prompt 'demo-pr-1': missing required field 'talking_points': add 'talking_points: ...'",
        "11:5: prompt 'demo-pr-1': unknown field 'talking_point'; did you mean 'talking_points'?",
    ]


def test_unknown_field_without_close_match_lists_allowed(tmp_path: Path) -> None:
    text = GOOD.replace("title: Demo\n", "title: Demo\nzzz: 1\n")
    [message] = problems(tmp_path, text)
    assert message.startswith("3:1: unknown field 'zzz'; allowed: bank, title, description")


def test_missing_required_field(tmp_path: Path) -> None:
    text = GOOD.replace("    back: Back\n", "")
    assert problems(tmp_path, text) == ["5:5: flashcard 'demo-fc-1': missing required field 'back': add 'back: ...'"]


def test_wrong_type(tmp_path: Path) -> None:
    text = GOOD.replace("front: Front", "front: 42")
    assert problems(tmp_path, text) == [
        "6:5: flashcard 'demo-fc-1': 'front' must be text, not a number: put the value in quotes"
    ]


def test_list_expected(tmp_path: Path) -> None:
    text = GOOD.replace("talking_points: [one, two, three]", "talking_points: one")
    assert problems(tmp_path, text) == [
        "11:5: prompt 'demo-pr-1': 'talking_points' must be a list (one '- entry' per line), not text"
    ]


def test_blank_text(tmp_path: Path) -> None:
    text = GOOD.replace("back: Back", "back: '   '")
    assert problems(tmp_path, text) == [
        "7:5: flashcard 'demo-fc-1': 'back' is blank: write the text, or remove the field"
    ]


def test_out_of_range_number(tmp_path: Path) -> None:
    text = GOOD + "    difficulty: 7\n    time_limit: 5\n"
    assert problems(tmp_path, text) == [
        "12:5: prompt 'demo-pr-1': 'difficulty' is 7; it must be from 1 to 3",
        "13:5: prompt 'demo-pr-1': 'time_limit' is 5; it must be from 30 to 900",
    ]


def test_bad_choice_with_did_you_mean(tmp_path: Path) -> None:
    text = GOOD + "    framework: stars\n"
    assert problems(tmp_path, text) == [
        "12:5: prompt 'demo-pr-1': 'framework' is 'stars'; use one of: star, answer-first; did you mean 'star'?"
    ]


def test_unknown_competency_with_did_you_mean(tmp_path: Path) -> None:
    text = GOOD.replace("    back: Back\n", "    back: Back\n    competency: goverance\n")
    assert problems(tmp_path, text) == [
        "8:5: flashcard 'demo-fc-1': unknown competency 'goverance'; did you mean 'governance'?"
    ]


def test_competency_declared_by_the_bank_is_known(tmp_path: Path) -> None:
    text = GOOD.replace("competency: strategy\n", "competency: ai\ncompetencies:\n  - id: ai\n    name: AI\n")
    assert problems(tmp_path, text) == []


def test_item_without_any_competency(tmp_path: Path) -> None:
    text = GOOD.replace("competency: strategy\n", "")
    assert problems(tmp_path, text) == [
        "4:5: flashcard 'demo-fc-1' has no competency: add 'competency:' to it or to the bank",
        "8:5: prompt 'demo-pr-1' has no competency: add 'competency:' to it or to the bank",
    ]


def test_duplicate_id_within_a_file(tmp_path: Path) -> None:
    text = GOOD.replace("id: demo-pr-1", "id: demo-fc-1")
    assert problems(tmp_path, text) == [
        "9:5: duplicate id 'demo-fc-1' (already used at line 5); every item needs its own id"
    ]


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD.replace("bank: demo", "bank: other").replace("demo-pr-1", "other-pr-1"))
    library = load_library([tmp_path])
    assert [str(p) for p in library.problems] == [
        f"{tmp_path / 'b.yaml'}:5:5: duplicate id 'demo-fc-1' (already used at {tmp_path / 'a.yaml'}:5); "
        "every item needs its own id"
    ]
    assert [b.bank for b in library.banks] == ["demo"]  # the good bank stays usable


def test_duplicate_bank_slug_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("bank: same\ntitle: A\n")
    (tmp_path / "b.yaml").write_text("bank: same\ntitle: B\n")
    messages = [str(p) for p in load_library([tmp_path]).errors]
    assert messages == [
        f"{tmp_path / 'b.yaml'}:1:1: bank 'same' is already defined in {tmp_path / 'a.yaml'}; "
        "give each bank its own slug"
    ]


def test_non_utf8_bytes(tmp_path: Path) -> None:
    text = GOOD.replace("Back", "Caf\xe9").encode("latin-1")
    assert problems(tmp_path, text) == ["7:14: not UTF-8 text (byte 0xE9); save the file as UTF-8"]


def test_empty_file(tmp_path: Path) -> None:
    assert problems(tmp_path, "# only a comment\n") == [
        "1:1: file is empty; a bank needs at least 'bank:' and 'title:'"
    ]


def test_top_level_not_a_mapping(tmp_path: Path) -> None:
    assert problems(tmp_path, "- a\n- b\n") == [
        "1:1: the top level must be a mapping of fields ('bank: ...', 'title: ...'), not a list or plain text"
    ]


def test_file_over_2_mb(tmp_path: Path) -> None:
    text = GOOD + "# " + "x" * (2 * 1024 * 1024) + "\n"
    assert problems(tmp_path, text) == ["1:1: file is 2.0 MB; a bank file may be at most 2 MB: split it"]


def test_bad_slug_id(tmp_path: Path) -> None:
    text = GOOD.replace("id: demo-fc-1", "id: Demo FC 1")
    assert problems(tmp_path, text) == [
        "5:5: flashcard 'Demo FC 1': 'id' must use lowercase letters, digits and hyphens only "
        "(like 'governance-fc-bylaws'), got 'Demo FC 1'"
    ]


def test_python_tag_never_constructs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'bank: !!python/object/apply:os.system ["touch {marker}"]\ntitle: x\n'
    assert problems(tmp_path, text) == ["1:7: the YAML tag '!!python/object/apply:os.system' is not allowed; remove it"]
    assert not marker.exists()


def test_custom_tag_refused(tmp_path: Path) -> None:
    assert problems(tmp_path, "bank: demo\ntitle: !secret x\n") == [
        "2:8: the YAML tag '!secret' is not allowed; remove it"
    ]


def test_billion_laughs_refused_fast(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert found == ["1:4: anchors and aliases (&name / *name) are not allowed; write the text out in full"]


def test_every_problem_not_just_the_first(tmp_path: Path) -> None:
    text = GOOD.replace("front: Front", "front: ''").replace("prompt: Why?", "prompt: 3") + "    difficulty: 0\n"
    assert len(problems(tmp_path, text)) == 3


def test_warning_for_unusual_talking_point_count(tmp_path: Path) -> None:
    text = GOOD.replace("[one, two, three]", "[one]")
    assert problems(tmp_path, text) == ["11:5: warning: prompt 'demo-pr-1': has 1 talking points; 3 to 5 work best"]


def test_missing_path(tmp_path: Path) -> None:
    library = load_library([tmp_path / "nope.yaml"])
    assert [str(p) for p in library.problems] == [f"{tmp_path / 'nope.yaml'}:1:1: no such file or folder"]


def test_items_inherit_bank_competency_and_tags(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text(GOOD.replace("competency: strategy\n", "competency: strategy\ntags: [t1]\n"))
    item = load_library([tmp_path]).items["demo-fc-1"]
    assert (item.competency, item.tags, item.bank, item.line) == ("strategy", ("t1",), "demo", 6)


@pytest.mark.parametrize("name", ["competencies.yaml", "rubric.yaml"])
def test_shipped_side_files_validate(shipped_banks: Path, name: str) -> None:
    library = load_library([shipped_banks / name])
    assert library.problems == []

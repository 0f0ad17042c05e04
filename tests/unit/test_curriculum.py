"""The shipped curriculum: counts per area, prompt shape, unique ids, known competencies."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from prep.banks.loader import load_library
from prep.banks.models import Flashcard, Prompt

AREAS = [
    "strategy",
    "governance",
    "transformation",
    "finance",
    "quality",
    "compliance",
    "physicians",
    "stakeholders",
    "setting",
    "career",
]
DEEP = {"strategy", "governance", "transformation"}


@pytest.fixture(scope="module")
def library():
    from prep.config import SHIPPED_BANKS

    return load_library([SHIPPED_BANKS])


def test_loads_cleanly(library) -> None:
    assert [str(p) for p in library.problems] == []
    assert sorted(library.competencies) == sorted(AREAS)
    assert len(library.rubric.dimensions) == 5
    assert all({1, 3, 5} <= set(d.levels) for d in library.rubric.dimensions)


@pytest.mark.parametrize("area", AREAS)
def test_each_area_meets_its_counts(library, area: str) -> None:
    items = [i for i in library.items.values() if i.competency == area]
    prompts = sum(i.kind == "prompt" for i in items)
    cards = sum(i.kind == "flashcard" for i in items)
    assert prompts >= (12 if area in DEEP else 8), f"{area}: {prompts} prompts"
    assert cards >= 12, f"{area}: {cards} flashcards"


def test_one_bank_per_area(library) -> None:
    assert sorted(b.competency for b in library.banks) == sorted(AREAS)


def test_prompts_have_3_to_5_talking_points_and_1_to_2_follow_ups(library) -> None:
    for item in library.of_kind("prompt"):
        prompt: Prompt = item.model
        assert 3 <= len(prompt.talking_points) <= 5, item.id
        assert 1 <= len(prompt.follow_ups) <= 2, item.id


def test_prompts_vary_in_difficulty_and_framework(library) -> None:
    prompts = [i.model for i in library.of_kind("prompt")]
    assert set(Counter(p.difficulty for p in prompts)) == {1, 2, 3}
    assert {p.framework.value for p in prompts} == {"star", "answer-first"}


def test_ids_unique_and_competencies_known(library) -> None:
    ids = [i.id for i in library.items.values()]
    assert len(ids) == len(set(ids))
    assert all(i.competency in library.competencies for i in library.items.values())


def test_no_two_items_share_their_question(library) -> None:
    texts = Counter(" ".join(i.text.lower().split()) for i in library.items.values())
    assert [t for t, n in texts.items() if n > 1] == []


def test_dated_facts_carry_a_jurisdiction(library) -> None:
    banks = {b.bank: b for b in library.banks}
    dated = [i for i in library.of_kind("flashcard") if i.model.reviewed is not None]
    assert len(dated) >= 20
    for item in dated:
        card: Flashcard = item.model
        assert card.jurisdiction or banks[item.bank].jurisdiction, item.id


def test_no_penalty_dollar_amounts_on_cards(library) -> None:
    for item in library.of_kind("flashcard"):
        assert "$" not in item.model.back + item.model.front, item.id


def test_every_seed_concept_is_practised(library) -> None:
    corpus = " ".join(
        (i.text + " " + (i.model.back if i.kind == "flashcard" else " ".join(i.model.talking_points))).lower()
        for i in library.items.values()
    )
    concepts = [
        "mba",
        "mha",
        "master of medical management",
        "certified physician executive",
        "hcahps",
        "core measures",
        "value-based purchasing",
        "capitation",
        "p&l",
        "utilization review",
        "root cause",
        "search firm",
        "medical director",
        "medical affairs",
        "chief quality officer",
        "hipaa",
        "network",
        "payer",
        "pharma",
        "narrative",
    ]
    missing = [c for c in concepts if c not in corpus]
    assert missing == []


def test_seed_file_is_where_the_brief_says(shipped_banks: Path) -> None:
    assert (shipped_banks / "competencies.yaml").exists() and (shipped_banks / "rubric.yaml").exists()

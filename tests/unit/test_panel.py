"""Choosing a panel's prompts: due first, then never answered (taking turns by area), then weakest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prep.practice.panel import PromptFacts, plan_panel

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def facts() -> list[PromptFacts]:
    return [
        PromptFacts("gov-new-1", "governance", 0),
        PromptFacts("gov-new-2", "governance", 1),
        PromptFacts("fin-new-1", "finance", 2),
        PromptFacts("fin-good", "finance", 3, due=NOW + timedelta(days=9), answered=True, last_overall=5),
        PromptFacts("qual-weak", "quality", 4, due=NOW + timedelta(days=1), answered=True, last_overall=2),
        PromptFacts("gov-due-late", "governance", 5, due=NOW - timedelta(days=3), answered=True, last_overall=3),
        PromptFacts("fin-due", "finance", 6, due=NOW - timedelta(hours=2), answered=True, last_overall=1),
        PromptFacts("qual-unrated", "quality", 7, answered=True),
    ]


def test_due_then_new_taking_turns_then_weakest() -> None:
    scores = {"quality": 2.0, "finance": 3.5, "governance": 4.0}
    chosen = plan_panel(facts(), scores, 20, NOW)
    assert [c.item_id for c in chosen] == [
        "gov-due-late",  # most overdue first
        "fin-due",
        "fin-new-1",  # first round of new prompts: weaker area (finance 3.5) before governance 4.0
        "gov-new-1",
        "gov-new-2",  # second round
        "qual-weak",  # weakest area, lower last rating first
        "qual-unrated",
        "fin-good",
    ]
    assert [c.reason for c in chosen] == ["due", "due", "new", "new", "new", "weak", "weak", "weak"]
    assert chosen[0].detail == "due for re-practice (3 d overdue)"
    assert chosen[1].detail == "due for re-practice today"
    assert chosen[5].detail == "practice again: area average 2.0/5, last rated 2/5"


def test_count_limits_and_zero() -> None:
    assert [c.item_id for c in plan_panel(facts(), {}, 3, NOW)] == ["gov-due-late", "fin-due", "gov-new-1"]
    assert plan_panel(facts(), {}, 0, NOW) == []
    assert plan_panel([], {}, 5, NOW) == []


def test_unrated_area_sits_mid_scale() -> None:
    only_answered = [f for f in facts() if f.answered and f.due is not None and f.due > NOW]
    only_answered.append(PromptFacts("new-area", "strategy", 9, answered=True))
    chosen = plan_panel(only_answered, {"quality": 2.0, "finance": 4.5}, 5, NOW)
    assert [c.item_id for c in chosen] == ["qual-weak", "new-area", "fin-good"]
    assert chosen[1].detail == "practice again: area not rated yet"

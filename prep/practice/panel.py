"""Choosing the prompts of a mock panel: due for re-practice first, then never answered, then weakest.

Pure: it ranks facts the caller gathered (schedule, history, recent ratings) and says why each
prompt was picked, so the set-up screen can show the reason next to every prompt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

NEUTRAL_SCORE = 3.0  # an area or prompt with no rating yet sits mid-scale among the weak ones

Reason = Literal["due", "new", "weak"]


@dataclass(frozen=True)
class PromptFacts:
    """What is known about one candidate prompt for one profile."""

    item_id: str
    competency: str
    order: int  # its place in the banks, for stable ties
    due: datetime | None = None  # the FSRS due date, None when never rated
    answered: bool = False  # at least one submitted answer
    last_overall: int | None = None  # the latest overall self-rating


@dataclass(frozen=True)
class PanelChoice:
    item_id: str
    reason: Reason
    detail: str


def plan_panel(
    facts: list[PromptFacts], competency_scores: dict[str, float], count: int, now: datetime
) -> list[PanelChoice]:
    """Up to `count` prompts: due ones (most overdue first), never-answered ones (taking turns across
    competency areas, weakest area first), then the rest from the weakest areas and answers."""
    if count <= 0:
        return []

    def area(f: PromptFacts) -> float:
        return competency_scores.get(f.competency, NEUTRAL_SCORE)

    due = sorted((f for f in facts if f.due is not None and f.due <= now), key=lambda f: (f.due, f.order))
    fresh = [f for f in facts if not f.answered and f.due is None]
    turn: dict[str, int] = {}
    turns: dict[str, int] = {}
    for f in sorted(fresh, key=lambda f: f.order):
        turns[f.item_id] = turn.get(f.competency, 0)
        turn[f.competency] = turns[f.item_id] + 1
    fresh.sort(key=lambda f: (turns[f.item_id], area(f), f.order))
    taken = {f.item_id for f in due} | {f.item_id for f in fresh}
    rest = sorted(
        (f for f in facts if f.item_id not in taken),
        key=lambda f: (
            area(f),
            NEUTRAL_SCORE if f.last_overall is None else f.last_overall,
            f.due or now,
            f.order,
        ),
    )
    choices = [PanelChoice(f.item_id, "due", _overdue(f.due, now)) for f in due if f.due is not None]
    choices += [PanelChoice(f.item_id, "new", "never answered") for f in fresh]
    choices += [PanelChoice(f.item_id, "weak", _weak(f, competency_scores)) for f in rest]
    return choices[:count]


def _overdue(due: datetime, now: datetime) -> str:
    days = (now - due).total_seconds() / 86400
    if days < 1:
        return "due for re-practice today"
    return f"due for re-practice ({round(days)} d overdue)"


def _weak(f: PromptFacts, competency_scores: dict[str, float]) -> str:
    score = competency_scores.get(f.competency)
    parts = [f"area average {score:.1f}/5" if score is not None else "area not rated yet"]
    if f.last_overall is not None:
        parts.append(f"last rated {f.last_overall}/5")
    return "practice again: " + ", ".join(parts)

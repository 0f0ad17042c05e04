"""The question-bank format as pydantic models: a bank, its flashcards and prompts, competencies, rubric.

The models are the single source of the format: the loader validates with them and
`python -m prep schema` prints their JSON Schema for editors.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=80),
    Field(description="lowercase letters, digits and hyphens, e.g. governance-fc-bylaws"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class Framework(StrEnum):
    """The answer structure a prompt suits."""

    STAR = "star"  # behavioural: Situation, Task, Action, Result
    ANSWER_FIRST = "answer-first"  # strategic/situational: headline, complication, recommendation, metrics, risks


class Setting(StrEnum):
    HOSPITAL = "hospital"
    PAYER = "payer"
    PHARMA = "pharma"


FRAMEWORK_HELP = {
    Framework.STAR: "Situation → Task → Action → Result (and what you learned).",
    Framework.ANSWER_FIRST: "Headline answer → complication → recommendation → metrics → risks.",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)


class Competency(_Strict):
    id: Slug
    name: ShortText
    description: str = ""


class Flashcard(_Strict):
    id: Slug
    front: Text
    back: Text
    competency: Slug | None = None
    tags: list[Tag] = []
    reviewed: date | None = None
    jurisdiction: ShortText | None = None
    source: ShortText | None = None


class Prompt(_Strict):
    id: Slug
    prompt: Text
    talking_points: Annotated[list[ShortText], Field(min_length=1, max_length=12)]
    follow_ups: Annotated[list[Text], Field(max_length=6)] = []
    framework: Framework = Framework.ANSWER_FIRST
    time_limit: Annotated[int, Field(ge=30, le=900, description="seconds")] = 120
    difficulty: Annotated[int, Field(ge=1, le=3)] = 2
    settings: list[Setting] = []
    competency: Slug | None = None
    tags: list[Tag] = []
    reviewed: date | None = None
    jurisdiction: ShortText | None = None


class Bank(_Strict):
    bank: Slug
    title: ShortText
    description: str = ""
    author: ShortText | None = None
    reviewed: date | None = None
    jurisdiction: ShortText | None = None
    competency: Slug | None = None
    tags: list[Tag] = []
    competencies: list[Competency] = []
    flashcards: list[Flashcard] = []
    prompts: list[Prompt] = []


class CompetencyFile(_Strict):
    """`question_banks/competencies.yaml`: the shipped competency areas."""

    competencies: Annotated[list[Competency], Field(min_length=1)]


class RubricDimension(_Strict):
    id: Slug
    name: ShortText
    levels: dict[Annotated[int, Field(ge=1, le=5)], ShortText]


class Rubric(_Strict):
    """`question_banks/rubric.yaml`: self-rating dimensions, each with what 1, 3 and 5 look like."""

    dimensions: Annotated[list[RubricDimension], Field(min_length=1)]

"""Which talking points a typed answer covers: an offline word match that can explain itself.

Both the point and the answer are reduced to content words the same way: Unicode-normalised and
case-folded, split into words (hyphenated words count as their parts, "board's" as "board"),
stop-words dropped, and each word cut to a crude stem by `stem` (plurals, -ing, -ed, -ly, a final
-e), so "priorities" meets "priority" and "sequencing" meets "sequence". A point is covered when at
least half of its distinct content words (rounded up, at least one) appear in the answer. The
result names the words that matched and the ones that did not, so the verdict can be checked by eye.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

COVERED_SHARE = 0.5

# A word: letters or digits, joined by inner apostrophes or hyphens ("trade-off", "don't"), and by a
# dot or comma only between digits ("2.5m", "1,200"), so counts treat each as one word.
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+|(?<=[0-9])[.,][0-9][^\W_]*)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})

_STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each either else etc few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just let me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own per same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up upon us very via was we were what
    when where which while who whom why will with within would you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_ES_PLURALS = ("sses", "xes", "ches", "shes", "zes")
_KEEP_S = ("ss", "us", "is")
_SUFFIXES = ("ing", "ed", "ly")


def words(text: str, *, fold: bool = True) -> list[str]:
    """The words of a text, normalised and case-folded, in order ("trade-offs" stays one word)."""
    normal = unicodedata.normalize("NFKC", str(text)).translate(_APOSTROPHES)
    return _WORD.findall(normal.casefold() if fold else normal)


def stem(word: str) -> str:
    """A crude, predictable stem: enough for plurals and common verb endings, nothing clever.

    The same function is applied to both sides of a match, so it only needs to be consistent.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(_ES_PLURALS):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(_KEEP_S):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # "stopped" -> "stop", but "billed" -> "bill"
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _parts(word: str) -> list[str]:
    """A word split for matching: "trade-offs" -> trade, offs; "board's" -> board."""
    return [p.split("'", 1)[0] for p in word.split("-") if p.split("'", 1)[0]]


def content_words(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """Distinct words that carry meaning, in first-seen order: what a talking point is matched on."""
    seen: dict[str, None] = {}
    for word in words(text):
        for part in _parts(word):
            if keep_stop_words or part not in STOP_WORDS:
                seen.setdefault(part, None)
    return list(seen)


@dataclass(frozen=True)
class PointCoverage:
    """One talking point: its content words, which of them the answer used, and the verdict."""

    point: str
    words: tuple[str, ...]
    matched: tuple[str, ...]
    covered: bool

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if w not in self.matched)

    @property
    def needed(self) -> int:
        return needed_matches(len(self.words))

    def to_dict(self) -> dict[str, Any]:
        return {
            "point": self.point,
            "words": list(self.words),
            "matched": list(self.matched),
            "covered": self.covered,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PointCoverage:
        return cls(str(data["point"]), tuple(data["words"]), tuple(data["matched"]), bool(data["covered"]))


@dataclass(frozen=True)
class Coverage:
    points: tuple[PointCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(p.covered for p in self.points)

    @property
    def total(self) -> int:
        return len(self.points)

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0

    def label(self) -> str:
        return f"{self.covered}/{self.total}"

    def to_dict(self) -> dict[str, Any]:
        return {"points": [p.to_dict() for p in self.points]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Coverage:
        return cls(tuple(PointCoverage.from_dict(p) for p in data.get("points", [])))


def needed_matches(word_count: int) -> int:
    """How many of a point's content words an answer must use: half, rounded up, at least one."""
    return max(1, math.ceil(word_count * COVERED_SHARE))


def point_coverage(point: str, answer_stems: set[str]) -> PointCoverage:
    # A point made only of stop-words ("What you would do") is matched on all its words instead.
    point_words = content_words(point) or content_words(point, keep_stop_words=True)
    matched = tuple(w for w in point_words if stem(w) in answer_stems)
    covered = bool(point_words) and len(matched) >= needed_matches(len(point_words))
    return PointCoverage(point, tuple(point_words), matched, covered)


def coverage(answer: str, talking_points: list[str] | tuple[str, ...]) -> Coverage:
    """Each talking point marked covered or not by the answer, with the words that matched."""
    answer_stems = {stem(w) for w in content_words(answer, keep_stop_words=True)}
    return Coverage(tuple(point_coverage(p, answer_stems) for p in talking_points))

"""Statistics of a typed answer: length, speaking time, fillers, hedges, figures, "I" versus "we".

Every count is a plain word or phrase match on the same words as `coverage.words`, so it is
predictable and cheap, and it is deliberately blunt:

- "like" is counted as a filler every time except straight after "would" or a "'d" ("I'd like
  to"): telling "a plan like this" from "it was, like, hard" needs grammar, so the count is an
  upper bound. "you know", "sort of" and "kind of" are counted wherever they appear too ("what kind
  of leader" counts). "umm"/"ummm" count as "um", "uhh" as "uh".
- Figures are written with digits: numbers, percentages ("12%", "12 percent") and money ("$2.5M",
  "40 million dollars"). Spelled-out numbers ("three") are not figures.
- "I" counts I / me / my / mine / myself and their contractions; "we" counts we / us / our / ours /
  ourselves, except "US" in capitals (the country).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from prep.practice.coverage import words

WORDS_PER_MINUTE = 140
FILLERS = ("um", "uh", "like", "you know", "basically", "actually", "sort of", "kind of")
HEDGES = ("i think", "maybe", "probably")
I_WORDS = frozenset({"i", "me", "my", "mine", "myself"})
WE_WORDS = frozenset({"we", "us", "our", "ours", "ourselves"})
_LIKE_VERB_BEFORE = ("would",)
_SOUNDS = ((re.compile(r"u+m+"), "um"), (re.compile(r"u+h+"), "uh"))

_AMOUNT = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?![.,]?[0-9])"  # all of "1.2.3" or none
_NUM = rf"(?<![\w.,]){_AMOUNT}"  # not the tail of a word or of another number ("v2", "1.2.3")
_SCALE = r"(?:k|m|mm|bn|b|thousand|million|billion|trillion)\b"
_FIGURE = re.compile(
    rf"(?P<money>[$€£¥]\s?{_AMOUNT}(?:\s?{_SCALE})?"
    rf"|{_NUM}\s?(?:{_SCALE}\s?)?(?:dollars|usd|euros|eur|pounds|gbp)\b)"
    rf"|(?P<percent>{_NUM}\s?(?:%|percent\b|per cent\b|percentage points?\b))"
    rf"|(?P<number>{_NUM})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AnswerStats:
    words: int
    speaking_seconds: float
    time_limit: int | None
    fillers: dict[str, int] = field(default_factory=dict)
    hedges: dict[str, int] = field(default_factory=dict)
    figures: tuple[str, ...] = ()
    figure_kinds: dict[str, int] = field(default_factory=dict)
    i_count: int = 0
    we_count: int = 0

    @property
    def filler_total(self) -> int:
        return sum(self.fillers.values())

    @property
    def hedge_total(self) -> int:
        return sum(self.hedges.values())

    @property
    def i_share(self) -> float | None:
        """The share of "I" among "I" and "we"; None when the answer uses neither."""
        both = self.i_count + self.we_count
        return self.i_count / both if both else None

    @property
    def over_limit(self) -> bool:
        return self.time_limit is not None and self.speaking_seconds > self.time_limit

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "speaking_seconds": self.speaking_seconds,
            "time_limit": self.time_limit,
            "fillers": dict(self.fillers),
            "hedges": dict(self.hedges),
            "figures": list(self.figures),
            "figure_kinds": dict(self.figure_kinds),
            "i_count": self.i_count,
            "we_count": self.we_count,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AnswerStats:
        return cls(
            words=int(data["words"]),
            speaking_seconds=float(data["speaking_seconds"]),
            time_limit=data.get("time_limit"),
            fillers={str(k): int(v) for k, v in data.get("fillers", {}).items()},
            hedges={str(k): int(v) for k, v in data.get("hedges", {}).items()},
            figures=tuple(data.get("figures", ())),
            figure_kinds={str(k): int(v) for k, v in data.get("figure_kinds", {}).items()},
            i_count=int(data.get("i_count", 0)),
            we_count=int(data.get("we_count", 0)),
        )


def speaking_seconds(word_count: int, words_per_minute: int = WORDS_PER_MINUTE) -> float:
    return word_count * 60 / words_per_minute


def _sound(token: str) -> str:
    for pattern, name in _SOUNDS:
        if pattern.fullmatch(token):
            return name
    return token


def count_phrases(tokens: list[str], phrases: tuple[str, ...]) -> dict[str, int]:
    """How often each phrase occurs as consecutive tokens; phrases never found are left out."""
    counts: dict[str, int] = {}
    for phrase in phrases:
        parts = phrase.split()
        n = len(parts)
        found = 0
        for i in range(len(tokens) - n + 1):
            if tokens[i : i + n] != parts:
                continue
            before = tokens[i - 1] if i else ""
            if phrase == "like" and (before in _LIKE_VERB_BEFORE or before.endswith("'d")):
                continue
            found += 1
        if found:
            counts[phrase] = found
    return counts


def figures(text: str) -> list[tuple[str, str]]:
    """(kind, text) for every figure written with digits: 'money', 'percent' or 'number'."""
    normal = unicodedata.normalize("NFKC", str(text))
    return [(m.lastgroup or "number", m.group().strip()) for m in _FIGURE.finditer(normal)]


def _pronoun_counts(text: str) -> tuple[int, int]:
    i_count = we_count = 0
    for raw in words(text, fold=False):
        base = raw.split("'", 1)[0]
        folded = base.casefold()
        if folded in I_WORDS:
            i_count += 1
        elif folded in WE_WORDS and base != "US":
            we_count += 1
    return i_count, we_count


def answer_stats(text: str, time_limit: int | None = None) -> AnswerStats:
    tokens = [_sound(t) for t in words(text)]
    found = figures(text)
    kinds: dict[str, int] = {}
    for kind, _ in found:
        kinds[kind] = kinds.get(kind, 0) + 1
    i_count, we_count = _pronoun_counts(text)
    return AnswerStats(
        words=len(tokens),
        speaking_seconds=speaking_seconds(len(tokens)),
        time_limit=time_limit,
        fillers=count_phrases(tokens, FILLERS),
        hedges=count_phrases(tokens, HEDGES),
        figures=tuple(t for _, t in found),
        figure_kinds=kinds,
        i_count=i_count,
        we_count=we_count,
    )


def clock(seconds: float | None) -> str:
    """Seconds as m:ss ('2:05'); '-' for none."""
    if seconds is None:
        return "-"
    whole = round(abs(seconds))
    sign = "-" if seconds < 0 and whole else ""
    return f"{sign}{whole // 60}:{whole % 60:02d}"

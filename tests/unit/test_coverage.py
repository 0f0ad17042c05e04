"""Talking-point coverage on fixed texts: which points count as covered, and which words matched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prep.practice.coverage import Coverage, content_words, coverage, needed_matches, stem, words

POINTS = ["Headline vision", "Two or three priorities", "Sequencing and trade-offs", "The measured result"]


def test_words_are_case_folded_and_keep_inner_joins() -> None:
    assert words("Trade-offs DON’T cost $2.5M; 1,200 beds.End") == [
        "trade-offs",
        "don't",
        "cost",
        "2.5m",
        "1,200",
        "beds",
        "end",
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("priorities", "priority"),
        ("sequencing", "sequence"),
        ("physicians", "physician"),
        ("processes", "process"),
        ("measured", "measure"),
        ("stopped", "stop"),
        ("churches", "church"),
        ("quickly", "quick"),
        ("boards", "board"),
    ],
)
def test_stem_joins_plurals_and_common_endings(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize("word", ["status", "analysis", "class", "bus", "cms", "2.5m"])
def test_stem_leaves_words_that_only_look_plural(word: str) -> None:
    assert stem(word) in (word, word.removesuffix("s")) and stem(word) == stem(word)
    assert stem("status") == "status" and stem("analysis") == "analysis" and stem("class") == "class"


def test_content_words_drop_stop_words_and_split_hyphens_and_possessives() -> None:
    assert content_words("The board's view of the trade-offs, and THE board") == [
        "board",
        "view",
        "trade",
        "offs",
    ]


def test_needed_is_half_rounded_up_and_at_least_one() -> None:
    assert [needed_matches(n) for n in (0, 1, 2, 3, 4, 5)] == [1, 1, 1, 2, 2, 3]


def test_coverage_of_a_fixed_answer_names_matched_and_missing_words() -> None:
    answer = "My VISION: three clear priorities. We sequenced the trade-off, carefully!"
    result = coverage(answer, POINTS)
    assert [p.covered for p in result.points] == [True, True, True, False]
    headline, priorities, sequencing, measured = result.points
    assert headline.matched == ("vision",) and headline.missing == ("headline",)
    assert priorities.words == ("two", "three", "priorities")
    assert priorities.matched == ("three", "priorities")
    assert sequencing.matched == ("sequencing", "trade", "offs")
    assert measured.matched == () and measured.missing == ("measured", "result")
    assert result.label() == "3/4" and result.share == 0.75


def test_one_of_three_words_is_not_enough() -> None:
    result = coverage("We had two of them.", ["Two or three priorities"])
    assert result.points[0].matched == ("two",)
    assert not result.points[0].covered


def test_plurals_and_capitals_match_either_way() -> None:
    assert coverage("PRIORITY and Result", ["Priorities", "results"]).covered == 2
    assert coverage("The Physicians' results", ["physician result"]).covered == 1


def test_empty_answer_covers_nothing() -> None:
    result = coverage("", POINTS)
    assert result.covered == 0 and result.total == 4
    assert all(p.matched == () for p in result.points)


def test_punctuation_only_answer_and_point() -> None:
    result = coverage("!!! ... ???", ["?!", "Vision"])
    assert [p.covered for p in result.points] == [False, False]
    assert result.points[0].words == ()


def test_point_of_only_stop_words_is_matched_on_all_its_words() -> None:
    result = coverage("I would ask what they did", ["What you did"])
    assert result.points[0].words == ("what", "you", "did")
    assert result.points[0].matched == ("what", "did")
    assert result.points[0].covered


def test_no_talking_points() -> None:
    result = coverage("anything", [])
    assert result.total == 0 and result.share == 0.0


def test_round_trips_through_json_data() -> None:
    result = coverage("vision and priorities", POINTS)
    assert Coverage.from_dict(result.to_dict()) == result


@given(st.text(), st.lists(st.text(max_size=300), max_size=6))
def test_never_raises_on_arbitrary_unicode(answer: str, points: list[str]) -> None:
    result = coverage(answer, points)
    assert result.total == len(points)
    for p in result.points:
        assert set(p.matched) <= set(p.words)
        assert p.covered == (bool(p.words) and len(p.matched) >= needed_matches(len(p.words)))

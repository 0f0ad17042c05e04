"""Answer statistics on fixed texts: words, speaking time, fillers, hedges, figures, I versus we."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prep.practice.answer_stats import AnswerStats, answer_stats, clock, count_phrases, figures
from prep.practice.coverage import words

ANSWER = (
    "Um, I think we basically cut readmissions by 12% in 2019, you know, saving $2.5M. "
    "Uhh, maybe our US team, like, probably did it. I'd like to say we sort of won. Actually, I did."
)


def test_counts_of_a_fixed_answer() -> None:
    stats = answer_stats(ANSWER, time_limit=120)
    assert stats.words == 35
    assert stats.speaking_seconds == pytest.approx(35 * 60 / 140)
    assert stats.fillers == {"um": 1, "uh": 1, "like": 1, "you know": 1, "basically": 1, "actually": 1, "sort of": 1}
    assert stats.filler_total == 7
    assert stats.hedges == {"i think": 1, "maybe": 1, "probably": 1}
    assert stats.figures == ("12%", "2019", "$2.5M")
    assert stats.figure_kinds == {"percent": 1, "number": 1, "money": 1}
    # I: I (think), I'd, I (did); we: we, our, we - "US" in capitals is the country.
    assert (stats.i_count, stats.we_count) == (3, 3)
    assert stats.i_share == 0.5
    assert not stats.over_limit


def test_empty_answer() -> None:
    stats = answer_stats("", time_limit=120)
    assert stats.words == 0 and stats.speaking_seconds == 0
    assert stats.fillers == {} and stats.hedges == {} and stats.figures == ()
    assert stats.i_share is None and not stats.over_limit


def test_punctuation_and_capitals_do_not_change_counts() -> None:
    plain = answer_stats("um i think maybe we did")
    shouted = answer_stats("UM!!! I THINK... Maybe? We... did.")
    assert (plain.words, plain.fillers, plain.hedges) == (shouted.words, shouted.fillers, shouted.hedges)
    assert (plain.i_count, plain.we_count) == (shouted.i_count, shouted.we_count) == (1, 1)


def test_like_after_would_or_contraction_is_a_verb_elsewhere_a_filler() -> None:
    assert count_phrases(["we", "would", "like", "a", "plan", "like", "this"], ("like",)) == {"like": 1}
    assert answer_stats("I’d like that, and we'd like it").fillers == {}
    assert answer_stats("it was like hard").fillers == {"like": 1}


def test_multi_word_phrases_count_only_when_consecutive() -> None:
    assert count_phrases(["you", "really", "know"], ("you know",)) == {}
    assert count_phrases(["kind", "of", "kind", "of"], ("kind of",)) == {"kind of": 2}


def test_figures_money_percentages_and_numbers() -> None:
    text = "Costs fell 3.5 percent, from £1.2bn to 40 million dollars across 1,200 beds in v2 and 1.2.3."
    assert figures(text) == [
        ("percent", "3.5 percent"),
        ("money", "£1.2bn"),
        ("money", "40 million dollars"),
        ("number", "1,200"),
    ]
    assert figures("three priorities") == []


def test_over_the_limit_at_140_words_a_minute() -> None:
    stats = answer_stats("word " * 281, time_limit=120)
    assert stats.speaking_seconds == pytest.approx(281 * 60 / 140)
    assert stats.over_limit
    assert not answer_stats("word " * 280, time_limit=120).over_limit


def test_clock() -> None:
    assert [clock(s) for s in (0, 5, 59.6, 125, -12, None)] == ["0:00", "0:05", "1:00", "2:05", "-0:12", "-"]


def test_round_trips_through_json_data() -> None:
    stats = answer_stats(ANSWER, 90)
    assert AnswerStats.from_dict(stats.to_dict()) == stats


@given(st.text(), st.one_of(st.none(), st.integers(30, 900)))
def test_never_raises_on_arbitrary_unicode(text: str, limit: int | None) -> None:
    stats = answer_stats(text, limit)
    # every filler or hedge occurrence starts at its own word
    assert stats.filler_total <= stats.words and stats.hedge_total <= stats.words
    assert stats.i_count + stats.we_count <= len(words(text, fold=False))
    share = stats.i_share
    assert share is None or 0 <= share <= 1
    assert clock(stats.speaking_seconds)

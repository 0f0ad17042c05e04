"""progress_page: AppTest rerun of the Progress page on a store with 100,000 reviews and 5,000 rated answers
vs the same banks with 1,000 reviews and 50 answers. The page's cost must not grow with history.

The detail also gives what aggregating each history afresh costs: the first view after new practice pays
it once, later reruns find the aggregates kept (prep.services.progress.current_history)."""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import State

from benchmarks.common import Figure, interleaved_medians
from benchmarks.next_card import REVIEWS, Seeded, seed_store
from benchmarks.page_reruns import app_env, open_page, rerun
from prep.banks.loader import load_library
from prep.practice.answer_stats import answer_stats
from prep.practice.coverage import coverage
from prep.practice.scheduling import rating_for_overall
from prep.services.progress import history
from prep.store.schema import Attempt, CardState, Rating, ReviewLog

CARDS = 1_000  # flashcards (and as many prompts) in both stores: only the history differs
ANSWERS, ANSWER_DAYS = 5_000, 120
SMALL_REVIEWS, SMALL_ANSWERS = 1_000, 50
REPEATS = 25
PAGE = "prep/ui/pages/progress.py"
ANSWER_TEXTS = (
    "First I would verify the data with the quality team, then engage physician leaders early. "
    "We cut length of stay by 12% in 9 months and reported the result to the board every quarter.",
    "I think we would probably start with the chiefs of service, maybe over dinner, and build trust first.",
    "Headline: measure and report the result. We saved $2.5M, engaged 40 physician leaders and kept "
    "readmissions flat as the balancing measure.",
    "Um, basically I'd like to hear from the medical staff first, you know, and then decide with the CEO.",
)


def seed_answers(seeded: Seeded, answers: int, days: int = ANSWER_DAYS, seed: int = 11) -> None:
    """`answers` submitted, rated answers to the banks' prompts, spread over every area and the last `days`
    days (the newest today), each with a score on every rubric dimension, its FSRS review of the prompt and
    the prompt's card state, written with bulk inserts. Areas and dimensions differ in skill and every score
    improves over time, so the readiness ranking, rubric and trends have something to show."""
    rng = random.Random(seed)
    library = load_library([seeded.banks_dir])
    prompts = sorted(library.of_kind("prompt"), key=lambda item: item.id)
    rng.shuffle(prompts)
    dimensions = [d.id for d in library.rubric.dimensions]
    skill = {c: rng.uniform(1.8, 3.8) for c in sorted({p.competency for p in prompts})}
    bias = {d: rng.uniform(-0.8, 0.6) for d in dimensions}
    feedback = {  # every generated prompt has the same talking points and time limit
        text: (coverage(text, prompts[0].model.talking_points).to_dict(), answer_stats(text, 120).to_dict())
        for text in ANSWER_TEXTS
    }
    now = datetime.now(UTC)
    attempts, ratings, logs, states = [], [], [], {}
    for n in range(answers):
        prompt = prompts[n % len(prompts)]
        submitted = now - timedelta(days=days * (1 - (n + 1) / answers), minutes=rng.uniform(0, 60))
        seconds = rng.uniform(60, 240)
        progress = n / answers
        scores = {
            d: round(min(5, max(1, rng.gauss(skill[prompt.competency] + bias[d] + progress, 0.7)))) for d in dimensions
        }
        overall = round(min(5, max(1, sum(scores.values()) / len(scores) + rng.gauss(0, 0.4))))
        text = ANSWER_TEXTS[n % len(ANSWER_TEXTS)]
        attempts.append(
            {
                "id": n + 1,
                "profile_id": seeded.profile_id,
                "item_id": prompt.id,
                "status": "submitted",
                "answer_text": text,
                "started_at": submitted - timedelta(seconds=seconds),
                "updated_at": submitted,
                "submitted_at": submitted,
                "seconds_used": seconds,
                "coverage": feedback[text][0],
                "stats": feedback[text][1],
                "overall_rating": overall,
                "note": "",
            }
        )
        ratings += [{"attempt_id": n + 1, "dimension": d, "score": s} for d, s in scores.items()]
        logs.append(
            {
                "profile_id": seeded.profile_id,
                "item_id": prompt.id,
                "rating": rating_for_overall(overall).value,
                "reviewed_at": submitted,
                "duration_ms": int(seconds * 1000),
                "source": "interview",
                "previous": {"state": State.Review.value},
            }
        )
        states[prompt.id] = {
            "profile_id": seeded.profile_id,
            "item_id": prompt.id,
            "fsrs_card_id": 1_000_000 + n,
            "state": State.Review.value,
            "step": None,
            "stability": rng.uniform(2, 40),
            "difficulty": rng.uniform(2, 9),
            "due": submitted + timedelta(days=rng.uniform(2, 40)),
            "last_review": submitted,
            "reps": n // len(prompts) + 1,
            "lapses": 0,
        }
    with seeded.store.transaction() as session:
        session.execute(Attempt.__table__.insert(), attempts)
        session.execute(Rating.__table__.insert(), ratings)
        session.execute(ReviewLog.__table__.insert(), logs)
        session.execute(CardState.__table__.insert(), list(states.values()))


def shows_everything(at, reviews: int, answers: int) -> None:  # noqa: ANN001 - AppTest, imported late
    """Every section is drawn from this store's history: totals, weakest areas, rubric, trends, answer table."""
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Flashcard reviews"] == f"{reviews:,}", metrics
    assert metrics["Interview answers"] == f"{answers:,}", metrics
    headers = [h.value for h in at.subheader]
    for section in ("Your three weakest areas", "Readiness by area", "Rubric across", "Trends", "Answer history"):
        assert any(h.startswith(section) for h in headers), (section, headers)
    assert any(m.value.startswith("Weakest dimension") for m in at.markdown)
    assert at.dataframe(key="progress_history_table").value.shape[0] > 0


def run() -> Figure:
    with app_env(), tempfile.TemporaryDirectory() as tmp:
        large = seed_store(Path(tmp) / "large", CARDS, REVIEWS)
        seed_answers(large, ANSWERS)
        small = seed_store(Path(tmp) / "small", CARDS, SMALL_REVIEWS, banks_dir=large.banks_dir)
        seed_answers(small, SMALL_ANSWERS)
        at_large, at_small = open_page(large, PAGE, "Progress"), open_page(small, PAGE, "Progress")
        shows_everything(at_large, REVIEWS, ANSWERS)
        shows_everything(at_small, SMALL_REVIEWS, SMALL_ANSWERS)
        # one library for both stores, so every rerun of either finds the banks loaded: interleave single reruns
        t_large, t_small = interleaved_medians(rerun(large, at_large), rerun(small, at_small), repeats=REPEATS)
        fresh_large, fresh_small = interleaved_medians(
            lambda: history(large.store, large.profile_id), lambda: history(small.store, small.profile_id), repeats=5
        )
        large.store.engine.dispose()
        small.store.engine.dispose()
    return Figure(
        "progress_page",
        t_large / t_small,
        1.5,
        f"rerun {t_large * 1e3:.0f} ms with {REVIEWS:,} reviews / {ANSWERS:,} answers, "
        f"{t_small * 1e3:.0f} ms with {SMALL_REVIEWS:,} / {SMALL_ANSWERS:,}; "
        f"aggregating afresh after practice {fresh_large * 1e3:.0f} ms vs {fresh_small * 1e3:.0f} ms",
    )

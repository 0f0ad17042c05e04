"""flashcards_page: AppTest rerun of the Flashcards page on a store with 10,000 cards and 100,000 reviews
vs the same on one with 1,000 cards and 1,000 reviews. The cost of a rerun must not grow with history."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from benchmarks.common import Figure
from benchmarks.next_card import CARDS, REVIEWS, seed_store
from benchmarks.page_reruns import app_env, rerun_times

SMALL_CARDS, SMALL_REVIEWS = 1_000, 1_000
ROUNDS, RERUNS = 3, 9
PAGE = "prep/ui/pages/flashcards.py"


def run() -> Figure:
    with app_env(), tempfile.TemporaryDirectory() as tmp:
        large = seed_store(Path(tmp) / "large", CARDS, REVIEWS)
        small = seed_store(Path(tmp) / "small", SMALL_CARDS, SMALL_REVIEWS)
        times: dict[str, list[float]] = {"large": [], "small": []}
        for _ in range(ROUNDS):  # alternate whole blocks: switching stores reloads the banks
            for name, seeded in (("large", large), ("small", small)):
                times[name] += rerun_times(seeded, PAGE, "Flashcards", RERUNS, lambda at: at.button(key="fc_show"))
        large.store.engine.dispose()
        small.store.engine.dispose()
    t_large, t_small = statistics.median(times["large"]), statistics.median(times["small"])
    return Figure(
        "flashcards_page",
        t_large / t_small,
        1.5,
        f"rerun {t_large * 1e3:.0f} ms with {CARDS:,} cards / {REVIEWS:,} reviews, "
        f"{t_small * 1e3:.0f} ms with {SMALL_CARDS:,} / {SMALL_REVIEWS:,}",
    )

"""flashcards_page: AppTest rerun of the Flashcards page on a store with 10,000 cards and 100,000 reviews
vs the same on one with 1,000 cards and 1,000 reviews. The cost of a rerun must not grow with history."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure
from benchmarks.next_card import CARDS, REVIEWS, Seeded, seed_store

SMALL_CARDS, SMALL_REVIEWS = 1_000, 1_000
ROUNDS, RERUNS = 3, 9
ENTRY = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
PAGE = "prep/ui/pages/flashcards.py"


def rerun_times(seeded: Seeded) -> list[float]:
    """Open the page on this store (untimed: banks load, items sync), then time plain reruns."""
    from streamlit.testing.v1 import AppTest

    os.environ["PREP_DATA_DIR"] = str(seeded.data_dir)
    os.environ["PREP_BANKS"] = str(seeded.banks_dir)
    at = AppTest.from_file(ENTRY, default_timeout=300)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception and at.title[0].value == "Flashcards", [e.message for e in at.exception]
    assert at.button(key="fc_show"), "the page shows no card to study"
    samples = []
    for _ in range(RERUNS):
        started = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - started)
    assert not at.exception
    return samples


def run() -> Figure:
    saved = {k: os.environ.get(k) for k in ("PREP_DATA_DIR", "PREP_BANKS", "PREP_DATABASE_URL")}
    os.environ.pop("PREP_DATABASE_URL", None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            large = seed_store(Path(tmp) / "large", CARDS, REVIEWS)
            small = seed_store(Path(tmp) / "small", SMALL_CARDS, SMALL_REVIEWS)
            times: dict[str, list[float]] = {"large": [], "small": []}
            for _ in range(ROUNDS):  # alternate whole blocks: switching stores reloads the banks
                times["large"] += rerun_times(large)
                times["small"] += rerun_times(small)
            large.store.engine.dispose()
            small.store.engine.dispose()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    t_large, t_small = statistics.median(times["large"]), statistics.median(times["small"])
    return Figure(
        "flashcards_page",
        t_large / t_small,
        1.5,
        f"rerun {t_large * 1e3:.0f} ms with {CARDS:,} cards / {REVIEWS:,} reviews, "
        f"{t_small * 1e3:.0f} ms with {SMALL_CARDS:,} / {SMALL_REVIEWS:,}",
    )

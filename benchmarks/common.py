"""Shared timing helpers: medians of repeated runs, and the line every figure prints."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    ratio: float
    target: float
    detail: str = ""

    def line(self) -> str:
        return f"{self.name}: ratio={self.ratio:.2f} target<={self.target:g}"


def median_seconds(fn: Callable[[], object], repeats: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def interleaved_medians(a: Callable[[], object], b: Callable[[], object], repeats: int = 7) -> tuple[float, float]:
    """Medians of a and b timed alternately, so machine noise hits both alike."""
    a(), b()
    times_a, times_b = [], []
    for _ in range(repeats):
        for fn, bucket in ((a, times_a), (b, times_b)):
            started = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - started)
    return statistics.median(times_a), statistics.median(times_b)

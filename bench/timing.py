"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from typing import Callable


def best_of(fn: Callable[[], object], repeat: int = 3, clock: Callable[[], float] = time.perf_counter) -> float:
    """The shortest of `repeat` runs of fn, in seconds of `clock` (wall time unless told)."""
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        fn()
        best = min(best, clock() - start)
    return best


def calibrate() -> float:
    """Seconds for a plain Python loop, to set this machine's figures against others'."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start

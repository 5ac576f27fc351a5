"""Timing: the median of several runs of a function, after one warm-up run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def median_run(once: Callable[[], T], runs: int, clock: Callable[[], float] = time.perf_counter) -> tuple[float, T]:
    """Seconds (by ``clock``: wall, or ``time.process_time`` for CPU) of the median run of ``once``
    (after a warm-up run) and what the last run returned."""
    result = once()  # warm-up: fonts, hyphenation dictionary, imports
    times = []
    for _ in range(runs):
        start = clock()
        result = once()
        times.append(clock() - start)
    return statistics.median(times), result

"""Garbage collection made rare while a report is written.

Writing a report allocates a few hundred thousand objects (flowables, fragments, lines, PDF
objects) that nearly all live until the file is written. Python's default thresholds start a
young-generation collection every 700 allocations and an older one every ten of those; here
they find almost nothing to free and cost about 5 % of a PDF build. The thresholds are raised
for the duration of a write and put back afterwards (a disabled collector stays disabled), so
a long-lived process (watch, a batch worker, a caller's program) keeps its own policy.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 50, 1000)  # the command line uses the same from its first import


@contextmanager
def rare_collection() -> Iterator[None]:
    """Collections at :data:`THRESHOLDS` (or the current ones, where they are rarer) inside."""
    before = gc.get_threshold()
    gc.set_threshold(*(max(now, relaxed) for now, relaxed in zip(before, THRESHOLDS)))
    try:
        yield
    finally:
        gc.set_threshold(*before)

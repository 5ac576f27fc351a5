"""Watch: rebuilds a report each time its evaluation document is saved, in one warm process.

The process stays alive between saves, so imports, fonts, the hyphenation dictionary, styles
and unchanged charts are loaded once; a rebuild costs only the build itself. A save that breaks
the document builds nothing, so the last good report stays where it is (the pipeline writes
each file whole or not at all).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event

from reportgen import pipeline
from reportgen.problems import InvalidInput, Problem

IMAGES = (".png", ".jpg", ".jpeg")
WAKE_MS = 300  # how often the watcher returns without a change (the first return starts the build)


@dataclass(frozen=True)
class Outcome:
    """One build: whether it wrote the report, how long it took, what the check said."""

    built: bool
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    failure: Exception | None = None  # a failure that is not the document's fault


def rebuild(document: Path, targets: dict[str, Path], draft: bool) -> Outcome:
    """Build once; never raises for a bad document or a failed build."""
    start = time.perf_counter()
    try:
        warnings = pipeline.build(document, targets, draft=draft)
    except InvalidInput as invalid:
        return Outcome(False, time.perf_counter() - start, invalid.problems)
    except Exception as failure:  # watching goes on: the next save may fix it
        return Outcome(False, time.perf_counter() - start, [], failure)
    return Outcome(True, time.perf_counter() - start, warnings)


def watch(document: Path, targets: dict[str, Path], draft: bool, report: Callable[[Outcome], None],
          ready: Callable[[], None] = lambda: None, stop: Event | None = None) -> None:
    """Build ``document`` now and after every save until ``stop`` is set (or Ctrl-C).

    The folder is watched rather than the file, because many editors save by writing a new
    file and renaming it over the old one; a new logo beside the document rebuilds too.
    ``ready`` is called after the first build, when every later save is sure to be seen.
    """
    from watchfiles import watch as changes

    document = document.resolve()

    def matters(_, path: str) -> bool:  # the document, or a picture beside it (a logo must lie there)
        return Path(path) == document or Path(path).suffix.lower() in IMAGES

    first = True
    for changed in changes(document.parent, watch_filter=matters,
                           recursive=False, yield_on_timeout=True, rust_timeout=WAKE_MS, stop_event=stop,
                           raise_interrupt=True):
        # The watcher is running once it first returns: changes from now on are queued for the next round.
        if first or changed:
            report(rebuild(document, targets, draft))
        if first:
            ready()
            first = False

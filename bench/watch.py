"""Benchmark: how soon `reportgen watch` has the new report after a one-word change.

Measures what the watch loop does on a save, in one warm process as `watch` keeps it: the
first build (cold: imports, fonts, hyphenation, charts), then the median rebuild after a
one-word change in the sample's text, for the PDF and for PDF and Word together. The wait
for the file-system event itself is watchfiles' (about 50 ms after the last write).

    python bench/watch.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from timing import median_run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"
WORDS = ("november", "december")  # the one word that changes between saves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="reportgen-watch-bench-"))
    try:
        document = folder / "alingsas-2023.yaml"
        shutil.copy(SAMPLE, document)
        start = time.perf_counter()
        from reportgen.watch import rebuild  # imports count: a fresh `watch` pays them once

        targets = {"pdf": folder / "alingsas-2023.pdf"}
        assert rebuild(document, targets, draft=False).built
        print(f"first build, PDF (imports, fonts, hyphenation): {time.perf_counter() - start:.2f} s")
        text = document.read_text("utf-8")
        turn = [0]

        def save_and_rebuild(targets: dict[str, Path]) -> None:
            turn[0] += 1
            old, new = WORDS if turn[0] % 2 else WORDS[::-1]
            document.write_text(text.replace(old, new, 1) if turn[0] % 2 else text, "utf-8")
            assert rebuild(document, targets, draft=False).built

        seconds, _ = median_run(lambda: save_and_rebuild(targets), runs)
        print(f"rebuild after a one-word change, PDF: {seconds:.3f} s (median of {runs})")
        both = {**targets, "docx": folder / "alingsas-2023.docx"}
        seconds, _ = median_run(lambda: save_and_rebuild(both), runs)
        print(f"rebuild after a one-word change, PDF and Word: {seconds:.3f} s (median of {runs})")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()

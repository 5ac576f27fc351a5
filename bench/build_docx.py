"""Benchmark: how long the sample's Word file takes to build, beside the PDF, and what the charts cost.

Every build reads and validates the YAML, builds the document tree and writes the file, in
this process (imports, fonts and the base document already loaded). The builds run
interleaved, round after round, so that a busy machine slows each of them alike; the
medians of the rounds are printed, and the ratios of each .docx build to the PDF's:

- PDF: the warm in-process PDF build;
- .docx, charts from the cache: the charts' PNGs read from the cache folder, as in a new
  process whose charts did not change (the issue's target: at most 0.5x the PDF);
- .docx, charts reused: kept in the process (a rebuild with unchanged scores, ``watch``);
- .docx, tiny chart images: the charts replaced by a tiny PNG (what the build costs besides them);
- reading and the tree: what every build above includes before its writer starts;

then, once, the .docx with both charts rasterised afresh at 300 dpi (the cache off).

    python bench/build_docx.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from timing import median_run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"
_USER_CACHE = os.environ.get("REPORTGEN_CACHE", "")  # the cache as the user has it ("": the default folder)


def builds() -> dict[str, Callable[[], int]]:
    """Each build as a function returning the size of what it wrote."""
    from reportgen import charts
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.writers import docx
    from reportgen.writers.pdf import write_pdf

    real_chart_png = charts.chart_png
    tiny_png = real_chart_png(read_chart(), 72, dpi=72)

    def report():
        evaluation, framework, _ = read_evaluation(SAMPLE)
        return build_report(evaluation, framework)

    def pdf() -> int:
        stream = io.BytesIO()
        write_pdf(report(), stream)
        return len(stream.getvalue())

    def word(cache: str, fresh: bool, images: Callable = real_chart_png) -> Callable[[], int]:
        def once() -> int:
            os.environ["REPORTGEN_CACHE"] = cache
            if fresh:
                real_chart_png.cache_clear()  # as in a new process: read from the cache folder, or drawn again
            charts.chart_png = images
            try:
                stream = io.BytesIO()
                docx.write_docx(report(), stream)
            finally:
                charts.chart_png = real_chart_png
            return len(stream.getvalue())
        return once

    return {"PDF": pdf,
            ".docx, charts from the cache": word(_USER_CACHE, fresh=True),
            ".docx, charts reused": word(_USER_CACHE, fresh=False),
            ".docx, tiny chart images": word(_USER_CACHE, fresh=False, images=lambda *a, **k: tiny_png),
            "reading and the tree": lambda: len(report().blocks),
            "drawn": word("off", fresh=True)}


def interleaved(functions: dict[str, Callable[[], int]], runs: int) -> dict[str, tuple[float, int]]:
    """The median seconds of each function over ``runs`` rounds, one call of each per round (after
    one warm-up round), and what its last call returned."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    results = {name: function() for name, function in functions.items()}  # warm-up
    for _ in range(runs):
        for name, function in functions.items():
            start = time.perf_counter()
            results[name] = function()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), results[name]) for name in functions}


def read_chart():
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.tree import Chart

    evaluation, framework, _ = read_evaluation(SAMPLE)
    return next(b for b in build_report(evaluation, framework).blocks if isinstance(b, Chart))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    runs = max(7, parser.parse_args().runs)
    functions = builds()
    drawn_once = functions.pop("drawn")
    medians = interleaved(functions, runs)
    pdf, _ = medians["PDF"]
    print(f"sample: {SAMPLE.relative_to(ROOT)}; load average {os.getloadavg()[0]:.2f}; "
          f"medians of {runs} interleaved rounds")
    for name, (seconds, size) in medians.items():
        if name == "reading and the tree":
            print(f"  {name + ':':32} {seconds:.3f} s  ({size} blocks)")
            continue
        ratio = "" if name == "PDF" else f"   {seconds / pdf:.2f}x the PDF"
        print(f"  {name + ':':32} {seconds:.3f} s  ({size / 1024:.0f} KiB){ratio}")
    drawn, _ = median_run(drawn_once, max(3, runs // 3))
    print(f"  {'.docx, charts drawn at 300 dpi:':32} {drawn:.3f} s  (the cache off; median of {max(3, runs // 3)})")
    target = medians[".docx, charts from the cache"][0] / pdf
    print(f".docx (charts from the cache) / PDF = {target:.2f} (target: at most 0.5)")


if __name__ == "__main__":
    main()

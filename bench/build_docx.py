"""Benchmark: how long the sample's Word file takes to build, and what the charts cost of it.

Prints the median of several in-process runs (read, validate, build the tree, write the
.docx with both charts rendered as 300 dpi PNG, the cache off), with the images read from
the cache across processes (a new process, the charts unchanged), and the same without
rendering the charts, which is the cost of the Word writer itself.

    python bench/build_docx.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import os
from pathlib import Path
from unittest import mock

from timing import median_run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"
_USER_CACHE = os.environ.get("REPORTGEN_CACHE", "")  # the cache as the user has it ("": the default folder)


def median_build(runs: int, charts: bool, warm: bool = False, disk: bool = False) -> tuple[float, int]:
    """``warm``: images kept in the process; ``disk``: read from the cache folder; neither: rasterised."""
    os.environ["REPORTGEN_CACHE"] = _USER_CACHE if disk else "off"
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.writers import docx

    tiny_png = docx.chart_png(read_chart(), 72, dpi=72)

    def once() -> int:
        if not warm and charts:
            docx.chart_png.cache_clear()  # as in a new process: every chart rasterised again or read from disk
        evaluation, framework, _ = read_evaluation(SAMPLE)
        stream = io.BytesIO()
        docx.write_docx(build_report(evaluation, framework), stream)
        return len(stream.getvalue())

    patch = mock.patch.object(docx, "chart_png", lambda *a, **k: tiny_png) if not charts else mock.MagicMock()
    with patch:
        return median_run(once, runs)


def read_chart():
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.tree import Chart

    evaluation, framework, _ = read_evaluation(SAMPLE)
    return next(b for b in build_report(evaluation, framework).blocks if isinstance(b, Chart))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    full, size = median_build(runs, charts=True)
    warm, _ = median_build(runs, charts=True, warm=True)
    disk, _ = median_build(runs, charts=True, disk=True)
    writer, _ = median_build(runs, charts=False)
    print(f"sample: {SAMPLE.relative_to(ROOT)} -> .docx of {size / 1024:.0f} KiB")
    print(f"in-process .docx build, charts at 300 dpi (median of {runs}): {full:.3f} s")
    print(f"a new process, charts read from the cache (median):      {disk:.3f} s")
    print(f"rebuild with unchanged scores, charts reused (median):   {warm:.3f} s")
    print(f"the Word writer alone, charts not rasterised (median):   {writer:.3f} s")


if __name__ == "__main__":
    main()

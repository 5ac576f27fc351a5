"""Benchmark: how long the sample's web edition (HTML) takes to build, beside the PDF in the same run.

Prints the median of several runs, in one process (read, validate, build the tree, write):
  - the HTML with its fonts subset afresh (the first build of a process, or new characters),
  - the HTML with the font subsets reused (a batch, or a rebuild after a text edit),
  - the PDF, interleaved with the HTML runs so both see the same machine load,
and the parts of a fresh HTML build: font subsetting and the two chart drawings as SVG; then
`reportgen build -f html` against `-f pdf` as fresh commands (interpreter start-up and imports included).

    python bench/build_html.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs

    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.tree import Chart
    from reportgen.writers import webfonts
    from reportgen.writers.html import _chart_svg, write_html
    from reportgen.writers.pdf import write_pdf

    def build(writer) -> int:
        evaluation, framework, _ = read_evaluation(SAMPLE)
        stream = io.BytesIO()
        writer(build_report(evaluation, framework), stream)
        return len(stream.getvalue())

    def timed(once) -> float:
        start = time.perf_counter()
        once()
        return time.perf_counter() - start

    html_size, pdf_size = build(write_html), build(write_pdf)  # warm-up: imports, fonts, templates
    cold, warm, pdf = [], [], []
    for _ in range(runs):  # interleaved, so a busy moment of the machine costs every variant alike
        webfonts._woff2_subset.cache_clear()
        cold.append(timed(lambda: build(write_html)))
        warm.append(timed(lambda: build(write_html)))
        pdf.append(timed(lambda: build(write_pdf)))

    evaluation, framework, _ = read_evaluation(SAMPLE)
    report = build_report(evaluation, framework)
    charts = [b for b in report.blocks if isinstance(b, Chart)]
    from reportgen.writers.html import page_characters

    characters, _ = page_characters(report)
    fonts, svg = [], []
    for _ in range(runs):
        webfonts._woff2_subset.cache_clear()
        fonts.append(timed(lambda: webfonts.font_faces(characters, bold_italic=False)))
        svg.append(timed(lambda: [_chart_svg(c, 453.5, c.anchor, "", "") for c in charts]))

    print(f"sample HTML, fonts subset afresh:     {statistics.median(cold):.3f} s  ({html_size / 1024:.0f} KiB)")
    print(f"sample HTML, font subsets reused:     {statistics.median(warm):.3f} s")
    print(f"sample PDF, same run:                 {statistics.median(pdf):.3f} s  ({pdf_size / 1024:.0f} KiB)")
    print(f"  of the HTML: subsetting three faces {statistics.median(fonts):.3f} s, "
          f"both charts as SVG {statistics.median(svg):.3f} s")
    commands: dict[str, list[float]] = {"html": [], "pdf": []}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            for fmt, times in commands.items():
                times.append(timed(lambda: subprocess.run(
                    [sys.executable, "-m", "reportgen", "build", str(SAMPLE), "-f", fmt, "-o", folder + "/"],
                    check=True, capture_output=True)))
    print(f"fresh `reportgen build -f html`:      {statistics.median(commands['html']):.3f} s")
    print(f"fresh `reportgen build -f pdf`:       {statistics.median(commands['pdf']):.3f} s")


if __name__ == "__main__":
    main()

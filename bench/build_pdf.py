"""Benchmark: how long the sample PDF takes to build, and how much memory it needs.

Prints the median of several runs
  - in one process (read, validate, build the tree, write the PDF; fonts already loaded),
  - as a fresh `reportgen build` command (interpreter start-up and imports included; the second
    and later runs, with bytecode written and the user cache filled), and its ratio to the
    in-process build (the limit is 2x), with the interpreter's and the imports' share,
  - a fresh `reportgen --help` (the limit is 0.12 s),
  - for a plain reportlab document of the same text (the floor this tool is measured against),
and the peak resident memory of one fresh build.

    python bench/build_pdf.py [--runs N]
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

from timing import median_run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"


def in_process(runs: int, tagged: bool = True, clock=time.perf_counter) -> tuple[float, int]:
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.writers.pdf import write_pdf

    def once() -> int:
        evaluation, framework, _ = read_evaluation(SAMPLE)
        stream = io.BytesIO()
        write_pdf(build_report(evaluation, framework), stream, tagged=tagged)
        return len(stream.getvalue())

    return median_run(once, runs, clock)


def plain_reportlab(runs: int) -> float:
    """The same paragraphs through a bare SimpleDocTemplate, one pass, no tables or contents."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.tree import Paragraph as TreeParagraph, inline_text
    from reportgen.writers.pdfstyle import FONT, register_fonts

    register_fonts()
    evaluation, framework, _ = read_evaluation(SAMPLE)
    texts = [inline_text(b.content) for b in build_report(evaluation, framework).blocks
             if isinstance(b, TreeParagraph)]
    style = ParagraphStyle("b", fontName=FONT, fontSize=10.5, leading=15.5, spaceAfter=7)
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        SimpleDocTemplate(io.BytesIO()).build([Paragraph(escape(t), style) for t in texts])
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def chart_cost(runs: int) -> tuple[float, float]:
    """Median seconds to draw both chapter 2 charts as vectors, and to render both as 300 dpi PNG."""
    import os

    os.environ["REPORTGEN_CACHE"] = "off"
    from reportgen.charts import chart_png, draw_chart
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.tree import Chart

    evaluation, framework, _ = read_evaluation(ROOT / "samples" / "exempelkommun.yaml")
    charts = [b for b in build_report(evaluation, framework).blocks if isinstance(b, Chart)]
    vector, raster = [], []
    for _ in range(runs):
        start = time.perf_counter()
        for chart in charts:
            draw_chart(chart, 451)
        vector.append(time.perf_counter() - start)
        chart_png.cache_clear()  # measure the rasterising, not the caches (REPORTGEN_CACHE=off below)
        start = time.perf_counter()
        for chart in charts:
            chart_png(chart, 451)
        raster.append(time.perf_counter() - start)
    return statistics.median(vector), statistics.median(raster)


def _environment() -> dict[str, str]:
    """The children's environment: bytecode may be written (a user's installation has it;
    PYTHONDONTWRITEBYTECODE would make every run compile reportgen's modules afresh)."""
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _child(command: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system) of ``command`` as a new process, and its output."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=_environment())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, result.stdout


_BUILD = ("import resource, sys, runpy; sys.argv = ['reportgen', 'build', sys.argv[1], '-o', sys.argv[2]];"
          "\ntry:\n    runpy.run_module('reportgen', run_name='__main__')\nexcept SystemExit: pass\n"
          "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
# What a PDF build loads; ended as the command ends (reportgen/__main__.py), so that the
# difference to the build is the build's own work, not a different shutdown.
_IMPORTS = "import gc, reportgen.cli, reportgen.pipeline, reportgen.writers.pdf; gc.freeze()"


def fresh_command(runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of new processes, interleaved: the bare interpreter, the imports
    of a PDF build, and `reportgen build` of the sample (with its peak RSS in MiB as "peak").

    The first build is not counted: in a fresh clone it compiles the bytecode and fills the user
    cache (fonts, templates, hyphenation patterns, chart images); every later one is measured."""
    commands = {"interpreter": [sys.executable, "-c", "pass"], "imports": [sys.executable, "-c", _IMPORTS]}
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in (*commands, "build")}
    peaks = []
    with tempfile.TemporaryDirectory() as folder:
        build = [sys.executable, "-c", _BUILD, str(SAMPLE), folder]
        _child(build)  # bytecode and cache
        for _ in range(runs):
            for name, command in commands.items():
                results[name].append(_child(command)[:2])
            wall, cpu, out = _child(build)
            results["build"].append((wall, cpu))
            peaks.append(int(out.strip().splitlines()[-1]) / 1024)
    medians = {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
               for name, values in results.items()}
    medians["peak"] = (statistics.median(peaks), 0.0)
    return medians


def fresh_help(runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `reportgen --help` as a new process."""
    command = [sys.executable, "-c", "import sys; sys.argv = ['reportgen', '--help']; from reportgen.cli import main; main()"]
    _child(command)  # bytecode
    runs_ = [_child(command)[:2] for _ in range(runs)]
    return statistics.median(w for w, _ in runs_), statistics.median(c for _, c in runs_)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    untagged, _ = in_process(runs, tagged=False)
    seconds, size = in_process(runs)
    baseline = plain_reportlab(runs)
    cpu_seconds, _ = in_process(runs, clock=time.process_time)
    fresh = fresh_command(max(5, runs // 2))
    (command, command_cpu), peak = fresh["build"], fresh["peak"][0]
    help_seconds, help_cpu = fresh_help(max(7, runs // 2))
    vector, raster = chart_cost(max(3, runs // 3))
    print(f"sample: {SAMPLE.relative_to(ROOT)} -> PDF of {size / 1024:.0f} KiB")
    print(f"in-process build (median of {runs}):        {seconds:.3f} s")
    print(f"the same without tags (PDF/UA off):         {untagged:.3f} s (tagging adds {seconds / untagged - 1:.0%})")
    print(f"plain reportlab, same paragraphs (median):  {baseline:.3f} s")
    print(f"  its CPU time (median):                    {cpu_seconds:.3f} s")
    print(f"fresh `reportgen build` command (median):   {command:.3f} s wall ({command / seconds:.1f}x), "
          f"{command_cpu:.3f} s CPU ({command_cpu / cpu_seconds:.1f}x the in-process build; the limit is 2x)")
    (bare, bare_cpu), (imports, imports_cpu) = fresh["interpreter"], fresh["imports"]
    print(f"  of which (wall / CPU): interpreter start-up {bare:.3f} / {bare_cpu:.3f} s; imports of the build path "
          f"{imports - bare:.3f} / {imports_cpu - bare_cpu:.3f} s; first-use work, command line and the build "
          f"{command - imports:.3f} / {command_cpu - imports_cpu:.3f} s, that is "
          f"{command - imports - seconds:+.3f} / {command_cpu - imports_cpu - cpu_seconds:+.3f} s beside the "
          f"in-process build. The limit 2x is {2 * seconds:.3f} / {2 * cpu_seconds:.3f} s")
    print(f"fresh `reportgen --help` (median):          {help_seconds:.3f} s wall, {help_cpu:.3f} s CPU "
          f"(the limit is 0.12 s)")
    print(f"peak memory of a fresh build:               {peak:.0f} MiB")
    print(f"both charts as vector drawings (median):    {vector * 1000:.1f} ms")
    print(f"both charts as 300 dpi PNG (median):        {raster * 1000:.0f} ms")


if __name__ == "__main__":
    main()

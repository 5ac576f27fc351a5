"""Benchmark: reportgen's PDF build beside its peers, in one process, interleaved.

The peers build the same report (the Alingsås sample):
  - Typst (the `typst` package, `pip install -e '.[bench]'`): the document tree written as Typst
    markup by bench/typst_markup.py, tagged PDF/A-3b + PDF/UA-1 with the source attached;
  - plain reportlab: the same paragraphs and tables through a bare SimpleDocTemplate, no tags,
    no contents, no charts (the floor of the library reportgen is built on).

Each round runs every contender once, in turn, so a busy machine slows all alike. Printed: the
median wall time and CPU time (all threads: Typst lays out on several cores) of each, and
reportgen's ratios to each peer.

    python bench/peers.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"


def _reportgen() -> Callable[[], bytes]:
    from reportgen.evaluation import read_evaluation
    from reportgen.pipeline import with_source
    from reportgen.report import build_report
    from reportgen.writers.pdf import write_pdf

    def once() -> bytes:
        evaluation, framework, _ = read_evaluation(SAMPLE)
        report = with_source(build_report(evaluation, framework), SAMPLE.name, SAMPLE.read_bytes())
        stream = io.BytesIO()
        write_pdf(report, stream)
        return stream.getvalue()

    return once


def _typst() -> Callable[[], bytes]:
    import typst
    from reportlab.graphics import renderSVG

    from reportgen.charts import draw_chart
    from reportgen.evaluation import read_evaluation
    from reportgen.pipeline import with_source
    from reportgen.report import build_report
    from reportgen.resources import FONTS
    from reportgen.theme import load_theme
    from reportgen.tree import Chart
    from typst_markup import typst_source

    evaluation, framework, _ = read_evaluation(SAMPLE)
    report = with_source(build_report(evaluation, framework), SAMPLE.name, SAMPLE.read_bytes())
    width = load_theme().page.text_width_mm / 25.4 * 72
    svgs = {b.anchor: renderSVG.drawToString(draw_chart(b, width)) for b in report.blocks if isinstance(b, Chart)}

    def once() -> bytes:
        source, inputs = typst_source(report, svgs)
        return typst.compile(source.encode("utf-8"), font_paths=[str(FONTS)], ignore_system_fonts=True,
                             sys_inputs=inputs, pdf_standards=["a-3b", "ua-1"])

    return once


def _plain_reportlab() -> Callable[[], bytes]:
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from reportgen import tree
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.writers.pdfstyle import FONT, register_fonts

    register_fonts()
    evaluation, framework, _ = read_evaluation(SAMPLE)
    blocks = build_report(evaluation, framework).blocks
    style = ParagraphStyle("b", fontName=FONT, fontSize=10.5, leading=15.5, spaceAfter=7)
    cell = ParagraphStyle("c", style, fontSize=9.5, leading=13, spaceAfter=0)

    def once() -> bytes:
        story = []
        for block in blocks:
            if isinstance(block, (tree.Paragraph, tree.Heading)):
                text = block.title if isinstance(block, tree.Heading) else tree.inline_text(block.content)
                story.append(Paragraph(escape(text), style))
            elif isinstance(block, tree.Table):
                rows = (block.header,) + block.rows + block.footer
                story.append(Table([[Paragraph(escape(c), cell) for c in row] for row in rows], repeatRows=1))
        stream = io.BytesIO()
        SimpleDocTemplate(stream).build(story)
        return stream.getvalue()

    return once


def _measure(once: Callable[[], bytes]) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    size = len(once())
    return time.perf_counter() - wall, time.process_time() - cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    contenders = {"reportgen": _reportgen(), "typst": _typst(), "plain reportlab": _plain_reportlab()}
    for once in contenders.values():
        once()  # warm-up: fonts, dictionaries, imports
    walls: dict[str, list[float]] = {name: [] for name in contenders}
    cpus: dict[str, list[float]] = {name: [] for name in contenders}
    sizes: dict[str, int] = {}
    for _ in range(runs):
        for name, once in contenders.items():
            wall, cpu, sizes[name] = _measure(once)
            walls[name].append(wall)
            cpus[name].append(cpu)
    wall = {name: statistics.median(values) for name, values in walls.items()}
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    print(f"sample: {SAMPLE.relative_to(ROOT)}, medians of {runs} interleaved rounds")
    print(f"{'':18} {'wall':>8} {'cpu':>8} {'size':>9}")
    for name in contenders:
        print(f"{name:18} {wall[name]:7.3f}s {cpu[name]:7.3f}s {sizes[name] / 1024:7.0f} KiB")
    for peer in ("typst", "plain reportlab"):
        print(f"reportgen / {peer}: wall {wall['reportgen'] / wall[peer]:.2f}x, cpu {cpu['reportgen'] / cpu[peer]:.2f}x")


if __name__ == "__main__":
    main()

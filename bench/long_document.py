"""A document ten times the sample's length, for stress tests and the benchmark.

Every area's narrative sections, strengths and improvements and the summary texts are
repeated ``times`` times (headings numbered so they stay distinct). Prints how long
the long document takes to build in-process.

With ``--paragraphs``, it compares the cost per page of two documents with the same text,
each section ``times`` times the sample's: once in the sample's paragraphs, once with every
section (and summary text) a single paragraph. Line breaking must stay linear in a
paragraph's length, so the second may cost at most 1.3 times the first per page.

    python bench/long_document.py [--times 10]
    python bench/long_document.py --paragraphs [--times 20]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"


def long_document(times: int = 10) -> str:
    """The sample's YAML, with its variable parts repeated ``times`` times."""
    sys.path.insert(0, str(ROOT))
    from reportgen.yamlfile import read_yaml

    data = read_yaml(SAMPLE).data
    for key in ("evaluation", "comparisons", "comments"):
        data["summary"][key] = "\n\n".join([data["summary"][key]] * times)
    for area in data["areas"].values():
        area["sections"] = [{"heading": f"{s['heading']} ({n})", "text": s["text"]}
                            for n in range(1, times + 1) for s in area["sections"]]
        area["strengths"] = area["strengths"] * times
        area["improvements"] = area["improvements"] * times
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def repeated_text(times: int, single: bool) -> str:
    """The sample with each section's and summary text ``times`` times, in its own paragraphs
    or (``single``) as one paragraph each."""
    sys.path.insert(0, str(ROOT))
    from reportgen.yamlfile import read_yaml

    def grow(text: str) -> str:
        return " ".join([" ".join(text.split())] * times) if single else "\n\n".join([text.strip()] * times)

    data = read_yaml(SAMPLE).data
    for key in ("evaluation", "comparisons", "comments"):
        data["summary"][key] = grow(data["summary"][key])
    for area in data["areas"].values():
        for section in area["sections"]:
            section["text"] = grow(section["text"])
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def measure(text: str, runs: int, clock=time.perf_counter) -> tuple[float, int]:
    """Median seconds (by ``clock``) of building ``text`` in-process, and its page count."""
    from pypdf import PdfReader

    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.writers.pdf import write_pdf

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.yaml"
        path.write_text(text, "utf-8")
        times = []
        for _ in range(runs):
            start = clock()
            evaluation, framework, _ = read_evaluation(path)
            stream = io.BytesIO()
            write_pdf(build_report(evaluation, framework), stream)
            times.append(clock() - start)
    return statistics.median(times), len(PdfReader(io.BytesIO(stream.getvalue())).pages)


def cost_per_page(text: str, runs: int) -> tuple[float, int]:
    """Median CPU seconds per page of building ``text``, and its page count."""
    seconds, pages = measure(text, runs, time.process_time)
    return seconds / pages, pages


def paragraphs(times: int, runs: int) -> None:
    cost_per_page(repeated_text(1, False), 1)  # warm-up: fonts, dictionaries, imports
    normal, normal_pages = cost_per_page(repeated_text(times, False), runs)
    single, single_pages = cost_per_page(repeated_text(times, True), runs)
    print(f"sections {times}x the sample's text, CPU per page (median of {runs}):")
    print(f"  in the sample's paragraphs:   {normal * 1000:5.1f} ms ({normal_pages} pages)")
    print(f"  each section one paragraph:   {single * 1000:5.1f} ms ({single_pages} pages)")
    print(f"  ratio: {single / normal:.2f}x (the limit is 1.3x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paragraphs", action="store_true", help="single-paragraph sections against normal ones")
    args = parser.parse_args()
    if args.paragraphs:
        paragraphs(args.times, args.runs)
        return
    text = long_document(args.times)
    seconds, pages = measure(text, args.runs)
    print(f"document {args.times}x the sample: {len(text.encode()) / 1024:.0f} KiB of YAML, "
          f"{pages} PDF pages")
    print(f"in-process build (median of {args.runs}): {seconds:.2f} s")


if __name__ == "__main__":
    main()

"""A document ten times the sample's length, for stress tests and the benchmark.

Every area's narrative sections, strengths and improvements and the summary texts are
repeated ``times`` times (headings numbered so they stay distinct). Prints how long
the long document takes to build in-process.

    python bench/long_document.py [--times 10]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.writers.pdf import write_pdf

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.yaml"
        path.write_text(long_document(args.times), "utf-8")
        size = path.stat().st_size
        times, pages = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            evaluation, framework, _ = read_evaluation(path)
            stream = io.BytesIO()
            write_pdf(build_report(evaluation, framework), stream)
            times.append(time.perf_counter() - start)
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(stream.getvalue())).pages)
    print(f"document {args.times}x the sample: {size / 1024:.0f} KiB of YAML, "
          f"{pages} PDF pages")
    print(f"in-process build (median of {args.runs}): {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()

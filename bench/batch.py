"""Benchmark: batch regeneration of N synthetic evaluation documents.

The documents are derived from the two samples: scores drawn at random within each
sub-question's max, narrative text shortened or repeated, a made-up municipality.
Prints reports per second and the peak memory of each worker for every N.

    python bench/batch.py [--sizes 50 300] [--jobs 2] [--format pdf]
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "alingsas-2023.yaml", ROOT / "samples" / "exempelkommun.yaml"]


def synthetic_documents(count: int, folder: Path, seed: int = 2023) -> list[Path]:
    """Writes ``count`` valid evaluation documents into ``folder``."""
    sys.path.insert(0, str(ROOT))
    from reportgen.framework import load_framework
    from reportgen.yamlfile import read_yaml

    framework = load_framework("2020")
    bases = [read_yaml(path).data for path in SAMPLES]
    rng = random.Random(seed)
    paths = []
    for number in range(1, count + 1):
        data = copy.deepcopy(rng.choice(bases))
        data["municipality"] = f"Syntetby {number} kommun"
        data["short_name"] = f"Syntetby {number}"
        for area in framework.areas:
            given = data["areas"][str(area.id)]
            given["scores"] = {q.id: rng.randint(0, q.max) for q in area.questions}
            factor = rng.choice([0.5, 1, 1, 2])
            sections = given["sections"]
            given["sections"] = (sections[: max(1, len(sections) // 2)] if factor < 1 else sections * int(factor))
            given["sections"] = [dict(s, heading=f"{s['heading']} {i}") for i, s in enumerate(given["sections"])]
        path = folder / f"syntetby-{number:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 300])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--format", default="pdf")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from reportgen import batch

    workers = args.jobs or batch.default_workers()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            (folder / "in").mkdir()
            synthetic_documents(size, folder / "in")
            jobs = batch.find_documents([str(folder / "in")]).jobs
            start = time.perf_counter()
            summary = batch.run_batch(jobs, folder / "out", tuple(args.format.split(",")), workers, force=True)
            seconds = time.perf_counter() - start
            peaks = sorted(o.peak_memory_mib for o in summary.outcomes)
            failed = summary.count("failed")
            print(f"N={size:4d} {args.format}, {workers} workers: {seconds:6.1f} s, {size / seconds:5.1f} reports/s, "
                  f"peak memory per worker {peaks[-1]:.0f} MiB (median {peaks[len(peaks) // 2]:.0f} MiB), "
                  f"{failed} failed")


if __name__ == "__main__":
    main()

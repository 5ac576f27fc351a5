"""Benchmark: `reportgen batch` against the Speed target, measured in one run.

The documents are derived from the two samples: scores drawn at random within each
sub-question's max, narrative text halved or repeated, a made-up municipality.

Each round, interleaved (so load from other work falls on both alike):
  - the warm in-process build of the SAME documents (read, check, tree, writers; after a
    warm-up, in this process, collecting garbage as the command does): the mean per document is
    "one warm build";
  - `reportgen batch -j J --force` on N documents as a real command in a fresh process. The
    clock starts (a) when the process is started and (b) when the batch starts its work
    (``run_batch`` entered, after the command line's own start-up, which the fresh-command
    target covers); each report counts as written when it is renamed into place (its ctime);
  - the memory of every worker, sampled from /proc while it runs: peak RSS (VmHWM; with fork
    the pages shared with the parent count in it), and PSS and USS (private pages only);
  - with ``--compare [LABEL=]DIR …``, the same batch run by the reportgen in DIR (another
    checkout, e.g. ``git archive main | tar -x -C /tmp/before``).

Prints medians over the rounds, as ratios to the targets:
  first report ≤ 1.3 × warm build, throughput ≥ 0.9 × J / warm build, ≤ 100 MiB per worker,
  flat in N. Also the CPU time per report of all the command's processes against the warm
build's, which load from others does not change: at ≤ 1.11× the throughput target is met
whenever J cores are free. The batch builds the smallest document first; its warm build is
printed too.

    python bench/batch.py [--sizes 50 300] [--jobs 2] [--rounds 7] [--format pdf] [--compare [LABEL=]DIR ...]
"""

from __future__ import annotations

import argparse
import copy
import gc
import io
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "alingsas-2023.yaml", ROOT / "samples" / "exempelkommun.yaml"]
MIB = 1024 * 1024


def synthetic_documents(count: int, folder: Path, seed: int = 2023) -> list[Path]:
    """Writes ``count`` valid evaluation documents into ``folder`` (the first k of any count are the same)."""
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


# --- the warm in-process build --------------------------------------------------------------

def warm_build_seconds(documents: list[Path], formats: tuple[str, ...]) -> tuple[dict[Path, float], float]:
    """Wall seconds per document of the in-process build (outputs kept in memory), and the mean
    CPU seconds per document."""
    from reportgen import pipeline
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report

    def once(document: Path) -> None:
        evaluation, framework, _ = read_evaluation(document)
        report = pipeline.with_source(build_report(evaluation, framework), document.name, document.read_bytes())
        for fmt in formats:
            pipeline.WRITERS[fmt](report, io.BytesIO())

    from reportgen.garbage import THRESHOLDS

    # Garbage collected as rarely as the `reportgen` command does from its first import, so the
    # batch's workers (forked from it) have no edge from that.
    thresholds = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        for document in documents[:3]:  # warm-up: fonts, hyphenation, templates
            once(document)
        walls, cpu = {}, time.process_time()
        for document in documents:
            start = time.perf_counter()
            once(document)
            walls[document] = time.perf_counter() - start
    finally:
        gc.set_threshold(*thresholds)
    return walls, (time.process_time() - cpu) / len(documents)


# --- the batch as a command -----------------------------------------------------------------

# Runs `reportgen batch` exactly as the console script does, noting when run_batch is entered:
# reportgen.batch is wrapped when the command line imports it, so start-up is not reordered.
CHILD = r"""
import importlib.abc, importlib.util, json, sys, time
trace, arguments = sys.argv[1], sys.argv[2:]

class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "reportgen.batch":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            run = module.run_batch

            def timed(*args, **kwargs):
                with open(trace, "w") as stream:
                    json.dump({"batch_start": time.time(), "startup_cpu": time.process_time(),
                               "code": module.__file__}, stream)
                return run(*args, **kwargs)

            module.run_batch = timed

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Hook())
sys.argv = ["reportgen", *arguments]
from reportgen.__main__ import main
main()
"""


@dataclass
class Worker:
    hwm: float = 0.0  # peak RSS (VmHWM), MiB
    pss: float = 0.0
    uss: float = 0.0
    uss_samples: list[float] = field(default_factory=list)


def _proc_memory(pid: int) -> tuple[float, float, float] | None:
    """VmHWM, PSS and USS of ``pid`` in MiB, or None when it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    fields = {}
    for line in (*status.splitlines(), *rollup.splitlines()):
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
            fields[parts[0][:-1]] = int(parts[1]) / 1024
    if "VmHWM" not in fields:
        return None
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields["VmHWM"], fields.get("Pss", 0.0), uss


def _children(pid: int) -> set[int]:
    try:
        return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _watch_memory(pid: int, workers: dict[int, Worker], stop: threading.Event) -> None:
    # Reading smaps_rollup makes the kernel walk the worker's page tables: every 20 ms that took
    # ~7 % of the two cores from the workers being measured. VmHWM is the kernel's own peak, so a
    # sample every quarter second loses nothing of it, and USS changes slowly.
    while not stop.wait(0.25):
        for child in _children(pid):
            memory = _proc_memory(child)
            if memory is None:
                continue
            worker = workers.setdefault(child, Worker())
            worker.hwm, worker.pss = max(worker.hwm, memory[0]), max(worker.pss, memory[1])
            worker.uss = max(worker.uss, memory[2])
            worker.uss_samples.append(memory[2])


@dataclass
class Run:
    first_from_process: float
    first_from_batch: float
    throughput: float  # reports per second from the batch's start to its last report
    wall: float  # the whole command
    cpu_per_report: float  # all processes of the command
    work_cpu_per_report: float  # the same without the command's start-up (up to run_batch)
    workers: dict[int, Worker]
    parent_hwm: float
    failed: int


def run_batch_command(inputs: Path, out: Path, jobs: int, formats: str, code: Path | None) -> Run:
    trace = out.parent / "trace.json"
    env = {**os.environ, "REPORTGEN_LANG": "en", "PYTHONPATH": str(code or ROOT)}
    command = [sys.executable, "-c", CHILD, str(trace), "batch", str(inputs), "-o", str(out), "-j", str(jobs),
               "-f", formats, "--force", "-q"]
    workers: dict[int, Worker] = {}
    stop = threading.Event()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=out.parent)  # not a checkout's folder: `python -c` puts the cwd first on sys.path
    watcher = threading.Thread(target=_watch_memory, args=(process.pid, workers, stop), daemon=True)
    watcher.start()
    parent_hwm = 0.0
    while process.poll() is None:
        memory = _proc_memory(process.pid)
        if memory:
            parent_hwm = max(parent_hwm, memory[0])
        time.sleep(0.05)
    ended = time.time()
    stop.set()
    watcher.join()
    stdout, stderr = process.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({process.returncode}):\n{stderr}")
    written = sorted(p.stat().st_ctime for fmt in formats.split(",") for p in out.rglob(f"*.{fmt}"))
    documents = len(list(inputs.glob("*.yaml")))
    traced = json.loads(trace.read_text())
    assert Path(traced["code"]).is_relative_to(code or ROOT), f"ran {traced['code']}, not {code or ROOT}"
    batch_start = traced["batch_start"]
    # a report is written when its last format is (all formats of a document are renamed together)
    reports = written[len(formats.split(",")) - 1::len(formats.split(","))]
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run(first_from_process=reports[0] - started, first_from_batch=reports[0] - batch_start,
               throughput=len(reports) / (reports[-1] - batch_start), wall=ended - started,
               cpu_per_report=cpu / documents, work_cpu_per_report=(cpu - traced["startup_cpu"]) / documents,
               workers=workers, parent_hwm=parent_hwm,
               failed=documents - len(reports))


# --- report ------------------------------------------------------------------------------

def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _growth(worker: Worker) -> float:
    """USS late in a worker's life minus early in it (MiB): growth per document shows here."""
    samples = worker.uss_samples
    if len(samples) < 6:
        return 0.0
    third = len(samples) // 3
    return _median(samples[-third:]) - _median(samples[third:2 * third])


def describe(label: str, size: int, runs: list[Run], warm: float, warm_cpu: float, jobs: int) -> None:
    target = 0.9 * jobs / warm
    first_process = _median([r.first_from_process for r in runs])
    first_batch = _median([r.first_from_batch for r in runs])
    throughput = _median([r.throughput for r in runs])
    workers = [w for r in runs for w in r.workers.values() if w.uss_samples]
    print(f"  {label:10s} N={size:4d}: first report {first_process:.3f} s after the process start "
          f"({first_process / warm:.2f}× warm), {first_batch:.3f} s after the batch's start "
          f"({first_batch / warm:.2f}× warm; target ≤ 1.30×)")
    print(f"  {'':10s}         throughput {throughput:.2f} reports/s = {throughput / target:.2f}× the target "
          f"{target:.2f}/s (0.9×{jobs}/warm); command {_median([r.wall for r in runs]):.2f} s")
    cpu, work = _median([r.cpu_per_report for r in runs]), _median([r.work_cpu_per_report for r in runs])
    print(f"  {'':10s}         CPU per report, all the command's processes: {cpu:.3f} s = {cpu / warm_cpu:.2f}× the "
          f"warm build's; from the batch's start {work:.3f} s = {work / warm_cpu:.2f}×: on {jobs} free cores "
          f"the throughput would be {warm_cpu / work / 0.9:.2f}× the target (met at ≤ 1.11×)")
    if workers:
        print(f"  {'':10s}         per worker ({len(workers) / len(runs):.0f} per run): peak RSS "
              f"{max(w.hwm for w in workers):.0f} MiB (shared pages included), PSS {max(w.pss for w in workers):.0f},"
              f" USS {max(w.uss for w in workers):.0f} MiB (target ≤ 100); USS growth over a worker's life "
              f"{max(_growth(w) for w in workers):+.1f} MiB; parent peak RSS {max(r.parent_hwm for r in runs):.0f} MiB"
              + (f"; {runs[0].failed} failed" if runs[0].failed else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 300])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=7, help="rounds for the first size; later sizes get 1")
    parser.add_argument("--format", default="pdf")
    parser.add_argument("--compare", nargs="+", default=[], metavar="[LABEL=]DIR",
                        help="other checkouts of reportgen, each run interleaved with this one")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    formats = tuple(args.format.split(","))
    variants: list[tuple[str, Path | None]] = [("this", None)]
    for given in args.compare:
        label, _, folder = given.rpartition("=")
        variants.append((label or Path(folder).name, Path(folder).resolve()))
    print(f"load {_load()}, {os.cpu_count()} cores, -j {args.jobs}, {args.format}")
    with tempfile.TemporaryDirectory(prefix="reportgen-batch-bench-") as scratch:
        scratch = Path(scratch)
        # A cache of our own (the hyphenation patterns, the Word file's chart images), filled once
        # below, for this process and the batches alike: no other user of the machine changes it.
        os.environ["REPORTGEN_CACHE"] = str(scratch / "cache")
        biggest = max(args.sizes)
        (scratch / "all").mkdir()
        documents = synthetic_documents(biggest, scratch / "all")
        warm_build_seconds(documents[:min(args.sizes[0], 50)], formats)
        for index, size in enumerate(args.sizes):
            inputs = scratch / f"in-{size}"
            inputs.mkdir()
            for document in documents[:size]:
                shutil.copy(document, inputs / document.name)
            rounds = args.rounds if index == 0 else 1
            warm_walls, warm_cpus, smallest, results = [], [], [], {label: [] for label, _ in variants}
            first = min(documents[:size], key=lambda p: p.stat().st_size)  # batch builds the smallest first
            for number in range(rounds):
                walls, cpu = warm_build_seconds([first, *documents[:min(size, 50)]], formats)
                warm_walls.append(statistics.fmean(walls[d] for d in documents[:min(size, 50)]))
                smallest.append(walls[first])
                warm_cpus.append(cpu)
                for label, code in (variants[number % len(variants):] + variants[:number % len(variants)]):
                    out = scratch / f"out-{label}-{size}-{number}"
                    results[label].append(run_batch_command(inputs, out, args.jobs, args.format, code))
            warm = _median(warm_walls)
            print(f"N={size} ({rounds} rounds, load {_load()}): warm in-process build {warm:.3f} s wall, "
                  f"{_median(warm_cpus):.3f} s CPU per document (mean over {min(size, 50)} of them); "
                  f"the smallest (built first) {_median(smallest):.3f} s")
            for label, _ in variants:
                describe(label, size, results[label], warm, _median(warm_cpus), args.jobs)


if __name__ == "__main__":
    main()

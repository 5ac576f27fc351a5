"""Batch: regenerates many reports in parallel, with a manifest so a rerun skips what is unchanged.

Each document is built in a worker process through :func:`reportgen.pipeline.build`,
so files appear whole or not at all. The manifest (``manifest.json`` in the output
folder) records per document its content hash, the tool and template versions, the
outputs with their hashes, and the status; it is rewritten after every document, so
an interrupted run leaves a manifest that matches the files on disk.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import signal
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from reportgen import __version__

try:
    import resource
except ImportError:  # pragma: no cover - Windows has no getrusage
    resource = None
from reportgen.output import write_atomically
from reportgen.problems import InvalidInput
from reportgen.resources import FONTS, template_folders

MANIFEST = "manifest.json"
_EVALUATION = re.compile(rb"^(?:\xef\xbb\xbf)?framework:", re.MULTILINE)  # also after a byte-order mark


@dataclass
class Job:
    """One document and where its outputs go, relative to the output folder."""

    source: Path
    stem: str  # e.g. "2023/alingsas", without extension


@dataclass
class Outcome:
    """What happened to one document."""

    source: str
    stem: str
    status: str  # "built", "unchanged" or "failed"
    sha256: str = ""
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    reason: str = ""
    seconds: float = 0.0
    peak_memory_mib: float = 0.0
    tool: str = ""
    templates: str = ""


def find_documents(inputs: Iterable[str]) -> list[Job]:
    """Files as given; folders searched recursively for evaluation documents; glob patterns expanded."""
    jobs: list[Job] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for candidate in sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]):
                if candidate.is_file() and _EVALUATION.search(candidate.read_bytes()):
                    jobs.append(Job(candidate, candidate.relative_to(path).with_suffix("").as_posix()))
        elif path.exists():
            jobs.append(Job(path, path.stem))
        else:
            matches = sorted(glob.glob(given, recursive=True))
            jobs += [Job(Path(m), Path(m).stem) for m in matches if Path(m).is_file()]
            if not matches:
                jobs.append(Job(path, path.stem))  # reported as failed: the file does not exist
    return jobs


def tool_version() -> str:
    """The tool's version and a hash of its code: an editable install that changed rebuilds too."""
    return f"reportgen {__version__}+{_code_hash()}"


@cache
def _code_hash() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for file in sorted(package.rglob("*.py")):
        digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:12]


def input_hash(path: Path) -> str:
    """The document's content hash, with the logo it names (a new logo means a new report)."""
    digest = hashlib.sha256(path.read_bytes())
    try:
        from reportgen.yamlfile import read_yaml

        logo = read_yaml(path).data.get("logo")
        if isinstance(logo, str) and (path.parent / logo).is_file():
            digest.update(b"\0logo\0" + (path.parent / logo).read_bytes())
    except Exception:  # an unreadable document is hashed by its bytes; the build reports why
        pass
    return digest.hexdigest()


@cache
def templates_version() -> str:
    """A hash over templates/ and fonts/: a template change makes every report out of date."""
    digest = hashlib.sha256()
    for folder in (*template_folders(), FONTS):  # REPORTGEN_TEMPLATES' folders count too
        for file in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ignore_interrupts() -> None:
    """Workers finish the document they are on; the parent decides what stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def build_one(source: str, stem: str, out: str, formats: tuple[str, ...], templates: str) -> Outcome:
    """Build one document in a worker. Never raises: a failure is an outcome with its reason."""
    from reportgen import pipeline

    start = time.perf_counter()
    outcome = Outcome(source, stem, "failed", templates=templates, tool=tool_version())
    path = Path(source)
    try:
        outcome.sha256 = input_hash(path)
        targets = {fmt: Path(out) / f"{stem}.{fmt}" for fmt in formats}
        pipeline.build(path, targets)
        outcome.outputs = {fmt: {"file": f"{stem}.{fmt}", "sha256": _sha256(t)} for fmt, t in targets.items()}
        outcome.status = "built"
    except InvalidInput as invalid:
        errors = [str(p) for p in invalid.problems if p.severity == "error"]
        outcome.reason = errors[0] + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    except Exception as error:  # one bad document must not stop the batch
        outcome.reason = f"{source}: the report could not be built: {type(error).__name__}: {error}"
    outcome.seconds = time.perf_counter() - start
    if resource is not None:
        outcome.peak_memory_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return outcome


class Manifest:
    """``manifest.json``: the last outcome per output stem."""

    def __init__(self, folder: Path):
        self.path = folder / MANIFEST
        self.entries: dict[str, dict] = {}
        if self.path.is_file():
            try:
                self.entries = json.loads(self.path.read_text("utf-8")).get("documents", {})
            except (ValueError, AttributeError):
                self.entries = {}  # a damaged manifest only costs a rebuild

    def unchanged(self, job: Job, formats: tuple[str, ...], folder: Path) -> Outcome | None:
        """The recorded outcome if the document, tool, templates and outputs are all as recorded."""
        entry = self.entries.get(job.stem)
        if not entry or entry.get("status") != "built" or not job.source.is_file():
            return None
        if (entry.get("tool"), entry.get("templates")) != (tool_version(), templates_version()):
            return None
        if entry.get("sha256") != input_hash(job.source) or not set(formats) <= set(entry.get("outputs", {})):
            return None
        for fmt in formats:
            output = folder / entry["outputs"][fmt]["file"]
            if not output.is_file() or _sha256(output) != entry["outputs"][fmt]["sha256"]:
                return None
        return Outcome(str(job.source), job.stem, "unchanged", entry["sha256"], entry["outputs"],
                       templates=entry["templates"], tool=entry["tool"])

    def record(self, outcome: Outcome) -> None:
        if outcome.status == "unchanged":
            return
        entry = asdict(outcome)
        entry.pop("seconds"), entry.pop("peak_memory_mib"), entry.pop("stem")
        self.entries[outcome.stem] = entry

    def save(self) -> None:
        data = {"tool": tool_version(), "templates": templates_version(),
                "documents": dict(sorted(self.entries.items()))}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        write_atomically(self.path, lambda stream: stream.write(text.encode("utf-8")))


@dataclass
class Summary:
    outcomes: list[Outcome]
    interrupted: bool = False
    left: int = 0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def run_batch(jobs: list[Job], folder: Path, formats: tuple[str, ...], workers: int, force: bool,
              progress: Callable[[Outcome], None] = lambda outcome: None) -> Summary:
    """Build every job; skip the unchanged ones unless ``force``. Ctrl-C lets running builds finish."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(folder)
    outcomes: list[Outcome] = []
    todo: list[Job] = []
    seen: dict[str, str] = {}
    for job in jobs:
        if job.stem in seen:
            outcome = Outcome(str(job.source), job.stem + "#duplicate", "failed",
                              reason=f"{job.source}: its report would overwrite the one from {seen[job.stem]}")
            outcomes.append(outcome)
            progress(outcome)
            continue
        seen[job.stem] = str(job.source)
        previous = None if force else manifest.unchanged(job, formats, folder)
        if previous:
            outcomes.append(previous)
            progress(previous)
        else:
            todo.append(job)
    summary = Summary(outcomes)
    if not todo:
        return summary
    pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo))), initializer=_ignore_interrupts)
    unfinished: set[Future] = set()  # submitted and not yet recorded
    try:
        unfinished = {pool.submit(build_one, str(j.source), j.stem, str(folder), formats, templates_version())
                      for j in todo}
        while unfinished:
            done, _ = wait(unfinished, return_when=FIRST_COMPLETED)
            for future in done:
                _finish(future.result(), outcomes, manifest, progress)
                unfinished.discard(future)
    except KeyboardInterrupt:
        summary.interrupted = True
        for future in unfinished:
            future.cancel()
        for future in unfinished:  # the ones already running (or done) are recorded whole
            if not future.cancelled():
                _finish(future.result(), outcomes, manifest, progress)
        summary.left = sum(1 for f in unfinished if f.cancelled())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        manifest.save()
    return summary


def _finish(outcome: Outcome, outcomes: list[Outcome], manifest: Manifest,
            progress: Callable[[Outcome], None]) -> None:
    outcomes.append(outcome)
    manifest.record(outcome)
    manifest.save()
    progress(outcome)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

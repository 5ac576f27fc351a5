"""Batch: regenerates many reports in parallel, with a manifest so a rerun skips what is unchanged.

Each document is built in a worker process through :func:`reportgen.pipeline.build`,
so files appear whole or not at all. Workers are forked from the batch's own process with
reportgen already imported, build one document after another (the smallest first, so the first
report comes soonest) and free each document's garbage before the next. The manifest (``manifest.json`` in the output
folder) records per document its content hash, the tool and template versions, the
outputs with their hashes, and the status; it is rewritten after every document, so
an interrupted run leaves a manifest that matches the files on disk. The manifest is a
cache: an entry that does not parse, or names files other than the ones reportgen
would write, only costs a rebuild. One batch at a time writes into an output folder
(a lock on the folder), and the workers die with the batch that started them.
"""

from __future__ import annotations

import ctypes
import gc
import glob
import hashlib
import itertools
import json
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from multiprocessing.connection import Connection
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from reportgen import __version__
from reportgen.messages import say
from reportgen.output import writable_target, write_atomically
from reportgen.problems import InvalidInput, Problem
from reportgen.resources import FONTS, template_folders

MANIFEST = "manifest.json"
_FRAMEWORK_KEY = "framework"


@dataclass
class Job:
    """One document and where its outputs go, relative to the output folder."""

    source: Path
    stem: str  # e.g. "2023/alingsas", without extension


@dataclass
class Skipped:
    """A file in a searched folder that is not built, and why."""

    path: Path
    reason: str


@dataclass
class Found:
    jobs: list[Job] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


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
    tool: str = ""
    templates: str = ""
    removed: list[str] = field(default_factory=list)  # a failed document's previous outputs, now deleted


def find_documents(inputs: Iterable[str]) -> Found:
    """Files as given; folders searched recursively for evaluation documents; glob patterns expanded.

    In a folder, a ``.yaml``/``.yml`` file is a document when it parses as a mapping with a
    ``framework`` key (however it is quoted or spaced); every other one is listed as skipped
    with the reason. A file named directly, or matched by a pattern, is always built.
    """
    found = Found()
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for candidate in sorted([*path.rglob("*.yaml"), *path.rglob("*.yml")]):
                if not candidate.is_file():
                    continue
                reason = not_a_document(candidate)
                if reason:
                    found.skipped.append(Skipped(candidate, reason))
                else:
                    found.jobs.append(Job(candidate, candidate.relative_to(path).with_suffix("").as_posix()))
        elif path.exists():
            found.jobs.append(Job(path, path.stem))
        else:
            matches = sorted(glob.glob(given, recursive=True))
            found.jobs += [Job(Path(m), Path(m).stem) for m in matches if Path(m).is_file()]
            if not matches:
                found.jobs.append(Job(path, path.stem))  # reported as failed: the file does not exist
    return found


def not_a_document(path: Path) -> str:
    """Why ``path`` is not an evaluation document, or "" when it is one (or may be: a broken one).

    Only the YAML's events are read, up to the top-level ``framework`` key (usually the first
    line), so a folder of hundreds of documents is sorted in moments; aliases are never expanded,
    so a small hostile file stays small. A file that does not parse but mentions the key is
    built, so that its author hears where it is broken.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return say("batch_skip_unreadable", error=error.strerror or error)
    try:
        found = _has_top_level_key(data.decode("utf-8-sig"), _FRAMEWORK_KEY)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError, ValueError):
        return "" if _FRAMEWORK_KEY.encode() in data else say("batch_skip_not_yaml")
    return "" if found else say("batch_skip_no_framework")


_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _has_top_level_key(text: str, key: str) -> bool:
    """Whether the first YAML document in ``text`` is a mapping with ``key`` (however quoted or
    spaced) among its own keys; stops reading at that key."""
    depth, at_key = 0, True  # depth 1 is inside the top-level mapping, where keys and values alternate
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent)):
            continue
        if depth == 0:
            if not isinstance(event, yaml.MappingStartEvent):
                return False  # a scalar, a list or no document at all
            depth = 1
        elif depth == 1 and isinstance(event, yaml.MappingEndEvent):
            return False
        elif depth == 1 and at_key and isinstance(event, yaml.ScalarEvent) and event.value.strip() == key:
            return True
        elif isinstance(event, _OPENS):
            depth += 1
        elif isinstance(event, _CLOSES):
            depth -= 1
            at_key = not at_key if depth == 1 else at_key  # a collection key or value is complete
        elif depth == 1:
            at_key = not at_key  # a scalar or alias key or value
    return False


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
    data = path.read_bytes()
    digest = hashlib.sha256(data)
    if b"logo" not in data:  # most documents name none: no need to parse them for it
        return digest.hexdigest()
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


def _start_worker(parent: int) -> None:
    """A worker ignores Ctrl-C (the parent decides what stops) and dies with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # the parent blocked it while starting us; ignored now
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if sys.platform.startswith("linux"):
        try:  # the kernel kills us when the process that started us goes, even by kill -9
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    started_by = os.getppid()
    if not _alive(parent):  # it went before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent, started_by), daemon=True).start()


def _watch_parent(parent: int, started_by: int) -> None:
    """The fallback where there is no PR_SET_PDEATHSIG: look once a second."""
    while True:
        time.sleep(1)
        if os.getppid() != started_by or not _alive(parent):
            os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
        errors = [str(p) for p in invalid.problems if p.severity == "error"] or [str(invalid)]
        outcome.reason = errors[0] + (say("batch_and_more", count=len(errors) - 1) if len(errors) > 1 else "")
    except OSError as error:
        outcome.reason = say("batch_unreadable", source=source, error=error.strerror or error)
    except Exception as error:  # one bad document must not stop the batch
        outcome.reason = say("batch_build_failed", source=source, error=f"{type(error).__name__}: {error}")
    outcome.seconds = time.perf_counter() - start
    return outcome


class _Output(BaseModel):
    file: str
    sha256: str


class _Entry(BaseModel):
    """What a manifest entry must look like to be used; anything else is dropped (a rebuild)."""

    source: str = ""
    status: str
    sha256: str = ""
    outputs: dict[str, _Output] = {}
    reason: str = ""
    tool: str = ""
    templates: str = ""
    removed: list[str] = []


class Manifest:
    """``manifest.json``: the last outcome per output stem."""

    def __init__(self, folder: Path):
        self.path = folder / MANIFEST
        self.entries: dict[str, dict] = {}
        try:
            documents = json.loads(self.path.read_text("utf-8")).get("documents", {})
        except (OSError, ValueError, AttributeError):
            return  # missing, unreadable or damaged: it only costs a rebuild
        if not isinstance(documents, dict):
            return
        for stem, entry in documents.items():
            try:
                self.entries[stem] = _Entry.model_validate(entry).model_dump()
            except ValidationError:
                pass

    def unchanged(self, job: Job, formats: tuple[str, ...], folder: Path) -> Outcome | None:
        """The recorded outcome if the document, tool, templates and outputs are all as recorded.

        The outputs checked are the files this batch would write, never a path the manifest
        names: an edited manifest cannot point outside the output folder.
        """
        try:
            return self._unchanged(job, formats, folder)
        except OSError:  # unreadable now: the build says why
            return None

    def _unchanged(self, job: Job, formats: tuple[str, ...], folder: Path) -> Outcome | None:
        entry = self.entries.get(job.stem)
        if not entry or entry["status"] != "built" or not job.source.is_file():
            return None
        if (entry["tool"], entry["templates"]) != (tool_version(), templates_version()):
            return None
        if entry["sha256"] != input_hash(job.source) or not set(formats) <= set(entry["outputs"]):
            return None
        for fmt in formats:
            output = folder / f"{job.stem}.{fmt}"
            recorded = entry["outputs"][fmt]
            if recorded["file"] != f"{job.stem}.{fmt}" or not output.is_file() or output.is_symlink():
                return None
            if _sha256(output) != recorded["sha256"]:
                return None
        return Outcome(str(job.source), job.stem, "unchanged", entry["sha256"], entry["outputs"],
                       templates=entry["templates"], tool=entry["tool"])

    def record(self, outcome: Outcome) -> None:
        if outcome.status == "unchanged":
            return
        entry = asdict(outcome)
        entry.pop("seconds"), entry.pop("stem")
        self.entries[outcome.stem] = entry

    def save(self) -> None:
        """Rewrites the file (after every document: an interrupted batch leaves a true manifest)."""
        documents = {stem: self.entries[stem] for stem in sorted(self.entries)}
        text = json.dumps({"tool": tool_version(), "templates": templates_version(), "documents": documents},
                          ensure_ascii=False, indent=2) + "\n"
        data = text.encode("utf-8")
        write_atomically(self.path, lambda stream: stream.write(data))


@dataclass
class Summary:
    outcomes: list[Outcome]
    interrupted: bool = False
    left: int = 0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def _tell_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_batch(jobs: list[Job], folder: Path, formats: tuple[str, ...], workers: int, force: bool,
              progress: Callable[[Outcome], None] = lambda outcome: None,
              tell: Callable[[str], None] = _tell_stderr) -> Summary:
    """Build every job; skip the unchanged ones unless ``force``.

    Ctrl-C says so at once (through ``tell``), cancels what has not started and lets the
    running builds finish and be recorded; a second Ctrl-C does not cut that short, so the
    manifest always matches the disk. Raises :class:`InvalidInput` when ``folder`` cannot take
    the reports (not a folder, its manifest.json is not a file) or another batch writes there.
    """
    _prepare(folder)
    outcomes: list[Outcome] = []
    summary = Summary(outcomes)
    with _locked(folder):
        manifest = Manifest(folder)
        try:
            todo = _plan(jobs, folder, formats, force, manifest, outcomes, progress)
            if todo:
                _build_all(todo, folder, formats, workers, manifest, summary, progress, tell)
        except KeyboardInterrupt:  # before any worker started: nothing is running
            summary.interrupted = True
            summary.left = len(jobs) - len(outcomes)
            tell(say("batch_stopping_running", count=0))
        finally:
            manifest.save()
    return summary


def _prepare(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InvalidInput([Problem(str(folder), None, None, "", say("batch_out_not_a_folder"),
                                    say("batch_out_expected"))])
    folder.mkdir(parents=True, exist_ok=True)
    writable_target(folder / MANIFEST)  # a folder or a device named manifest.json: say so now


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Holds an exclusive lock on the output folder itself (no lock file to leave behind)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no locking
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InvalidInput([Problem(str(folder), None, None, "", say("batch_folder_busy"),
                                        say("batch_folder_busy_expected"))]) from None
        yield
    finally:
        os.close(handle)


def _plan(jobs: list[Job], folder: Path, formats: tuple[str, ...], force: bool, manifest: Manifest,
          outcomes: list[Outcome], progress: Callable[[Outcome], None]) -> list[Job]:
    """The jobs to build; the unchanged and the duplicates are recorded as outcomes at once."""
    todo: list[Job] = []
    seen: dict[str, str] = {}
    for job in jobs:
        if job.stem in seen:
            outcome = Outcome(str(job.source), job.stem + "#duplicate", "failed",
                              reason=say("batch_duplicate", source=job.source, other=seen[job.stem]))
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
    return todo


def _build_all(todo: list[Job], folder: Path, formats: tuple[str, ...], workers: int, manifest: Manifest,
               summary: Summary, progress: Callable[[Outcome], None], tell: Callable[[str], None]) -> None:
    """Keeps each worker busy with one document; only those are running when Ctrl-C comes."""
    finish = _finisher(folder, manifest, summary.outcomes, progress)
    waiting = iter(_schedule(todo))
    workers = max(1, min(workers, len(todo)))
    warm_up(formats)
    pool = _Workers((str(folder), formats, templates_version()))
    stopping = _FirstInterruptStops(lambda: tell(say("batch_still_stopping", count=len(pool.busy))))
    try:
        stopping.install()
        pool.start(workers)
        for job in itertools.islice(waiting, 0 if stopping.interrupted else workers):
            pool.give(job)
        while pool.busy and not stopping.interrupted:
            try:
                with stopping.interruptible():
                    ready = pool.wait()
            except KeyboardInterrupt:
                break
            done = pool.collect(ready)
            if not stopping.interrupted:  # the next documents first, then the bookkeeping
                pool.start(workers - pool.size)  # in place of one that died
                for job in itertools.islice(waiting, len(pool.idle)):
                    pool.give(job)
            for outcome in done:
                finish(outcome)
        if stopping.interrupted:
            summary.interrupted = True
            tell(say("batch_stopping_running", count=len(pool.busy)))
            while pool.busy:  # the ones already running are recorded whole
                for outcome in pool.collect(pool.wait()):
                    finish(outcome)
            summary.left = sum(1 for _ in waiting)
    finally:
        try:
            pool.close()
        finally:
            stopping.restore()


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection


class _Workers:
    """Worker processes forked from this one, each with its own pipe and at most one document.

    A document goes straight to the worker that is free, with no queue in between: nothing but
    the documents being built has been handed out when Ctrl-C comes, and a worker waits for its
    next document only as long as the parent takes to send it. A worker that dies (killed, out
    of memory) fails its document with a message, and another is forked in its place.
    """

    def __init__(self, task: tuple[str, tuple[str, ...], str]):
        self.task = task  # the output folder, the formats and the templates' version
        self.idle: list[_Worker] = []
        self.busy: dict[Connection, tuple[_Worker, Job]] = {}

    @property
    def size(self) -> int:
        return len(self.idle) + len(self.busy)

    def start(self, count: int) -> None:
        if count <= 0:
            return
        context = _context()
        # Workers start with Ctrl-C blocked (the mask is inherited, through exec too): one that is
        # still starting up when Ctrl-C comes must not print Python's traceback.
        blocked = hasattr(signal, "pthread_sigmask")
        if blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            with _frozen_heap():
                for _ in range(count):
                    ours, theirs = context.Pipe()
                    process = context.Process(target=_serve, args=(theirs, os.getpid()), daemon=True)
                    process.start()
                    theirs.close()
                    self.idle.append(_Worker(process, ours))
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending Ctrl-C arrives here

    def give(self, job: Job) -> None:
        while True:
            worker = self.idle.pop()
            try:
                worker.connection.send((str(job.source), job.stem, *self.task))
            except OSError:  # it died while it waited: another takes its place
                self._bury(worker)
                self.start(1)
                continue
            self.busy[worker.connection] = (worker, job)
            return

    def wait(self) -> list[Connection]:
        """The connections of the workers that have finished (or died), once there is one."""
        return multiprocessing.connection.wait(list(self.busy))

    def collect(self, ready: list[Connection]) -> list[Outcome]:
        outcomes = []
        for connection in ready:
            worker, job = self.busy.pop(connection)
            try:
                outcomes.append(connection.recv())
                self.idle.append(worker)
            except (EOFError, OSError):
                code = self._bury(worker)
                outcomes.append(Outcome(str(job.source), job.stem, "failed",
                                        reason=say("batch_worker_died", source=job.source, code=code)))
        return outcomes

    def close(self) -> None:
        """Tells the idle workers to stop and waits for them; a busy one (only after an error
        here) is ended, since no one will read its result."""
        for worker in self.idle:
            try:
                worker.connection.send(None)
            except OSError:
                pass
        for worker, _ in self.busy.values():
            worker.process.kill()
        for worker in [*self.idle, *(w for w, _ in self.busy.values())]:
            self._bury(worker)
        self.idle.clear()
        self.busy.clear()

    @staticmethod
    def _bury(worker: _Worker) -> int | None:
        worker.connection.close()
        worker.process.join()
        return worker.process.exitcode


def _serve(connection: Connection, parent: int) -> None:
    """A worker: builds the documents it is sent, one at a time, until told to stop."""
    _start_worker(parent)
    first = True
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        connection.send(build_one(*job))
        # The command line collects garbage rarely, which suits one build; a worker that builds
        # hundreds grew by about 1 MiB per document (67 → 97 MiB over 30) and stays at 67 MiB when
        # it frees each document's cycles here, while the parent records it. What the parent had
        # is frozen (not scanned), and so is what the first document set up to last (fonts,
        # hyphenation, templates): a collection then scans only the last document's objects.
        gc.collect()
        if first:
            gc.freeze()
            first = False


def warm_up(formats: Iterable[str]) -> None:
    """Imports the pipeline and the writers of ``formats`` here, once, so that the workers forked
    from this process start with them loaded instead of importing them each."""
    import importlib

    for module in ("reportgen.pipeline", *(f"reportgen.writers.{fmt}" for fmt in formats)):
        importlib.import_module(module)
    tool_version(), templates_version()  # hashed once here rather than in every worker


def _context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe (Linux and the BSDs): a worker starts as a copy of this process, with
    everything imported, in a few milliseconds. Python 3.14 makes forkserver the default, and
    macOS and Windows spawn: there each worker imports reportgen afresh (about 0.4 s)."""
    if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """While workers are forked: this process's objects are moved out of the collector's reach, so a
    worker's garbage collections do not write to (and so copy) the pages it shares with us."""
    gc.freeze()  # not collected first (~20 ms before the first report); unfrozen garbage goes later
    try:
        yield
    finally:
        gc.unfreeze()


def _schedule(jobs: list[Job]) -> list[Job]:
    """The smallest document first (the first report is there soonest), then the largest first, so
    that no long document is left running alone at the end."""
    def size(job: Job) -> int:
        try:
            return job.source.stat().st_size
        except OSError:
            return 0  # it fails at once, with its reason

    by_size = sorted(jobs, key=size, reverse=True)
    return [*by_size[-1:], *by_size[:-1]]


class _FirstInterruptStops:
    """The batch's Ctrl-C handler: the first one stops, later ones only repeat that we are stopping.

    The first one only raises KeyboardInterrupt while the batch waits for its workers
    (:meth:`interruptible`); arriving anywhere else it is noted, and the batch stops before it
    waits again, so an outcome is never half-recorded. It is installed before the first Ctrl-C
    can come, so a second one that arrives while the first is being handled finds it already in
    place: swapping handlers inside the ``except`` block left a window in which an impatient
    second Ctrl-C killed the batch with its manifest half-told.
    """

    def __init__(self, notice: Callable[[], None]):
        self._notice = notice
        self._previous = None
        self._waiting = False
        self.interrupted = False

    def install(self) -> None:
        try:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: no signals arrive here
            self._previous = None

    def restore(self) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        if self.interrupted:
            raise KeyboardInterrupt
        self._waiting = True
        try:
            yield
        finally:
            self._waiting = False

    def _handle(self, signum, frame) -> None:
        if not self.interrupted:
            self.interrupted = True
            if self._waiting:
                raise KeyboardInterrupt
            return
        self._notice()


def _finisher(folder: Path, manifest: Manifest, outcomes: list[Outcome],
              progress: Callable[[Outcome], None]) -> Callable[[Outcome], None]:
    def finish(outcome: Outcome) -> None:
        if outcome.status == "failed":
            _remove_stale_outputs(outcome, folder)
        outcomes.append(outcome)
        manifest.record(outcome)
        manifest.save()
        progress(outcome)

    return finish


def _remove_stale_outputs(outcome: Outcome, folder: Path) -> None:
    """A failed document keeps no report from an earlier run: it would look current but is not.

    Only the files this batch writes for the document's stem are considered, whatever the
    manifest says, so nothing outside the output folder is touched.
    """
    from reportgen.pipeline import WRITERS  # every format a report can have

    for fmt in WRITERS:
        output = folder / f"{outcome.stem}.{fmt}"
        if output.is_file() and not output.is_symlink():
            output.unlink()
            outcome.removed.append(output.relative_to(folder).as_posix())
    if outcome.removed:
        outcome.reason += say("batch_stale_removed", files=", ".join(outcome.removed))


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

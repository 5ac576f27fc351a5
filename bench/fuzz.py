"""Fuzzing: hypothesis damages the evaluation document and the importer's text, and counts what breaks.

Two targets, each run for ``--examples`` generated cases:

- ``document``: a valid document (either sample) damaged at random: values deleted or
  replaced (hostile strings, odd numbers and keys, very long words, control characters,
  right-to-left text), and raw YAML snippets spliced into its text (alias bombs, deep nesting,
  tabs, stray quotes). Every case is checked and turned into the document tree; every
  ``--render-every``-th case that passes the check is also rendered to PDF.
- ``import``: the published report's text (tests/data) cut to a random slice and damaged
  line by line (headings full of dots, footnote marks in score cells, lines dropped, repeated
  or swapped, hostile strings), then read by the importer and written as a document.

An outcome is fine when it is a result or a clean :class:`InvalidInput`; anything else is a
traceback and is counted, with the input kept in ``--keep`` for replay. No case may take
longer than 10 s (a case is stopped at ``--stop`` s and counted as a hang).

    python bench/fuzz.py [--examples 10000] [--target document import] [--render-every 10]
"""

from __future__ import annotations

import argparse
import copy
import io
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "exempelkommun.yaml", ROOT / "samples" / "alingsas-2023.yaml"]
REFERENCE_TEXT = ROOT / "tests" / "data" / "kommunkompassen-alingsas-2023.txt"
LIMIT = 10.0  # seconds a single case may take
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the pure-Python emitter was 0.5 s a case

HOSTILE = ["<b>x</b>", "&amp;", "<img src='/etc/passwd'/>", "]]>", "${x}", "{0}", "%s", "\\", "\"'",
           "سارة الأحمد", "שלום", "👩‍👩‍👧‍👦", "e\u0301", "\u202e", "\ufeff", "\x00", "\x0b", "\x1b[31m",
           "\ud800", "x" * 30_000, "https://" + "a/" * 5_000, "- a\n- b", "> quote\n> more", "# x", "1.",
           "**bold", "*", "\t", "\n\n\n", "   ", "null", "~", "yes", "1e309", "-0", "+1", "01", "０１",
           "2020/../../x", "../2020", "1²", "²", "٣", "0x10", "1_000", "2023-02-30", "0", "20230221"]
NUMBERS = st.one_of(st.integers(-10, 2_000), st.sampled_from([10**30, -(10**30), 0]),
                    st.floats(allow_nan=True, allow_infinity=True))
REPLACEMENT = st.one_of(st.sampled_from(HOSTILE), NUMBERS, st.none(), st.booleans(), st.text(max_size=40),
                        st.lists(st.sampled_from(HOSTILE), max_size=3),
                        st.dictionaries(st.sampled_from(["1", "+1", "01", "1.1", "text", "heading", "x"]),
                                        st.one_of(st.integers(-1, 200), st.sampled_from(HOSTILE)), max_size=3))
SNIPPETS = ["a: &a [*a]\n", "x: " + "[" * 2_000 + "\n", "\t- tab\n", "'unclosed\n", "? complex\n",
            "b: &b [1,1,1,1,1,1,1,1,1]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
            "framework: \"2020/../../../x/evilfw\"\n", "--- \n", "...\n", "%YAML 1.1\n", "!!python/object:os.system x\n",
            "language: xx\n", "logo: /etc/passwd\n", "report_date: 0\n", "evaluators: [" + "'A B', " * 80 + "]\n"]
LINE_DAMAGE = ["Område 1 Samspel" + "." * 3_000 + "x", "1.1 Delfråga\t1²", "Poäng\t" + "9" * 400, "Rubriker",
               "Styrkor\tFörbättringsmöjligheter", "\x0c", "•", "1.", "Allmänt", "2 Sammanfattning" + " ." * 500]


@dataclass
class Tally:
    cases: int = 0
    fine: int = 0
    rejected: int = 0
    rendered: int = 0
    crashes: Counter = field(default_factory=Counter)
    slow: int = 0
    hangs: int = 0
    slowest: float = 0.0
    total: float = 0.0

    def line(self, name: str) -> str:
        return (f"{name}: {self.cases} examples, {sum(self.crashes.values())} tracebacks, {self.hangs} hangs, "
                f"{self.slow} over {LIMIT:.0f} s; {self.fine} built, {self.rejected} refused with a message, "
                f"{self.rendered} rendered to PDF; slowest case {self.slowest:.2f} s, "
                f"mean {self.total / max(1, self.cases) * 1000:.0f} ms")


class _Hang(BaseException):
    """Raised by the alarm: not an Exception, so no handler in the code under test swallows it."""


def _alarm(signum, frame):
    raise _Hang


def _timed(tally: Tally, keep: Path, name: str, payload: str, run, stop: float) -> None:
    from reportgen.problems import InvalidInput

    tally.cases += 1
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, stop)
    try:
        outcome = run()
        tally.fine += 1
        tally.rendered += outcome == "rendered"
    except InvalidInput:
        tally.rejected += 1
    except _Hang:
        tally.hangs += 1
        _keep(keep, f"{name}-hang-{tally.hangs}", payload)
    except BaseException as error:  # noqa: BLE001 - counting every way it can break is the point
        if isinstance(error, KeyboardInterrupt):
            raise
        where = traceback.extract_tb(error.__traceback__)[-1]
        key = f"{type(error).__name__} at {Path(where.filename).name}:{where.lineno}: {str(error)[:120]}"
        if not tally.crashes[key]:
            _keep(keep, f"{name}-crash-{len(tally.crashes) + 1}", payload)
            print(f"  traceback: {key}", flush=True)
        tally.crashes[key] += 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.perf_counter() - start
    tally.total += seconds
    tally.slowest = max(tally.slowest, seconds)
    if seconds > LIMIT:
        tally.slow += 1
        _keep(keep, f"{name}-slow-{tally.slow}", payload)


def _keep(folder: Path, name: str, payload: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(payload, "utf-8", errors="surrogatepass")


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


def damaged_document(data: st.DataObject, bases: list[dict]) -> str:
    document = copy.deepcopy(data.draw(st.sampled_from(bases)))
    for _ in range(data.draw(st.integers(0, 4))):
        paths = [p for p in _paths(document) if p]
        path = data.draw(st.sampled_from(paths))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["delete", "replace", "append", "rekey"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "append" and isinstance(parent[path[-1]], str):
            parent[path[-1]] += str(data.draw(REPLACEMENT))
        elif action == "rekey" and isinstance(parent, dict):
            parent[str(data.draw(st.sampled_from(HOSTILE)))] = parent.pop(path[-1])
        else:
            parent[path[-1]] = data.draw(REPLACEMENT)
    try:
        text = yaml.dump(document, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    except (UnicodeEncodeError, yaml.YAMLError):  # a lone surrogate: only the Python emitter writes it
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if data.draw(st.booleans()):
        lines = text.splitlines(keepends=True)
        at = data.draw(st.integers(0, len(lines)))
        lines.insert(at, data.draw(st.sampled_from(SNIPPETS)))
        text = "".join(lines)
    return text


def damaged_report_text(data: st.DataObject, lines: list[str]) -> str:
    start = data.draw(st.integers(0, len(lines) - 1))
    length = data.draw(st.sampled_from([len(lines), len(lines) // 2, 400, 60]))
    chosen = lines[start:start + length] if data.draw(st.booleans()) else list(lines)
    for _ in range(data.draw(st.integers(0, 6))):
        if not chosen:
            break
        at = data.draw(st.integers(0, len(chosen) - 1))
        action = data.draw(st.sampled_from(["drop", "repeat", "swap", "insert", "append", "digits"]))
        if action == "drop":
            del chosen[at]
        elif action == "repeat":
            chosen.insert(at, chosen[at])
        elif action == "swap":
            other = data.draw(st.integers(0, len(chosen) - 1))
            chosen[at], chosen[other] = chosen[other], chosen[at]
        elif action == "insert":
            chosen.insert(at, data.draw(st.one_of(st.sampled_from(LINE_DAMAGE + HOSTILE), st.text(max_size=80))))
        elif action == "append":
            chosen[at] += data.draw(st.sampled_from(HOSTILE + ["." * 200, "\t" * 5 + "12", "²", " 1500"]))
        else:
            chosen[at] = "".join(data.draw(st.sampled_from("0123456789²³¹٣０")) if c.isdigit() else c
                                 for c in chosen[at])
    return "\n".join(chosen).encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def fuzz_document(examples: int, render_every: int, keep: Path, stop: float, seed: int) -> Tally:
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.writers.pdf import write_pdf
    from reportgen.yamlfile import read_yaml

    bases = [read_yaml(path).data for path in SAMPLES]
    tally = Tally()
    folder = Path(tempfile.mkdtemp(prefix="fuzz-document-"))

    @settings(max_examples=examples, database=None, derandomize=seed == 0, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def case(data):
        text = damaged_document(data, bases)
        source = folder / "doc.yaml"
        source.write_text(text, "utf-8")

        def run():
            evaluation, framework, _ = read_evaluation(source)
            report = build_report(evaluation, framework)
            if tally.fine % render_every == 0:
                write_pdf(report, io.BytesIO())
                return "rendered"
            return "built"

        _timed(tally, keep, "document", text, run, stop)
        if tally.cases % 500 == 0:
            print(tally.line(f"  document after {tally.cases}"), flush=True)

    case()
    return tally


def fuzz_import(examples: int, keep: Path, stop: float, seed: int) -> Tally:
    from reportgen.catalogue import load_labels
    from reportgen.framework import load_framework
    from reportgen.importing import dump_document
    from reportgen.readers.reporttext import read_report_text
    from reportgen.evaluation import read_evaluation
    from reportgen.problems import InvalidInput

    lines = REFERENCE_TEXT.read_text("utf-8").splitlines()
    labels, framework = load_labels("sv"), load_framework("2020")
    tally = Tally()
    folder = Path(tempfile.mkdtemp(prefix="fuzz-import-"))

    @settings(max_examples=examples, database=None, derandomize=seed == 0, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def case(data):
        text = damaged_report_text(data, lines)

        def run():
            parsed = read_report_text(text, "report.txt", framework, labels)
            if parsed.errors:
                raise InvalidInput(parsed.errors)
            written = folder / "imported.yaml"
            written.write_text(dump_document(parsed), "utf-8")
            read_evaluation(written)  # what import does next: the written document is checked
            return "built"

        _timed(tally, keep, "import", text, run, stop)
        if tally.cases % 500 == 0:
            print(tally.line(f"  import after {tally.cases}"), flush=True)

    case()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--target", nargs="+", default=["document", "import"], choices=["document", "import"])
    parser.add_argument("--render-every", type=int, default=1, help="render every N-th valid case to PDF")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "reportgen-fuzz")
    parser.add_argument("--stop", type=float, default=60.0, help="seconds after which a case counts as a hang")
    parser.add_argument("--seed", type=int, default=0, help="0: derandomized (the same cases every run)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    signal.signal(signal.SIGALRM, _alarm)
    tallies = {}
    for target in args.target:
        start = time.perf_counter()
        tallies[target] = (fuzz_document(args.examples, args.render_every, args.keep, args.stop, args.seed)
                           if target == "document" else fuzz_import(args.examples, args.keep, args.stop, args.seed))
        print(tallies[target].line(target) + f"; {time.perf_counter() - start:.0f} s in all", flush=True)
    for target, tally in tallies.items():
        for key, count in tally.crashes.most_common():
            print(f"{target}: {count} × {key}")
    failed = any(t.crashes or t.hangs or t.slow for t in tallies.values())
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

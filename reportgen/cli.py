"""Command line: ``reportgen build`` and ``reportgen check``."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from reportgen import __version__, pipeline
from reportgen.evaluation import read_evaluation
from reportgen.framework import available_versions, load_framework
from reportgen.skeleton import skeleton
from reportgen.output import write_atomically
from reportgen.problems import InvalidInput, Problem

app = typer.Typer(
    name="reportgen",
    help="Turn a Kommunkompassen evaluation document (YAML) into SKR's finished report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_errors = Console(stderr=True, highlight=False, soft_wrap=True)
_out = Console(highlight=False, soft_wrap=True)


def _formats(value: str) -> list[str]:
    """``pdf``, ``docx``, ``html`` or several as ``pdf,html``."""
    formats = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in formats if f not in pipeline.WRITERS]
    if not formats or unknown:
        raise typer.BadParameter(f"{', '.join(unknown) or value!r} is not a format; use pdf, docx, html or several as pdf,html")
    return list(dict.fromkeys(formats))


def _version(value: bool) -> None:
    if value:
        _out.print(f"reportgen {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    """Exit codes: 0 done, 1 invalid input or failed build, 2 wrong usage."""


@contextmanager
def _clean_failure(what: str):
    """Turns a file-system error into one line and exit 1, never a traceback."""
    try:
        yield
    except InvalidInput as invalid:
        _report_problems(invalid.problems)
        raise typer.Exit(1) from None
    except OSError as error:
        _errors.print(f"{what}: {error.strerror or error} ({error.filename or ''})", style="red", markup=False)
        raise typer.Exit(1) from None


def _report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        style = "yellow" if problem.severity == "warning" else "red"
        _errors.print(str(problem), style=style, markup=False)


def _target(source: Path, output: str | None, fmt: str, several: bool) -> Path:
    """Where a format goes: ``-o`` names a folder (existing, or written with a trailing slash) or a file."""
    name = f"{source.stem}.{fmt}"
    if output is None:
        return Path.cwd() / name
    path = Path(output)
    if path.is_dir() or output.endswith(("/", "\\")):
        return path / name
    return path.with_suffix(f".{fmt}") if several else path


@app.command()
def build(
    document: Annotated[Path, typer.Argument(help="The evaluation document (.yaml).", show_default=False)],
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", help="A file to write, or a folder to write <document name>.<format> into. "
                               "Default: the current folder. With several formats a file name gets "
                               "each format's extension.")] = None,
    formats: Annotated[str, typer.Option("--format", "-f", help="pdf, docx, html, or several as pdf,html.",
                                         callback=_formats)] = "pdf",
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an internal error.")] = False,
) -> None:
    """Check DOCUMENT and build its report. Nothing is written unless the document is valid;
    an existing report is replaced only once the new one is complete."""
    targets = {fmt: _target(document, output, fmt, len(formats) > 1) for fmt in formats}
    for target in targets.values():
        if target.resolve() == document.resolve():
            _errors.print(f"{target}: the output would overwrite the evaluation document; choose another -o",
                          style="red", markup=False)
            raise typer.Exit(1)
    try:
        _report_problems(pipeline.build(document, targets))
        for target in targets.values():
            _out.print(f"Wrote {target}", markup=False)
    except InvalidInput as invalid:
        _report_problems(invalid.problems)
        raise typer.Exit(1) from None
    except Exception as error:  # an internal error must not dump a traceback on an evaluator
        if debug:
            raise
        _errors.print(f"{document}: the report could not be built: {type(error).__name__}: {error} "
                      "(run again with --debug for details)", style="red", markup=False)
        raise typer.Exit(1) from None


@app.command()
def check(
    documents: Annotated[list[Path], typer.Argument(help="Evaluation documents to check.", show_default=False)],
) -> None:
    """Validate evaluation documents without building them. Exit 0 when all are valid, 1 when not."""
    failed = False
    for document in documents:
        try:
            _, _, warnings = read_evaluation(document)
        except InvalidInput as invalid:
            _report_problems(invalid.problems)
            failed = True
            continue
        _report_problems(warnings)
        _out.print(f"{document}: OK", markup=False)
    raise typer.Exit(1 if failed else 0)


@app.command()
def new(
    municipality: Annotated[str, typer.Argument(help='The municipality, e.g. "Exempelby kommun".',
                                                show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The document to write (.yaml).")],
    framework: Annotated[str, typer.Option("--framework", help="The Kommunkompassen revision.")] = "2020",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a new evaluation document with every area and sub-question, commented, to fill in."""
    try:
        chosen = load_framework(framework)
    except KeyError:
        raise typer.BadParameter(f"unknown framework {framework!r}; one of {', '.join(available_versions())}",
                                 param_hint="--framework") from None
    if output.exists() and not force:
        _errors.print(f"{output}: the file exists; choose another -o or add --force", style="red", markup=False)
        raise typer.Exit(1)
    text = skeleton(municipality, chosen, date.today())
    with _clean_failure(str(output)):
        write_atomically(output, lambda stream: stream.write(text.encode("utf-8")))
    _out.print(f"Wrote {output}; fill it in, then run: reportgen check {output}", markup=False)


@app.command("batch")
def batch_command(
    inputs: Annotated[list[str], typer.Argument(help="Evaluation documents, folders (searched recursively) "
                                                     "or glob patterns.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="The folder the reports and manifest.json go to.",
                                      show_default=False)],
    formats: Annotated[str, typer.Option("--format", "-f", help="pdf, docx, html, or several as pdf,html.",
                                         callback=_formats)] = "pdf",
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1,
                                                help="Parallel workers. Default: all cores.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even what the manifest says is unchanged.")] = False,
) -> None:
    """Regenerate many reports in parallel. A failing document is reported and skipped; a rerun
    skips documents whose content, tool and templates are unchanged. Exit 1 if any failed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from reportgen import batch

    found = batch.find_documents(inputs)
    if not found:
        _errors.print("no evaluation documents found in " + " ".join(inputs), style="red", markup=False)
        raise typer.Exit(1)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=_errors, transient=True) as progress:
        task = progress.add_task("Building reports", total=len(found))
        summary = batch.run_batch(found, out, tuple(formats), jobs or batch.default_workers(), force,
                                  lambda outcome: progress.advance(task))
    for outcome in summary.outcomes:
        if outcome.status == "failed":
            _errors.print(f"failed: {outcome.reason}", style="red", markup=False)
    built, unchanged, failed = (summary.count(s) for s in ("built", "unchanged", "failed"))
    _out.print(f"{built} built, {unchanged} unchanged, {failed} failed; manifest: {out / batch.MANIFEST}",
               markup=False)
    if summary.interrupted:
        _errors.print(f"Interrupted: {summary.left} not started; run the same command again to finish.",
                      style="yellow", markup=False)
        raise typer.Exit(130)
    raise typer.Exit(1 if failed else 0)


@app.command("import")
def import_command(
    report: Annotated[Path, typer.Argument(help="A Kommunkompassen report: its PDF, or its text (.txt).",
                                           show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The evaluation document to write (.yaml).",
                                         show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Read an archived report back into an evaluation document. What cannot be placed is reported
    as a warning with its place; a missing area or unreadable score table is an error (exit 1)."""
    from reportgen.importing import import_report

    if output.exists() and not force:
        _errors.print(f"{output}: the file exists; choose another -o or add --force", style="red", markup=False)
        raise typer.Exit(1)
    if output.resolve() == report.resolve():
        _errors.print(f"{output}: the output would overwrite the report; choose another -o", style="red",
                      markup=False)
        raise typer.Exit(1)
    with _clean_failure(str(output)):
        _report_problems(import_report(report, output))
    _out.print(f"Wrote {output}; it passes reportgen check", markup=False)


@app.command()
def extract(
    report: Annotated[Path, typer.Argument(help="A PDF or HTML report built by reportgen.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write the document. "
                                                   "Default: its original name in the current folder.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write out the evaluation document that travels inside a PDF or HTML report."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if report.suffix.lower() in (".html", ".htm"):
        from reportgen.writers.html import embedded_source

        try:
            found = embedded_source(report.read_bytes())
        except OSError as error:
            _errors.print(f"{report}: {error.strerror or error}", style="red", markup=False)
            raise typer.Exit(1) from None
        attachments = {found[0]: [found[1]]} if found else {}
    else:
        try:
            attachments = PdfReader(report).attachments
        except (OSError, PyPdfError, ValueError) as error:
            _errors.print(f"{report}: not a readable PDF ({error})", style="red", markup=False)
            raise typer.Exit(1) from None
    sources = [(name, data[0]) for name, data in attachments.items() if name.endswith((".yaml", ".yml"))]
    if not sources:
        _errors.print(f"{report}: holds no evaluation document (was it built by reportgen?)", style="red",
                      markup=False)
        raise typer.Exit(1)
    name, data = sources[0]
    target = output if output is not None else Path.cwd() / Path(name).name
    if target.exists() and not force:
        _errors.print(f"{target}: the file exists; choose another -o or add --force", style="red", markup=False)
        raise typer.Exit(1)
    with _clean_failure(str(target)):
        write_atomically(target, lambda stream: stream.write(data))
    _out.print(f"Wrote {target}", markup=False)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="reportgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

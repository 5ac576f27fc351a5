"""Command line: ``reportgen build`` and ``reportgen check``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from reportgen import __version__
from reportgen.evaluation import read_evaluation
from reportgen.output import write_atomically
from reportgen.problems import InvalidInput, Problem
from reportgen.report import build_report
from reportgen.writers.pdf import write_pdf

app = typer.Typer(
    name="reportgen",
    help="Turn a Kommunkompassen evaluation document (YAML) into SKR's finished report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_errors = Console(stderr=True, highlight=False, soft_wrap=True)
_out = Console(highlight=False, soft_wrap=True)


class Format(str, Enum):
    pdf = "pdf"


_WRITERS = {Format.pdf: write_pdf}


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


def _report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        style = "yellow" if problem.severity == "warning" else "red"
        _errors.print(str(problem), style=style, markup=False)


def _target(source: Path, output: Path | None, fmt: Format) -> Path:
    name = f"{source.stem}.{fmt.value}"
    if output is None:
        return Path.cwd() / name
    if output.is_dir() or str(output).endswith(("/", "\\")):
        return output / name
    return output


@app.command()
def build(
    document: Annotated[Path, typer.Argument(help="The evaluation document (.yaml).", show_default=False)],
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="A file to write, or a folder to write <document name>.pdf into. "
                               "Default: <document name>.pdf in the current folder.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.pdf,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an internal error.")] = False,
) -> None:
    """Check DOCUMENT and build its report. Nothing is written unless the document is valid;
    an existing report is replaced only once the new one is complete."""
    target = _target(document, output, fmt)
    if target.resolve() == document.resolve():
        _errors.print(f"{target}: the output would overwrite the evaluation document; choose another -o",
                      style="red", markup=False)
        raise typer.Exit(1)
    try:
        evaluation, framework, warnings = read_evaluation(document)
        _report_problems(warnings)
        report = build_report(evaluation, framework)
        write_atomically(target, lambda stream: _WRITERS[fmt](report, stream))
    except InvalidInput as invalid:
        _report_problems(invalid.problems)
        raise typer.Exit(1) from None
    except Exception as error:  # an internal error must not dump a traceback on an evaluator
        if debug:
            raise
        _errors.print(f"{document}: the report could not be built: {type(error).__name__}: {error} "
                      "(run again with --debug for details)", style="red", markup=False)
        raise typer.Exit(1) from None
    _out.print(f"Wrote {target}", markup=False)


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


def main() -> None:
    """Console-script entry point."""
    app(prog_name="reportgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

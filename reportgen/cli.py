"""Command line: the evaluator's commands (new, check, build, watch) and the archive's (batch, import, extract).

Every word it prints comes from the message catalogue (``reportgen.messages.say``), help texts
included, so the app is made by :func:`make_app` once the language is known. Nothing from a
user's file or path is ever read as rich markup or emoji: both consoles have them turned off.
"""


import gc
import sys
import time
import traceback
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperArgument
from typer.exceptions import TyperException

from reportgen import __version__, cliwords
from reportgen.garbage import THRESHOLDS
from reportgen.messages import available_message_languages, say, set_language
from reportgen.problems import InvalidInput, Problem

# What a command needs (the pipeline, pydantic, reportlab, rich's consoles) is imported when it
# runs, not when the module loads: `reportgen --help` then starts in a fraction of the time.
_verbosity = 1  # 0 quiet, 1 normal, 2 verbose


class _LazyConsole:
    """rich's console, made on first use (rich takes a while to import)."""

    def __init__(self, stderr: bool):
        self.stderr = stderr
        self.console = None

    def get(self):
        if self.console is None:
            from rich.console import Console

            self.console = Console(stderr=self.stderr, highlight=False, soft_wrap=True, markup=False, emoji=False)
        return self.console

    def __getattr__(self, name: str):
        return getattr(self.get(), name)


_errors = _LazyConsole(stderr=True)
_out = _LazyConsole(stderr=False)


class Refused(Exception):
    """A request that cannot be carried out as given; the message says why (exit 1)."""


# --- printing -------------------------------------------------------------------------------------

def info(text: str) -> None:
    if _verbosity >= 1:
        _out.print(text)


def detail(text: str) -> None:
    if _verbosity >= 2:
        _out.print(text)


def error(text: str) -> None:
    _errors.print(text, style="red")


def report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        if problem.severity == "warning" and _verbosity == 0:
            continue
        _errors.print(str(problem), style="yellow" if problem.severity == "warning" else "red")


def seconds(value: float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(round(value, 1 if value < 10 else 0), locale=say("cli_number_locale"))


@contextmanager
def _command(quiet: bool, verbose: bool, debug: bool) -> Iterator[None]:
    """Every command's frame: verbosity, and any failure as one message and exit 1, never a traceback."""
    global _verbosity
    _verbosity = 0 if quiet else 2 if verbose else 1
    try:
        yield
    except InvalidInput as invalid:
        report_problems(invalid.problems)
        raise typer.Exit(1) from None
    except Refused as refused:
        error(str(refused))
        raise typer.Exit(1) from None
    except OSError as failure:
        if debug:
            raise
        error(say("cli_file_error", reason=failure.strerror or str(failure), path=failure.filename or ""))
        raise typer.Exit(1) from None
    except (typer.Exit, typer.Abort, TyperException, KeyboardInterrupt):  # usage errors, exits: typer's
        raise
    except Exception as failure:  # an internal error must not dump a traceback on an evaluator
        if debug:
            raise
        error(say("cli_internal_error", kind=type(failure).__name__, reason=str(failure)))
        raise typer.Exit(1) from None


# --- output names ---------------------------------------------------------------------------------

def is_folder(output: str) -> bool:
    """``-o`` names a folder when it is one, ends in a slash, or has no extension."""
    path = Path(output)
    return path.is_dir() or output.endswith(("/", "\\")) or not path.suffix


def report_targets(source: Path, output: str | None, formats: list[str]) -> dict[str, Path]:
    """Where each format goes. A file name's extension must be one of the formats asked for;
    with several formats, the others get their own extension beside it."""
    if output is None:
        return {fmt: Path(f"{source.stem}.{fmt}") for fmt in formats}
    path = Path(output)
    if is_folder(output):
        return {fmt: path / f"{source.stem}.{fmt}" for fmt in formats}
    extension = path.suffix.lower().lstrip(".")
    if extension not in formats:
        raise Refused(say("cli_output_extension", path=output, extension=path.suffix, formats=",".join(formats),
                          suggestion=path.with_suffix("." + formats[0]).name, given=extension))
    targets = {fmt: path.with_suffix(f".{fmt}") for fmt in formats}
    for target in targets.values():
        if target.resolve() == source.resolve():
            raise Refused(say("cli_output_is_input", path=target))
    return targets


def yaml_target(output: str | None, default_name: str, force: bool) -> Path:
    """Where a command that writes an evaluation document writes it (``new``, ``import``, ``extract``)."""
    path = Path(output or default_name)
    if output is not None and is_folder(output):
        target = path / default_name
    elif path.suffix.lower() not in (".yaml", ".yml"):
        raise Refused(say("cli_yaml_extension", path=output, extension=path.suffix,
                          suggestion=path.with_suffix(".yaml").name))
    else:
        target = path
    if target.exists() and not force:
        raise Refused(say("cli_exists", path=target))
    return target


def file_name(text: str) -> str:
    """A plain file name from a municipality's name: "Vänersborg" -> "vanersborg"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split()) or say("cli_default_file_name")


# --- the commands' shared parts ---------------------------------------------------------------------

def _formats(value: str) -> list[str]:
    """``pdf``, ``docx`` or both as ``pdf,docx``."""
    from reportgen import pipeline

    formats = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in formats if f not in pipeline.WRITERS]
    if not formats or unknown:
        raise typer.BadParameter(say("cli_unknown_format", value=", ".join(unknown) or value))
    return list(dict.fromkeys(formats))


def _day(value: str) -> date:
    """A date as a document's ``report_date`` must be (YYYY-MM-DD in full, 2000–2100), so that the
    skeleton ``new`` writes passes ``check``."""
    from reportgen.evaluation import Wrong, real_date

    try:
        return real_date(value)
    except Wrong:
        raise typer.BadParameter(say("cli_not_a_date", value=value)) from None


def _language(value: Optional[str]) -> Optional[str]:
    if value is not None:
        try:
            set_language(value.strip().lower())
        except KeyError:
            raise typer.BadParameter(say("cli_unknown_language", value=value,
                                         known=", ".join(available_message_languages()))) from None
    return value


def _version(value: bool) -> None:
    if value:
        _out.print(f"reportgen {__version__}")
        raise typer.Exit()


def build_hint(document: Path, invalid: InvalidInput) -> None:
    """Under the errors of an incomplete document: how far it has come, and that ``--draft`` builds it."""
    from reportgen.evaluation import read_evaluation

    try:
        evaluation, framework, _ = read_evaluation(document, draft=True)
    except InvalidInput:
        return  # not only gaps: the errors above say what to fix
    info(progress_sentence(evaluation, framework))
    info(say("cli_draft_hint", document=document))


def progress_sentence(evaluation, framework) -> str:
    from reportgen.draft import progress

    done = progress(evaluation, framework)
    return say("cli_progress", scored=done.scored, questions=done.questions, texts=done.areas_with_text,
               lists=done.areas_with_lists, areas=done.areas, summary=done.summary_texts,
               summary_total=done.summary_total)


class _Argument(TyperArgument):
    """An argument shown in help and usage by its name alone: no internal type name such as
    ``<path>`` or ``<list[Path]>``, and no braces around it."""

    def display_type_rich(self, ctx) -> None:
        return None

    def _usage_display_name(self) -> str:
        return self.display_name_raw


class _Command(cliwords.Command):
    """A command whose arguments are shown as :class:`_Argument`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument


# --- the app --------------------------------------------------------------------------------------

def make_app() -> typer.Typer:
    """The command line in the current message language."""
    cliwords.translate_typer()
    app = typer.Typer(name="reportgen", help=say("cli_help"), epilog=say("cli_exit_codes"), no_args_is_help=True,
                      add_completion=True, pretty_exceptions_enable=False, rich_markup_mode=None,
                      cls=cliwords.Group, options_metavar=say("click_options_metavar"),
                      subcommand_metavar=say("click_subcommand_metavar"))
    epilog = say("cli_exit_codes")
    command = {"cls": _Command, "options_metavar": say("click_options_metavar")}
    Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=say("cli_opt_quiet"))]
    Verbose = Annotated[bool, typer.Option("--verbose", "-v", help=say("cli_opt_verbose"))]
    Debug = Annotated[bool, typer.Option("--debug", help=say("cli_opt_debug"))]
    Lang = Annotated[Optional[str], typer.Option("--lang", callback=_language, metavar="sv|en",
                                                 help=say("cli_opt_lang"), show_default=False)]
    Formats = Annotated[str, typer.Option("--format", "-f", callback=_formats, metavar="pdf|docx|pdf,docx",
                                          help=say("cli_opt_format"))]
    Draft = Annotated[bool, typer.Option("--draft", help=say("cli_opt_draft"))]
    ReportLanguage = Annotated[Optional[str], typer.Option("--language", metavar=say("cli_metavar_language"),
                                                           help=say("cli_opt_language"), show_default=False)]
    Force = Annotated[bool, typer.Option("--force", help=say("cli_opt_force"))]
    ReportOutput = Annotated[Optional[str], typer.Option("--output", "-o", metavar=say("cli_metavar_path"),
                                                         help=say("cli_opt_output_report"), show_default=False)]
    YamlOutput = Annotated[Optional[str], typer.Option("--output", "-o", metavar=say("cli_metavar_path"),
                                                        help=say("cli_opt_output_yaml"), show_default=False)]
    Document = Annotated[Path, typer.Argument(metavar=say("cli_metavar_document"), help=say("cli_arg_document"),
                                              show_default=False)]

    @app.callback()
    def _options(
        version: Annotated[Optional[bool], typer.Option("--version", "-V", callback=_version, is_eager=True,
                                                        help=say("cli_opt_version"))] = None,
        lang: Lang = None,
    ) -> None:
        pass

    @app.command(**command, help=say("cli_build_help"), epilog=epilog)
    def build(document: Document, output: ReportOutput = None, formats: Formats = "pdf", draft: Draft = False,
              quiet: Quiet = False, verbose: Verbose = False, debug: Debug = False, lang: Lang = None) -> None:
        from reportgen import pipeline

        with _command(quiet, verbose, debug):
            targets = report_targets(document, output, formats)
            start = time.perf_counter()
            try:
                report_problems(pipeline.build(document, targets, draft=draft))
            except InvalidInput as invalid:
                report_problems(invalid.problems)
                if not draft:
                    build_hint(document, invalid)
                raise typer.Exit(1) from None
            for target in targets.values():
                info(say("cli_wrote_draft" if draft else "cli_wrote", path=target))
            if _verbosity >= 2:  # formatting the figure loads the locale's number data: only when shown
                detail(say("cli_took", seconds=seconds(time.perf_counter() - start)))

    @app.command(**command, help=say("cli_check_help"), epilog=epilog)
    def check(documents: Annotated[list[Path], typer.Argument(metavar=say("cli_metavar_documents"),
                                                            help=say("cli_arg_documents"), show_default=False)],
              draft: Draft = False, quiet: Quiet = False, verbose: Verbose = False, debug: Debug = False,
              lang: Lang = None) -> None:
        from reportgen.evaluation import read_evaluation

        failed = False
        with _command(quiet, verbose, debug):
            for document in documents:
                try:
                    evaluation, framework, warnings = read_evaluation(document, draft=draft)
                except InvalidInput as invalid:
                    report_problems(invalid.problems)
                    if not draft:
                        build_hint(document, invalid)
                    failed = True
                    continue
                report_problems(warnings)
                info(say("cli_check_draft_ok" if draft else "cli_check_ok", document=document))
                info(progress_sentence(evaluation, framework))
        raise typer.Exit(1 if failed else 0)

    @app.command(**command, help=say("cli_new_help"), epilog=epilog)
    def new(
        municipality: Annotated[str, typer.Argument(metavar=say("cli_metavar_municipality"),
                                                    help=say("cli_arg_municipality"), show_default=False)],
        output: YamlOutput = None,
        year: Annotated[Optional[int], typer.Option("--year", min=2000, max=2100, metavar=say("cli_metavar_year"),
                                                    help=say("cli_opt_year"), show_default=False)] = None,
        when: Annotated[Optional[date], typer.Option("--date", parser=_day, metavar=say("cli_metavar_date"),
                                                     help=say("cli_opt_date"), show_default=False)] = None,
        framework: Annotated[Optional[str], typer.Option("--framework", metavar=say("cli_metavar_framework"),
                                                         help=say("cli_opt_framework"))] = None,
        language: ReportLanguage = None,
        form: Annotated[str, typer.Option("--format", "-f", metavar="yaml|docx", help=say("cli_opt_new_format"))
                        ] = "yaml",
        force: Force = False, quiet: Quiet = False, verbose: Verbose = False, debug: Debug = False,
        lang: Lang = None,
    ) -> None:
        from reportgen.catalogue import available_languages, default_language, load_labels
        from reportgen.framework import available_versions, default_framework, load_framework
        from reportgen.output import write_atomically
        from reportgen.skeleton import report_date, skeleton

        with _command(quiet, verbose, debug):
            try:
                chosen = load_framework(framework or default_framework())
            except KeyError:
                raise typer.BadParameter(say("cli_unknown_framework", value=framework,
                                             known=", ".join(available_versions())),
                                         param_hint="--framework") from None
            if year is not None and when is not None and when.year != year:
                raise typer.BadParameter(say("cli_year_and_date", year=year, date=when.isoformat()),
                                         param_hint="--date")
            language = language or default_language()
            if language not in available_languages():
                raise typer.BadParameter(say("cli_unknown_language", value=language,
                                             known=", ".join(available_languages())), param_hint="--language")
            day = report_date(date.today(), year, when)
            short = load_labels(language, chosen).short_name(" ".join(municipality.split()))
            if form.lower() == "docx":  # a Word skeleton to write the report in (reportgen/docxskeleton.py)
                from reportgen.docxskeleton import write_skeleton_docx

                name = f"{file_name(short)}-{day.year}.docx"
                target = Path(output) / name if output and is_folder(output) else Path(output or name)
                if target.exists() and not force:
                    raise Refused(say("cli_exists", path=target))
                write_atomically(target, lambda stream: write_skeleton_docx(municipality, chosen, day, stream,
                                                                            language))
                info(say("docx_skeleton_written", path=target))
                return
            target = yaml_target(output, f"{file_name(short)}-{day.year}.yaml", force)
            text = skeleton(municipality, chosen.localized(language), day, language)
            write_atomically(target, lambda stream: stream.write(text.encode("utf-8")))
            info(say("cli_new_wrote", path=target))

    @app.command(**command, help=say("cli_watch_help"), epilog=epilog)
    def watch(document: Document, output: ReportOutput = None, formats: Formats = "pdf", draft: Draft = False,
              quiet: Quiet = False, verbose: Verbose = False, debug: Debug = False, lang: Lang = None) -> None:
        from reportgen import watch as watching

        with _command(quiet, verbose, debug):
            targets = report_targets(document, output, formats)
            if not document.is_file():
                raise Refused(say("cli_watch_no_file", path=document))

            def show(outcome: watching.Outcome) -> None:
                report_problems(outcome.problems)
                if outcome.built:
                    for target in targets.values():
                        info(say("cli_watch_built", path=target, seconds=seconds(outcome.seconds),
                                 time=datetime.now().strftime("%H:%M:%S")))
                    return
                if outcome.failure is not None:
                    if debug:
                        traceback.print_exception(outcome.failure)
                    error(say("cli_internal_error", kind=type(outcome.failure).__name__, reason=outcome.failure))
                info(say("cli_watch_failed", kept=", ".join(str(t) for t in targets.values())))

            try:
                watching.watch(document, targets, draft, show,
                               ready=lambda: info(say("cli_watch_ready", document=document)))
            except KeyboardInterrupt:
                info(say("cli_watch_stopped"))

    @app.command("batch", **command, help=say("cli_batch_help"), epilog=epilog)
    def batch_command(
        inputs: Annotated[list[str], typer.Argument(metavar=say("cli_metavar_inputs"), help=say("cli_arg_inputs"),
                                                    show_default=False)],
        output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar=say("cli_metavar_folder"),
                                                       help=say("cli_opt_output_batch"), show_default=False)] = None,
        old_output: Annotated[Optional[Path], typer.Option("--out", hidden=True)] = None,  # the earlier spelling
        formats: Formats = "pdf",
        jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar=say("cli_metavar_count"),
                                                    help=say("cli_opt_jobs"), show_default=False)] = None,
        force: Annotated[bool, typer.Option("--force", help=say("cli_opt_force_batch"))] = False,
        quiet: Quiet = False, verbose: Verbose = False, debug: Debug = False, lang: Lang = None,
    ) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from reportgen import batch

        # The workers are forked from this process and start with what it has loaded: load the pipeline
        # and the writers here, as the command starts, rather than when the first document waits.
        batch.warm_up(formats)
        out = output or old_output
        if out is None:
            raise typer.BadParameter(say("cli_batch_needs_output"), param_hint="-o/--output")
        with _command(quiet, verbose, debug):
            found = batch.find_documents(inputs)
            for skipped in found.skipped:
                _errors.print(say("batch_skipped", path=skipped.path, reason=skipped.reason), style="yellow")
            if not found.jobs:
                raise Refused(say("cli_batch_none", inputs=" ".join(inputs)))
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            with Progress(*columns, console=_errors.get(), transient=True, disable=_verbosity == 0) as progress:
                task = progress.add_task(say("cli_batch_progress"), total=len(found.jobs))
                summary = batch.run_batch(found.jobs, out, tuple(formats), jobs or batch.default_workers(), force,
                                          lambda outcome: progress.advance(task),
                                          lambda text: progress.console.print(text, style="yellow"))
            for outcome in summary.outcomes:
                if outcome.status == "failed":
                    error(say("cli_batch_failed", reason=outcome.reason))
            built, unchanged, failed = (summary.count(s) for s in ("built", "unchanged", "failed"))
            info(say("cli_batch_summary", built=built, unchanged=unchanged, failed=failed,
                     manifest=out / batch.MANIFEST))
            if summary.interrupted:
                _errors.print(say("cli_batch_interrupted", left=summary.left), style="yellow")
                raise typer.Exit(130)
        raise typer.Exit(1 if failed else 0)

    @app.command("import", **command, help=say("cli_import_help"), epilog=epilog)
    def import_command(
        report: Annotated[Path, typer.Argument(metavar=say("cli_metavar_report"), help=say("cli_arg_report"),
                                               show_default=False)],
        output: YamlOutput = None,
        framework: Annotated[Optional[str], typer.Option("--framework", metavar=say("cli_metavar_framework"),
                                                         help=say("cli_opt_import_framework"))] = None,
        language: ReportLanguage = None, force: Force = False,
        reject_changes: Annotated[bool, typer.Option("--reject-changes", help=say("cli_opt_reject_changes"))] = False,
        draft: Draft = False, quiet: Quiet = False, verbose: Verbose = False, debug: Debug = False, lang: Lang = None,
    ) -> None:
        from reportgen.importing import import_report

        with _command(quiet, verbose, debug):
            target = yaml_target(output, f"{report.stem}.yaml", force)
            if target.resolve() == report.resolve():
                raise Refused(say("cli_import_output_is_input", path=target))
            report_problems(import_report(report, target, framework, language, reject_changes, draft))
            info(say("import_wrote_draft" if draft else "cli_import_wrote", path=target))

    @app.command(**command, help=say("cli_extract_help"), epilog=epilog)
    def extract(
        report: Annotated[Path, typer.Argument(metavar=say("cli_metavar_pdf"), help=say("cli_arg_pdf"),
                                               show_default=False)],
        output: YamlOutput = None, force: Force = False,
        quiet: Quiet = False, verbose: Verbose = False, debug: Debug = False, lang: Lang = None,
    ) -> None:
        from reportgen.output import write_atomically
        from reportgen.pdfinput import report_source

        with _command(quiet, verbose, debug):
            name, data = report_source(report)  # a clean refusal for a hostile or damaged report
            target = yaml_target(output, name, force)
            write_atomically(target, lambda stream: stream.write(data))
            info(say("cli_wrote", path=target))

    return app


def _language_from_arguments(arguments: list[str]) -> None:
    """``--lang`` read before the app is made, so that its help is in that language too."""
    for index, argument in enumerate(arguments):
        value = argument.partition("=")[2] if argument.startswith("--lang=") else (
            arguments[index + 1] if argument == "--lang" and index + 1 < len(arguments) else None)
        if value and value.strip().lower() in available_message_languages():
            set_language(value.strip().lower())


def __getattr__(name: str):
    if name == "app":  # the app in the language in force, for tests and `python -c` callers
        return make_app()
    raise AttributeError(name)


def main() -> None:
    """Console-script entry point."""
    # A command runs once and exits: collect cyclic garbage rarely (the imports and one build
    # allocate hundreds of thousands of objects, which the default thresholds scan again and again).
    gc.set_threshold(*THRESHOLDS)
    _language_from_arguments(sys.argv[1:])
    make_app()(prog_name="reportgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

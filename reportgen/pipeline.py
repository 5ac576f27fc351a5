"""Pipeline: an evaluation document in, finished report files out, in one call.

The command line and the batch runner both build through here, so a report is
built the same way whichever asked for it.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportgen.evaluation import read_evaluation
from reportgen.output import writable_target, write_together
from reportgen.problems import Problem
from reportgen.report import build_report
from reportgen.tree import Attachment, Report


def _pdf(report: Report, stream: BinaryIO) -> None:
    from reportgen.writers.pdf import write_pdf

    write_pdf(report, stream)


def _docx(report: Report, stream: BinaryIO) -> None:
    from reportgen.writers.docx import write_docx  # python-docx and the PNG renderer load only when needed

    write_docx(report, stream)


def _html(report: Report, stream: BinaryIO) -> None:
    from reportgen.writers.html import write_html

    write_html(report, stream)


WRITERS: dict[str, Callable[[Report, BinaryIO], None]] = {"pdf": _pdf, "docx": _docx, "html": _html}
SOURCE_MIME = "application/yaml"


def build(document: Path, targets: dict[str, Path], *, draft: bool = False) -> list[Problem]:
    """Check ``document`` and write each format to its target; returns the warnings.

    Raises :class:`~reportgen.problems.InvalidInput` before anything is written
    when the document is invalid, or when a target is not a regular file. The files appear
    together, each whole, or none of them does. A ``draft`` may be incomplete; its report
    marks every page and shows what is missing.
    """
    evaluation, framework, warnings = read_evaluation(document, draft=draft)
    for target in targets.values():
        writable_target(target)  # refuse a device or a folder before the work, not after
    report = with_source(build_report(evaluation, framework, draft=draft), document.name, document.read_bytes())
    rendered: dict[Path, bytes] = {}
    for fmt, target in targets.items():  # every format first, so a failure leaves none of them
        stream = io.BytesIO()
        WRITERS[fmt](report, stream)
        rendered[target] = stream.getvalue()
    write_together({target: lambda out, data=data: out.write(data) for target, data in rendered.items()})
    return warnings


def with_source(report: Report, name: str, data: bytes) -> Report:
    """The report carrying the evaluation document it was built from (the PDF embeds it)."""
    attachment = Attachment(name, data, SOURCE_MIME, "Source", report.metadata.source_description)
    return dataclasses.replace(report, metadata=dataclasses.replace(report.metadata, source=attachment))

"""Importing: an archived report (PDF or extracted text) becomes an evaluation document that passes check."""

from __future__ import annotations

from pathlib import Path

import yaml

from reportgen.catalogue import Labels, available_languages, default_language, load_labels
from reportgen.evaluation import read_evaluation
from reportgen.framework import load_framework, newest_of_each_family
from reportgen.messages import say
from reportgen.output import write_atomically
from reportgen.problems import InvalidInput, Problem
from reportgen.readers.reporttext import Parsed, read_report_text

_ORDER = ["framework", "language", "municipality", "short_name", "report_date", "evaluation_period",
          "first_evaluation", "evaluators", "publisher", "logo", "introduction", "summary", "reference_average",
          "previous_evaluation", "areas", "key_facts"]
_AREA_ORDER = ["name", "questions", "scores", "headings", "general", "general_addendum", "sections", "strengths", "improvements"]


def report_text(path: Path, labels) -> str:
    """The report's text: a .txt as it is, a PDF through its layout."""
    if path.suffix.lower() == ".pdf":
        from pypdf.errors import PyPdfError

        from reportgen.readers.pdflayout import pdf_report_text

        try:
            return pdf_report_text(path, labels)
        except (PyPdfError, ValueError, KeyError, OSError) as error:
            raise InvalidInput([Problem(str(path), None, None, "", say("import_unreadable_pdf", reason=error),
                                        say("import_report_expected"))]) from None
    try:
        return path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput([Problem(str(path), None, None, "", say("import_not_utf8"),
                                    say("import_not_utf8_expected"))]) from None


def import_report(path: Path, target: Path, framework_version: str | None = None,
                  language: str | None = None, reject_changes: bool = False, draft: bool = False) -> list[Problem]:
    """Read the report at ``path``, write the evaluation document to ``target``; returns the warnings.

    Raises :class:`InvalidInput` when an area or a score table cannot be read (nothing is
    written then), or when the written document does not pass ``check`` (it is kept, so the
    author can finish it, and the problems say why).
    """
    if not path.is_file():
        raise InvalidInput([Problem(str(path), None, None, "", say("import_no_file"), say("import_report_expected"))])
    try:
        if path.suffix.lower() == ".docx":  # a report reportgen wrote as Word, edited: reportgen/readers/docx.py
            from reportgen.readers.docx import read_docx

            parsed = read_docx(path, framework_version, language, reject_changes)
            labels = load_labels(parsed.document.get("language") or language or default_language())
        else:
            parsed, labels = _read(path, framework_version, language)
    except KeyError as unknown:
        raise InvalidInput([Problem(str(path), None, None, "", say("import_unknown", name=unknown.args[0]))]) from None
    if parsed.errors:
        raise InvalidInput(parsed.errors)
    text = dump_document(parsed, labels)
    write_atomically(target, lambda stream: stream.write(text.encode("utf-8")))
    try:
        _, _, warnings = read_evaluation(target, draft=draft)  # a draft: a half-written Word skeleton, say
    except InvalidInput as invalid:
        raise InvalidInput([Problem(str(target), None, None, "", say("import_fails_check"), severity="error"),
                            *invalid.problems]) from None
    return parsed.warnings + [w for w in warnings if w.severity == "warning"]


def _read(path: Path, framework_version: str | None, language: str | None) -> tuple[Parsed, Labels]:
    """The report read in the first language and framework family whose headings it has: those given,
    else each one there is (the defaults first). The revision is then inferred by the reader."""
    framework = load_framework(framework_version, open_revision=True) if framework_version else None
    families = [framework] if framework else [load_framework(name) for name in newest_of_each_family()]
    default = default_language()
    languages = [language] if language else [default, *(code for code in available_languages() if code != default)]
    first: tuple[Parsed, Labels] | None = None
    texts: dict[str, str] = {}
    for code in languages:
        for family in families:
            labels = load_labels(code, family)
            if code not in texts:
                texts[code] = report_text(path, labels)  # a PDF's text depends on the language's labels
            parsed = read_report_text(texts[code], str(path), framework.localized(code) if framework else None, labels)
            if not parsed.errors:
                return parsed, labels
            first = first or (parsed, labels)
    assert first is not None
    return first


class _Dumper(yaml.SafeDumper):
    """Block style for long texts, so the document reads like one written by hand."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value.rstrip("\n") or len(value) > 100 or value.endswith("\n") else None
    if style and not value.endswith("\n"):
        value += "\n"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_document(parsed: Parsed, labels: Labels | None = None) -> str:
    document = parsed.document
    ordered = {key: document[key] for key in _ORDER if key in document}
    ordered["areas"] = {number: {key: area[key] for key in _AREA_ORDER if key in area and area[key] != []}
                        for number, area in document.get("areas", {}).items()}
    family = (labels or load_labels(default_language())).context.get("family", "")
    header = "".join(f"# {line}\n" for line in say("import_header", family=family).splitlines())
    return header + yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)

"""Evaluation: the evaluation document an evaluator writes, read from YAML and validated.

The document holds only what is particular to one evaluation. What the framework
provides (names, max points, standard texts) and everything computed (area points,
totals) is deliberately absent: a document never states a total.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from reportgen import checks
from reportgen.framework import Framework, load_framework
from reportgen.problems import InvalidInput, Problem
from reportgen.yamlfile import YamlFile, read_yaml

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _whole_number(value: Any) -> Any:
    """Only digits (with a minus sign) make a whole number: not 1_0, 1e1 or 11.0."""
    if isinstance(value, str) and not re.fullmatch(r"\s*-?\d+\s*", value):
        raise ValueError(f"`{value[:40]}` is not a whole number: expected a whole number such as 12")
    return value


Points = Annotated[int, BeforeValidator(_whole_number)]
_PERIOD = re.compile(r"^(\d{4})-(\d{2})(?:/(\d{4})-(\d{2}))?$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Model):
    """A narrative subsection of an area: a heading and Markdown text."""

    heading: Text
    text: str = ""


class AreaInput(_Model):
    """What the evaluators wrote about one area."""

    scores: dict[str, Points] = Field(description="achieved points per sub-question id")
    headings: list[Text] | None = Field(None, description="the *Rubriker* box; defaults to the section headings")
    sections: list[Section] = []
    strengths: list[Text] = []
    improvements: list[Text] = []
    general: str | None = Field(None, description="replaces the framework's *Allmänt* text")
    general_addendum: str | None = Field(None, description="follows the framework's *Allmänt* text")

    @property
    def box_headings(self) -> list[str]:
        return list(self.headings) if self.headings is not None else [s.heading for s in self.sections]


class Summary(_Model):
    """Chapter 2's texts."""

    evaluation: Text
    comparisons: str = ""
    comments: Text


class ReferenceAverage(_Model):
    """A reference group's average, e.g. all municipalities evaluated since 2020."""

    description: Text
    total: Points | None = Field(None, ge=0)
    areas: dict[int, Points] | None = None


class PreviousEvaluation(_Model):
    """The municipality's previous evaluation, by area points."""

    year: Points = Field(ge=2000, le=2100)
    areas: dict[int, Points]


class Evaluation(_Model):
    """One evaluation document."""

    framework: str
    language: str = "sv"
    municipality: Text
    short_name: Text | None = None
    report_date: date
    evaluation_period: str | None = None
    first_evaluation: bool
    evaluators: list[Text] = Field(min_length=1)
    publisher: Text | None = None
    logo: Path | None = None
    introduction: str | None = Field(None, description="replaces the framework's chapter 1")
    summary: Summary
    reference_average: ReferenceAverage | None = None
    previous_evaluation: PreviousEvaluation | None = None
    areas: dict[int, AreaInput]

    @field_validator("evaluation_period")
    @classmethod
    def _month_or_months(cls, value: str | None) -> str | None:
        if value is None:
            return value
        match = _PERIOD.match(value.strip())
        if not match or any(m and not 1 <= int(m) <= 12 for m in match.groups()[1::2]):
            raise ValueError("expected a month as YYYY-MM or a span as YYYY-MM/YYYY-MM")
        return value.strip()


# --- draft: the same document while it is being written (reportgen build --draft) ---------------

class DraftSummary(Summary):
    """Chapter 2's texts, any of them not written yet."""

    evaluation: str = ""
    comments: str = ""


class DraftArea(AreaInput):
    """An area whose scores may be missing, some or all."""

    scores: dict[str, Points] = {}


class DraftEvaluation(Evaluation):
    """An evaluation document with gaps: areas, scores, texts and evaluators may be missing.
    What is there is checked exactly as in a finished document."""

    evaluators: list[Text] = []
    summary: DraftSummary = DraftSummary()
    areas: dict[int, DraftArea] = {}


def read_evaluation(path: Path, *, draft: bool = False) -> tuple[Evaluation, Framework, list[Problem]]:
    """Read and validate the evaluation document at ``path``.

    Returns the evaluation, its framework and the warnings; raises
    :class:`InvalidInput` with every error found, each placed by line and field.
    With ``draft``, blanks count as not written yet and what is missing is allowed
    (a :class:`DraftEvaluation`); the warnings about unwritten parts are left out.
    """
    source = read_yaml(path)
    if not isinstance(source.data, dict):
        raise InvalidInput([source.problem((), "the document is not a set of `key: value` fields",
                                           "an evaluation document; `reportgen new` writes one to start from")])
    problems = checks.remove_unusable_characters(source)
    if draft:
        from reportgen.draft import without_blanks

        source.data = without_blanks(source.data)
    try:
        evaluation = (DraftEvaluation if draft else Evaluation).model_validate(source.data)
    except ValidationError as error:
        raise InvalidInput([_problem(source, e) for e in error.errors()]) from None
    problems += checks.against_framework(evaluation, source, draft=draft)
    if evaluation.logo is not None:
        logo, logo_problems = checks.logo(evaluation.logo, path, source)
        problems += logo_problems
        evaluation = evaluation.model_copy(update={"logo": logo})
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInput(errors)
    framework = load_framework(evaluation.framework)
    return evaluation, framework, problems + ([] if draft else checks.warnings(evaluation, framework, source))


_FRIENDLY = {
    "missing": ("is missing", "this field is required"),
    "string_type": ("is not text", "text"),
    "string_too_short": ("is empty", "some text"),
    "int_parsing": ("`{input}` is not a whole number", "a whole number"),
    "int_type": ("is not a whole number", "a whole number"),
    "int_from_float": ("`{input}` is not a whole number", "a whole number"),
    "bool_parsing": ("`{input}` is not yes or no", "true or false"),
    "date_from_datetime_parsing": ("`{input}` is not a date", "a date as YYYY-MM-DD"),
    "date_parsing": ("`{input}` is not a date", "a date as YYYY-MM-DD"),
    "list_type": ("is not a list", "a list, one `- item` per line"),
    "dict_type": ("is not a set of fields", "indented `key: value` lines"),
    "model_type": ("is not a set of fields", "indented `key: value` lines"),
    "too_short": ("is empty", "at least one entry"),
}


def _problem(source: YamlFile, error: Any) -> Problem:
    loc = tuple(p for p in error["loc"] if p != "[key]")
    kind = error["type"]
    if kind == "extra_forbidden":
        parent_fields = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), parent_fields, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "one of " + ", ".join(parent_fields)
        return source.problem(loc, f"unknown key `{loc[-1]}`", hint, key=True)
    text = str(error.get("input", ""))
    template, expected = _FRIENDLY.get(kind, (None, ""))
    message = template.format(input=text[:60]) if template else error["msg"]  # user text is never a template
    if error.get("input", "") is None:
        message = "is empty"  # `key:` with nothing after it
        if "scores" in loc[:-1]:
            expected = "the points given, a whole number from 0 to the sub-question's max"
    if kind == "value_error":
        message, _, expected = str(error["ctx"]["error"]).partition(": expected ")
        message, expected = ("has the wrong form", message) if not expected else (message, expected)
    return source.problem(loc, message, expected)


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The field names that the schema allows at ``loc``, for spelling suggestions."""
    model: Any = Evaluation
    for step in loc:
        field = model.model_fields.get(str(step)) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if field is None:
            continue  # a dict key or list index: the model stays that of the values
        model = _model_in(field.annotation)
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None

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

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from reportgen.catalogue import available_languages
from reportgen.framework import Framework, available_versions, load_framework
from reportgen.problems import InvalidInput, Problem
from reportgen.yamlfile import YamlFile, read_yaml

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_PERIOD = re.compile(r"^(\d{4})-(\d{2})(?:/(\d{4})-(\d{2}))?$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Model):
    """A narrative subsection of an area: a heading and Markdown text."""

    heading: Text
    text: str = ""


class AreaInput(_Model):
    """What the evaluators wrote about one area."""

    scores: dict[str, int] = Field(description="achieved points per sub-question id")
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
    total: int | None = Field(None, ge=0)
    areas: dict[int, int] | None = None


class PreviousEvaluation(_Model):
    """The municipality's previous evaluation, by area points."""

    year: int = Field(ge=2000, le=2100)
    areas: dict[int, int]


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


def read_evaluation(path: Path) -> tuple[Evaluation, Framework, list[Problem]]:
    """Read and validate the evaluation document at ``path``.

    Returns the evaluation, its framework and the warnings; raises
    :class:`InvalidInput` with every error found, each placed by line and field.
    """
    source = read_yaml(path)
    if not isinstance(source.data, dict):
        raise InvalidInput([source.problem((), "the document is not a set of `key: value` fields",
                                           "an evaluation document; `reportgen new` writes one to start from")])
    try:
        evaluation = Evaluation.model_validate(source.data)
    except ValidationError as error:
        raise InvalidInput([_problem(source, e) for e in error.errors()]) from None
    problems = check_against_framework(evaluation, source)
    if evaluation.logo is not None:
        logo = evaluation.logo if evaluation.logo.is_absolute() else path.parent / evaluation.logo
        if not logo.is_file():
            problems.append(source.problem(("logo",), f"there is no file {logo}",
                                           "an image file (PNG or JPEG) beside the evaluation document"))
        evaluation = evaluation.model_copy(update={"logo": logo})
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInput(errors)
    return evaluation, load_framework(evaluation.framework), problems


def check_against_framework(evaluation: Evaluation, source: YamlFile) -> list[Problem]:
    """Problems that need the framework to see: areas and sub-questions present once, scores in range."""
    problems: list[Problem] = []
    if evaluation.language not in available_languages():
        problems.append(source.problem(("language",), f"no label catalogue for `{evaluation.language}`",
                                       "one of " + ", ".join(available_languages())))
    try:
        framework = load_framework(evaluation.framework)
    except KeyError:
        problems.append(source.problem(("framework",), f"unknown framework version `{evaluation.framework}`",
                                       "one of " + ", ".join(available_versions())))
        return problems
    for area in framework.areas:
        given = evaluation.areas.get(area.id)
        if given is None:
            problems.append(source.problem(("areas",), f"area {area.id} ({area.name}) is missing",
                                           f"an entry `{area.id}:` with its scores"))
            continue
        known = {q.id: q for q in area.questions}
        for qid, points in given.scores.items():
            question = known.get(qid)
            path = ("areas", area.id, "scores", qid)
            if question is None:
                problems.append(source.problem(path, f"`{qid}` is not a sub-question of area {area.id}",
                                               "one of " + ", ".join(known), key=True))
            elif not 0 <= points <= question.max:
                problems.append(source.problem(path, f"{points} is {'more than the max' if points > 0 else 'less than'} "
                                               f"{question.max if points > 0 else 0}",
                                               f"a whole number from 0 to {question.max}"))
        for qid, question in known.items():
            if qid not in given.scores:
                problems.append(source.problem(("areas", area.id, "scores"),
                                               f"sub-question {qid} ({question.name}) has no score",
                                               f"`{qid}: <points from 0 to {question.max}>`"))
    for area_id in evaluation.areas:
        if area_id not in {a.id for a in framework.areas}:
            problems.append(source.problem(("areas", area_id), f"there is no area {area_id}",
                                           f"areas 1 to {len(framework.areas)}", key=True))
    return problems


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
    message, expected = _FRIENDLY.get(kind, (error["msg"], ""))
    if kind == "value_error":
        message, _, expected = str(error["ctx"]["error"]).partition(": ")
        message, expected = ("has the wrong form", message) if not expected else (message, expected)
    text = str(error.get("input", ""))
    return source.problem(loc, message.format(input=text[:60]), expected)


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

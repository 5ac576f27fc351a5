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

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from reportgen import checks, limits
from reportgen.catalogue import default_language
from reportgen.declared import declarations, document_framework
from reportgen.framework import NAME as FRAMEWORK_NAME, Framework
from reportgen.messages import all_wordings, say
from reportgen.problems import InvalidInput, Problem
from reportgen.yamlfile import YamlFile, read_yaml


class Wrong(ValueError):
    """A value of the wrong form: what is wrong and what is expected, both already in the user's language."""

    def __init__(self, message: str, expected: str = ""):
        super().__init__(message)
        self.message, self.expected = message, expected


def _whole_number(value: Any) -> Any:
    """Only digits (with a minus sign) make a whole number: not 1_0, 1e1, +1 or 11.0."""
    if isinstance(value, str) and not re.fullmatch(r"\s*-?\d+\s*", value):
        raise Wrong(say("not_whole_number", input=value[:40]), say("not_whole_number_expected"))
    return value


def real_date(value: Any) -> Any:
    """Only YYYY-MM-DD makes a date: not 0 or 20230221, which a validation library reads as seconds since 1970."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", value)
        try:
            day = date(*map(int, match.groups())) if match else None
        except ValueError:
            day = None
        if day is None or not 2000 <= day.year <= 2100:
            raise Wrong(say("not_a_date", input=value[:40]), say("not_a_date_expected"))
        return day
    return value


def _yes_or_no(value: Any) -> Any:
    """true/false, or yes and no in any message language's words (`ja`/`nej`): the field holds only
    yes or no, so an evaluator's own words are unambiguous."""
    if isinstance(value, str):
        word = value.strip().casefold()
        yes, no = {"true"} | all_wordings("words_yes"), {"false"} | all_wordings("words_no")
        if word in yes | no:
            return word in yes
        raise Wrong(say("not_yes_or_no", input=value[:40]), say("not_yes_or_no_expected"))
    return value


def _framework_name(value: Any) -> Any:
    """A framework is named by its version (`2020`), never by a path."""
    if isinstance(value, str) and not FRAMEWORK_NAME.fullmatch(value.strip()):  # the rule load_framework keeps
        raise Wrong(say("framework_not_a_name", input=value[:60]), say("framework_not_a_name_expected"))
    return value.strip() if isinstance(value, str) else value


def _text(max_length: int) -> Any:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)]


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = _text(limits.MAX_NAME_CHARS)
Heading = _text(limits.MAX_HEADING_CHARS)
ListItem = _text(limits.MAX_LIST_ITEM_CHARS)
Points = Annotated[int, BeforeValidator(_whole_number)]
AreaNumber = Annotated[int, BeforeValidator(_whole_number)]
ReportDate = Annotated[date, BeforeValidator(real_date)]
YesNo = Annotated[bool, BeforeValidator(_yes_or_no)]
FrameworkName = Annotated[str, BeforeValidator(_framework_name)]


def _score(value: Any) -> Any:
    """A whole number, or a half (12.5 or 12,5) for the older revisions that gave half points."""
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,6}[.,][05]\s*", value):
        number = float(value.replace(",", "."))
        return int(number) if number.is_integer() else number
    return _whole_number(value)


def _whole_if_whole(value: float) -> float:
    return int(value) if value.is_integer() else value


Score = Annotated[float, BeforeValidator(_score), AfterValidator(_whole_if_whole)]
_PERIOD = re.compile(r"^(\d{4})-(\d{2})(?:/(\d{4})-(\d{2}))?$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Model):
    """A narrative subsection of an area: a heading and Markdown text."""

    heading: Heading
    text: str = ""


class QuestionInput(_Model):
    """A sub-question the document declares because its framework revision does not list it."""

    id: Text
    name: Heading
    max: Score = Field(gt=0)


class AreaInput(_Model):
    """What the evaluators wrote about one area."""

    name: Name | None = Field(None, description="the area's name where the framework has none")
    questions: list[QuestionInput] | None = Field(None, description="sub-questions the framework lacks")
    scores: dict[str, Score] = Field(description="achieved points per sub-question id")
    headings: list[Heading] | None = None  # the box of headings; the section headings when absent
    sections: list[Section] = []
    strengths: list[ListItem] = []
    improvements: list[ListItem] = []
    general: str | None = None  # replaces the framework's general text of the area
    general_addendum: str | None = None  # follows the framework's general text of the area

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

    description: Heading
    total: Points | None = Field(None, ge=0)
    areas: dict[AreaNumber, Points] | None = None


class PreviousEvaluation(_Model):
    """The municipality's previous evaluation, by area points."""

    year: Points = Field(ge=2000, le=2100)
    areas: dict[AreaNumber, Points]


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


class KeyFacts(_Model):
    """*Kortfakta*: key figures about the municipality (label: value, as written) and a text."""

    figures: dict[Heading, Annotated[Heading, BeforeValidator(_as_text)]] = {}
    text: str = ""


class Evaluation(_Model):
    """One evaluation document."""

    framework: FrameworkName
    language: str = Field(default_factory=default_language)
    municipality: Name
    short_name: Name | None = None
    report_date: ReportDate
    evaluation_period: str | None = None
    first_evaluation: YesNo
    evaluators: list[Name] = Field(min_length=1, max_length=limits.MAX_EVALUATORS)
    publisher: Name | None = None
    logo: Path | None = None
    introduction: str | None = Field(None, description="replaces the framework's chapter 1")
    summary: Summary
    reference_average: ReferenceAverage | None = None
    previous_evaluation: PreviousEvaluation | None = None
    areas: dict[AreaNumber, AreaInput]
    key_facts: KeyFacts | None = None

    @field_validator("evaluation_period")
    @classmethod
    def _month_or_months(cls, value: str | None) -> str | None:
        if value is None:
            return value
        match = _PERIOD.match(value.strip())
        if not match or any(m and not 1 <= int(m) <= 12 for m in match.groups()[1::2]):
            raise Wrong(say("period_wrong", input=value[:40]), say("period_wrong_expected"))
        return value.strip()


# --- draft: the same document while it is being written (reportgen build --draft) ---------------

# Built on first use (``defer_build``): a finished document's build never validates a draft.

class DraftSummary(Summary):
    """Chapter 2's texts, any of them not written yet."""

    model_config = ConfigDict(defer_build=True)

    evaluation: str = ""
    comments: str = ""


class DraftArea(AreaInput):
    """An area whose scores may be missing, some or all."""

    model_config = ConfigDict(defer_build=True)

    scores: dict[str, Score] = {}


class DraftEvaluation(Evaluation):
    """An evaluation document with gaps: areas, scores, texts and evaluators may be missing.
    What is there is checked exactly as in a finished document."""

    model_config = ConfigDict(defer_build=True)

    evaluators: list[Name] = Field([], max_length=limits.MAX_EVALUATORS)
    summary: DraftSummary = Field(default_factory=DraftSummary)
    areas: dict[AreaNumber, DraftArea] = {}


def read_evaluation(path: Path, *, draft: bool = False) -> tuple[Evaluation, Framework, list[Problem]]:
    """Read and validate the evaluation document at ``path``.

    Returns the evaluation, its framework and the warnings; raises
    :class:`InvalidInput` with every error found, each placed by line and field.
    With ``draft``, blanks count as not written yet and what is missing is allowed
    (a :class:`DraftEvaluation`); the warnings about unwritten parts are left out.
    """
    source = read_yaml(path)
    if not isinstance(source.data, dict):
        raise InvalidInput([source.problem((), say("document_not_fields"), say("file_empty_expected"))])
    problems = source.notes + checks.remove_unusable_characters(source) + checks.before_schema(source)
    if draft:
        from reportgen.draft import without_blanks

        source.data = without_blanks(source.data)
    try:
        evaluation = (DraftEvaluation if draft else Evaluation).model_validate(source.data)
    except ValidationError as error:
        raise InvalidInput([_problem(source, e) for e in error.errors()] +
                           [p for p in problems if p.severity == "error"]) from None
    problems += declarations(evaluation, source)
    problems += checks.against_framework(evaluation, source, draft=draft) + checks.fits_the_report(evaluation, source)
    if evaluation.logo is not None:
        logo, logo_problems = checks.logo(evaluation.logo, path, source)
        problems += logo_problems
        evaluation = evaluation.model_copy(update={"logo": logo})
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInput(errors)
    framework = document_framework(evaluation)
    return evaluation, framework, problems + ([] if draft else checks.warnings(evaluation, framework, source))


# pydantic's error kinds → the message keys that say them to a person (each has a `<key>_expected` too).
_FRIENDLY = {
    "missing": "field_missing",
    "string_too_short": "field_empty",
    "string_too_long": "text_too_long",
    "int_parsing": "not_whole_number",
    "int_type": "not_whole_number",
    "int_from_float": "not_whole_number",
    "list_type": "not_a_list",
    "dict_type": "not_fields",
    "model_type": "not_fields",
    "too_short": "list_empty",
    "too_long": "list_too_long",
    "greater_than_equal": "number_too_small",
    "less_than_equal": "number_too_large",
}


def _problem(source: YamlFile, error: Any) -> Problem:
    loc = tuple(p for p in error["loc"] if p != "[key]")
    kind = error["type"]
    if kind == "extra_forbidden":
        parent_fields = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), parent_fields, n=1)
        hint = say("did_you_mean", field=close[0]) if close else say("one_of", choices=", ".join(parent_fields))
        return source.problem(loc, say("unknown_field", field=loc[-1]), hint, key=True)
    given = error.get("input", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and isinstance(ctx.get("error"), Wrong):
        return source.problem(loc, ctx["error"].message, ctx["error"].expected)
    if given is None and source.written(loc).strip():  # `null` or `~`: YAML's words for nothing
        word = source.written(loc).strip()
        return source.problem(loc, say("null_word", word=word), say("null_word_expected", word=word))
    if given is None:  # `key:` with nothing after it
        expected = say("score_empty_expected") if "scores" in loc[:-1] else say("field_empty_expected")
        return source.problem(loc, say("field_empty"), expected)
    if kind == "string_type":
        key = "text_is_list" if isinstance(given, list) else "text_is_fields"
    else:
        key = _FRIENDLY.get(kind, "value_wrong")
    values = {"input": str(given)[:60], "length": len(given) if isinstance(given, (str, list)) else 0,
              "max": ctx.get("max_length", ctx.get("le", "")), "min": ctx.get("ge", "")}
    expected = f"{key}_expected"
    if key == "field_empty" and isinstance(loc[-1], int) and isinstance(source.data, dict):
        expected = "list_item_empty_expected" if _is_list_item(source.data, loc) else expected
    return source.problem(loc, say(key, **values), say(expected, **values))


def _is_list_item(data: Any, loc: tuple[Any, ...]) -> bool:
    for step in loc[:-1]:
        data = data.get(str(step)) if isinstance(data, dict) else data[step] if isinstance(data, list) else None
    return isinstance(data, list)


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

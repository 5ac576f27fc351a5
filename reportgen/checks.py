"""Checks: what the schema alone cannot see in an evaluation document.

Errors: areas and sub-questions against the framework, score ranges, the same key written
twice in two spellings, characters the report's font cannot print, texts and names beyond
:mod:`reportgen.limits`, the logo. Repairs with a warning: characters no PDF or Word file
can hold. Warnings for authors: *Rubriker* that differ from the sub-questions, areas
without strengths or improvements, empty narrative sections, numbers with leading zeros.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
import warnings as python_warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from reportgen import limits

from reportgen.catalogue import available_languages, load_labels
from reportgen.characters import UNUSABLE, usable
from reportgen.declared import document_framework
from reportgen.framework import Framework, available_versions
from reportgen.messages import say
from reportgen.problems import Problem
from reportgen.resources import TEMPLATES
from reportgen.yamlfile import YamlFile

if TYPE_CHECKING:
    from reportgen.evaluation import Evaluation

# Fields that name a file or a version: never printed, so any character may stand in them.
_NOT_PRINTED = {"framework", "language", "logo"}
_LAYOUT_CHARACTERS = set("\n\r\t")


def remove_unusable_characters(source: YamlFile) -> list[Problem]:
    """Removes control characters and lone surrogates from every text, with a warning that says where.

    Raw ones were already removed while reading; these were written as escapes (`"\\x07"`).
    """
    problems: list[Problem] = []

    def clean(value: Any, path: tuple[str, ...]) -> Any:
        if isinstance(value, str):
            found = list(UNUSABLE.finditer(value))
            if found:
                codes = ", ".join(sorted({f"U+{ord(m.group()):04X}" for m in found}))
                problems.append(source.problem(path, say("characters_removed", count=len(found), codes=codes),
                                               say("characters_removed_expected"), severity="warning"))
                return usable(value)
            return value
        if isinstance(value, dict):
            return {key: clean(item, path + (key,)) for key, item in value.items()}
        if isinstance(value, list):
            return [clean(item, path + (str(i),)) for i, item in enumerate(value)]
        return value

    source.data = clean(source.data, ())
    return problems


def before_schema(source: YamlFile) -> list[Problem]:
    """What the text as written shows: keys that the schema reads as one, unprintable characters,
    texts beyond the limits, numbers with leading zeros. Runs whether or not the schema passes."""
    from reportgen.evaluation import Evaluation

    problems: list[Problem] = []
    for path, annotation, value in _walk(Evaluation, source.data, ()):
        kind, args = _kind(annotation)
        if kind is dict and isinstance(value, dict) and args and _kind(args[0])[0] is int:
            problems += _same_number_twice(source, path, value)
        elif kind in (int, float) and isinstance(value, str) and re.fullmatch(r"\s*-?0\d+\s*", value):
            problems.append(source.problem(path, say("leading_zero", input=value.strip(), number=int(value)),
                                           say("leading_zero_expected", number=int(value)), severity="warning"))
    for path, text in _texts(source.data, ()):
        if path[0] not in _NOT_PRINTED:
            problems += _printable(source, path, text)
    return problems


def _same_number_twice(source: YamlFile, path: tuple[str, ...], mapping: dict[str, Any]) -> list[Problem]:
    """`1:`, `01:` and `" 1":` are different text but the same area: the last would silently win."""
    problems: list[Problem] = []
    seen: dict[int, str] = {}
    for key in mapping:
        if not re.fullmatch(r"\s*-?\d+\s*", key):
            continue  # the schema says that it is not a number
        number = int(key)
        if number in seen:
            problems.append(source.problem(path + (key,), say("number_key_twice", field=key, first=seen[number]),
                                           say("key_twice_expected"), key=True))
        seen.setdefault(number, key)
    return problems


def _printable(source: YamlFile, path: tuple[str, ...], text: str) -> list[Problem]:
    """An error for characters the report's font lacks, and for a paragraph or word beyond the limits."""
    problems: list[Problem] = []
    lacking = set() if text.isascii() else set(text) - _font_characters() - _LAYOUT_CHARACTERS
    if lacking:
        missing = sorted(lacking)
        shown = ", ".join(f"{c} (U+{ord(c):04X} {unicodedata.name(c, '?')})" for c in missing[:5])
        more = say("and_more", count=len(missing) - 5) if len(missing) > 5 else ""
        problems.append(source.problem(path, say("characters_not_in_font", characters=shown + more),
                                       say("characters_not_in_font_expected"),
                                       at=source.position_of(path, next(c for c in text if c in lacking))))
    word = re.search(r"\S{%d,}" % (limits.MAX_WORD_CHARS + 1), text)
    if word:
        problems.append(source.problem(path, say("word_too_long", length=len(word.group()), max=limits.MAX_WORD_CHARS),
                                       say("word_too_long_expected"), at=source.position_of(path, word.group()[:40])))
    if len(text) > limits.MAX_PARAGRAPH_CHARS:
        longest = max(re.split(r"\n[ \t]*\n", text), key=len)
        if len(longest) > limits.MAX_PARAGRAPH_CHARS:
            problems.append(source.problem(path, say("paragraph_too_long", length=len(longest),
                                                     max=limits.MAX_PARAGRAPH_CHARS),
                                           say("paragraph_too_long_expected"),
                                           at=source.position_of(path, longest[:40])))
    return problems


@cache
def _font_characters() -> frozenset[str]:
    """The characters every face of the report's font can print (text may be bold or italic)."""
    from reportgen.fonts import face
    from reportgen.theme import load_theme

    fonts = load_theme().fonts
    faces = [fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic]
    covered = set.intersection(*(set(face(path).charToGlyph) for path in faces))
    return frozenset(chr(code) for code in covered)


def _texts(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, path + (str(index),))


def _walk(annotation: Any, value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any, Any]]:
    """Every value of the document with the type the schema gives it."""
    yield path, annotation, value
    kind, args = _kind(annotation)
    if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(value, dict):
        for name, field in kind.model_fields.items():
            if name in value:
                yield from _walk(field.annotation, value[name], path + (name,))
    elif kind is dict and isinstance(value, dict) and len(args) == 2:
        for key, item in value.items():
            yield from _walk(args[1], item, path + (key,))
    elif kind is list and isinstance(value, list) and args:
        for index, item in enumerate(value):
            yield from _walk(args[0], item, path + (str(index),))


@cache  # the schema's annotations are few and hashable; the document's values are many
def _kind(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """The plain type of ``annotation`` and its arguments, through ``Annotated`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if options else annotation
        else:
            return (origin or annotation), typing.get_args(annotation)


def against_framework(evaluation: Evaluation, source: YamlFile, *, draft: bool = False) -> list[Problem]:
    """Areas and sub-questions present (not in a ``draft``), none unknown, scores from 0 to their max;
    known language and version."""
    problems: list[Problem] = []
    if evaluation.language not in available_languages():
        problems.append(source.problem(("language",), say("unknown_language", language=evaluation.language),
                                       say("one_of", choices=", ".join(available_languages()))))
    try:  # a name, never a path to elsewhere; a revision not shipped is known only by what the document declares
        framework = document_framework(evaluation)
    except KeyError:
        problems.append(source.problem(("framework",), say("unknown_framework", version=evaluation.framework),
                                       say("one_of", choices=", ".join(available_versions()))))
        return problems
    if not framework.complete:
        return problems  # the declarations say which areas lack a name or their sub-questions
    for area in framework.areas:
        given = evaluation.areas.get(area.id)
        if given is None:
            if not draft:
                problems.append(source.problem(("areas",), say("area_missing", area=area.id, name=area.name),
                                               say("area_missing_expected", area=area.id)))
            continue
        known = {q.id: q for q in area.questions}
        for qid, points in given.scores.items():
            question = known.get(qid)
            path = ("areas", area.id, "scores", qid)
            if question is None:
                problems.append(source.problem(path, say("question_unknown", question=qid, area=area.id),
                                               say("one_of", choices=", ".join(known)), key=True))
            elif not 0 <= points <= question.max:
                key = "score_over_max" if points > question.max else "score_below_zero"
                problems.append(source.problem(path, say(key, value=points, max=question.max),
                                               say("score_expected", max=question.max)))
        for qid, question in known.items():
            if qid not in given.scores and not draft:
                problems.append(source.problem(("areas", area.id, "scores"),
                                               say("score_missing", question=qid, name=question.name),
                                               say("score_missing_expected", question=qid, max=question.max)))
    for area_id in evaluation.areas:
        if area_id not in {a.id for a in framework.areas}:
            problems.append(source.problem(("areas", area_id), say("area_unknown", area=area_id),
                                           say("area_range", count=len(framework.areas)), key=True))
    problems += _comparison_figures(evaluation, framework, source)
    return problems


def fits_the_report(evaluation: Evaluation, source: YamlFile) -> list[Problem]:
    """What the schema's per-value bounds cannot see: the evaluators together, as the cover and
    the files' author property hold them (Word's core properties take at most 255 characters)."""
    try:
        labels = load_labels(evaluation.language)
    except KeyError:  # an unknown language is reported on its own
        return []
    joined = len(labels.names(evaluation.evaluators))  # as the cover and the author property hold them
    if joined > limits.MAX_EVALUATORS_JOINED_CHARS:
        return [source.problem(("evaluators",), say("evaluators_too_long", length=joined,
                                                    max=limits.MAX_EVALUATORS_JOINED_CHARS),
                               say("evaluators_too_long_expected"))]
    return []


def _comparison_figures(evaluation: Evaluation, framework: Framework, source: YamlFile) -> list[Problem]:
    """Reference averages and previous points: known areas only, each within the area's max."""
    problems: list[Problem] = []
    known = {a.id: a for a in framework.areas}
    for field_name, figures in (("reference_average", evaluation.reference_average and
                                 evaluation.reference_average.areas),
                                ("previous_evaluation", evaluation.previous_evaluation and
                                 evaluation.previous_evaluation.areas)):
        for area_id, points in (figures or {}).items():
            path = (field_name, "areas", area_id)
            if area_id not in known:
                problems.append(source.problem(path, say("area_unknown", area=area_id),
                                               say("area_range", count=len(framework.areas)), key=True))
            elif not 0 <= points <= known[area_id].max:
                problems.append(source.problem(path, say("figure_out_of_range", value=points, max=known[area_id].max),
                                               say("area_points_expected", max=known[area_id].max)))
    reference = evaluation.reference_average
    if reference is not None and reference.total is not None and not 0 <= reference.total <= framework.max:
        problems.append(source.problem(("reference_average", "total"),
                                       say("figure_out_of_range", value=reference.total, max=framework.max),
                                       say("total_expected", max=framework.max)))
    return problems


def logo(given: Path, document: Path, source: YamlFile) -> tuple[Path, list[Problem]]:
    """The logo's full path; an error unless it is a PNG or JPEG inside the document's folder or
    templates/ that decodes completely and has at most :data:`limits.MAX_LOGO_PIXELS` pixels."""
    from PIL import Image

    path = (given if given.is_absolute() else document.parent / given).resolve()
    allowed = (document.parent.resolve(), TEMPLATES.resolve())
    expected = say("logo_expected", max=limits.MAX_LOGO_PIXELS // 1_000_000)

    def wrong(key: str, **values: object) -> tuple[Path, list[Problem]]:
        return path, [source.problem(("logo",), say(key, file=given, **values), expected)]

    if not any(path.is_relative_to(folder) for folder in allowed):
        return wrong("logo_outside")
    if not path.is_file():
        return wrong("logo_missing")
    try:
        with python_warnings.catch_warnings():  # Pillow's bomb warning must not reach the terminal
            python_warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if kind not in ("PNG", "JPEG"):
                    return wrong("logo_kind", kind=kind)
                if width * height > limits.MAX_LOGO_PIXELS:
                    return wrong("logo_too_large", width=width, height=height)
                image.verify()
            with Image.open(path) as image:  # verify() checks the structure; only decoding finds bad pixel data
                image.load()
    except Image.DecompressionBombError:  # beyond twice Pillow's own limit: not even its size is read
        return wrong("logo_far_too_large", max=limits.MAX_LOGO_PIXELS // 1_000_000)
    except Exception:  # Pillow raises many kinds for a file that is not an image
        return wrong("logo_unreadable")
    return path, []


def warnings(evaluation: Evaluation, framework: Framework, source: YamlFile) -> list[Problem]:
    """Things that are allowed but are probably not what the author meant."""
    found: list[Problem] = []
    for area in framework.areas:
        given = evaluation.areas[area.id]
        path = ("areas", area.id, "headings" if given.headings is not None else "sections")
        headings = {_plain(h) for h in given.box_headings}
        if len(given.box_headings) != len(area.questions):
            unmatched = [q.id for q in area.questions if _plain(q.name) not in headings]
            which = say("headings_unmatched", questions=", ".join(unmatched)) if unmatched else ""
            found.append(source.problem(
                path, say("headings_count", headings=len(given.box_headings), area=area.id,
                          questions=len(area.questions)) + which,
                say("headings_count_expected"), severity="warning"))
        if not given.strengths:
            found.append(source.problem(("areas", area.id), say("no_strengths"), say("no_strengths_expected"),
                                        severity="warning"))
        if not given.improvements:
            found.append(source.problem(("areas", area.id), say("no_improvements"), say("no_improvements_expected"),
                                        severity="warning"))
        for index, section in enumerate(given.sections):
            if not section.text.strip():
                found.append(source.problem(("areas", area.id, "sections", index, "text"),
                                            say("section_empty", heading=section.heading), say("section_empty_expected"),
                                            severity="warning"))
    return found


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()

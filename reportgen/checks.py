"""Checks: what the schema alone cannot see in an evaluation document.

Errors: areas and sub-questions against the framework, score ranges, the logo.
Repairs with a warning: characters no PDF or Word file can hold. Warnings for
authors: *Rubriker* that differ from the sub-questions, areas without strengths
or improvements, empty narrative sections.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.catalogue import available_languages
from reportgen.characters import UNUSABLE, usable
from reportgen.framework import Framework, available_versions, load_framework
from reportgen.problems import Problem
from reportgen.resources import TEMPLATES
from reportgen.yamlfile import YamlFile

if TYPE_CHECKING:
    from reportgen.evaluation import Evaluation



def remove_unusable_characters(source: YamlFile) -> list[Problem]:
    """Removes control characters and lone surrogates from every text, with a warning that says where."""
    problems: list[Problem] = []

    def clean(value: Any, path: tuple[str, ...]) -> Any:
        if isinstance(value, str):
            found = list(UNUSABLE.finditer(value))
            if found:
                names = ", ".join(sorted({f"U+{ord(m.group()):04X}" for m in found}))
                first = found[0].start() + 1
                problems.append(source.problem(
                    path, f"removed {len(found)} character(s) that a PDF or Word file cannot hold ({names}; "
                          f"the first is character {first} of the text)",
                    "plain text; control characters usually come from copying out of another program",
                    severity="warning"))
                return usable(value)
            return value
        if isinstance(value, dict):
            return {key: clean(item, path + (key,)) for key, item in value.items()}
        if isinstance(value, list):
            return [clean(item, path + (str(i),)) for i, item in enumerate(value)]
        return value

    source.data = clean(source.data, ())
    return problems


def against_framework(evaluation: Evaluation, source: YamlFile, *, draft: bool = False) -> list[Problem]:
    """Areas and sub-questions present (not in a ``draft``), none unknown, scores from 0 to their max;
    known language and version."""
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
            if not draft:
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
            elif points > question.max:
                problems.append(source.problem(path, f"{points} is more than the max {question.max}",
                                               f"a whole number from 0 to {question.max}"))
            elif points < 0:
                problems.append(source.problem(path, f"{points} is less than 0",
                                               f"a whole number from 0 to {question.max}"))
        for qid, question in known.items():
            if qid not in given.scores and not draft:
                problems.append(source.problem(("areas", area.id, "scores"),
                                               f"sub-question {qid} ({question.name}) has no score",
                                               f"`{qid}: <points from 0 to {question.max}>`"))
    for area_id in evaluation.areas:
        if area_id not in {a.id for a in framework.areas}:
            problems.append(source.problem(("areas", area_id), f"there is no area {area_id}",
                                           f"areas 1 to {len(framework.areas)}", key=True))
    problems += _same_area_twice(source)
    problems += _comparison_figures(evaluation, framework, source)
    return problems


def _same_area_twice(source: YamlFile) -> list[Problem]:
    """`1:` and `01:` are different text but the same area; the second would silently win."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for key in source.data.get("areas") or {}:
        number = key.strip().lstrip("0") or "0"
        if number in seen:
            problems.append(source.problem(("areas", key), f"area `{key}` is the same as `{seen[number]}`",
                                           "each area once", key=True))
        seen.setdefault(number, key)
    return problems


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
                problems.append(source.problem(path, f"there is no area {area_id}",
                                               f"areas 1 to {len(framework.areas)}", key=True))
            elif not 0 <= points <= known[area_id].max:
                problems.append(source.problem(path, f"{points} is outside 0 to {known[area_id].max}",
                                               f"the area's points, 0 to {known[area_id].max}"))
    reference = evaluation.reference_average
    if reference is not None and reference.total is not None and not 0 <= reference.total <= framework.max:
        problems.append(source.problem(("reference_average", "total"), f"{reference.total} is outside 0 to "
                                       f"{framework.max}", f"a total from 0 to {framework.max}"))
    return problems


def logo(given: Path, document: Path, source: YamlFile) -> tuple[Path, list[Problem]]:
    """The logo's full path; an error unless it is an image inside the document's folder or templates/."""
    path = (given if given.is_absolute() else document.parent / given).resolve()
    allowed = (document.parent.resolve(), TEMPLATES.resolve())
    expected = "a PNG or JPEG file in the evaluation document's folder (or templates/)"
    if not any(path.is_relative_to(folder) for folder in allowed):
        return path, [source.problem(("logo",), f"{given} lies outside the document's folder", expected)]
    if not path.is_file():
        return path, [source.problem(("logo",), f"there is no file {given}", expected)]
    try:
        from PIL import Image

        with Image.open(path) as image:
            kind = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds for a file that is not an image
        return path, [source.problem(("logo",), f"{given} is not an image that can be read", expected)]
    if kind not in ("PNG", "JPEG"):
        return path, [source.problem(("logo",), f"{given} is a {kind} image", expected)]
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
            which = f" (no heading is named as {', '.join(unmatched)})" if unmatched else ""
            found.append(source.problem(
                path, f"the Rubriker list {len(given.box_headings)} headings, area {area.id} has "
                      f"{len(area.questions)} sub-questions{which}",
                "fine if meant: the box shows the Rubriker, the score overview the sub-questions",
                severity="warning"))
        if not given.strengths:
            found.append(source.problem(("areas", area.id), "the area has no strengths",
                                        "a list `strengths:` (Styrkor)", severity="warning"))
        if not given.improvements:
            found.append(source.problem(("areas", area.id), "the area has no improvements",
                                        "a list `improvements:` (Förbättringsmöjligheter)", severity="warning"))
        for index, section in enumerate(given.sections):
            if not section.text.strip():
                found.append(source.problem(("areas", area.id, "sections", index, "text"),
                                            f"the section “{section.heading}” has no text",
                                            "text under the heading, or remove the section", severity="warning"))
    return found


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()

"""Declared: the framework a document is built on, completed by the areas and sub-questions it declares.

Revisions whose sub-questions are not known (2010, 2016, or any older revision that is not
shipped at all) are completed by the document itself, as ``reportgen import`` writes it from
a report's score overview: per area a ``name`` and ``questions`` (id, name, max).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.framework import Framework, Question, load_framework
from reportgen.messages import say
from reportgen.problems import Problem
from reportgen.yamlfile import YamlFile

if TYPE_CHECKING:
    from reportgen.evaluation import Evaluation


def document_framework(evaluation: Evaluation) -> Framework:
    """The framework as this document uses it, in its language; KeyError for an unknown one.

    A revision the family does not ship is known only through what the document declares."""
    framework = load_framework(evaluation.framework, open_revision=True).localized(evaluation.language)
    declared = {number: (area.name, tuple(Question(q.id, q.name, q.max) for q in area.questions or ()))
                for number, area in evaluation.areas.items() if area.name or area.questions}
    if not framework.shipped and not any(questions for _, questions in declared.values()):
        raise KeyError(evaluation.framework)
    return framework.with_declared(declared)


def declarations(evaluation: Evaluation, source: YamlFile) -> list[Problem]:
    """Declared sub-questions that contradict the framework, areas that still lack a name or
    sub-questions, half points where the revision has none, a chapter 1 with no text at all."""
    try:
        shipped = load_framework(evaluation.framework, open_revision=True).localized(evaluation.language)
        framework = document_framework(evaluation)
    except KeyError:
        return []  # the checks say that the framework is unknown
    problems: list[Problem] = []
    known = {a.id: a for a in shipped.areas}
    for area in framework.areas:
        given = evaluation.areas.get(area.id)
        if given is None:
            continue  # the checks say that the area is missing
        place = ("areas", area.id)
        if given.questions is not None:
            ids = [q.id for q in given.questions]
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                problems.append(source.problem((*place, "questions"), say("declared_twice", question=twice[0]),
                                               say("declared_twice_expected")))
            fixed = known.get(area.id)
            if fixed is not None and fixed.questions and \
                    [(q.id, q.max) for q in fixed.questions] != [(q.id, q.max) for q in given.questions]:
                problems.append(source.problem((*place, "questions"),
                                               say("declared_contradicts", framework=framework.id, area=area.id),
                                               say("declared_contradicts_expected")))
        if not area.questions:
            problems.append(source.problem(place, say("declare_questions", area=area.id, framework=framework.id),
                                           say("declare_questions_expected")))
        if not area.name:
            problems.append(source.problem(place, say("declare_name", area=area.id, framework=framework.id),
                                           say("declare_name_expected")))
        if not framework.half_points:
            for qid, points in given.scores.items():
                if not float(points).is_integer():
                    problems.append(source.problem((*place, "scores", qid), say("half_point", value=points),
                                                   say("half_point_expected", framework=framework.id)))
    if evaluation.introduction is None and framework.texts(evaluation.language).introduction is None:
        problems.append(source.problem(("introduction",), say("no_standard_introduction",
                                                              framework=framework.id, language=evaluation.language),
                                       say("no_standard_introduction_expected")))
    return problems

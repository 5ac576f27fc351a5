"""Results: every point of the report, computed from the sub-question scores."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.evaluation import Evaluation
from reportgen.framework import Area, Framework, Question


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    achieved: int


@dataclass(frozen=True)
class AreaResult:
    """An area's sub-question scores and their sum, the area's points."""

    area: Area
    questions: tuple[QuestionResult, ...]

    @property
    def points(self) -> int:
        return sum(q.achieved for q in self.questions)

    @property
    def max(self) -> int:
        return self.area.max


@dataclass(frozen=True)
class Results:
    """The points of every area, in the framework's order, and the total."""

    areas: tuple[AreaResult, ...]

    @property
    def total(self) -> int:
        return sum(a.points for a in self.areas)

    @property
    def max(self) -> int:
        return sum(a.max for a in self.areas)


def compute_results(evaluation: Evaluation, framework: Framework) -> Results:
    """Scores in the framework's order; a validated evaluation has every one of them."""
    return Results(tuple(
        AreaResult(area, tuple(QuestionResult(q, evaluation.areas[area.id].scores[q.id]) for q in area.questions))
        for area in framework.areas
    ))

"""Results: every point of the report, computed from the sub-question scores."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.evaluation import Evaluation
from reportgen.framework import Area, Framework, Question


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    achieved: float | None  # a whole number, or a half in older revisions; None: not scored yet (a draft)


@dataclass(frozen=True)
class AreaResult:
    """An area's sub-question scores and their sum, the area's points."""

    area: Area
    questions: tuple[QuestionResult, ...]

    @property
    def points(self) -> float:
        """The sum of the scores given (in a draft, of those given so far)."""
        return sum(q.achieved for q in self.questions if q.achieved is not None)

    @property
    def complete(self) -> bool:
        return all(q.achieved is not None for q in self.questions)

    @property
    def max(self) -> float:
        return self.area.max


@dataclass(frozen=True)
class Results:
    """The points of every area, in the framework's order, and the total."""

    areas: tuple[AreaResult, ...]

    @property
    def total(self) -> float:
        return sum(a.points for a in self.areas)

    @property
    def max(self) -> float:
        return sum(a.max for a in self.areas)

    @property
    def complete(self) -> bool:
        return all(a.complete for a in self.areas)


def compute_results(evaluation: Evaluation, framework: Framework) -> Results:
    """Scores in the framework's order; a finished evaluation has every one of them, a draft
    leaves the missing ones ``None``."""
    scores = {area.id: given.scores for area in framework.areas if (given := evaluation.areas.get(area.id))}
    return Results(tuple(
        AreaResult(area, tuple(QuestionResult(q, scores.get(area.id, {}).get(q.id)) for q in area.questions))
        for area in framework.areas
    ))

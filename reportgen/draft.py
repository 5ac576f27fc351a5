"""Draft: what an unfinished evaluation document still lacks, for ``--draft`` builds and ``check``'s summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.evaluation import Evaluation
    from reportgen.framework import Framework


def without_blanks(value: Any) -> Any:
    """The document's data with every blank left out: ``key:`` with nothing after it, ``""``,
    whitespace-only text and ``- ""`` list items. A skeleton from ``reportgen new`` is full of
    them; in a draft they mean "not written yet", the same as a missing field."""
    if isinstance(value, dict):
        kept = {key: without_blanks(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if not _blank(item)}
    if isinstance(value, list):
        return [item for item in (without_blanks(i) for i in value) if not _blank(item)]
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def has_text(text: str | None) -> bool:
    return bool(text and text.strip())


def area_has_text(evaluation: Evaluation, area_id: int) -> bool:
    """An area has its text when it has sections and every one of them is written."""
    area = evaluation.areas.get(area_id)
    return area is not None and bool(area.sections) and all(has_text(s.text) for s in area.sections)


@dataclass(frozen=True)
class Progress:
    """How far an evaluation document has come, counted against its framework."""

    scored: int
    questions: int
    areas_with_text: int
    areas_with_lists: int
    areas: int
    summary_texts: int
    summary_total: int
    evaluators: int

    @property
    def complete(self) -> bool:
        return (self.scored == self.questions and self.areas_with_text == self.areas
                and self.areas_with_lists == self.areas and self.summary_texts == self.summary_total
                and self.evaluators > 0)


def progress(evaluation: Evaluation, framework: Framework) -> Progress:
    """What is done: scores given, areas written, lists of strengths and improvements, chapter 2's texts."""
    areas = [(a, evaluation.areas.get(a.id)) for a in framework.areas]
    summary = (evaluation.summary.evaluation, evaluation.summary.comments)
    return Progress(
        scored=sum(1 for a, given in areas for q in a.questions if given is not None and q.id in given.scores),
        questions=sum(len(a.questions) for a in framework.areas),
        areas_with_text=sum(1 for a, _ in areas if area_has_text(evaluation, a.id)),
        areas_with_lists=sum(1 for _, given in areas if given is not None and given.strengths and given.improvements),
        areas=len(areas),
        summary_texts=sum(1 for text in summary if has_text(text)),
        summary_total=len(summary),
        evaluators=len(evaluation.evaluators),
    )

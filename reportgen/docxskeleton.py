"""Word skeleton: a .docx to write a new report in, with the structure, standard texts and instructions.

It is the report of an evaluation not yet written: the framework's texts, every area with its
*Rubriker* (the sub-questions) and its score table with the max and empty score cells. Where the
evaluators write, a short instruction stands as a placeholder that Word removes once something
is typed in its place; ``reportgen import`` leaves instructions out, so a half-filled skeleton
comes back as a document that ``reportgen check`` reports as incomplete, point by point.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportgen import tree
from reportgen.catalogue import default_language
from reportgen.evaluation import AreaInput, Evaluation, Section, Summary
from reportgen.framework import Framework
from reportgen.messages import available_message_languages, say
from reportgen.report import build_report

_INSTRUCTIONS = ("evaluation", "comparisons", "comments", "section", "strengths", "improvements", "evaluators",
                 "results")


def instruction(name: str) -> str:
    return say(f"docx_instruction_{name}")


def all_instructions() -> set[str]:
    """Every instruction in every message language: the importer leaves them all out."""
    from reportgen.messages import _catalogue

    return {_catalogue(language)[f"docx_instruction_{name}"] for language in available_message_languages()
            for name in _INSTRUCTIONS if f"docx_instruction_{name}" in _catalogue(language)}


def skeleton_report(municipality: str, framework: Framework, today: date, language: str | None = None) -> tree.Report:
    """The report tree of the skeleton: built as a report, then emptied where the evaluators write."""
    language = language or default_language()
    areas = {area.id: AreaInput(
        scores={q.id: 0 for q in area.questions},
        sections=[Section(heading=q.name, text=instruction("section")) for q in area.questions],
        strengths=[instruction("strengths")], improvements=[instruction("improvements")])
        for area in framework.areas}
    evaluation = Evaluation(
        framework=framework.version, language=language, municipality=municipality, report_date=today,
        evaluation_period=today.strftime("%Y-%m"), first_evaluation=True, evaluators=[instruction("evaluators")],
        summary=Summary(evaluation=instruction("evaluation"), comparisons=instruction("comparisons"),
                        comments=instruction("comments")),
        areas=areas)
    report = build_report(evaluation, framework)
    instructions = all_instructions()
    blocks: list[tree.Block] = []
    section = ""
    for block in report.blocks:
        if isinstance(block, tree.Heading):
            if section == "summary-results":
                blocks.append(tree.Paragraph(tree.plain(instruction("results")), "instruction"))
            section = block.anchor
        if section == "summary-results" and not isinstance(block, tree.Heading):
            continue  # charts and their texts come from the scores when the report is built
        match block:
            case tree.Paragraph() if tree.inline_text(block.content) in instructions:
                blocks.append(dataclasses.replace(block, role="instruction"))
            case tree.TopicBox():
                blocks.append(dataclasses.replace(block, points=""))
            case tree.Table(role="comparison"):
                continue
            case tree.Table(role="area-scores"):
                blocks.append(dataclasses.replace(
                    block, rows=tuple((name, "", most) for name, _, most in block.rows),
                    footer=tuple((label, "", most) for label, _, most in block.footer)))
            case _:
                blocks.append(block)
    return dataclasses.replace(report, blocks=tuple(blocks))


def write_skeleton_docx(municipality: str, framework: Framework, today: date, target: Path | BinaryIO,
                        language: str | None = None) -> None:
    from reportgen.writers.docx import write_docx

    language = language or default_language()
    write_docx(skeleton_report(municipality, framework.localized(language), today, language), target)

"""Skeleton: a new evaluation document for a municipality, every area and sub-question in place, commented."""

from __future__ import annotations

import json
from datetime import date

from reportgen.catalogue import load_labels
from reportgen.framework import Framework
from reportgen.messages import say

LANGUAGE = "sv"  # the report's language a new document starts with (its label catalogue)


def _quoted(text: str) -> str:
    """A YAML scalar that stays text whatever it holds (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> list[str]:
    """Catalogue text as YAML comment lines."""
    return [f"# {line}".rstrip() for line in text.splitlines()]


def report_date(today: date, year: int | None, given: date | None) -> date:
    """The report's date: the one given, else today; with only a ``year``, the day in that
    year closest to today (today itself this year, 31 December for a past year)."""
    if given is not None:
        return given
    if year is None or year == today.year:
        return today
    return date(year, 12, 31) if year < today.year else date(year, 1, 1)


def skeleton(municipality: str, framework: Framework, day: date) -> str:
    """The text of an evaluation document to fill in. `reportgen check` lists what is still missing."""
    name = " ".join(municipality.split())  # a line break in the name would end a comment
    short = load_labels(LANGUAGE).short_name(name)
    pad = lambda text, width=30: text.ljust(width) + "  "  # noqa: E731 - aligns the comments
    lines = [
        *_comment(say("skeleton_header", municipality=name)),
        f"framework: {_quoted(framework.version)}",
        f"language: {LANGUAGE}",
        f"municipality: {_quoted(name)}",
        pad(f"short_name: {_quoted(short)}") + f"# {say('skeleton_short_name', municipality=name)}",
        f"report_date: {day.isoformat()}",
        pad(f"evaluation_period: {day.strftime('%Y-%m')}") + f"# {say('skeleton_period')}",
        "first_evaluation: true",
        pad("evaluators:") + f"# {say('skeleton_evaluators')}",
        '  - ""',
        pad("# logo: logo.png") + f"# {say('skeleton_logo')}",
        "",
        "summary:",
        pad('  evaluation: ""') + f"# {say('skeleton_summary_evaluation', municipality=name)}",
        pad('  comparisons: ""') + f"# {say('skeleton_summary_comparisons')}",
        pad('  comments: ""') + f"# {say('skeleton_summary_comments')}",
        "",
        pad("# reference_average:") + f"# {say('skeleton_reference')}",
        f"#   description: {say('skeleton_reference_description', framework=framework.version)}",
        "#   total: 475",
        "#   areas: {1: 60, 2: 55, 3: 68, 4: 58, 5: 55, 6: 53, 7: 60, 8: 58}",
        pad("# previous_evaluation:") + f"# {say('skeleton_previous', municipality=name)}",
        f"#   year: {day.year - 4}",
        "#   areas: {1: 50, 2: 52, 3: 66, 4: 57, 5: 45, 6: 48, 7: 60, 8: 51}",
        "",
        "areas:",
    ]
    for area in framework.areas:
        lines += [pad(f"  {area.id}:") + f"# {area.name} (max {area.max})", "    scores:"]
        for question in area.questions:
            lines.append(pad(f"      {question.id}:") + f"# 0–{question.max}  {question.name}")
        lines.append(pad("    sections:") + f"# {say('skeleton_sections')}")
        for question in area.questions:
            lines += [f"      - heading: {_quoted(question.name)}", "        text: |", "          "]
        lines += [
            pad("    strengths:") + f"# {say('skeleton_strengths')}",
            '      - ""',
            pad("    improvements:") + f"# {say('skeleton_improvements')}",
            '      - ""',
        ]
    return "\n".join(lines) + "\n"

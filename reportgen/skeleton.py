"""Skeleton: a new evaluation document for a municipality, every area and sub-question in place, commented."""

from __future__ import annotations

import json
from datetime import date

from reportgen.catalogue import default_language, load_labels
from reportgen.framework import Framework, Question
from reportgen.messages import say


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


def skeleton(municipality: str, framework: Framework, day: date, language: str | None = None) -> str:
    """The text of an evaluation document to fill in. `reportgen check` lists what is still missing.
    ``language`` is the report's (default: templates/defaults.yaml's)."""
    language = language or default_language()
    name = " ".join(municipality.split())  # a line break in the name would end a comment
    short = load_labels(language, framework).short_name(name)
    examples = {a.id: round(a.max * 0.6) if a.max else "…" for a in framework.areas}
    pad = lambda text, width=30: text.ljust(width) + "  "  # noqa: E731 - aligns the comments
    lines = [
        *_comment(say("skeleton_header", municipality=name, family=framework.name)),
        f"framework: {_quoted(framework.document_name)}",
        f"language: {language}",
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
        f"#   areas: {_flow(examples)}",
        pad("# previous_evaluation:") + f"# {say('skeleton_previous', municipality=name)}",
        f"#   year: {day.year - 4}",
        f"#   areas: {_flow({k: v if isinstance(v, str) else max(v - 5, 0) for k, v in examples.items()})}",
        *_comment(say("skeleton_key_facts")),
        "",
        "areas:",
    ]
    for area in framework.areas:
        top = f" (max {_number(area.max)})" if area.questions else ""
        lines.append(pad(f"  {area.id}:") + f"# {area.name}{top}")
        questions = area.questions or tuple(Question(f"{area.id}.{n}", "", 0) for n in (1, 2))
        if not area.questions:  # a revision whose sub-questions are not known: the document declares them
            lines.append(pad("    questions:") + f"# {say('skeleton_questions')}")
            lines += [f"      - {{id: {_quoted(q.id)}, name: \"\", max: }}" for q in questions]
        lines.append("    scores:")
        for question in questions:
            span = f"# 0–{_number(question.max)}  {question.name}" if question.max else ""
            lines.append((pad(f"      {question.id}:") + span).rstrip())
        lines.append(pad("    sections:") + f"# {say('skeleton_sections')}")
        for question in questions:
            lines += [f"      - heading: {_quoted(question.name)}", "        text: |", "          "]
        lines += [
            pad("    strengths:") + f"# {say('skeleton_strengths')}",
            '      - ""',
            pad("    improvements:") + f"# {say('skeleton_improvements')}",
            '      - ""',
        ]
    return "\n".join(lines) + "\n"


def _flow(values: dict[int, object]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in values.items()) + "}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)

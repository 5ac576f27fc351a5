"""Skeleton: a new evaluation document for a municipality, every area and sub-question in place, commented."""

from __future__ import annotations

import json
from datetime import date

from reportgen.framework import Framework


def _quoted(text: str) -> str:
    """A YAML scalar that stays text whatever it holds (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def skeleton(municipality: str, framework: Framework, today: date) -> str:
    """The text of an evaluation document to fill in. `reportgen check` lists what is still missing."""
    comment_name = " ".join(municipality.split())  # a line break in the name would end the comment
    lines = [
        f"# Kommunkompassen: utvärderingsdokument för {comment_name}.",
        "# Fyll i fälten nedan och kontrollera med `reportgen check <fil>`; bygg rapporten",
        "# med `reportgen build <fil>`. Texter skrivs i Markdown: tom rad mellan stycken,",
        "# *kursiv*, **fet**, \"- \" för punktlistor och \"1. \" för numrerade listor.",
        "# Namn på områden och delfrågor, maxpoäng och standardtexter kommer från ramverket;",
        "# alla summor räknas ut av verktyget.",
        f"framework: {_quoted(framework.version)}",
        "language: sv",
        f"municipality: {_quoted(municipality)}",
        "# short_name: Exempelby        # namnet i löptext; annars namnet utan \"kommun\"",
        f"report_date: {today.isoformat()}",
        f"evaluation_period: {today.strftime('%Y-%m')}   # månad (ÅÅÅÅ-MM) eller period (ÅÅÅÅ-MM/ÅÅÅÅ-MM)",
        "first_evaluation: true",
        "evaluators:",
        "  - \"\"                         # en rad per utvärderare",
        "# logo: logga.png              # valfri bild i samma mapp som dokumentet",
        "",
        "summary:",
        "  evaluation: \"\"               # Utvärderingen: när, hur och med vilka intervjuer",
        "  comparisons: \"\"              # Jämförelser (valfri)",
        "  comments: \"\"                 # Sammanfattande kommentarer",
        "",
        "# reference_average:            # valfritt: ett genomsnitt att jämföra med",
        "#   description: Genomsnitt för kommuner som utvärderats sedan 2020",
        "#   total: 475",
        "#   areas: {1: 60, 2: 55, 3: 68, 4: 58, 5: 55, 6: 53, 7: 60, 8: 58}",
        "# previous_evaluation:          # valfritt: kommunens förra utvärdering, poäng per område",
        "#   year: 2019",
        "#   areas: {1: 50, 2: 52, 3: 66, 4: 57, 5: 45, 6: 48, 7: 60, 8: 51}",
        "",
        "areas:",
    ]
    for area in framework.areas:
        lines += [f"  {area.id}:                          # {area.name} (max {area.max})", "    scores:"]
        for question in area.questions:
            lines.append(f"      {question.id}:                    # 0–{question.max}  {question.name}")
        lines += [
            "    sections:                   # rubriker och text; Rubriker-rutan visar rubrikerna",
        ]
        for question in area.questions:
            lines += [f"      - heading: {_quoted(question.name)}", "        text: |", "          "]
        lines += [
            "    strengths:                  # Styrkor, en rad per punkt",
            "      - \"\"",
            "    improvements:               # Förbättringsmöjligheter, en rad per punkt",
            "      - \"\"",
        ]
    return "\n".join(lines) + "\n"

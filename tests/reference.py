"""The published Alingsås 2023 report (text extracted from its PDF), split into what a reader reads.

``reference_units()`` yields every paragraph, heading and list item of chapters 1-3,
with paragraphs that a page break split joined again, and ``reference_scores()``
the sub-question rows of chapter 4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REFERENCE = Path(__file__).parent / "data" / "kommunkompassen-alingsas-2023.txt"

# The sentence that introduces the spider chart; the chart (an image in the original)
# arrives with the charts issue, and the sentence with it.
CHART_SENTENCES = {
    "I följande diagram illustreras Alingsås poängprofil jämfört med ett nationellt medelvärde "
    "för kommuner som utvärderats sedan 2020.",
}
_CHAPTER = re.compile(r"^\d\.? ((?:Vad är|.* i förhållande till Kommunkompassen|Detaljerad genomgång).*)$")
_LABEL_ROWS = {"Rubriker\tPoäng", "Styrkor\tFörbättringsmöjligheter"}


@dataclass(frozen=True)
class Unit:
    kind: str  # "paragraph", "item" (list item) or "box" (Rubriker, Styrkor, Förbättringsmöjligheter)
    text: str


def _lines() -> list[str]:
    return REFERENCE.read_text("utf-8").split("\n")


def reference_units() -> list[Unit]:
    lines = _lines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "1 Vad är kommunkompassen?" and i > 30)
    end = next(i for i, line in enumerate(lines) if line.strip() == "4. Översikt av poängfördelning")
    units: list[Unit] = []
    for line in lines[start:end]:
        text = line.strip()
        if not text or text in CHART_SENTENCES or line.rstrip("\n") in _LABEL_ROWS:
            continue
        if text.startswith("<ul"):
            for column in text.split("\t"):
                column = re.sub(r"<ul[^>]*>", "", column)
                if re.fullmatch(r"\s*\d+\s*", column):
                    continue  # the area's points beside the Rubriker
                units += [Unit("box", item.strip()) for item in column.split("•") if item.strip()]
            continue
        if _CHAPTER.match(text):
            units.append(Unit("paragraph", _CHAPTER.match(text)[1]))  # chapter numbers are ours to set
            continue
        marker = re.match(r"^(- |\d+\. )(.*)$", text)
        if marker:
            units.append(Unit("item", marker[2]))
            continue
        if text[0].islower() and units and units[-1].kind == "paragraph":
            units[-1] = Unit("paragraph", units[-1].text + " " + text)  # a page break had split it
            continue
        units.append(Unit("paragraph", text))
    # The extraction marks italics with asterisks; the report sets them in italics instead.
    return [Unit(u.kind, u.text.replace("*", "")) for u in units]


@dataclass(frozen=True)
class ScoreRow:
    id: str
    name: str
    achieved: int
    max: int


def reference_scores() -> list[ScoreRow]:
    rows = []
    for line in _lines():
        match = re.match(r"^(\d\.\d) (.+)\t(\d+)\t(\d+)$", line)
        if match:
            rows.append(ScoreRow(match[1], match[2], int(match[3]), int(match[4])))
    return rows

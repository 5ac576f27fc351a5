"""The sample's PDF holds the published report: every paragraph, list item and score."""

from __future__ import annotations

import re

from pdftext import body_text, collapse, page_texts, squash
from reference import reference_scores, reference_units

AREA_POINTS = [56, 56, 77, 58, 47, 48, 57, 57]
RUNNING_TITLE = "Kommunkompassen – Alingsås kommun"


def test_every_paragraph_and_list_item_of_the_reference_in_reading_order(sample_reader):
    body = squash(body_text(sample_reader, RUNNING_TITLE))
    units = reference_units()
    assert len(units) > 300  # the parser really read the reference
    position = 0
    for unit in units:
        found = body.find(squash(unit.text), position)
        assert found >= 0, f"not found after position {position}: {unit.kind}: {unit.text[:90]}"
        position = found + 1


def test_all_36_scores_with_their_max_in_the_overview(sample_reader):
    pages = page_texts(sample_reader)
    start = next(i for i, text in enumerate(pages) if "Översikt av poängfördelning" in text and i > 2)
    overview = collapse("\n".join(pages[start:]))
    rows = reference_scores()
    assert len(rows) == 36
    for row in rows:
        name = row.name if row.id != "2.4" else "Civilsamhälle, näringsliv och kultur"  # published in capitals
        assert f"{row.id} {name} {row.achieved} {row.max}" in overview, row


def test_area_points_and_total_in_summary_boxes_and_overview(sample_reader):
    pages = page_texts(sample_reader)
    text = collapse("\n".join(pages))
    summary = collapse(next(p for p in pages if "Sammanfattning av resultat" in p and "Totalpoäng" in p))
    assert "Totalpoäng 456 av 800" in summary  # beside the bar chart
    comparison = collapse(next(p for p in pages if "Jämförelser" in p and "Genomsnitt" in p))
    assert "Totalt 456 475" in comparison
    for number, points in enumerate(AREA_POINTS, start=1):
        assert re.search(rf"{number}\. [^\d]+ {points}( |$)", comparison), number
    sums = [int(m) for m in re.findall(r"Summa (\d+) 100", text)]
    assert sums == AREA_POINTS
    for number, points in enumerate(AREA_POINTS, start=1):
        first_page = collapse(next(p for p in pages if re.search(rf"Område {number} \S.*\n", p)
                                   and "Rubriker" in p and f"Område {number}" in p.split("Rubriker")[0]))
        box = first_page.split("Rubriker", 1)[1].split("Allmänt", 1)[0]
        assert re.search(rf"\b{points}\b", box), (number, box)


def test_each_area_has_its_strengths_and_improvements_table(sample_reader):
    text = "\n".join(page_texts(sample_reader))
    assert text.count("Styrkor") == 8
    assert text.count("Förbättringsmöjligheter") == 8


def test_cover_names_municipality_date_evaluators_and_publisher(sample_reader):
    cover = collapse(sample_reader.pages[0].extract_text())
    for expected in ("Kommunkompassen", "Analys av Alingsås kommun", "21 februari 2023",
                     "Jessica Rööf, Lisa Lindell och Ulrika Elming", "Sveriges Kommuner och Regioner"):
        assert expected in cover

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
    assert "Totalpoäng 456 av 800 Genomsnitt: 475" in summary  # beside the bar chart, the average's total
    comparison = collapse(next(p for p in pages if "Jämförelser" in p and "Totalt" in p))
    # The document gives the average only as a total: no column of dashes, the total stands beside the chart.
    table = comparison[comparison.index("Område 2023"):comparison.index("Totalt 456") + len("Totalt 456 475")]
    assert not table.endswith("475") and " – " not in table, table
    for number, points in enumerate(AREA_POINTS, start=1):
        assert re.search(rf"(^| ){number} [^\d]+ {points}( |$)", comparison), number
    sums = [int(m) for m in re.findall(r"Summa (\d+) 100", text)]
    assert sums == AREA_POINTS
    for number, points in enumerate(AREA_POINTS, start=1):
        first_page = collapse(next(p for p in pages if re.search(rf"Område {number} \S.*\n", p)
                                   and "Rubriker" in p and f"Område {number}" in p.split("Rubriker")[0]))
        box = first_page.split("Rubriker", 1)[1].split("Allmänt", 1)[0]
        assert re.search(rf"\b{points}\b", box), (number, box)


def test_each_area_has_its_strengths_and_improvements_table(sample_reader):
    pages = page_texts(sample_reader)
    starts = [next(i for i, p in enumerate(pages) if i > 2 and re.search(rf"^Område {n} ", p, re.M))
              for n in range(1, 9)]
    overview = next(i for i, p in enumerate(pages) if i > 2 and "Översikt av poängfördelning" in p)
    for n, (start, end) in enumerate(zip(starts, starts[1:] + [overview]), start=1):
        area = "\n".join(pages[start:end])
        assert "Styrkor" in area and "Förbättringsmöjligheter" in area, n  # a split table repeats its header


def test_cover_names_municipality_date_evaluators_and_publisher(sample_reader):
    cover = collapse(sample_reader.pages[0].extract_text())
    for expected in ("Kommunkompassen", "Analys av Alingsås kommun", "21 februari 2023",
                     "Jessica Rööf, Lisa Lindell och Ulrika Elming", "Sveriges Kommuner och Regioner"):
        assert expected in cover

"""Chapter 2's charts, comparison table and captions, for both samples."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.graphics.shapes import String, UserNode

from conftest import ROOT
from pdftext import collapse
from test_pdf_structure import _fonts
from reportgen.charts import chart_png, draw_chart
from reportgen.evaluation import read_evaluation
from reportgen.report import build_report
from reportgen.tree import Chart, Table
from reportgen.writers.pdf import write_pdf

SAMPLES = {"alingsas": ROOT / "samples" / "alingsas-2023.yaml", "exempel": ROOT / "samples" / "exempelkommun.yaml"}
AREAS = ["Samspel mellan förtroendevalda och medborgare", "Samhällsutveckling", "Styrning och kontroll",
         "Effektivitet", "Brukarens fokus", "Kvalitetsutveckling", "Arbetsliv",
         "Chef- och ledarskap samt medarbetarskap"]


@pytest.fixture(scope="module")
def reports():
    built = {}
    for name, path in SAMPLES.items():
        evaluation, framework, _ = read_evaluation(path)
        built[name] = build_report(evaluation, framework)
    return built


def charts(report) -> dict[str, Chart]:
    return {b.kind: b for b in report.blocks if isinstance(b, Chart)}


def comparison(report) -> Table:
    return next(b for b in report.blocks if isinstance(b, Table) and b.role == "comparison")


def drawn_text(node) -> list[String]:
    """Every string in a drawing, with widgets (the spider chart, the legend) drawn out."""
    found: list[String] = []
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            found.append(child)
        elif isinstance(child, UserNode):
            found += drawn_text(child.provideNode())
        else:
            found += drawn_text(child)
    return found


def test_bar_chart_data_and_drawing(reports):
    bars = charts(reports["alingsas"])["bars"]
    assert bars.series[0].values == (56, 56, 77, 58, 47, 48, 57, 57)
    assert bars.categories == tuple(f"{n} {name}" for n, name in enumerate(AREAS, start=1))
    assert (bars.note.label, bars.note.value, bars.note.detail) == ("Totalpoäng", "456", "av 800")
    assert bars.series[0].value_labels == ("56", "56", "77", "58", "47", "48", "57", "57")
    texts = drawn_text(draw_chart(bars, 450))
    labels = [s.text for s in texts]
    for value in ("56", "77", "47", "0", "20", "100", "456", "av 800", "Totalpoäng"):
        assert value in labels
    assert "1 Samspel mellan förtroendevalda och" in labels and "medborgare" in labels  # wrapped
    assert {s.fontName for s in texts} <= {"NotoSans", "NotoSans-Bold"}


def test_radar_chart_series_for_both_samples(reports):
    alone = charts(reports["alingsas"])["radar"]
    assert [s.role for s in alone.series] == ["current"]  # the reference gives only a total: no invented areas
    full = charts(reports["exempel"])["radar"]
    assert [(s.label, s.role) for s in full.series] == [("Exempelby 2024", "current"), ("Genomsnitt", "reference"),
                                                        ("Exempelby 2019", "previous")]
    assert full.series[1].values == (60, 57, 68, 58, 55, 53, 60, 58)
    assert full.series[2].values == (50, 52, 66, 57, 45, 48, 60, 51)
    drawing = draw_chart(full, 450)
    texts = drawn_text(drawing)
    labels = [s.text for s in texts]
    for text in ("Exempelby 2024", "Genomsnitt", "Exempelby 2019"):
        assert text in labels
    spoke_text = " ".join(labels)
    for number, name in enumerate(AREAS, start=1):  # each spoke is labelled with its area, wrapped
        assert f"{number} {name}" in spoke_text, name
    assert {s.fontName for s in texts} <= {"NotoSans", "NotoSans-Bold"}
    spider = next(n for n in drawing.contents if type(n).__name__ == "_FixedScaleSpider")
    assert spider.data[-1] == [62, 58, 71, 55, 60, 52, 64, 59]  # the evaluation is drawn last, on top
    # series differ by dash pattern and marker, not colour alone
    looks = {(tuple(spider.strands[i].strokeDashArray or ()), spider.strands[i].symbol) for i in range(3)}
    assert len(looks) == 3


def test_comparison_tables(reports):
    alingsas = comparison(reports["alingsas"])
    # No previous evaluation and an average known only as a total: no such columns (no column of
    # dashes); the average's total is stated beside the bar chart's total instead.
    assert alingsas.header == ("Område", "2023")
    assert alingsas.rows[0] == ("1 Samspel mellan förtroendevalda och medborgare", "56")
    assert alingsas.footer == (("Totalt", "456"),)
    assert charts(reports["alingsas"])["bars"].note.reference == "Genomsnitt: 475"
    assert charts(reports["exempel"])["bars"].note.reference == "Genomsnitt: 469"
    exempel = comparison(reports["exempel"])
    assert exempel.header == ("Område", "2024", "Genomsnitt", "2019", "Förändring")
    assert exempel.rows[3] == ("4 Effektivitet", "55", "58", "57", "\u20132")  # en dash as minus
    assert exempel.rows[4] == ("5 Brukarens fokus", "60", "55", "45", "+15")
    assert exempel.footer == (("Totalt", "481", "469", "429", "+52"),)


def test_captions_are_built_from_the_data(reports):
    assert charts(reports["alingsas"])["bars"].caption == (
        "Stapeldiagram över poängen per område, 0–100. Högst poäng har område 3 Styrning och kontroll (77) "
        "och lägst område 5 Brukarens fokus (47). Totalpoängen är 456 av 800. "
        "Det är 19 poäng under genomsnittet, 475.")
    assert charts(reports["alingsas"])["radar"].caption == (
        "Spindeldiagram över Alingsås poäng i de åtta områdena, 0–100.")
    assert charts(reports["exempel"])["bars"].caption.endswith("Det är 12 poäng över genomsnittet, 469.")
    assert charts(reports["exempel"])["radar"].caption == (
        "Spindeldiagram över Exempelbys poäng i de åtta områdena, 0–100. Diagrammet jämför med genomsnittet och "
        "utvärderingen 2019. Störst skillnad mot genomsnittet har område 5 Brukarens fokus: 60 mot 55 poäng. "
        "Störst förändring sedan 2019 har område 5 Brukarens fokus: från 45 till 60 poäng (+15).")


@pytest.mark.parametrize("sample", ["alingsas", "exempel"])
def test_summary_chapter_holds_the_charts_as_vector_drawings(reports, sample, tmp_path):
    path = tmp_path / "report.pdf"
    write_pdf(reports[sample], path)
    reader = PdfReader(path)
    pages = [(i, p) for i, p in enumerate(reader.pages)
             if "Stapeldiagram över" in (p.extract_text() or "") or "Spindeldiagram över" in (p.extract_text() or "")]
    assert 1 <= len(pages) <= 2
    text = collapse(" ".join(p.extract_text() for _, p in pages))
    assert "Totalpoäng" in text and "Stapeldiagram över poängen per område" in text
    assert "Spindeldiagram över" in text
    contents = b"".join(page.get_contents().get_data() for _, page in pages)
    assert re.search(rb" re f\*?\n", contents)  # filled rectangles: the bars, the total's box
    for _, page in pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        assert not [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]  # no raster
        content = page.get_contents().get_data()
        assert re.search(rb" m [-\d. ]+ l S", content)  # stroked lines: grid, spokes
        fonts: list = []
        _fonts(page.get("/Resources"), fonts)
        assert {re.sub(r"^/[A-Z]{6}\+", "", str(f["/BaseFont"])) for f in fonts} <= {
            "NotoSans", "NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic"}  # chart labels too


@pytest.mark.parametrize("kind", ["bars", "radar"])
def test_png_from_the_same_definition_at_300_dpi(reports, kind):
    chart = charts(reports["exempel"])[kind]
    png = chart_png(chart, 450)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width == round(450 * 300 / 72)
    drawing = draw_chart(chart, 450)
    assert image.height == round(drawing.height * 300 / 72)
    dark = sum(1 for pixel in image.convert("L").get_flattened_data() if pixel < 100)
    assert dark > 1000  # it drew something, not a blank page
    # the radar strands must stay lines (an unfilled polygon in the PDF must not come out filled)
    assert dark < image.width * image.height * 0.2


def _texts(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, (tuple, list)):
        return [t for item in node for t in _texts(item)]
    if hasattr(node, "__dataclass_fields__"):
        return [t for name in node.__dataclass_fields__ for t in _texts(getattr(node, name))]
    return []


@pytest.mark.parametrize("sample", ["alingsas", "exempel"])
def test_every_character_of_the_report_has_a_glyph_in_the_bundled_font(reports, sample):
    from reportlab.pdfbase.ttfonts import TTFontFile

    from reportgen.resources import FONTS

    for face in ("Regular", "Bold", "Italic"):
        covered = TTFontFile(str(FONTS / f"NotoSans-{face}.ttf")).charToGlyph
        missing = {c for text in _texts(reports[sample].blocks) for c in text if ord(c) not in covered and c != "\n"}
        assert not missing, f"{face}: no glyph for {sorted(missing)}"


def _extent(string: String) -> tuple[float, float]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = stringWidth(string.text, string.fontName, string.fontSize)
    left = {"start": string.x, "middle": string.x - width / 2, "end": string.x - width}[string.textAnchor]
    return left, left + width


@pytest.mark.parametrize("kind", ["bars", "radar"])
def test_no_chart_text_leaves_the_drawing_with_a_60_character_name(tmp_path, kind):
    from test_pdf_typography import LONG_NAME, long_text_document

    for sample in SAMPLES.values():
        evaluation, framework, _ = read_evaluation(long_text_document(sample, tmp_path))
        chart = charts(build_report(evaluation, framework))[kind]
        assert any(LONG_NAME in s.label or len(s.label) > 30 for s in chart.series) or kind == "bars"
        drawing = draw_chart(chart, 450)
        texts = drawn_text(drawing)
        for string in texts:
            left, right = _extent(string)
            assert 0 <= left and right <= drawing.width + 0.5, (string.text, left, right)
            assert 0 <= string.y <= drawing.height - string.fontSize * 0.7, string.text
        if kind == "radar":  # the legend wraps the long series name instead of cutting it
            legend = " ".join(s.text for s in texts)
            assert all(word in legend for word in chart.series[0].label.split())


def _ring_figures_hit_by_lines(chart: Chart, width: float = 450) -> list[str]:
    """The ring figures (20 … 100) of a drawn spider chart that a series' line or marker touches,
    found by walking each line in 0.25 pt steps through the figures' boxes (baseline to cap height)."""
    from math import cos, pi, sin

    from reportlab.pdfbase.pdfmetrics import stringWidth

    drawing = draw_chart(chart, width)
    spider = next(n for n in drawing.contents if type(n).__name__ == "_FixedScaleSpider")
    cx, cy, radius = spider.x + spider.width / 2, spider.y + spider.height / 2, spider.width / 2
    figures = [s for s in drawing.contents if isinstance(s, String) and s.text in {"20", "40", "60", "80", "100"}]
    assert len(figures) == 5
    boxes = {s.text: (s.x - stringWidth(s.text, s.fontName, s.fontSize) / 2, s.y,
                      s.x + stringWidth(s.text, s.fontName, s.fontSize) / 2, s.y + 0.72 * s.fontSize)
             for s in figures}
    count = len(chart.categories)
    hit = set()
    for series in chart.series:
        corners = [(cx + radius * v / chart.maximum * cos(pi / 2 - 2 * pi * i / count),
                    cy + radius * v / chart.maximum * sin(pi / 2 - 2 * pi * i / count))
                   for i, v in enumerate(series.values)]
        for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1]):
            steps = int(max(abs(bx - ax), abs(by - ay)) * 4) + 1
            for step in range(steps + 1):
                x, y = ax + (bx - ax) * step / steps, ay + (by - ay) * step / steps
                near = 2.5 if step in (0, steps) else 0.9  # a marker's half size; half the line's width
                hit |= {text for text, (x0, y0, x1, y1) in boxes.items()
                        if x0 - near <= x <= x1 + near and y0 - near <= y <= y1 + near}
    return sorted(hit)


@pytest.mark.parametrize("values", [
    (56, 56, 77, 58, 47, 48, 57, 57),          # the Alingsås sample: its line crossed the "60" at the top
    (60, 60, 60, 60, 60, 60, 60, 60),          # a regular octagon through every gap
    (100, 20, 100, 20, 100, 20, 100, 20),      # a star
    (56, 56, 67, 58, 47, 48, 57, 0),           # a draft with an area missing
])
def test_spider_ring_figures_never_touch_a_line(reports, values):
    radar = charts(reports["exempel"])["radar"]
    series = (type(radar.series[0])(radar.series[0].label, values, "current"), *radar.series[1:])
    chart = type(radar)(**{**radar.__dict__, "series": series})
    assert _ring_figures_hit_by_lines(chart) == []


def test_spider_ring_figures_of_both_samples_are_clear(reports):
    for report in reports.values():
        assert _ring_figures_hit_by_lines(charts(report)["radar"]) == []

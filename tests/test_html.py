"""The web edition: one self-contained, accessible HTML page, checked as a file and in Chromium."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE, unavailable
from pdftext import collapse, squash
from reference import reference_scores, reference_units
from reportgen.cli import app
from reportgen.evaluation import read_evaluation
from reportgen.pipeline import WRITERS, with_source
from reportgen.report import build_report
from reportgen.tree import Chart, Heading, Table
from reportgen.writers.html import embedded_source, render_html
from reportgen.yamlfile import read_yaml

runner = CliRunner()
SAMPLES = [ROOT / "samples" / "alingsas-2023.yaml", ROOT / "samples" / "exempelkommun.yaml"]
HOSTILE = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[klicka](javascript:alert(1))",
           '<a href="javascript:alert(1)">x</a>', "&lt;b&gt;fet&lt;/b&gt; &amp;amp; &#60;i&#62;", "</script><!--",
           "</style><p>x", '" onmouseover="alert(1)', "{{ 7*7 }} {% raw %}", "]]> <![CDATA[ x"]


def report_of(document: Path):
    evaluation, framework, _ = read_evaluation(document)
    return with_source(build_report(evaluation, framework), document.name, document.read_bytes())


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for document in SAMPLES:
        path = folder / f"{document.stem}.html"
        path.write_text(render_html(report_of(document)), "utf-8")
        out[document.stem] = path
    return out


def tree_of(path: Path):
    return lxml_html.fromstring(path.read_bytes())


# --- the file -----------------------------------------------------------------------------------------

def test_semantic_structure(pages):
    root = tree_of(pages["alingsas-2023"])
    assert root.get("lang") == "sv-SE"
    assert root.findtext("head/title") == "Kommunkompassen: Analys av Alingsås kommun"
    body = root.find("body")
    skip = body.xpath("./*[1]")[0]
    assert skip.tag == "a" and skip.get("href") == "#main" and skip.text == "Hoppa till innehållet"
    assert [e.tag for e in body.xpath("./header|./nav|./main")] == ["header", "nav", "main"]
    cover = collapse(body.find("header").text_content())
    for fact in ("Kommunkompassen", "Analys av Alingsås kommun", "21 februari 2023",
                 "Jessica Rööf, Lisa Lindell och Ulrika Elming", "Sveriges Kommuner och Regioner"):
        assert fact in cover
    # The contents link every chapter and level-2 heading, and each link lands on a heading.
    links = body.xpath("//nav//a")
    assert len(links) == 4 + 4 + 8
    for link in links:
        target = root.get_element_by_id(link.get("href")[1:])
        assert target.tag in ("h1", "h2") and collapse(target.text_content()) == collapse(link.text_content())
    main = body.find("main")
    chapters = main.xpath("./section")
    assert [collapse(s.xpath("./h1")[0].text_content()) for s in chapters][0] == "1 Vad är kommunkompassen?"
    assert len(chapters) == 4
    areas = chapters[2].xpath("./section")
    assert [s.xpath("./h2")[0].text_content() for s in areas] == [
        f"Område {n} {name}" for n, name in enumerate(
            ["Samspel mellan förtroendevalda och medborgare", "Samhällsutveckling", "Styrning och kontroll",
             "Effektivitet", "Brukarens fokus", "Kvalitetsutveckling", "Arbetsliv",
             "Chef- och ledarskap samt medarbetarskap"], start=1)]
    for section in main.iter("section"):
        assert root.get_element_by_id(section.get("aria-labelledby")).getparent() is section
    # Headings never skip a level on the way down.
    levels = [int(h.tag[1]) for h in body.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert max(levels) == 3
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_every_table_is_a_real_table(pages):
    root = tree_of(pages["alingsas-2023"])
    tables = root.xpath("//table")
    assert len(tables) == 8 + 1 + 8 + 2  # Rubriker boxes, comparison, score tables, the charts' figures
    for table in tables:
        assert table.find("caption") is not None and table.findtext("caption").strip()
        headers = table.xpath(".//th")
        assert headers and all(th.get("scope") in ("col", "row") for th in headers)
        region = table.getparent()
        assert region.get("role") == "region" and region.get("tabindex") == "0"
        assert region.get("aria-labelledby") == table.find("caption").get("id")
    boxes = root.xpath("//table[@class='topic-box']")
    assert [b.xpath(".//th/text()") for b in boxes][0] == ["Rubriker", "Poäng"]
    assert [b.xpath("string(.//td[@class='points'])") for b in boxes] == ["56", "56", "77", "58", "47", "48", "57",
                                                                             "57"]
    assert all(b.xpath(".//td/ul/li") for b in boxes)
    scores = root.xpath("//table[contains(@class, 'area-scores')]")
    assert [t.findtext("caption") for t in scores][0] == "Poäng per delfråga i område 1 Samspel mellan " \
                                                        "förtroendevalda och medborgare"
    # Styrkor and Förbättringsmöjligheter as labelled lists.
    for column in root.xpath("//div[@class='list-column']"):
        label = column.find("h3")
        assert column.find("ul").get("aria-labelledby") == label.get("id") and column.xpath("./ul/li")


def test_all_36_scores_in_the_overview_tables(pages):
    root = tree_of(pages["alingsas-2023"])
    rows = [tuple(collapse(c.text_content()) for c in tr.xpath("./th|./td"))
            for tr in root.xpath("//table[contains(@class, 'area-scores')]//tr")]
    for score in reference_scores():
        name = score.name if score.id != "2.4" else "Civilsamhälle, näringsliv och kultur"
        assert (f"{score.id} {name}", str(score.achieved), str(score.max)) in rows
    assert [r[1] for r in rows if r[0] == "Summa"] == ["56", "56", "77", "58", "47", "48", "57", "57"]


def test_charts_are_labelled_svg_with_their_figures_as_a_table(pages, sample_report):
    root = tree_of(pages["alingsas-2023"])
    charts = [b for b in sample_report.blocks if isinstance(b, Chart)]
    figures = root.xpath("//figure[@class='chart']")
    assert len(figures) == len(charts) == 2
    for figure, chart in zip(figures, charts):
        svg = figure.xpath(".//*[local-name()='svg']")[0]
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert collapse(root.get_element_by_id(title_id).text_content()) == collapse(chart.caption)
        description = root.get_element_by_id(desc_id).text_content()
        assert all(f"{category}: " in description for category in chart.categories)
        assert collapse(figure.findtext("figcaption")) == collapse(chart.caption)
        table = figure.xpath("./details/div/table")[0]
        cells = [[collapse(c.text_content()) for c in tr.xpath("./th|./td")] for tr in table.xpath("./tbody/tr")]
        assert cells == [[category, *(s.value_labels[i] if s.value_labels else str(int(s.values[i]))
                                      for s in chart.series)] for i, category in enumerate(chart.categories)]
        assert [c[1] for c in cells] == [str(int(v)) for v in chart.series[0].values]
    # The same ids never occur twice (two charts' drawings included).
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_self_contained_fonts_embedded_and_no_script(pages):
    for path in pages.values():
        text = path.read_text("utf-8")
        root = tree_of(path)
        assert len(re.findall(r"@font-face \{[^}]*src: url\(data:font/woff2;base64,", text)) >= 3
        for attribute in root.xpath("//@src|//@href|//@*[local-name()='href']"):
            assert attribute.startswith(("#", "data:")), attribute
        assert not re.search(r"url\((?!data:|#)", text)
        assert [s.get("type") for s in root.iter("script")] == ["application/yaml"]
        assert not root.xpath("//@*[starts-with(name(), 'on')]")
        policy = root.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
        assert "default-src 'none'" in policy and "script-src" not in policy


def test_byte_reproducible_in_and_across_processes(tmp_path, pages):
    code = ("import sys; from pathlib import Path; sys.path.insert(0, 'tests'); from test_html import report_of; "
            "from reportgen.writers.html import render_html; "
            "sys.stdout.buffer.write(render_html(report_of(Path('samples/alingsas-2023.yaml'))).encode())")
    other = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True).stdout
    assert other == pages["alingsas-2023"].read_bytes()
    assert render_html(report_of(SAMPLE)).encode() == other


def test_extract_gives_back_the_document_and_rebuilding_gives_the_same_page(tmp_path):
    source = tmp_path / "doc.yaml"
    # A document whose text could close the script element it travels in.
    source.write_text(SAMPLE.read_text("utf-8") + "# </script><script>alert(1)</script> <!-- \r\n", "utf-8")
    result = runner.invoke(app, ["build", str(source), "-f", "html", "-o", str(tmp_path / "ut") + "/"])
    assert result.exit_code == 0, result.output
    page = tmp_path / "ut" / "doc.html"
    assert embedded_source(page.read_bytes()) == ("doc.yaml", source.read_bytes())
    result = runner.invoke(app, ["extract", str(page), "-o", str(tmp_path / "back.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "back.yaml").read_bytes() == source.read_bytes()
    (tmp_path / "again").mkdir()
    shutil.copy(tmp_path / "back.yaml", tmp_path / "again" / "doc.yaml")
    result = runner.invoke(app, ["build", str(tmp_path / "again" / "doc.yaml"), "-f", "html", "-o",
                                 str(tmp_path / "again") + "/"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again" / "doc.html").read_bytes() == page.read_bytes()


def test_extract_from_a_page_without_a_document_fails_cleanly(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", "utf-8")
    result = runner.invoke(app, ["extract", str(page), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1 and not (tmp_path / "x.yaml").exists()


def hostile_document(tmp_path: Path) -> Path:
    """The sample with hostile text in every free-text field of the document."""
    data = read_yaml(SAMPLE).data
    data["municipality"] = data["short_name"] = "Exempel<by> & <b>kommun</b>"
    data["evaluators"] = HOSTILE[:3]
    for key in ("evaluation", "comparisons", "comments"):
        data["summary"][key] = "\n\n".join(HOSTILE)
    data["introduction"] = "\n\n".join(HOSTILE)
    data["reference_average"]["description"] = HOSTILE[1]
    for area in data["areas"].values():
        area["general"] = "\n\n".join(f"- {h}" for h in HOSTILE)
        area["general_addendum"] = "> " + HOSTILE[0]
        area["headings"] = HOSTILE
        area["sections"] = [{"heading": h, "text": h} for h in HOSTILE]
        area["strengths"] = area["improvements"] = HOSTILE
    source = tmp_path / "hostile.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return source


def test_text_from_the_document_is_always_literal_text(tmp_path):
    page = render_html(report_of(hostile_document(tmp_path)))
    root = lxml_html.fromstring(page.encode())
    assert [s.get("type") for s in root.iter("script")] == ["application/yaml"]
    assert not root.xpath("//img|//iframe|//object|//embed|//form|//input|//style[not(parent::head)]")
    assert not root.xpath("//@*[starts-with(name(), 'on')]")
    assert all(a.get("href").startswith("#") for a in root.iter("a"))
    text = root.find("body").text_content()
    for hostile in HOSTILE:
        assert hostile in text, hostile
    assert "Exempel<by> & <b>kommun</b>" in root.findtext("head/title")
    assert "&lt;b&gt;fet&lt;/b&gt; &amp;amp; &#60;i&#62;" in text  # entities stay the characters typed
    assert len(root.xpath("//style")) == 1


def test_batch_builds_html_and_records_it_in_the_manifest(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLE, tmp_path / "in" / SAMPLE.name)
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-f", "pdf,html",
                                 "-j", "1"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    text = json.dumps(manifest)
    assert "alingsas-2023.html" in text
    page = tmp_path / "out" / "alingsas-2023.html"
    assert embedded_source(page.read_bytes())[1] == SAMPLE.read_bytes()
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-f", "html",
                                 "-j", "1"])
    assert result.exit_code == 0 and "1 oförändrade" in result.output, result.output  # Swedish, the default
    assert "html" in WRITERS


# --- in Chromium ----------------------------------------------------------------------------------------

BACK_PAGE = ["Sveriges Kommuner och Regioner", "118 82 Stockholm, besöksadress Hornsgatan 20, telefon 08-452 70 00",
             "www.skr.se", "Kommunkompassen: Analys av Alingsås kommun. Rapportdatum 21 februari 2023. Utvärderare: "
             "Jessica Rööf, Lisa Lindell och Ulrika Elming.", "© Sveriges Kommuner och Regioner, 2023"]


def test_the_back_page_is_the_pages_footer_after_main(pages):
    body = tree_of(pages["alingsas-2023"]).find("body")
    assert [e.tag for e in body.xpath("./header|./nav|./main|./footer")] == ["header", "nav", "main", "footer"]
    footer = body.find("footer")
    assert footer.get("class") == "back-page" and not footer.xpath("ancestor::section|ancestor::main")
    assert body.xpath("//footer") == [footer]  # one contentinfo landmark, none left inside a chapter
    assert [collapse(p.text_content()) for p in footer.iter("p")] == BACK_PAGE
    assert [p.get("class") for p in footer.iter("p")] == ["back-publisher"] + ["back-detail"] * 4
    last = body.find("main").xpath("./section")[-1]
    assert "Sveriges Kommuner och Regioner" not in last.text_content()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    if CHROMIUM is None:
        unavailable("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


def axe_source() -> str:
    from importlib.resources import files

    try:
        return (files("axe_playwright_python") / "axe.min.js").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        unavailable("axe-core is not installed (the axe-playwright-python package bundles it)")


def open_page(browser, path: Path, width: int = 1280, scheme: str = "light"):
    # bypass_csp: the page's policy would refuse the test's own script (axe) too.
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme, bypass_csp=True)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.requests = requests
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("sample", ["alingsas-2023", "exempelkommun"])
def test_axe_finds_no_wcag_21_a_or_aa_violation(browser, pages, sample, scheme):
    page = open_page(browser, pages[sample], scheme=scheme)
    page.evaluate(axe_source())
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # the figures tables too
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    assert len(result["passes"]) > 20  # it really ran
    assert page.requests == [pages[sample].as_uri()]  # nothing fetched from anywhere
    page.close()


@pytest.mark.parametrize("width", [320, 375, 640, 1280])
@pytest.mark.parametrize("sample", ["alingsas-2023", "exempelkommun"])
def test_no_horizontal_scrolling(browser, pages, sample, width):
    """Phone to desktop; 640 px is a 1280 px window zoomed to 200 %. Text enlarged to 200 % too."""
    page = open_page(browser, pages[sample], width=width)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans\"')")
    page.close()


def test_every_reference_paragraph_and_score_in_the_dom(browser, pages):
    page = open_page(browser, pages["alingsas-2023"], width=375)
    main = squash(page.evaluate("document.querySelector('main').textContent"))
    position = 0
    for unit in reference_units():
        found = main.find(squash(unit.text), position)
        assert found >= 0, f"not found in order: {unit.kind}: {unit.text[:90]}"
        position = found + 1
    rows = page.evaluate("[...document.querySelectorAll('table.area-scores tbody tr')]"
                         ".map(tr => [...tr.cells].map(c => c.textContent))")
    assert len(rows) == 36
    assert [(r.id, str(r.achieved), str(r.max)) for r in reference_scores()] == \
           [(row[0].split(" ")[0], row[1], row[2]) for row in rows]
    page.close()


def test_keyboard_reaches_every_link_in_order_with_a_visible_focus(browser, pages):
    page = open_page(browser, pages["alingsas-2023"])
    links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    reached, seen = [], set()
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return {tag: e.tagName, href: e.getAttribute('href'), key: e.outerHTML.slice(0, 80),
                    outline: s.outlineStyle, width: parseFloat(s.outlineWidth), visible: e.matches(':focus-visible'),
                    box: e.getBoundingClientRect().height}
        }""")
        if focused["tag"] == "BODY" or focused["key"] in seen:
            break
        seen.add(focused["key"])
        assert focused["visible"] and focused["outline"] != "none" and focused["width"] >= 2, focused
        assert focused["box"] > 0, focused  # on screen (the skip link appears when focused)
        if focused["tag"] == "A":
            reached.append(focused["href"])
    assert reached == links
    page.keyboard.press("Home")
    page.close()


def test_the_skip_link_moves_focus_to_the_main_content(browser, pages):
    page = open_page(browser, pages["alingsas-2023"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.close()


def test_prints_as_an_a4_document(browser, pages, tmp_path):
    from pypdf import PdfReader

    page = open_page(browser, pages["alingsas-2023"])
    pdf = page.pdf(prefer_css_page_size=True)
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    texts = [p.extract_text() for p in reader.pages]
    assert "Kommunkompassen" in texts[0] and "Kommunkompassen – Alingsås kommun" not in texts[0]
    assert squash(texts[1]).startswith(squash("Kommunkompassen – Alingsås kommun"))  # the running title
    assert re.search(rf"\b2 \({len(texts)}\)", texts[1])  # the page label
    assert 25 <= len(texts) <= 50
    starts = [i for i, t in enumerate(texts) if re.search(r"^Område \d ", t, re.M)]
    assert len(starts) >= 8


def test_the_printed_back_page_is_a_page_of_its_own_with_the_text_at_its_foot(browser, pages):
    from pypdf import PdfReader

    page = open_page(browser, pages["alingsas-2023"])
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    last = reader.pages[-1]
    assert squash(last.extract_text()) == squash("".join(BACK_PAGE))  # no running title, no page label
    assert "Sveriges Kommuner och Regioner" not in reader.pages[-2].extract_text()
    heights = []
    last.extract_text(visitor_text=lambda text, cm, tm, *_: heights.append(tm[5] * cm[3] + cm[5]) if text.strip()
                      else None)
    page_height = float(last.mediabox.height)
    assert heights and max(heights) < page_height * 0.3  # at the foot, as on the PDF's back page


def test_a_printed_draft_is_not_shrunk_and_marks_its_back_page(browser, tmp_path):
    from pypdf import PdfReader

    evaluation, framework, _ = read_evaluation(SAMPLE, draft=True)
    path = tmp_path / "draft.html"
    path.write_text(render_html(build_report(evaluation, framework, draft=True)), "utf-8")
    page = open_page(browser, path)
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    sizes = {}
    reader.pages[-1].extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.setdefault(
        text.strip(), abs(size * cm[3])) if text.strip() else None)
    assert "UTKAST" in sizes
    assert round(sizes["Sveriges Kommuner och Regioner"], 1) == 12.0  # the theme's size: the banner once shrank it


def test_the_logo_is_embedded_with_its_alternative_text(tmp_path):
    import resvg_py

    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#2f7ab8"/></svg>'
    (tmp_path / "logo.png").write_bytes(bytes(resvg_py.svg_to_bytes(svg_string=svg)))
    data = read_yaml(SAMPLE).data
    data["logo"] = "logo.png"
    source = tmp_path / "doc.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    root = lxml_html.fromstring(render_html(report_of(source)).encode())
    (logo,) = root.xpath("//header//img")
    assert logo.get("alt") == "Logotyp: Alingsås kommun"
    assert logo.get("src").startswith("data:image/png;base64,")


def test_hostile_text_runs_nothing_in_the_browser(browser, tmp_path):
    page_file = tmp_path / "hostile.html"
    page_file.write_text(render_html(report_of(hostile_document(tmp_path))), "utf-8")
    page = browser.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    page.mouse.move(200, 300)
    assert dialogs == [] and requests == [page_file.as_uri()]
    assert page.evaluate("[...document.scripts].map(s => s.type)") == ["application/yaml"]
    assert page.evaluate("document.images.length") == 0
    assert "<script>alert(1)</script>" in page.evaluate("document.querySelector('main').textContent")
    page.close()


@pytest.mark.parametrize(("width", "shown"), [(375, "chart-narrow"), (1280, "chart-wide")])
def test_a_phone_gets_the_narrower_drawing_and_a_screen_reader_one_drawing(browser, pages, width, shown):
    page = open_page(browser, pages["exempelkommun"], width=width)
    visible = page.evaluate("[...document.querySelectorAll('figure.chart svg')]"
                            ".filter(svg => svg.getBoundingClientRect().width > 0)"
                            ".map(svg => [svg.parentElement.className, svg.getBoundingClientRect().width])")
    assert [v[0] for v in visible] == [shown, shown]
    assert all(v[1] >= width * 0.85 or width > 1000 for v in visible)
    page.close()


def test_combining_accents_cyrillic_and_a_long_address_keep_a_phone_page_from_scrolling(browser, tmp_path):
    from test_robustness import ODD

    data = read_yaml(SAMPLE).data
    data["summary"]["comments"] = "\n\n".join(ODD)
    data["areas"]["1"]["strengths"] = ODD
    data["areas"]["1"]["headings"] = ODD
    data["areas"]["1"]["sections"][0]["heading"] = ODD[-1]
    source = tmp_path / "odd.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    page_file = tmp_path / "odd.html"
    page_file.write_text(render_html(report_of(source)), "utf-8")
    page = open_page(browser, page_file, width=320)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    text = page.evaluate("document.querySelector('main').textContent")
    assert all(odd in text for odd in ODD)
    page.close()


def test_kortfakta_is_the_last_chapter_and_the_back_page_stays_outside_it():
    document = ROOT / "tests" / "data" / "kommunkompassen-2010-sundbyberg.yaml"
    evaluation, framework, _ = read_evaluation(document)
    body = lxml_html.fromstring(render_html(build_report(evaluation, framework))).find("body")
    last = body.find("main").xpath("./section")[-1]
    assert collapse(last.xpath("./h1")[0].text_content()) == "5 Kortfakta om Sundbybergs stad"
    assert [[collapse(c.text_content()) for c in row] for row in last.iter("tr")] == [
        ["Uppgift", "Värde"], ["Invånare", "41 000"], ["Yta", "8,8 km²"], ["Politisk majoritet", "S, V och MP"]]
    assert "Sveriges Kommuner och Regioner" not in last.text_content()
    assert body.xpath("./main/following-sibling::footer[@class='back-page']")

"""The Word output: the same report in Word's own structures, and LibreOffice opens it."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import RGBColor
from lxml import etree
from pypdf import PdfReader

from conftest import ROOT, need_program
from pdftext import body_text, collapse, squash
from reference import reference_scores, reference_units
from reportgen.writers.docx import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory, sample_report) -> Path:
    path = tmp_path_factory.mktemp("docx") / "alingsas-2023.docx"
    write_docx(sample_report, path)
    return path


def blocks_text(document) -> list[str]:
    """Paragraph and table-cell text in document order (tables row by row, cell by cell)."""
    texts = []
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            texts.append("".join(t.text or "" for t in element.iter(W + "t")))
        elif element.tag == W + "tbl":
            for cell in element.iter(W + "tc"):
                for paragraph in cell.iter(W + "p"):
                    texts.append("".join(t.text or "" for t in paragraph.iter(W + "t")))
    return texts


def test_every_paragraph_and_list_item_of_the_reference_in_order(sample_docx):
    body = squash("\n".join(blocks_text(Document(sample_docx))))
    position = 0
    for unit in reference_units():
        found = body.find(squash(unit.text), position)
        assert found >= 0, f"not found: {unit.kind}: {unit.text[:90]}"
        position = found + 1


def test_all_36_scores_in_the_overview_tables(sample_docx):
    rows = []
    for table in Document(sample_docx).tables:
        rows += [tuple(cell.text for cell in row.cells) for row in table.rows]
    for score in reference_scores():
        name = score.name if score.id != "2.4" else "Civilsamhälle, näringsliv och kultur"
        assert (f"{score.id} {name}", str(score.achieved), str(score.max)) in rows
    assert [r[1] for r in rows if r[0] == "Summa"] == ["56", "56", "77", "58", "47", "48", "57", "57"]


def test_headings_in_order_with_built_in_styles(sample_docx, sample_report):
    expected = [(f"Heading {min(h.level, 3)}", h.title) for h in sample_report.headings()]
    found = [(p.style.name, p.text) for p in Document(sample_docx).paragraphs if p.style.name.startswith("Heading")]
    assert found == expected
    assert ("Heading 1", "4 Översikt av poängfördelning") in found
    assert ("Heading 2", "Område 8 Chef- och ledarskap samt medarbetarskap") in found
    assert ("Heading 3", "Allmänt") in found


def test_toc_field_pre_filled_and_refreshed_on_open(sample_docx, sample_report):
    document = Document(sample_docx)
    instructions = [t.text for t in document.element.body.iter(W + "instrText")]
    assert any(re.match(r"\s*TOC \\o \"1-2\"", i) for i in instructions)
    entries = [p.text.strip() for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    contents = [h.title for h in sample_report.headings() if h.in_contents]
    assert entries == contents
    anchors = {link.get(qn("w:anchor")) for link in document.element.body.iter(W + "hyperlink")}
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(W + "bookmarkStart")}
    assert len(anchors) == len(contents) and anchors <= bookmarks
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_footer_page_fields_header_and_cover_without_them(sample_docx):
    section = Document(sample_docx).sections[0]
    footer = section.footer._element
    fields = [f.get(qn("w:instr")).strip() for f in footer.iter(W + "fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    shown = "".join(t.text for t in footer.iter(W + "t"))
    assert shown == "1 (1)"  # the form n (N), with placeholders until Word computes the fields
    assert section.header.paragraphs[0].text == "Kommunkompassen – Alingsås kommun"
    assert section.different_first_page_header_footer


def test_language_and_core_properties(sample_docx):
    document = Document(sample_docx)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{W}lang").get(qn("w:val")) == "sv-SE"
    properties = document.core_properties
    assert properties.title == "Kommunkompassen: Analys av Alingsås kommun"
    assert properties.author == "Jessica Rööf, Lisa Lindell och Ulrika Elming"
    assert "Alingsås kommun" in properties.subject
    assert "Kommunkompassen" in properties.keywords
    assert properties.created.date().isoformat() == "2023-02-21"
    assert properties.language == "sv-SE"


def test_lists_use_list_styles_and_numbering_restarts(sample_docx):
    document = Document(sample_docx)
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 12  # chapter 1's eight areas and area 2's four focus areas
    assert not any(p.text.startswith(("•", "-")) for p in bullets + numbered)  # no typed bullets
    num_ids = [p._p.pPr.find(f"{W}numPr/{W}numId").get(qn("w:val")) for p in numbered]
    assert len(set(num_ids)) == 2  # two lists, each numbered from 1


def test_tables_repeat_their_header_row_and_charts_have_alt_text(sample_docx):
    document = Document(sample_docx)
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    assert len(document.tables) == 1 + 8 + 8 + 8  # comparison, 8 boxes, 8 strengths tables, 8 overviews
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    descriptions = [inline.find(wp + "docPr").get("descr") for inline in document.element.body.iter(wp + "inline")]
    assert len(descriptions) == 2 and all(d.startswith(("Stapeldiagram", "Spindeldiagram")) for d in descriptions)
    # The cover panel, the back page's band and rule are decoration, marked so for screen readers.
    decorations = list(document.element.body.iter(wp + "anchor"))
    assert len(decorations) == 3
    for picture in decorations:
        assert picture.get("behindDoc") == "1" and b"decorative" in etree.tostring(picture.find(wp + "docPr"))
    # Every drawing has an id of its own (Word may drop a drawing whose id another one has).
    ids = [docpr.get("id") for docpr in document.element.body.iter(wp + "docPr")]
    assert len(ids) == 5 and len(set(ids)) == 5, ids
    with zipfile.ZipFile(sample_docx) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(images) == 5
        from PIL import Image
        charts = [Image.open(io.BytesIO(archive.read(name))) for name in images]
        charts = [image for image in charts if image.width > 100]
        assert len(charts) == 2
        for image in charts:
            assert image.format == "PNG" and image.width >= 1850  # 16 cm at 300 dpi


def test_control_characters_never_crash_the_writer(sample_report, tmp_path):
    from dataclasses import replace

    from reportgen.tree import Paragraph, Span

    dirty = replace(sample_report, blocks=sample_report.blocks + (
        Paragraph((Span("klocka\x07 tab\x0b formfeed\x0c nul\x00 surrogat\ud800 slut"),)),))
    path = tmp_path / "dirty.docx"
    write_docx(dirty, path)
    assert "klocka tab formfeed nul surrogat slut" in [p.text for p in Document(path).paragraphs]


def _make_base_script():
    """templates/word/make_base.py as a module (it is a script, not part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_base", ROOT / "templates" / "word" / "make_base.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_base_document_is_what_its_script_makes(tmp_path):
    made = _make_base_script().make_base(tmp_path / "base.docx")
    with zipfile.ZipFile(made) as fresh, zipfile.ZipFile(ROOT / "templates" / "word" / "base.docx") as kept:
        for part in ("word/styles.xml", "word/document.xml", "word/numbering.xml", "word/settings.xml",
                     "word/fontTable.xml", "word/theme/theme1.xml", "docProps/app.xml"):
            assert fresh.read(part) == kept.read(part), f"{part} differs: run templates/word/make_base.py"


@pytest.fixture(scope="module")
def libreoffice_pdf(sample_docx, tmp_path_factory) -> Path:
    """LibreOffice's PDF of the sample .docx (with the fonts this machine has)."""
    return _convert(sample_docx, tmp_path_factory.mktemp("lo"))


def _convert(docx: Path, folder: Path, env: dict | None = None) -> Path:
    soffice = need_program("soffice", "libreoffice-writer-nogui")
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile",
                             "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                            capture_output=True, text=True, timeout=240, env=env)
    converted = folder / (docx.stem + ".pdf")
    assert result.returncode == 0 and converted.exists(), result.stderr
    return converted


def test_libreoffice_opens_it_and_shows_the_same_text(libreoffice_pdf):
    reader = PdfReader(libreoffice_pdf)
    assert len(reader.pages) > 30
    body = squash(body_text(reader, "Kommunkompassen – Alingsås kommun"))
    missing = [u.text[:80] for u in reference_units() if squash(u.text) not in body]
    assert not missing, missing[:5]
    overview = collapse(" ".join(p.extract_text() for p in reader.pages[-6:]))
    for score in reference_scores():
        assert f"{score.id} " in overview


# --- schema validity -------------------------------------------------------------------------------

def _build(sample: Path, target: Path) -> Path:
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report

    evaluation, framework, _ = read_evaluation(sample)
    write_docx(build_report(evaluation, framework), target)
    return target


def _schema_errors(path: Path) -> list[str]:
    from docx_validate import JingMissing, validate

    need_program("jing", "jing")
    try:
        errors, parts = validate(path)
    except JingMissing as exc:  # pragma: no cover - need_program saw it
        pytest.fail(str(exc))
    assert parts >= 8  # document, styles, numbering, settings, font table, header, footers, app.xml
    return errors


@pytest.mark.parametrize("sample", ["alingsas-2023", "exempelkommun"])
def test_both_samples_are_valid_against_the_ooxml_schemas(sample, tmp_path):
    path = _build(ROOT / "samples" / f"{sample}.yaml", tmp_path / f"{sample}.docx")
    errors = _schema_errors(path)
    assert errors == [], "\n".join(errors[:10])


def test_the_validator_finds_children_out_of_schema_order(sample_docx, tmp_path):
    """The check can fail: tblBorders moved after tblLayout, as python-docx's append used to put it."""
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(sample_docx) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = data.replace(b'<w:tblLayout w:type="fixed"/>',
                                    b'<w:tblLayout w:type="fixed"/><w:tblBorders/>', 1)
            target.writestr(name, data)
    errors = _schema_errors(broken)
    assert len(errors) == 1 and "tblBorders" in errors[0]


# --- look: named styles, no direct colour, the base document ---------------------------------------

def test_tables_and_cells_take_their_look_from_named_styles(sample_docx):
    document = Document(sample_docx)
    with zipfile.ZipFile(sample_docx) as archive:
        body = archive.read("word/document.xml")
    assert b"<w:shd " not in body and b"<w:color " not in body  # no direct shading, no run colours
    names = {style.style_id: style.name for style in document.styles}
    used = [names[table._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val"))] for table in document.tables]
    assert used.count("Styrkor-tabell") == 8 and used.count("Poängruta") == 8
    assert used.count("Rapporttabell") == 9
    strengths = next(t for t in document.tables if t.rows[0].cells[0].text == "Styrkor")
    assert strengths.rows[1].cells[0].paragraphs[0].style.name == "Tabellpunkt"
    box = next(t for t in document.tables if t.rows[0].cells[0].text == "Rubriker")
    assert box.rows[1].cells[1].paragraphs[0].style.name == "Poängsiffra"
    # Flush with the text margin and as wide as the text (Word 2013+ layout measures from the border).
    for table in document.tables:
        properties = table._tbl.tblPr
        assert properties.find(qn("w:tblInd")).get(qn("w:w")) == "0"
        assert abs(int(properties.find(qn("w:tblW")).get(qn("w:w"))) - 9071) <= 2  # 160 mm in twips


def test_base_document_holds_only_what_the_report_uses(sample_report, tmp_path):
    """Every style of the base is used by the sample plus the text forms it lacks (nested and
    numbered sublists, an item of two paragraphs, a quote, a draft's mark)."""
    from dataclasses import replace

    from reportgen.tree import ListBlock, Paragraph, Quote, plain

    sublist = ListBlock(((Paragraph(plain("inre")),),), ordered=True)
    extra = (ListBlock(((Paragraph(plain("punkt")), Paragraph(plain("fortsättning")), sublist,
                         ListBlock(((Paragraph(plain("inre punkt")),),))),)),
             Quote((Paragraph(plain("citat")),)))
    path = tmp_path / "all.docx"
    draft = replace(sample_report.metadata, draft_mark="UTKAST")
    write_docx(replace(sample_report, metadata=draft, blocks=sample_report.blocks + extra), path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        settings = archive.read("word/settings.xml").decode()
        app = archive.read("docProps/app.xml").decode()
        fonts = archive.read("word/fontTable.xml").decode()
        body = archive.read("word/document.xml").decode() + "".join(
            archive.read(n).decode() for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        styles = Document(path).styles
    assert 'w:name="compatibilityMode"' in settings and 'w:val="15"' in settings
    assert "<Application>reportgen</Application>" in app and "Macintosh" not in app and "<Words>" not in app
    assert not any(n.startswith(("customXml/", "docProps/thumbnail")) for n in names)
    assert "word/stylesWithEffects.xml" not in names
    assert re.findall(r'<w:font w:name="([^"]+)"', fonts) == ["Noto Sans"]
    # Every style is used, or is what a used one is based on, or is a default Word needs.
    used = set(re.findall(r'<w:(?:pStyle|tblStyle|rStyle) w:val="([^"]+)"', body))
    for style in list(styles):
        if style.style_id in used and style.base_style is not None:
            used.add(style.base_style.style_id)
    defaults = {"Normal", "DefaultParagraphFont", "TableNormal"}
    unused = {s.style_id for s in styles} - used - defaults
    assert not unused, unused


def test_base_document_reads_the_theme(tmp_path, monkeypatch):
    """make_base.py takes palette, font and page from templates/theme.yaml (reportgen.theme)."""
    import dataclasses

    from reportgen.theme import load_theme

    module = _make_base_script()
    theme = load_theme()
    rebranded = dataclasses.replace(
        theme, colours=dataclasses.replace(theme.colours, primary="#aa0011"),
        page=dataclasses.replace(theme.page, margin_left_mm=30))
    monkeypatch.setattr(module, "load_theme", lambda: rebranded)
    made = Document(module.make_base(tmp_path / "base.docx"))
    assert made.styles["heading 1"].font.color.rgb == RGBColor(0xAA, 0x00, 0x11)
    assert round(made.sections[0].left_margin.mm) == 30
    with zipfile.ZipFile(tmp_path / "base.docx") as archive:
        assert b'w:fill="AA0011"' in archive.read("word/styles.xml")  # the table header rows


def test_the_page_decorations_are_the_themes(tmp_path, monkeypatch, sample_report):
    """The cover panel and the back page's rule come from theme.yaml's decoration, as in the PDF."""
    import dataclasses

    from reportgen.theme import load_theme
    from reportgen.writers import docx as writer

    theme = load_theme()
    changed = dataclasses.replace(theme, decoration=dataclasses.replace(
        theme.decoration, cover_panel_share=0.5, back_rule_above_mm=40, back_rule_length_mm=50))
    monkeypatch.setattr(writer, "load_theme", lambda: changed)
    target = tmp_path / "dekor.docx"
    write_docx(sample_report, target)
    with zipfile.ZipFile(target) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    anchors = {a.find(f"{{{wp}}}docPr").get("name"): a for a in body.iter(f"{{{wp}}}anchor")}
    mm = 36000  # EMU
    panel = anchors["cover panel"].find(f"{{{wp}}}extent")
    assert int(panel.get("cy")) == round((297 * 0.5 + 3) * mm)
    rule = anchors["back rule"]
    assert int(rule.find(f"{{{wp}}}extent").get("cx")) == 50 * mm
    top = int(rule.find(f"{{{wp}}}positionV/{{{wp}}}posOffset").text)
    assert top == round((297 - 25 - 40 - 0.53 / 2) * mm)


# --- embedded fonts ------------------------------------------------------------------------------

def _embedded_faces(path: Path) -> tuple[dict, str]:
    """The embedded faces of the .docx at ``path``, unobfuscated, by embedding element; and its text."""
    from fontTools.ttLib import TTFont

    document = Document(path)
    settings = document.settings.element
    assert settings.find(qn("w:embedTrueTypeFonts")) is not None
    font_table = document.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(font_table.blob)
    font = root.find(qn("w:font"))
    assert font.get(qn("w:name")) == "Noto Sans"
    text = "".join(t.text or "" for t in document.element.body.iter(W + "t"))
    faces = {}
    for tag in ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic"):
        embed = font.find(qn(f"w:{tag}"))
        part = font_table.related_parts[embed.get(qn("r:id"))]
        assert part.partname.startswith("/word/fonts/") and part.content_type.endswith("obfuscatedFont")
        key = bytes.fromhex(re.sub(r"[{}-]", "", embed.get(qn("w:fontKey"))))[::-1]
        data = bytearray(part.blob)
        assert data[:4] != b"\x00\x01\x00\x00"  # obfuscated: not a plain TrueType header
        for index in range(32):
            data[index] ^= key[index % 16]
        faces[tag] = TTFont(io.BytesIO(bytes(data)))
    return faces, text


def test_fonts_are_embedded_obfuscated_and_cover_the_text(sample_docx):
    faces, text = _embedded_faces(sample_docx)
    for tag, face in faces.items():
        assert face["name"].getBestFamilyName() == "Noto Sans"
        cmap = face.getBestCmap()
        missing = {c for c in text if ord(c) not in cmap and not c.isspace()}
        assert not missing, (tag, missing)
        assert ord("€") in cmap and ord("Ø") in cmap  # the editing set beyond the document's own text
    assert faces["embedBold"]["OS/2"].usWeightClass == 700


def test_a_character_beyond_the_editing_set_is_embedded_too(sample_report, tmp_path):
    from dataclasses import replace

    from reportgen.tree import Paragraph, plain

    path = tmp_path / "greek.docx"
    write_docx(replace(sample_report, blocks=sample_report.blocks + (Paragraph(plain("Ωmega ș")),)), path)
    faces, _ = _embedded_faces(path)
    assert all({ord("Ω"), ord("ș")} <= set(face.getBestCmap()) for face in faces.values())
    sample_faces, _ = _embedded_faces(ROOT / "templates" / "word" / "base.docx")
    assert ord("Ω") not in sample_faces["embedRegular"].getBestCmap()


def test_libreoffice_shows_noto_sans_where_it_is_not_installed(sample_docx, tmp_path):
    """A fontconfig whose only font folder lacks Noto Sans (this machine has it system-wide).
    A .docx without embedded fonts falls back to another family there; the report keeps Noto Sans."""
    from docx.shared import Pt

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    # Some other family to fall back to (DejaVu where it is installed), never Noto.
    others = sorted(f for f in Path("/usr/share/fonts").rglob("*.ttf") if "noto" not in str(f).lower())
    for file in sorted(others, key=lambda f: "DejaVuSans" not in f.name)[:12]:
        (fonts / file.name).symlink_to(file)
    config = tmp_path / "fonts.conf"
    config.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>""")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    control = tmp_path / "control.docx"
    plain = Document()
    run = plain.add_paragraph().add_run("Noto Sans saknas här")
    run.font.name, run.font.size = "Noto Sans", Pt(12)
    plain.save(control)
    fallback = _pdf_font_names(_convert(control, tmp_path / "control", env))
    assert fallback and not any("NotoSans" in name for name in fallback), fallback
    embedded = _pdf_font_names(_convert(sample_docx, tmp_path / "report", env))
    assert {"NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic"} <= embedded, embedded


def _pdf_font_names(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1].lstrip("/"))
    return names


# --- layout as LibreOffice draws it -------------------------------------------------------------------

def _drawn_images(page) -> list[tuple[float, float, float]]:
    """(x, width, top) in mm of every image drawn on ``page``."""
    placed = []

    def visitor(operator, arguments, matrix, _):
        if operator == b"Do":
            placed.append((matrix[4] / 72 * 25.4, matrix[0] / 72 * 25.4, (matrix[5] + matrix[3]) / 72 * 25.4))

    page.extract_text(visitor_operand_before=visitor)
    return placed


def test_cover_panel_charts_and_tables_sit_where_the_pdf_has_them(libreoffice_pdf):
    reader = PdfReader(libreoffice_pdf)
    height = float(reader.pages[0].mediabox.height) / 72 * 25.4
    # The navy cover panel: full width from the top of the page, 42 % of it plus the accent strip.
    panel = [image for image in _drawn_images(reader.pages[0]) if image[1] > 200]
    assert panel and abs(panel[0][0]) < 0.5 and abs(panel[0][2] - height) < 0.5
    # Both charts as wide as the text and inside its margins (25 mm each side of 210 mm).
    charts = [image for page in reader.pages[1:10] for image in _drawn_images(page)]
    assert len(charts) == 2
    for x, width, _ in charts:
        assert 24.9 < x and x + width < 185.1, (x, width)
    # Table text keeps its padding from the cell edge, and the cell edge is the text margin.
    positions = []

    def visitor(text, matrix, text_matrix, *_):
        if text.strip() in ("Rubriker", "Område"):
            positions.append(text_matrix[4] * matrix[0] / 72 * 25.4 + matrix[4] / 72 * 25.4)

    for page in reader.pages[5:10]:
        page.extract_text(visitor_text=visitor)
    assert positions and all(26.5 < x < 28.5 for x in positions), positions


# --- a long document ------------------------------------------------------------------------------

LONG_NAME = "Storstads-Väsby och Sollentuna gemensamma förvaltningskommun"  # 60 characters


def long_text_document(folder: Path) -> Path:
    """The Alingsås sample with every narrative tripled, a 60-character municipality name (no
    short name) and a numbered list of 12 items: tests/data/long_text.yaml where it exists."""
    import yaml

    shared = ROOT / "tests" / "data" / "long_text.yaml"
    if shared.exists():
        return shared
    data = yaml.safe_load((ROOT / "samples" / "alingsas-2023.yaml").read_text("utf-8"))
    assert len(LONG_NAME) == 60
    data["municipality"] = LONG_NAME
    data.pop("short_name", None)
    data.pop("logo", None)

    def tripled(text: str) -> str:
        return "\n\n".join([text.strip()] * 3) + "\n"

    data["summary"] = {key: tripled(text) for key, text in data["summary"].items()}
    for area in data["areas"].values():
        for section in area.get("sections", []):
            section["text"] = tripled(section["text"])
        for key in ("general", "general_addendum"):
            if key in area:
                area[key] = tripled(area[key])
    first = data["areas"][1]["sections"][0]
    first["text"] += "\n" + "\n".join(f"{n}. Åtgärd nummer {n} i en lång numrerad lista" for n in range(1, 13)) + "\n"
    path = folder / "long_text.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_a_long_document_builds_valid_and_keeps_chart_text_inside_its_images(tmp_path):
    from reportgen.charts import draw_chart
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report
    from reportgen.theme import load_theme
    from reportgen.tree import Chart

    evaluation, framework, _ = read_evaluation(long_text_document(tmp_path))
    report = build_report(evaluation, framework)
    path = tmp_path / "long.docx"
    write_docx(report, path)
    document = Document(path)
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert sum(text.startswith("Åtgärd nummer") for text in numbered) == 12
    assert document.sections[0].header.paragraphs[0].text.endswith(LONG_NAME)
    assert _schema_errors(path) == []
    # The images are these drawings rasterised at their own size, so whatever a drawing holds
    # outside its bounds (a legend too long for its place) is cut off in Word.
    charts = [b for b in report.blocks if isinstance(b, Chart)]
    assert len(charts) == 2
    for chart in charts:
        drawing = draw_chart(chart, load_theme().page.text_width_mm / 25.4 * 72)
        left, bottom, right, top = drawing.getBounds()  # every shape and string, text by its font metrics
        assert left >= -0.5 and bottom >= -0.5, (chart.kind, left, bottom)
        assert right <= drawing.width + 0.5 and top <= drawing.height + 0.5, (chart.kind, right, drawing.width)


def test_the_back_page_is_a_last_section_without_running_header_or_page_label(sample_docx, sample_report):
    from reportgen.tree import BackPage

    (back,) = [b for b in sample_report.blocks if isinstance(b, BackPage)]
    document = Document(sample_docx)
    last = document.sections[-1]
    assert len(document.sections) == 2
    assert not last.header.is_linked_to_previous and not last.footer.is_linked_to_previous
    assert "".join(p.text for p in last.header.paragraphs + last.footer.paragraphs) == ""
    body = [p for p in document.paragraphs if p.style.name in ("Baksidesrubrik", "Baksidestext")]
    assert [p.text for p in body] == [b.content[0].text for b in back.blocks]
    # the publisher is the report's choice (its role), the writer only maps it to a style
    assert [p.style.name for p in body] == ["Baksidesrubrik" if b.role == "publisher" else "Baksidestext"
                                            for b in back.blocks]
    assert [b.role for b in back.blocks] == ["publisher", *["imprint"] * (len(back.blocks) - 1)]
    for paragraph in body:  # a frame at the foot of the page, as the PDF puts it
        frame = paragraph._p.pPr.find(qn("w:framePr"))
        assert frame.get(qn("w:yAlign")) == "bottom" and frame.get(qn("w:vAnchor")) == "margin"

"""The Word output: the same report in Word's own structures, and LibreOffice opens it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import ROOT
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
    entries = [p.text.strip() for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
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
    descriptions = [d.get("descr") for d in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(descriptions) == 2 and all(d.startswith(("Stapeldiagram", "Spindeldiagram")) for d in descriptions)
    with zipfile.ZipFile(sample_docx) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(images) == 2
        from PIL import Image
        import io
        for name in images:
            image = Image.open(io.BytesIO(archive.read(name)))
            assert image.format == "PNG" and image.width >= 1850  # 16 cm at 300 dpi


def test_control_characters_never_crash_the_writer(sample_report, tmp_path):
    from dataclasses import replace

    from reportgen.tree import Paragraph, Span

    dirty = replace(sample_report, blocks=sample_report.blocks + (
        Paragraph((Span("klocka\x07 tab\x0b formfeed\x0c nul\x00 surrogat\ud800 slut"),)),))
    path = tmp_path / "dirty.docx"
    write_docx(dirty, path)
    assert "klocka tab formfeed nul surrogat slut" in [p.text for p in Document(path).paragraphs]


def test_base_document_is_what_its_script_makes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_base", ROOT / "templates" / "word" / "make_base.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.make_base(tmp_path / "base.docx")
    with zipfile.ZipFile(made) as fresh, zipfile.ZipFile(ROOT / "templates" / "word" / "base.docx") as kept:
        for part in ("word/styles.xml", "word/document.xml", "word/numbering.xml", "word/settings.xml"):
            assert fresh.read(part) == kept.read(part), f"{part} differs: run templates/word/make_base.py"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_libreoffice_opens_it_and_shows_the_same_text(sample_docx, tmp_path):
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(sample_docx)],
                            capture_output=True, text=True, timeout=240)
    converted = tmp_path / "alingsas-2023.pdf"
    assert result.returncode == 0 and converted.exists(), result.stderr
    reader = PdfReader(converted)
    assert len(reader.pages) > 30
    body = squash(body_text(reader, "Kommunkompassen – Alingsås kommun"))
    missing = [u.text[:80] for u in reference_units() if squash(u.text) not in body]
    assert not missing, missing[:5]
    overview = collapse(" ".join(p.extract_text() for p in reader.pages[-6:]))
    for score in reference_scores():
        assert f"{score.id} " in overview

"""Word round trip: a .docx reportgen wrote, edited in Word (here: python-docx, and LibreOffice), comes back
as the evaluation document with the edits, and a broken structure is refused."""

from __future__ import annotations

import copy
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from conftest import ROOT, need_program
from reportgen import pipeline
from reportgen.cli import app
from reportgen.evaluation import read_evaluation
from reportgen.importing import import_report
from reportgen.markup import parse_markdown
from reportgen.problems import InvalidInput
from reportgen.report import build_report
from reportgen.writers.docx import write_docx

SAMPLES = [ROOT / "samples" / "alingsas-2023.yaml", ROOT / "samples" / "exempelkommun.yaml"]
EXEMPEL = SAMPLES[1]
runner = CliRunner()


def built(source: Path, folder: Path) -> Path:
    target = folder / f"{source.stem}.docx"
    pipeline.build(source, {"docx": target})
    return target


def imported(docx: Path, folder: Path, **options):
    target = folder / "importerad.yaml"
    warnings = import_report(docx, target, **options)
    evaluation, _, _ = read_evaluation(target)
    return evaluation, warnings


def libreoffice_saved(docx: Path, folder: Path) -> Path:
    """The file as LibreOffice writes it back: every part rewritten."""
    soffice = need_program("soffice", "libreoffice-writer-nogui")
    out = folder / "libreoffice"
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile",
                             "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(docx)],
                            capture_output=True, text=True, timeout=240)
    saved = out / docx.name
    assert result.returncode == 0 and saved.exists(), result.stderr
    return saved


# --- round trip identity -------------------------------------------------------------------------

@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.stem)
def test_build_docx_import_gives_back_the_same_document(source, tmp_path):
    docx = built(source, tmp_path)
    evaluation, warnings = imported(docx, tmp_path)
    original, _, _ = read_evaluation(source)
    assert evaluation == original
    assert not [w for w in warnings if w.file == str(docx)]  # nothing to report about the Word file


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.stem)
def test_the_text_alone_gives_back_every_text_score_and_fact_it_shows(source, tmp_path):
    """Without the embedded source only what no text shows is missing: the short name, the reference's
    description, and a reference average known only as a total (the chart shows it)."""
    original, framework, _ = read_evaluation(source)
    path = tmp_path / "utan-kalla.docx"
    write_docx(build_report(original, framework), path)
    with zipfile.ZipFile(path) as package:
        assert not any(b"urn:reportgen:source" in package.read(n) for n in package.namelist()
                       if n.startswith("customXml/item"))
    evaluation, _ = imported(path, tmp_path)
    only_in_source = {"short_name": original.short_name}
    reference = original.reference_average
    if reference is not None:  # per-area figures are in the comparison table; a total alone only in the chart
        only_in_source["reference_average"] = evaluation.reference_average.model_copy(
            update={"description": reference.description}) if reference.areas else reference
    assert evaluation.model_copy(update=only_in_source) == original


def test_the_anchors_survive_a_libreoffice_save(tmp_path):
    """Heading styles, bookmarks, custom properties and the source part are what the reader relies on."""
    saved = libreoffice_saved(built(EXEMPEL, tmp_path), tmp_path)
    document = Document(saved)
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 1") == 4 and styles.count("Heading 2") == 4 + 8
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert {f"_Toc_chapter_{n}" for n in range(1, 5)} | {f"_Toc_area_{n}" for n in range(1, 9)} <= bookmarks
    with zipfile.ZipFile(saved) as package:
        assert b"reportgen.framework" in package.read("docProps/custom.xml")
        assert any(b"urn:reportgen:source" in package.read(n) for n in package.namelist()
                   if n.startswith("customXml/item"))


# --- edits ---------------------------------------------------------------------------------------

def _paragraph_after(paragraph: Paragraph, text: str = "", style: str | None = None) -> Paragraph:
    element = OxmlElement("w:p")
    paragraph._p.addnext(element)
    added = Paragraph(element, paragraph._parent)
    if style:
        added.style = style
    if text:
        added.add_run(text)
    return added


def _find(document, start: str) -> Paragraph:
    """The first paragraph of the text (not the contents' entry) that starts so."""
    return next(p for p in document.paragraphs
                if p.text.startswith(start) and not p.style.name.lower().startswith("toc"))


def _delete(paragraph: Paragraph) -> None:
    paragraph._p.getparent().remove(paragraph._p)


def _area_tables(document, area: int):
    """The area's Rubriker/Poäng box and Styrkor table (they follow its heading)."""
    body = list(document.element.body.iterchildren())
    heading = next(i for i, e in enumerate(body) if e.tag == qn("w:p") and e.style == "Heading2" and
                   "".join(e.itertext()).startswith(f"Område {area} "))
    tables = [e for e in body[heading:] if e.tag == qn("w:tbl")][:2]
    return [next(t for t in document.tables if t._tbl is e) for e in tables]


def _overview_table(document, area: int):
    return next(t for t in document.tables
                if t.cell(0, 0).text.startswith(f"{area} ") and t.cell(0, 1).text == "Uppnått")


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8cfc0f01f0005000201a1a6e0d50000000049454e44ae426082")


def edit_like_a_person(path: Path) -> Path:
    """Every kind of edit the issue lists, made with python-docx on the Exempelby report."""
    document = Document(path)
    # metadata on the cover
    _find(document, "Analys av").runs[0].text = "Analys av Nyby kommun"
    _find(document, "14 maj 2024").runs[0].text = "3 juni 2024"
    _find(document, "Anna Andersson och").runs[0].text = "Anna Andersson, Cecilia Ceder och Bertil Berg"
    # chapter 1: a paragraph changed, with an italic word
    changed = _find(document, "Kommunkompassen utvärderar inte verksamhetens resultat")
    for run in changed.runs[1:]:
        run.text = ""
    changed.runs[0].text = "Kommunkompassen utvärderar "
    changed.add_run("arbetssätt").italic = True
    changed.add_run(", inte resultat.")
    _delete(_find(document, "Arbetsliv"))  # an item of a numbered list
    # chapter 2: a paragraph added; a paragraph deleted; list items reordered, removed, nested
    _paragraph_after(_find(document, "Utvärderingen av Exempelby"), "Ett tillagt stycke.")
    _delete(_find(document, "Exempelby är en kommun i rörelse"))
    first, second, third = (_find(document, t) for t in ("att koppla ihop", "att sprida", "att följa upp"))
    first._p.addprevious(third._p)
    _delete(second)
    _paragraph_after(third, "särskilt e-tjänsterna", "List Bullet 2")
    # area 1: Allmänt gets a paragraph, a section is rewritten, a new subsection is added
    general_last = _find(document, "Förtroendevaldas synlighet")
    _paragraph_after(general_last, "Tillägg till Allmänt.")
    section = _find(document, "Exempelby har sedan 2021")
    section.runs[0].text = "Strategin är "
    section.add_run("ny").italic = True
    section.add_run(" och följs upp ")
    section.add_run("varje år").bold = True
    section.add_run(".")
    last = _find(document, "Webbplatsen är tydlig")
    heading = _paragraph_after(last, "Ny rubrik", "Heading 3")
    _paragraph_after(heading, "Ny text.")
    # area 1: Styrkor table, an item removed, one added, a row added
    _, lists = _area_tables(document, 1)
    strengths = lists.cell(1, 0)
    _delete(strengths.paragraphs[0])
    added = _paragraph_after(strengths.paragraphs[-1], "Ny ", strengths.paragraphs[-1].style)
    added.add_run("styrka").italic = True
    row = lists.add_row()
    row.cells[0].paragraphs[0].add_run("Extra styrka")
    row.cells[1].paragraphs[0].add_run("Extra förbättring")
    # scores: a sub-question changed; computed points typed over (they must only warn)
    _overview_table(document, 1).cell(2, 1).paragraphs[0].runs[0].text = "9"
    comparison = next(t for t in document.tables if t.cell(0, 0).text == "Område")
    assert comparison.cell(0, 2).text == "Genomsnitt" and comparison.cell(0, 3).text == "2019"
    comparison.cell(1, 2).paragraphs[0].runs[0].text = "61"  # the evaluators' figures: read
    comparison.cell(2, 3).paragraphs[0].runs[0].text = "53"
    box, _ = _area_tables(document, 2)
    box.cell(1, 1).paragraphs[0].runs[0].text = "99"
    box.cell(1, 0).paragraphs[0].runs[0].text = "Hållbarhet"  # a Rubriker of the box: text, so it is kept
    overview = _overview_table(document, 3)
    overview.rows[-1].cells[1].paragraphs[0].runs[0].text = "1"
    # unplaceable: a picture, a paragraph in a style of no part, a table of no part
    picture = _paragraph_after(_find(document, "Kommunens hållbarhetsprogram"))
    picture.add_run().add_picture(io.BytesIO(PNG))
    _paragraph_after(_find(document, "Styrmodellen är känd"), "En titel mitt i texten.", "Title")
    foreign = document.add_table(rows=1, cols=2)
    foreign.cell(0, 0).text, foreign.cell(0, 1).text = "Egen", "tabell"
    _find(document, "Kommunen jämför sina kostnader")._p.addnext(foreign._tbl)
    edited = path.with_name("redigerad.docx")
    document.save(edited)
    return edited


def assert_the_edits_came_back(evaluation, warnings) -> None:
    original, framework, _ = read_evaluation(EXEMPEL)
    assert evaluation.municipality == "Nyby kommun"
    assert evaluation.report_date.isoformat() == "2024-06-03"
    assert evaluation.evaluators == ["Anna Andersson", "Cecilia Ceder", "Bertil Berg"]
    standard = framework.texts("sv").introduction.split("\n\n")
    expected = [("Kommunkompassen utvärderar *arbetssätt*, inte resultat."
                 if u.startswith("Kommunkompassen utvärderar inte") else u.replace("7. Arbetsliv\n", ""))
                for u in standard]
    assert parse_markdown(evaluation.introduction) == parse_markdown("\n\n".join(expected))
    assert evaluation.summary.evaluation == original.summary.evaluation + "\n\nEtt tillagt stycke."
    assert evaluation.summary.comments == (
        "Kommunens främsta utvecklingsområden är:\n\n"
        "- att följa upp effekterna av digitaliseringen.\n"
        "  - särskilt e-tjänsterna\n"
        "- att koppla ihop ekonomiska resultat med verksamhetens resultat,")
    area = evaluation.areas[1]
    assert area.general is None and area.general_addendum == "Tillägg till Allmänt.\n"
    assert [(s.heading, s.text) for s in area.sections] == [
        ("Strategi för demokratiutveckling", "Strategin är *ny* och följs upp **varje år**.\n"),
        ("Information till medborgarna", original.areas[1].sections[1].text),
        ("Ny rubrik", "Ny text.\n")]
    assert area.headings is None  # the box follows the sections, the new one included
    assert area.strengths == ["Kallelser och protokoll samlade i en portal", "Ny *styrka*", "Extra styrka"]
    assert area.improvements == ["Följ upp vilka grupper som deltar i dialogerna", "Extra förbättring"]
    assert area.scores == {**original.areas[1].scores, "1.2": 9}
    assert [a.scores for n, a in evaluation.areas.items() if n != 1] == \
        [a.scores for n, a in original.areas.items() if n != 1]
    assert evaluation.areas[3].sections[0].text == original.areas[3].sections[0].text + \
        "\nEn titel mitt i texten.\n"  # the text stays; its style is reported
    assert evaluation.areas[2].sections == original.areas[2].sections  # the picture is left out
    assert evaluation.areas[2].headings == ["Hållbarhet"]
    assert evaluation.areas[4].sections == original.areas[4].sections  # so is the foreign table
    untouched = ("comparisons", )
    assert [getattr(evaluation.summary, k) for k in untouched] == [getattr(original.summary, k) for k in untouched]
    assert evaluation.reference_average.areas == {**original.reference_average.areas, 1: 61}
    assert evaluation.previous_evaluation.areas == {**original.previous_evaluation.areas, 2: 53}
    said = "\n".join(str(w) for w in warnings)
    assert "Rubriker/Poäng" in said and "”99”" in said  # the box's points: computed, reported
    assert "poängtabellen för område 3" in said
    assert "en bild kan inte placeras" in said and "under ”Hållbar utveckling”" in said
    assert "”Title”" in said and "Egen | tabell" in said
    assert "jämförelsetabellen" not in said


def test_edits_made_in_word_come_back_exactly(tmp_path):
    edited = edit_like_a_person(built(EXEMPEL, tmp_path))
    assert_the_edits_came_back(*imported(edited, tmp_path))


def test_the_same_edits_survive_a_libreoffice_save(tmp_path):
    saved = libreoffice_saved(edit_like_a_person(built(EXEMPEL, tmp_path)), tmp_path)
    assert_the_edits_came_back(*imported(saved, tmp_path))


# --- tracked changes and comments ----------------------------------------------------------------

def _with_tracked_changes(path: Path) -> Path:
    document = Document(path)
    paragraph = _find(document, "Utvärderingen av Exempelby")
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="9001" w:author="Granskare" w:date="2024-05-20T10:00:00Z">'
        '<w:r><w:t xml:space="preserve"> Infogad mening.</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="9002" w:author="Granskare" w:date="2024-05-20T10:00:00Z">'
        '<w:r><w:delText xml:space="preserve"> Struken mening.</w:delText></w:r></w:del>'))
    comments = _find(document, "Exempelby är en kommun i rörelse")
    document.add_comment(comments.runs[0], text="Stämmer detta?", author="Kommunen")
    # a whole paragraph deleted, and one inserted, as Word tracks them: the runs and the paragraph mark
    change = 'w:id="{}" w:author="Kommunen" w:date="2024-05-21T09:00:00Z"'
    removed = _find(document, "Kommunens främsta utvecklingsområden")
    removed._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del {change.format(9003)}/></w:rPr>'))
    for run in list(removed._p.iter(qn("w:r"))):
        for text in run.iter(qn("w:t")):
            text.tag = qn("w:delText")
        wrapper = parse_xml(f'<w:del {nsdecls("w")} {change.format(9004)}/>')
        run.addprevious(wrapper)
        wrapper.append(run)
    added = _paragraph_after(comments)
    added._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {nsdecls("w")}><w:ins {change.format(9005)}/></w:rPr>'))
    added._p.append(parse_xml(f'<w:ins {nsdecls("w")} {change.format(9006)}><w:r><w:t>Ett infogat stycke.</w:t>'
                              '</w:r></w:ins>'))
    target = path.with_name("spårade.docx")
    document.save(target)
    return target


def test_tracked_changes_and_comments_are_listed_and_read_as_accepted(tmp_path):
    evaluation, warnings = imported(_with_tracked_changes(built(EXEMPEL, tmp_path)), tmp_path)
    assert evaluation.summary.evaluation.rstrip().endswith("företrädare. Infogad mening.")
    assert "Struken" not in evaluation.summary.evaluation
    assert evaluation.summary.comments.startswith("Exempelby är en kommun i rörelse")
    assert "\n\nEtt infogat stycke.\n\n- att koppla ihop" in evaluation.summary.comments
    assert "främsta utvecklingsområden" not in evaluation.summary.comments
    listed = [str(w) for w in warnings if "ändringsmarkeringar" in w.message]
    assert len(listed) == 1
    assert "Infogad mening." in listed[0] and "Struken mening." in listed[0] and "Stämmer detta?" in listed[0]
    assert "Granskare" in listed[0] and "Kommunen" in listed[0]


def test_reject_changes_reads_the_text_as_it_was(tmp_path):
    docx = _with_tracked_changes(built(EXEMPEL, tmp_path))
    result = runner.invoke(app, ["import", str(docx), "-o", str(tmp_path / "avvisad.yaml"), "--reject-changes"])
    assert result.exit_code == 0, result.output
    evaluation, _, _ = read_evaluation(tmp_path / "avvisad.yaml")
    assert evaluation.summary.evaluation.rstrip().endswith("företrädare. Struken mening.")
    original, _, _ = read_evaluation(EXEMPEL)
    assert evaluation.summary.comments == original.summary.comments  # as before the tracked changes
    assert "--reject-changes" in result.output


# --- a broken structure --------------------------------------------------------------------------

def test_a_deleted_area_heading_is_an_error_naming_it_and_nothing_is_written(tmp_path):
    path = built(EXEMPEL, tmp_path)
    document = Document(path)
    _delete(_find(document, "Område 3 Styrning och kontroll"))
    document.save(path)
    target = tmp_path / "ut.yaml"
    result = runner.invoke(app, ["import", str(path), "-o", str(target)])
    assert result.exit_code == 1
    assert "område 3 (Styrning och kontroll) hittades inte" in result.output
    assert "Traceback" not in result.output
    assert not target.exists() and not list(tmp_path.glob(".ut.yaml*"))


def test_a_split_table_is_an_error_naming_it(tmp_path):
    path = built(EXEMPEL, tmp_path)
    document = Document(path)
    table = _overview_table(document, 5)._tbl
    second = copy.deepcopy(table)
    rows = table.findall(qn("w:tr"))
    for row in rows[3:]:
        table.remove(row)
    for row in second.findall(qn("w:tr"))[:3]:
        second.remove(row)
    spacer = OxmlElement("w:p")
    table.addnext(spacer)
    spacer.addnext(second)
    document.save(path)
    with pytest.raises(InvalidInput) as raised:
        import_report(path, tmp_path / "ut.yaml")
    said = "\n".join(str(p) for p in raised.value.problems)
    assert "poängtabellen för område 5 har delats" in said
    assert not (tmp_path / "ut.yaml").exists()


def test_a_split_strengths_table_is_an_error(tmp_path):
    path = built(EXEMPEL, tmp_path)
    document = Document(path)
    _, lists = _area_tables(document, 2)
    row = lists.add_row()
    row.cells[0].paragraphs[0].add_run("Andra halvan")
    second = copy.deepcopy(lists._tbl)
    for extra in second.findall(qn("w:tr"))[:2]:
        second.remove(extra)
    lists._tbl.remove(lists._tbl.findall(qn("w:tr"))[-1])
    spacer = OxmlElement("w:p")
    lists._tbl.addnext(spacer)
    spacer.addnext(second)
    document.save(path)
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "ut.yaml")])
    assert result.exit_code == 1 and "en tabell i område 2 har delats" in result.output, result.output
    assert not (tmp_path / "ut.yaml").exists()


def test_not_a_word_file_is_a_clean_error(tmp_path):
    fake = tmp_path / "rapport.docx"
    fake.write_text("inte en zip", "utf-8")
    result = runner.invoke(app, ["import", str(fake), "-o", str(tmp_path / "ut.yaml")])
    assert result.exit_code == 1 and "inte en läsbar Word-fil" in result.output


@pytest.mark.parametrize("part", ["word/document.xml", "docProps/custom.xml", "word/comments.xml"])
def test_a_damaged_part_is_a_clean_error(tmp_path, part):
    docx = built(SAMPLES[0], tmp_path)
    damaged = tmp_path / "skadad.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(damaged, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            target.writestr(entry, data[: len(data) // 2] if entry.filename == part else data)
        if part not in source.namelist():
            target.writestr(part, b"<w:comments xmlns:w='x'><w:comm")
    result = runner.invoke(app, ["import", str(damaged), "-o", str(tmp_path / "ut.yaml")])
    assert result.exit_code == 1, result.output
    assert "inte en läsbar Word-fil" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "ut.yaml").exists()


# --- the Word skeleton ---------------------------------------------------------------------------

def _type_over(document, instruction_start: str, text: str, nth: int = 0) -> None:
    """What Word does when one types in a placeholder: the text replaces it, the control stays."""
    controls = [c for c in document.element.body.iter(qn("w:sdt"))
                if "".join(c.itertext()).startswith(instruction_start)]
    control = controls[nth]
    properties = control.find(qn("w:sdtPr"))
    properties.remove(properties.find(qn("w:showingPlcHdr")))
    runs = list(control.iter(qn("w:r")))
    runs[0].find(qn("w:t")).text = text
    for run in runs[1:]:
        run.getparent().remove(run)


def test_a_word_skeleton_has_the_structure_and_a_half_filled_one_imports_as_incomplete(tmp_path):
    from reportgen.framework import load_framework

    framework = load_framework("2020")
    skeleton = tmp_path / "provby.docx"
    result = runner.invoke(app, ["new", "Provby kommun", "-f", "docx", "-o", str(skeleton)])
    assert result.exit_code == 0, result.output
    document = Document(skeleton)
    for area in framework.areas:
        rows = [tuple(c.text for c in row.cells) for row in _overview_table(document, area.id).rows]
        assert rows[1:-1] == [(f"{q.id} {q.name}", "", str(q.max)) for q in area.questions]  # empty score cells
        assert rows[-1] == ("Summa", "", str(area.max))
        box, _ = _area_tables(document, area.id)
        assert [p.text for p in box.cell(1, 0).paragraphs] == [q.name for q in area.questions]
        assert box.cell(1, 1).text == ""
    placeholders = [c for c in document.element.body.iter(qn("w:sdt"))
                    if c.find(qn("w:sdtPr")).find(qn("w:showingPlcHdr")) is not None]
    assert len(placeholders) == 4 + sum(len(a.questions) for a in framework.areas)
    assert any("Vad är kommunkompassen" in p.text for p in document.paragraphs)  # the standard texts
    _type_over(document, "Skriv här: när och hur", "Utvärderingen gjordes i *maj*.")
    _type_over(document, "Skriv här: de sammanfattande", "Kommunen har en tydlig styrning.")
    _type_over(document, "Skriv här vad utvärderingen fann", "Strategin saknas.")
    _find(document, "Skriv utvärderarnas namn").runs[0].text = "Anna Andersson och Bertil Berg"
    _overview_table(document, 1).cell(1, 1).paragraphs[0].add_run("7")
    document.save(skeleton)
    target = tmp_path / "provby.yaml"
    result = runner.invoke(app, ["import", str(skeleton), "-o", str(target)])
    assert result.exit_code == 1  # incomplete: the document is written, check lists what is missing
    missing = [line for line in result.output.splitlines() if ".scores" in line and "provby.yaml:" in line]
    assert len(missing) == sum(len(a.questions) for a in framework.areas) - 1  # one line per empty score
    result = runner.invoke(app, ["import", str(skeleton), "-o", str(target), "--draft", "--force"])
    assert result.exit_code == 0 and "ett utkast" in result.output, result.output
    assert runner.invoke(app, ["check", "--draft", str(target)]).exit_code == 0
    result = runner.invoke(app, ["check", str(target)])
    assert result.exit_code == 1 and len([line for line in result.output.splitlines() if ".scores" in line]) == \
        len(missing)
    from reportgen.yamlfile import read_yaml

    data = read_yaml(target).data
    assert data["evaluators"] == ["Anna Andersson", "Bertil Berg"]
    assert data["summary"]["evaluation"] == "Utvärderingen gjordes i \\*maj\\*.\n"
    assert data["areas"]["1"]["scores"] == {"1.1": "7"}
    assert data["areas"]["1"]["sections"][0] == {"heading": framework.areas[0].questions[0].name,
                                                 "text": "Strategin saknas.\n"}
    assert data["areas"]["1"]["sections"][1]["text"] == ""  # the instruction is not imported
    assert data["areas"]["1"].get("strengths") is None  # nor are the table's


def test_word_s_own_markup_does_not_disturb_the_reading(tmp_path):
    """Word splits runs at will and sprinkles proofing marks, page-break hints and its _GoBack bookmark."""
    path = built(EXEMPEL, tmp_path)
    document = Document(path)
    body = document.element.body
    for run in list(body.iter(qn("w:r"))):
        text = run.find(qn("w:t"))
        if text is None or len(text.text or "") < 4:
            continue
        half = copy.deepcopy(run)
        middle = len(text.text) // 2
        half.find(qn("w:t")).text, text.text = text.text[middle:], text.text[:middle]
        for part in (text, half.find(qn("w:t"))):
            part.set(qn("xml:space"), "preserve")
        run.set(qn("w:rsidR"), "00A1B2C3")
        run.addnext(half)
        run.addnext(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellStart"/>'))
        run.insert(len(run) - 1, parse_xml(f'<w:lastRenderedPageBreak {nsdecls("w")}/>'))
    first = _find(document, "Utvärderingen av Exempelby")._p
    first.insert(1, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="999" w:name="_GoBack"/>'))
    first.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="999"/>'))
    document.save(path)
    evaluation, warnings = imported(path, tmp_path)
    original, _, _ = read_evaluation(EXEMPEL)
    assert evaluation == original
    assert not [w for w in warnings if w.file == str(path)]  # nothing to report about the Word file


def test_a_draft_built_as_word_comes_back_as_the_same_draft(tmp_path):
    """build --draft -f docx shows placeholders and incomplete sums; import --draft leaves them out."""
    text = EXEMPEL.read_text("utf-8")
    text = text.replace("scores: {3.1: 9, 3.2: 22,", "scores: {3.1: 9,")  # a score not given yet
    text = text.replace("    strengths:\n      - Hållbarhetsprogram med mätbara mål\n", "")  # a list not written
    half = tmp_path / "halv.yaml"
    half.write_text(text, "utf-8")
    docx = tmp_path / "halv.docx"
    pipeline.build(half, {"docx": docx}, draft=True)
    assert any("[Inte ifyllt ännu]" in p.text for t in Document(docx).tables for c in t._cells for p in c.paragraphs)
    target = tmp_path / "tillbaka.yaml"
    result = runner.invoke(app, ["import", str(docx), "--draft", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "docx: " not in result.output  # nothing about the Word file to report
    assert read_evaluation(target, draft=True)[0] == read_evaluation(half, draft=True)[0]


def test_a_skeleton_saved_by_libreoffice_still_leaves_its_instructions_out(tmp_path):
    """LibreOffice 7.4 turns the placeholders into plain text; their exact words are still known."""
    from reportgen.docxskeleton import all_instructions

    skeleton = tmp_path / "provby.docx"
    assert runner.invoke(app, ["new", "Provby kommun", "-f", "docx", "-o", str(skeleton)]).exit_code == 0
    saved = libreoffice_saved(skeleton, tmp_path)
    target = tmp_path / "provby.yaml"
    result = runner.invoke(app, ["import", str(saved), "--draft", "-o", str(target)])
    assert result.exit_code == 0, result.output
    written = target.read_text("utf-8")
    assert not [i for i in all_instructions() if i in written]
    from reportgen.framework import load_framework

    questions = sum(len(a.questions) for a in load_framework("2020").areas)
    assert written.count("heading:") == questions  # every sub-question's section, waiting for its text


def test_the_parts_the_round_trip_adds_are_schema_valid(tmp_path):
    """The custom properties, the source's custom XML properties and the skeleton's content controls."""
    from docx_validate import validate

    need_program("jing", "jing")
    skeleton = tmp_path / "provby.docx"
    assert runner.invoke(app, ["new", "Provby kommun", "-f", "docx", "-o", str(skeleton)]).exit_code == 0
    for path in (built(EXEMPEL, tmp_path), skeleton):
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
        assert "docProps/custom.xml" in names
        errors, parts = validate(path)
        assert errors == [] and parts >= 10, errors[:5]
        if path != skeleton:  # built from a document: its source travels along
            assert any(re.fullmatch(r"customXml/itemProps\d+\.xml", n) for n in names)

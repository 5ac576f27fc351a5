"""Frameworks as data: every revision, inferred frameworks, other languages, and the samples unchanged.

A framework is a family × revision × language made of files. These tests build and import
reports of the 2010 and 2016 revisions (whose sub-questions the documents declare), add a
framework family and a language from a temporary folder, and check that neither the code's
user-facing strings nor the samples' rendering changed with the move to data.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE, need_program
from rendering import REFERENCE as RENDERING
from rendering import SAMPLES, docx_pages, pdf_pages, render
from test_import import normalised
from reportgen import pipeline
from reportgen.cli import app
from reportgen.importing import import_report
from reportgen.readers.pdflayout import pdf_report_text
from reportgen.yamlfile import read_yaml

DATA = Path(__file__).parent / "data"
OLDER = {"2010": DATA / "kommunkompassen-2010-sundbyberg.yaml", "2016": DATA / "kommunkompassen-2016-exempelby.yaml"}
runner = CliRunner()


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """The importer's warnings are asserted in English."""
    monkeypatch.setenv("REPORTGEN_LANG", "en")


def document(path: Path) -> dict:
    """The document's fields with texts whitespace-normalised and numbers as the reader keeps them."""
    data = normalised(read_yaml(path).data)
    for area in data.get("areas", {}).values():
        area["scores"] = {k: str(float(v)) for k, v in area["scores"].items()}  # 23 and 23.0 are one score
        for question in area.get("questions", []):
            question["max"] = str(float(question["max"]))
    return data


# --- both samples render exactly as before ----------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES)
def test_the_samples_pdf_has_the_same_pages_and_text_as_before(tmp_path, sample):
    reference = json.loads(RENDERING.read_text("utf-8"))[sample]["pdf"]
    pages = render(sample, tmp_path, ("pdf",))["pdf"]
    assert len(pages) == reference["page_count"]
    for number, (now, before) in enumerate(zip(pages, reference["pages"]), start=1):
        assert now == before, f"page {number} differs"


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_samples_word_file_has_the_same_pages_and_text_as_before(tmp_path, sample):
    program = need_program("soffice", "libreoffice-writer-nogui")
    reference = json.loads(RENDERING.read_text("utf-8"))[sample]["docx"]
    target = tmp_path / f"{sample}.docx"
    pipeline.build(ROOT / "samples" / f"{sample}.yaml", {"docx": target})
    pages = docx_pages(target, tmp_path, program)
    assert len(pages) == reference["page_count"]
    for number, (now, before) in enumerate(zip(pages, reference["pages"]), start=1):
        assert now == before, f"page {number} differs"


# --- the 2010 and 2016 revisions: written, imported, built again -----------------------------------

def total_of(path: Path) -> str:
    """The document's total as the Swedish report prints it (a comma before a half)."""
    total = sum(float(v) for area in read_yaml(path).data["areas"].values() for v in area["scores"].values())
    return f"{total:g}".replace(".", ",")


@pytest.mark.parametrize("revision", ["2010", "2016"])
def test_an_older_revisions_pdf_comes_back_and_builds_again_the_same(tmp_path, revision):
    pdf = tmp_path / "rapport.pdf"
    pipeline.build(OLDER[revision], {"pdf": pdf})
    text = " ".join(pdf_pages(pdf))
    assert f"Totalpoängen är {total_of(OLDER[revision])} av 800" in " ".join(text.split())  # half points
    back = tmp_path / "tillbaka.yaml"
    import_report(pdf, back)
    assert document(back) == document(OLDER[revision])  # every score, declared sub-question and text
    again = tmp_path / "igen.pdf"
    pipeline.build(back, {"pdf": again})
    assert pdf_pages(again) == pdf_pages(pdf)


@pytest.mark.parametrize("revision", ["2010", "2016"])
def test_an_older_revisions_pdf_in_the_old_wording_comes_back(tmp_path, monkeypatch, revision):
    """The PDF as SKL printed it: "Sveriges Kommuner och Landsting" as the running header and the
    overview called "Poängsammanställning" (a revision's own labels, added from a folder)."""
    folder = tmp_path / "templates" / f"kommunkompassen-{revision}"
    folder.mkdir(parents=True)
    shipped = ROOT / "templates" / f"kommunkompassen-{revision}" / "framework.yaml"
    (folder / "framework.yaml").write_text(shipped.read_text("utf-8"), "utf-8")
    (folder / "labels.sv.yaml").write_text("running_title: Sveriges Kommuner och Landsting\n"
                                           "chapter_overview: Poängsammanställning\n", "utf-8")
    monkeypatch.setenv("REPORTGEN_TEMPLATES", str(tmp_path / "templates"))
    pdf = tmp_path / "rapport.pdf"
    pipeline.build(OLDER[revision], {"pdf": pdf})
    pages = pdf_pages(pdf)
    assert pages[3].startswith("Sveriges Kommuner och Landsting")
    assert "4 Poängsammanställning" in " ".join(" ".join(pages).split())
    monkeypatch.delenv("REPORTGEN_TEMPLATES")
    back = tmp_path / "tillbaka.yaml"
    import_report(pdf, back)
    assert document(back) == document(OLDER[revision])


def old_style_text(pdf: Path) -> str:
    """The report's text as an older published report has it: an extra chapter (chapters renumbered),
    "Poängsammanställning" for the overview, SKL's running headers between (and inside) paragraphs,
    and a footnote mark in a score cell."""
    text = pdf_report_text(pdf)
    text = text.replace("\n3 Detaljerad genomgång per område\n",
                        "\n3. Skillnader mellan reviderad och tidigare Kommunkompass\n\n"
                        "Revideringen gav nya delfrågor. Poängen går därför inte att jämföra fullt ut.\n\n"
                        "4. Detaljerad genomgång per område\n")
    assert "\n4 Översikt av poängfördelning\n" in text
    text = text.replace("\n4 Översikt av poängfördelning\n", "\n5. Poängsammanställning\n")
    text = re.sub(r"\n5 (Kortfakta om )", r"\n6. \1", text)
    header = "\n\nSveriges Kommuner och Landsting 2012-05-03 {} (42)\n\n"
    paragraphs = [m.start() for m in re.finditer(r"\nUtvärderarna fann att arbetet med", text)]
    for number, place in enumerate(reversed(paragraphs[::5]), start=3):
        cut = text.index(" är väl förankrat", place)  # inside a paragraph: the page break splits it
        text = text[:cut] + header.format(number) + text[cut + 1:]
    text = re.sub(r"(\n1\.1 [^\t\n]+\t[0-9,]+)\t", r"\1¹\t", text, count=1)
    return text


@pytest.mark.parametrize("revision", ["2010", "2016"])
def test_an_older_revisions_text_with_the_variations_comes_back_and_builds_again(tmp_path, revision):
    pdf = tmp_path / "rapport.pdf"
    pipeline.build(OLDER[revision], {"pdf": pdf})
    source = tmp_path / "rapport.txt"
    source.write_text(old_style_text(pdf), "utf-8")
    back = tmp_path / "tillbaka.yaml"
    warnings = [str(w) for w in import_report(source, back)]
    assert document(back) == document(OLDER[revision])
    assert any("Skillnader mellan reviderad och tidigare Kommunkompass" in w and "left out" in w for w in warnings)
    assert any("footnote mark" in w for w in warnings)
    again = tmp_path / "igen.pdf"
    pipeline.build(back, {"pdf": again})
    assert pdf_pages(again) == pdf_pages(pdf)


def test_a_revision_no_framework_knows_is_inferred_from_the_report(tmp_path):
    """Area names that match no shipped revision: the report's overview becomes the framework."""
    original = read_yaml(OLDER["2010"]).data
    pdf = tmp_path / "rapport.pdf"
    pipeline.build(OLDER["2010"], {"pdf": pdf})
    text = pdf_report_text(pdf)
    renamed = {}
    for area in read_yaml(OLDER["2010"]).data["areas"]:
        from reportgen.framework import load_framework

        name = load_framework("2010").areas[int(area) - 1].name
        renamed[area] = f"Gammalt område {area}"
        text = text.replace(name, renamed[area])
    source = tmp_path / "rapport.txt"
    source.write_text(text, "utf-8")
    back = tmp_path / "tillbaka.yaml"
    warnings = [str(w) for w in import_report(source, back)]
    data = read_yaml(back).data
    assert data["framework"] == "2012"  # the report's year: a revision known only from the report
    assert any("kommunkompassen-2012" in w for w in warnings)
    for number, area in data["areas"].items():
        assert area["name"] == renamed[number]
        assert [q["id"] for q in area["questions"]] == [q["id"] for q in original["areas"][number]["questions"]]
        assert document(back)["areas"][number]["scores"] == document(OLDER["2010"])["areas"][number]["scores"]
    pipeline.build(back, {"pdf": tmp_path / "igen.pdf"})
    assert "Område 1 Gammalt område 1" in " ".join(pdf_pages(tmp_path / "igen.pdf"))


def test_a_sample_report_is_still_read_as_the_2020_revision(tmp_path):
    pdf = tmp_path / "rapport.pdf"
    pipeline.build(SAMPLE, {"pdf": pdf})
    import_report(pdf, tmp_path / "tillbaka.yaml")
    data = read_yaml(tmp_path / "tillbaka.yaml").data
    assert data["framework"] == "2020"
    assert not any("questions" in area or "name" in area for area in data["areas"].values())


# --- the document's own framework parts -------------------------------------------------------------

def check_output(tmp_path: Path, text: str) -> tuple[int, str]:
    path = tmp_path / "doc.yaml"
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["check", str(path)])
    return result.exit_code, result.stderr


def test_a_revision_without_sub_questions_needs_the_document_to_declare_them(tmp_path):
    text = OLDER["2016"].read_text("utf-8")
    start = text.index("    questions:", text.index("\n  2:\n"))
    end = text.index("    scores:", start)
    code, output = check_output(tmp_path, text[:start] + text[end:])
    assert code == 1
    assert "areas.2: area 2 has no sub-questions: the framework kommunkompassen-2016 does not list them" in output


def test_a_framework_is_named_never_a_path(tmp_path):
    code, output = check_output(tmp_path, SAMPLE.read_text("utf-8").replace(
        'framework: "2020"', 'framework: "2020/../../../templates/kommunkompassen-2020"'))
    assert code == 1 and ":7:12: framework: `2020/../../../templates/kommunkompassen-2020`" in output
    from reportgen.framework import load_framework

    for name in ("2020/../x", "../kommunkompassen-2020", "", "kommunkompassen-2020/.."):
        with pytest.raises(KeyError):
            load_framework(name)  # the loader itself takes names only, whoever calls it


def test_declared_sub_questions_must_agree_with_a_framework_that_has_them(tmp_path):
    text = SAMPLE.read_text("utf-8").replace(
        "\n  1:\n", '\n  1:\n    questions:\n      - {id: "1.1", name: Annan, max: 30}\n', 1)
    code, output = check_output(tmp_path, text)
    assert code == 1 and "lists the sub-questions of area 1 itself" in output


def test_half_points_belong_to_older_revisions(tmp_path):
    code, output = check_output(tmp_path, SAMPLE.read_text("utf-8").replace("      1.1: 11\n", "      1.1: 11,5\n"))
    assert code == 1 and "areas.1.scores.1.1: `11.5` is not a whole number" in output
    older = OLDER["2016"].read_text("utf-8")
    assert re.search(r"': \d+\.5\n", older)
    assert check_output(tmp_path, older.replace(".5\n", ",5\n", 1))[0] == 0  # a Swedish comma is fine


def test_kortfakta_is_a_chapter_in_every_format(tmp_path):
    targets = {"pdf": tmp_path / "k.pdf", "docx": tmp_path / "k.docx", "html": tmp_path / "k.html"}
    pipeline.build(OLDER["2010"], targets)
    pages = [" ".join(page.split()) for page in pdf_pages(targets["pdf"])]
    assert "5 Kortfakta om Sundbybergs stad Uppgift Värde Invånare 41 000 Yta 8,8 km² Politisk majoritet " \
           "S, V och MP Uppgifterna gäller vid utvärderingens tidpunkt." in pages[-2]  # before the back page
    assert "5 Kortfakta om Sundbybergs stad" in pages[1]  # in the contents
    from docx import Document

    word = Document(targets["docx"])
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[-1].endswith("Kortfakta om Sundbybergs stad")
    rows = [[c.text for c in row.cells] for row in word.tables[-1].rows]
    assert rows[0] == ["Uppgift", "Värde"] and ["Yta", "8,8 km²"] in rows
    html = targets["html"].read_text("utf-8")
    assert re.search(r"<h1[^>]*>.*Kortfakta om Sundbybergs stad</h1>", html)
    assert re.search(r"<th scope=\"row\">Politisk majoritet</th><td>S, V och MP</td>", html)


# --- the English edition ----------------------------------------------------------------------------

def test_the_english_edition(tmp_path):
    source = tmp_path / "en.yaml"
    source.write_text(SAMPLE.read_text("utf-8").replace("\nlanguage: sv\n", "\nlanguage: en\n"), "utf-8")
    (tmp_path / "logo.png").write_bytes((SAMPLE.parent / "logo.png").read_bytes()) \
        if (SAMPLE.parent / "logo.png").exists() else None
    pipeline.build(source, {"pdf": tmp_path / "en.pdf"})
    import_report(tmp_path / "en.pdf", tmp_path / "back.yaml")  # the language is found, not told
    back, original = document(tmp_path / "back.yaml"), document(SAMPLE)
    assert back["language"] == "en"
    assert all(back[key] == original[key] for key in ("municipality", "report_date", "evaluators", "summary", "areas"))
    pages = pdf_pages(tmp_path / "en.pdf")
    assert "21 February 2023" in pages[0] and "Jessica Rööf, Lisa Lindell and Ulrika Elming" in pages[0]
    body = " ".join(" ".join(pages).split())
    assert "1 What is Kommunkompassen?" in body
    assert "Area 4 Efficiency" in body and "The eight main areas are:" in body
    assert "Spider chart of Alingsås's points in the eight areas, 0–100." in body
    assert PdfReader(tmp_path / "en.pdf").trailer["/Root"]["/Lang"] == "en-GB"
    texts = (ROOT / "templates" / "kommunkompassen-2020" / "texts.en.yaml").read_text("utf-8")
    assert "TRANSLATION" in texts.split("introduction:")[0]  # marked as a translation in its file


def test_every_label_catalogue_has_every_label_of_the_default_one():
    """A label added in Swedish only would stop the English edition with a KeyError."""
    folder = ROOT / "templates" / "labels"
    default = yaml.safe_load((folder / "sv.yaml").read_text("utf-8"))
    for path in folder.glob("*.yaml"):
        missing = sorted(set(default) - set(yaml.safe_load(path.read_text("utf-8"))))
        assert not missing, f"{path.name} lacks {missing}"


def test_numbers_follow_the_language(tmp_path):
    text = OLDER["2016"].read_text("utf-8").replace("\nlanguage: sv\n", "\nlanguage: en\n")
    (tmp_path / "en.yaml").write_text(text, "utf-8")
    pipeline.build(tmp_path / "en.yaml", {"pdf": tmp_path / "en.pdf"})
    total = total_of(OLDER["2016"]).replace(",", ".")
    assert f"The total is {total} of 800." in " ".join(" ".join(pdf_pages(tmp_path / "en.pdf")).split())


# --- a framework and a language added as files --------------------------------------------------------

def extra_templates(folder: Path) -> Path:
    """A family with a region as its subject, one revision, and Norwegian (bokmål): files only."""
    root = folder / "templates"
    (root / "regionkompassen-2024").mkdir(parents=True)
    (root / "regionkompassen").mkdir()
    (root / "labels").mkdir()
    (root / "regionkompassen" / "family.yaml").write_text(
        "id: regionkompassen\nname: Regionkompassen\nsubject: region\n", "utf-8")
    areas = [{"id": n, "name": name, "questions": [{"id": f"{n}.{i}", "name": f"{name} {i}", "max": 50}
                                                   for i in (1, 2)]}
             for n, name in ((1, "Demokrati"), (2, "Styring"), (3, "Arbeidsliv"))]
    (root / "regionkompassen-2024" / "framework.yaml").write_text(yaml.safe_dump(
        {"family": "regionkompassen", "revision": "2024", "language": "nb", "areas": areas}, allow_unicode=True), "utf-8")
    (root / "regionkompassen-2024" / "texts.nb.yaml").write_text(yaml.safe_dump(
        {"introduction": "Regionkompassen er et verktøy for å vurdere hvordan en region styres.\n",
         "general": {n: f"Standardtekst for område {n}.\n" for n in (1, 2, 3)}}, allow_unicode=True), "utf-8")
    (root / "regionkompassen" / "labels.nb.yaml").write_text("publisher: Regionkompassens sekretariat\n", "utf-8")
    (root / "regionkompassen-2024" / "labels.nb.yaml").write_text("chapter_overview: Poengoversikt\n", "utf-8")
    labels = yaml.safe_load((ROOT / "templates" / "labels" / "en.yaml").read_text("utf-8"))
    labels.update(locale="nb_NO", pdf_language="nb-NO", contents="Innhold", cover_subtitle="Analyse av {municipality}",
                  chapter_introduction="Hva er {family}?", chapter_summary="{municipality} og {family}: Sammendrag",
                  chapter_areas="Gjennomgang per område", chapter_overview="Oversikt over poengene",
                  area_heading="Område {number} {name}", topics="Overskrifter", points="Poeng", general="Generelt",
                  strengths="Styrker", improvements="Forbedringsmuligheter", list_and="og",
                  summary_evaluation="Evalueringen", summary_comments="Avsluttende kommentarer",
                  subject_region="region", numbers_in_words="null, en, to, tre, fire")
    (root / "labels" / "nb.yaml").write_text(yaml.safe_dump(labels, allow_unicode=True), "utf-8")
    return root


def test_a_framework_and_a_language_added_from_a_folder_work_in_new_check_build_and_import(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_TEMPLATES", str(extra_templates(tmp_path)))
    document_path = tmp_path / "region.yaml"
    result = runner.invoke(app, ["new", "Region Exempel", "-o", str(document_path),
                                 "--framework", "regionkompassen-2024", "--language", "nb"])
    assert result.exit_code == 0, result.output
    skeleton = document_path.read_text("utf-8")
    assert "framework: \"regionkompassen-2024\"" in skeleton and "language: nb" in skeleton
    assert "# Regionkompassen: the evaluation document for Region Exempel." in skeleton  # the family's name
    assert skeleton.count("# 0–50") == 6 and 'short_name: "Exempel"' in skeleton
    filled = re.sub(r"(\n      \d\.\d):( +#)", r"\1: 25\2", skeleton).replace('""', '"Tekst"')
    paragraph = "Regionen arbeider godt med dette, og evaluererne fant flere gode eksempler i organisasjonen. " * 4
    filled = filled.replace("text: |\n          \n", f"text: |\n          {paragraph}\n\n          {paragraph}\n")
    document_path.write_text(filled, "utf-8")
    result = runner.invoke(app, ["check", str(document_path)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["build", str(document_path), "-o", str(tmp_path / "region.pdf")])
    assert result.exit_code == 0, result.output
    pages = pdf_pages(tmp_path / "region.pdf")
    assert pages[0].startswith("Regionkompassen\nAnalyse av Region Exempel")
    assert "Regionkompassens sekretariat" in pages[0]  # the family's own label
    body = " ".join(" ".join(pages).split())
    assert "1 Hva er Regionkompassen?" in body and "Område 2 Styring" in body
    assert "Standardtekst for område 3." in body and "4 Poengoversikt" in body  # the revision's own label
    assert "points in the tre areas, 0–100." in body  # the framework's facts in the language's words
    result = runner.invoke(app, ["import", str(tmp_path / "region.pdf"), "-o", str(tmp_path / "back.yaml"),
                                 "--language", "nb"])
    assert result.exit_code == 0, result.output + result.stderr
    back = read_yaml(tmp_path / "back.yaml").data
    assert back["framework"] == "regionkompassen-2024" and back["language"] == "nb"
    assert normalised(back["areas"]) == normalised({k: {f: v for f, v in a.items() if f in back["areas"][k]}
                                                   for k, a in read_yaml(document_path).data["areas"].items()})


def test_a_broken_framework_file_is_a_clear_error_naming_it(tmp_path, monkeypatch):
    root = extra_templates(tmp_path)
    monkeypatch.setenv("REPORTGEN_TEMPLATES", str(root))
    document_path = tmp_path / "doc.yaml"
    document_path.write_text(SAMPLE.read_text("utf-8").replace('framework: "2020"', 'framework: regionkompassen-2024'))
    for broken, message in (("areas: [{id: 1}]\nfamily: regionkompassen\nrevision: '2024'\n", "lacks an area's id"),
                            ("family: regionkompassen\nrevision: '2024'\nareas: [\n", "not readable YAML")):
        (root / "regionkompassen-2024" / "framework.yaml").write_text(broken, "utf-8")
        result = runner.invoke(app, ["check", str(document_path)])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "regionkompassen-2024/framework.yaml" in result.stderr and message in result.stderr


# --- no words of one language or framework in the code -------------------------------------------------

_SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(och|för|att|med|som|inte|område|områden|poäng|rubriker|styrkor|kapitel|"
                      r"utvärdering\w*|sammanfattning|kortfakta|översikt|summa|uppnått|innehåll|genomgång|stad|"
                      r"landsting)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d.:])(?:19|20)\d\d(?![\d.])")
_FORBIDDEN = [_SWEDISH, _YEAR, re.compile(r"kommun", re.IGNORECASE), re.compile(r"^sv(?:[_-]SE)?$"),
              re.compile(r"0[–-]100"), re.compile(r"\b(?:åtta|eight)\b", re.IGNORECASE)]
# Strings still in other engineers' files on this branch (their messages are being moved to the
# catalogues); the lead narrows this list as those branches merge. Anything else found fails.
_NOT_YET: dict[str, set[str]] = {}  # excuses, file name -> strings: none left
_NOT_TEXT = re.compile(r"^tag:yaml\.org,|^https?://|<\?xpacket|<[a-z]+:[A-Za-z]|rdf:")  # names and markup, never shown


def user_facing_strings(path: Path) -> list[tuple[int, str]]:
    """A module's string literals (f-string parts included) except docstrings and markup."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and not _NOT_TEXT.search(node.value)]


def test_no_swedish_word_framework_year_kommun_or_language_code_in_the_codes_strings():
    found, excused = [], set()
    for path in sorted((ROOT / "reportgen").rglob("*.py")):
        for line, text in user_facing_strings(path):
            if any(p.search(text) for p in _FORBIDDEN):
                if text in _NOT_YET.get(path.name, set()):
                    excused.add((path.name, text))
                else:
                    found.append(f"{path.relative_to(ROOT)}:{line}: {text[:80]!r}")
    assert not found, "\n".join(found)
    stale = {(name, text) for name, texts in _NOT_YET.items() for text in texts} - excused
    assert not stale, f"gone from the code, so remove them from _NOT_YET: {sorted(stale)}"


def test_the_grep_finds_what_it_is_meant_to():
    bad = ["Översikt av poängfördelning", "Kommunkompassen 2020", "Alingsås kommun", "sv", "sv_SE", "0–100",
           "de åtta områdena", "Rubriker och Styrkor"]
    assert all(any(p.search(text) for p in _FORBIDDEN) for text in bad)
    assert not any(p.search("areas.{area}.scores") or p.search("%Y-%m") for p in _FORBIDDEN)


# --- untrusted text never makes a pattern backtrack -------------------------------------------------

_PATHOLOGICAL = r'''
import sys
from pathlib import Path
from reportgen.importing import import_report
from reportgen.problems import InvalidInput
reference = Path(sys.argv[1]).read_text("utf-8")
n = 240_000
cases = [
    reference.replace("\n3. Detaljerad genomgång per område\n", "\n3. Detaljerad genomgång per område" + "." * n + "x\n"),
    "1 Vad är" + "." * n + "\n",
    reference.replace("\n1 Vad är kommunkompassen?\n\n", "\n1 Vad är kommunkompassen?\n\n" + "." * n + "x\n\n", 1),
    "1 " + " \t" * (n // 2) + "x\n",
    reference.replace("Förutsättningar för politiken\t56", "Förutsättningar för politiken" + "1" * n + "x", 1),
    reference.replace("Rubriker\tPoäng\n", "Rubriker\tPoäng\n" + "<ul" * (n // 3) + "\n", 1),
    "2023-02-21 a" + " " * n + "och\n\n" + reference,
    reference.replace("Alingsås framträder", "A" * n + "-\n" + "b" * 10, 1),
    reference.replace("\n2. Alingsås kommun i förhållande", "\n2. " + "x " * (n // 2) + " i förhållande", 1),
]
for number, text in enumerate(cases):
    source = Path(sys.argv[2]) / f"case{number}.txt"
    source.write_text(text, "utf-8")
    try:
        import_report(source, Path(sys.argv[2]) / f"case{number}.yaml")
    except InvalidInput:
        pass
print("done")
'''


def test_long_runs_of_dots_spaces_digits_and_tags_import_in_linear_time(tmp_path):
    """Issue 16.3: a run of dots after a chapter heading took 37 s for 120 KB (a backtracking pattern;
    57 s for 40 KB on this machine). Nine 240 KB inputs built to make each reader pattern backtrack
    must all finish within the guard; the guard catches a hang, it measures nothing."""
    script = tmp_path / "pathological.py"
    script.write_text(_PATHOLOGICAL, "utf-8")
    result = subprocess.run([sys.executable, str(script), str(DATA / "kommunkompassen-alingsas-2023.txt"),
                             str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "done", result.stderr[-2000:]


def test_a_footnote_mark_in_a_score_cell_is_left_out_with_a_warning(tmp_path):
    """Issue 16.13: `1²` passed isdigit() and crashed int()."""
    text = (DATA / "kommunkompassen-alingsas-2023.txt").read_text("utf-8").replace(
        "1.1 Strategi för demokratiutveckling och information\t11\t20",
        "1.1 Strategi för demokratiutveckling och information\t11²\t20")
    source = tmp_path / "rapport.txt"
    source.write_text(text, "utf-8")
    warnings = [str(w) for w in import_report(source, tmp_path / "ut.yaml")]
    assert read_yaml(tmp_path / "ut.yaml").data["areas"]["1"]["scores"]["1.1"] == "11"
    assert any("the footnote mark in “11²” is left out" in w for w in warnings)

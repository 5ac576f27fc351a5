"""Importing archived reports: the reference text and the PDFs this tool writes come back as documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE
from pdftext import body_text, squash
from reference import REFERENCE, reference_scores, reference_units
from reportgen import pipeline
from reportgen.cli import app
from reportgen.importing import import_report
from reportgen.readers.pdflayout import pdf_report_text
from reportgen.problems import InvalidInput
from reportgen.yamlfile import read_yaml

runner = CliRunner()


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """These tests read the importer's messages in English."""
    monkeypatch.setenv("REPORTGEN_LANG", "en")
EXEMPEL = ROOT / "samples" / "exempelkommun.yaml"
CONTENT = ["municipality", "report_date", "first_evaluation", "evaluators", "summary", "areas", "introduction"]


def normalised(value):
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {str(k): normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


def content(path: Path, keys=CONTENT) -> dict:
    data = read_yaml(path).data
    return {key: normalised(data.get(key)) for key in keys}


def imported(tmp_path: Path, text: str, name: str = "rapport.txt") -> Path:
    source = tmp_path / name
    source.write_text(text, "utf-8")
    target = tmp_path / "importerad.yaml"
    import_report(source, target)
    return target


def test_the_reference_comes_back_as_the_sample(tmp_path):
    result = runner.invoke(app, ["import", str(REFERENCE), "-o", str(tmp_path / "alingsas.yaml")])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["check", str(tmp_path / "alingsas.yaml")]).exit_code == 0
    assert content(tmp_path / "alingsas.yaml") == content(SAMPLE)  # every score and text
    data = read_yaml(tmp_path / "alingsas.yaml").data
    assert "general_addendum" in data["areas"]["6"] and "general" not in data["areas"]["6"]  # standard text not copied
    assert "introduction" not in data
    pipeline.build(tmp_path / "alingsas.yaml", {"pdf": tmp_path / "alingsas.pdf"})
    body = squash(body_text(PdfReader(tmp_path / "alingsas.pdf"), "Kommunkompassen – Alingsås kommun"))
    assert all(squash(unit.text) in body for unit in reference_units())
    overview = squash(" ".join(p.extract_text() for p in PdfReader(tmp_path / "alingsas.pdf").pages[-4:]))
    assert all(squash(f"{row.id}") in overview and squash(f"{row.achieved}{row.max}") in overview
               for row in reference_scores())


@pytest.mark.parametrize("sample", [SAMPLE, EXEMPEL], ids=["alingsas", "exempel"])
def test_the_pdfs_this_tool_writes_come_back_as_their_samples(tmp_path, sample):
    pdf = tmp_path / "rapport.pdf"
    pipeline.build(sample, {"pdf": pdf})
    target = tmp_path / "tillbaka.yaml"
    import_report(pdf, target)
    assert content(target) == content(sample)
    back, original = read_yaml(target).data, read_yaml(sample).data
    if "previous_evaluation" in original:
        assert normalised(back["previous_evaluation"]) == normalised(original["previous_evaluation"])
        assert normalised(back["reference_average"]["areas"]) == normalised(original["reference_average"]["areas"])
    else:
        assert back["reference_average"]["total"] == str(original["reference_average"]["total"])


def test_renamed_municipality_and_date(tmp_path):
    text = REFERENCE.read_text("utf-8").replace("Alingsås", "Testköping").replace("2023-02-21", "2024-10-01")
    data = read_yaml(imported(tmp_path, text)).data
    assert data["municipality"] == "Testköping kommun"
    assert data["report_date"] == "2024-10-01"


def test_changed_scores_with_points_and_total_changed_to_match(tmp_path, capsys):
    text = REFERENCE.read_text("utf-8")
    text = text.replace("1.1 Strategi för demokratiutveckling och information\t11\t20",
                        "1.1 Strategi för demokratiutveckling och information\t15\t20")
    text = re.sub(r"(• Förutsättningar för politiken\s*)\t56", r"\1\t60", text)
    text = text.replace("\t56\t100\n\n2. Samhällsutveckling", "\t60\t100\n\n2. Samhällsutveckling")
    text = text.replace("Alingsås får 456 poäng", "Alingsås får 460 poäng")
    source = tmp_path / "rapport.txt"
    source.write_text(text, "utf-8")
    warnings = import_report(source, tmp_path / "ut.yaml")
    data = read_yaml(tmp_path / "ut.yaml").data
    assert data["areas"]["1"]["scores"]["1.1"] == "15"
    assert not [w for w in warnings if "add up" in w.message or "the box gives" in w.message]


def test_a_box_that_disagrees_with_the_scores_is_a_warning_with_its_place(tmp_path, language):
    language("en")
    text = REFERENCE.read_text("utf-8")
    text = text.replace("1.1 Strategi för demokratiutveckling och information\t11\t20",
                        "1.1 Strategi för demokratiutveckling och information\t15\t20")
    source = tmp_path / "rapport.txt"
    source.write_text(text, "utf-8")
    warnings = [str(w) for w in import_report(source, tmp_path / "ut.yaml")]
    line = text[: text.index("Område 1 Samspel", text.index("\n3. Detaljerad genomgång per område\n"))].count("\n") + 1
    expected = f"rapport.txt:{line}: warning: areas.1: the box gives 56 points, the scores add up to 60"
    assert any(w.endswith(expected) for w in warnings), warnings


def test_tables_with_runs_of_spaces_extra_blank_lines_and_other_case(tmp_path):
    text = REFERENCE.read_text("utf-8").replace("\t", "    ").replace("\n\n", "\n\n\n")
    text = text.replace("Område 3 Styrning och kontroll", "OMRÅDE 3 STYRNING OCH KONTROLL")
    text = text.replace("\nAllmänt\n", "\nALLMÄNT\n")
    assert content(imported(tmp_path, text)) == content(SAMPLE)


def test_a_missing_subsection_is_fine(tmp_path):
    text = REFERENCE.read_text("utf-8")
    start = text.index("\nKoncernstyrning\n")
    end = text.index("\nStyrkor\tFörbättringsmöjligheter", start)
    data = read_yaml(imported(tmp_path, text[:start] + text[end:])).data
    assert [s["heading"] for s in data["areas"]["3"]["sections"]][-1] == \
        "Samspel mellan rollerna som förtroendevald respektive tjänsteperson"


def test_a_removed_area_is_an_error_naming_it(tmp_path):
    text = REFERENCE.read_text("utf-8")
    chapter = text.index("\n3. Detaljerad genomgång per område\n")
    text = text[: text.index("Område 5 Brukarens fokus", chapter)] + text[text.index("Område 6 Kvalitet", chapter):]
    source = tmp_path / "rapport.txt"
    source.write_text(text, "utf-8")
    result = runner.invoke(app, ["import", str(source), "-o", str(tmp_path / "ut.yaml")])
    assert result.exit_code == 1
    assert "areas.5: area 5 (Brukarens fokus) was not found in the report" in result.stderr
    assert not (tmp_path / "ut.yaml").exists()


def test_an_unreadable_score_table_is_an_error(tmp_path):
    text = REFERENCE.read_text("utf-8").replace("7.2 Strategisk kompetensförsörjning\t21\t40", "7.2 Oläslig rad")
    with pytest.raises(InvalidInput) as caught:
        imported(tmp_path, text)
    assert "the score table of area 7 could not be read (no row for 7.2)" in str(caught.value)


def test_a_paragraph_worded_like_the_running_header_is_kept(tmp_path):
    # Running headers and footers are recognised by their place at a page's edge; the same words in
    # the body are the report's own (they were dropped wherever they stood).
    data = read_yaml(SAMPLE).data
    header = "Kommunkompassen – Alingsås kommun"
    section = data["areas"]["3"]["sections"][0]
    section["text"] = f"{section['text']}\n\n{header}\n\nDet sista stycket."
    source = tmp_path / "alingsas.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    pdf = tmp_path / "rapport.pdf"
    pipeline.build(source, {"pdf": pdf})
    text = pdf_report_text(pdf)
    assert f"resursanvändning.\n\n{header}\n\nDet sista stycket.\n\n" in text
    assert text.count(header) == 1  # the running header of every page is not text

"""The command line, as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from conftest import SAMPLE

REPORTGEN = Path(sys.executable).with_name("reportgen")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPORTGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_build_writes_the_report_into_the_current_folder(tmp_path):
    result = run("build", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "alingsas-2023.pdf"
    assert "Analys av Alingsås kommun" in PdfReader(pdf).pages[0].extract_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alingsas-2023.pdf"]  # no temporary left


def test_python_dash_m_and_output_to_a_folder_or_file(tmp_path):
    folder = tmp_path / "ut"
    folder.mkdir()
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", str(SAMPLE), "-o", str(folder)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (folder / "alingsas-2023.pdf").stat().st_size > 50_000
    result = run("build", str(SAMPLE), "-o", str(tmp_path / "rapport.pdf"), cwd=tmp_path)
    assert result.returncode == 0
    assert len(PdfReader(tmp_path / "rapport.pdf").pages) > 30


def test_invalid_document_exit_1_with_place_and_no_output(tmp_path):
    broken = tmp_path / "alingsas-2023.yaml"
    broken.write_text(SAMPLE.read_text("utf-8").replace("      2.2: 14\n", "      2.2: 31\n"), "utf-8")
    result = run("build", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert "areas.2.scores.2.2: 31 is more than the max 30" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "alingsas-2023.pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alingsas-2023.yaml"]


def test_failing_build_leaves_an_existing_report_byte_for_byte(tmp_path):
    existing = tmp_path / "alingsas-2023.pdf"
    existing.write_bytes(b"%PDF-1.4 the report that was here before")
    broken = tmp_path / "alingsas-2023.yaml"
    broken.write_text(SAMPLE.read_text("utf-8").replace("report_date: 2023-02-21", "report_date: 2023-02-30"),
                      "utf-8")
    result = run("build", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert "report_date: `2023-02-30` is not a date" in result.stderr
    assert existing.read_bytes() == b"%PDF-1.4 the report that was here before"


def test_output_may_not_overwrite_the_input(tmp_path):
    copy = tmp_path / "doc.yaml"
    copy.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    result = run("build", str(copy), "-o", str(copy), cwd=tmp_path)
    assert result.returncode == 1
    assert "overwrite the evaluation document" in result.stderr
    assert copy.read_text("utf-8") == SAMPLE.read_text("utf-8")


def test_check_and_usage_errors(tmp_path):
    assert run("check", str(SAMPLE), cwd=tmp_path).returncode == 0
    assert run("check", str(tmp_path / "missing.yaml"), cwd=tmp_path).returncode == 1
    assert run("build", cwd=tmp_path).returncode == 2
    assert run("build", str(SAMPLE), "--format", "odt", cwd=tmp_path).returncode == 2
    help_text = run("--help", cwd=tmp_path).stdout
    assert "build" in help_text and "check" in help_text


def test_logo_named_by_the_document_is_on_the_cover(tmp_path):
    from PIL import Image

    Image.new("RGB", (300, 120), (22, 55, 92)).save(tmp_path / "logga.png")
    document = tmp_path / "med-logga.yaml"
    document.write_text(SAMPLE.read_text("utf-8").replace("first_evaluation: true",
                                                          "first_evaluation: true\nlogo: logga.png"), "utf-8")
    result = run("build", str(document), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cover = PdfReader(tmp_path / "med-logga.pdf").pages[0]
    images = [x for x in cover["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1

    document.write_text(SAMPLE.read_text("utf-8").replace("first_evaluation: true",
                                                          "first_evaluation: true\nlogo: saknas.png"), "utf-8")
    result = run("build", str(document), cwd=tmp_path)
    assert result.returncode == 1
    assert "logo: there is no file" in result.stderr


def test_both_formats_from_one_model(tmp_path):
    from docx import Document

    result = run("build", str(SAMPLE), "--format", "pdf,docx", "-o", str(tmp_path / "ut") + "/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf, word = tmp_path / "ut" / "alingsas-2023.pdf", tmp_path / "ut" / "alingsas-2023.docx"
    assert "Analys av Alingsås kommun" in PdfReader(pdf).pages[0].extract_text()
    assert Document(word).core_properties.title == "Kommunkompassen: Analys av Alingsås kommun"
    result = run("build", str(SAMPLE), "-f", "docx,pdf", "-o", str(tmp_path / "rapport.pdf"), cwd=tmp_path)
    assert result.returncode == 0
    assert (tmp_path / "rapport.pdf").exists() and (tmp_path / "rapport.docx").exists()

"""Bad input gets a clear answer: one test per check, with the message, its line and the exit code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE
from reportgen.cli import app

SAMPLE_TEXT = SAMPLE.read_text("utf-8")
runner = CliRunner()


def check(tmp_path: Path, text: str | bytes, name: str = "doc.yaml") -> tuple[int, str]:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = runner.invoke(app, ["check", str(path)])
    return result.exit_code, result.stderr if result.stderr_bytes is not None else result.output


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def edit(old: str, new: str) -> str:
    assert old in SAMPLE_TEXT, old
    return SAMPLE_TEXT.replace(old, new, 1)


def assert_problem(output: str, line: int | None, field: str, message: str) -> None:
    place = rf":{line}:\d+: " if line else r": "
    pattern = place + re.escape(f"{field}: " if field else "") + re.escape(message)
    assert re.search(pattern, output), f"expected {pattern!r} in\n{output}"


def test_valid_sample_exit_0(tmp_path):
    code, output = check(tmp_path, SAMPLE_TEXT)
    assert code == 0


def test_missing_file(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "saknas.yaml")])
    assert result.exit_code == 1
    assert "saknas.yaml: the file does not exist — the path of an evaluation document" in result.stderr


def test_empty_file(tmp_path):
    code, output = check(tmp_path, "\n\n")
    assert code == 1 and "doc.yaml: the file is empty" in output


def test_not_utf8(tmp_path):
    code, output = check(tmp_path, SAMPLE_TEXT.encode("utf-8").replace("Rööf".encode(), "Rööf".encode("latin-1")))
    assert code == 1
    assert_problem(output, line_of(SAMPLE_TEXT, "Jessica Rööf"), "", "the file is not UTF-8 text")


def test_yaml_syntax(tmp_path):
    text = edit("first_evaluation: true\n", "first_evaluation: true\nevaluators: [Jessica\n")
    code, output = check(tmp_path, text)
    assert code == 1 and "YAML syntax" in output


def test_unknown_key_suggests_the_closest(tmp_path):
    text = edit("report_date:", "reprot_date:")
    code, output = check(tmp_path, text)
    assert code == 1
    assert_problem(output, line_of(text, "reprot_date"), "reprot_date", "unknown key `reprot_date` — did you mean `report_date`?")


def test_missing_required_field(tmp_path):
    code, output = check(tmp_path, edit("municipality: Alingsås kommun\n", ""))
    assert code == 1
    assert_problem(output, 7, "municipality", "is missing — this field is required")


def test_missing_area(tmp_path):
    text = SAMPLE_TEXT[: SAMPLE_TEXT.index("  8:\n")]
    code, output = check(tmp_path, text)
    assert code == 1
    assert "areas: area 8 (Chef- och ledarskap samt medarbetarskap) is missing" in output


def test_unknown_area_and_unknown_sub_question(tmp_path):
    text = edit("      1.5: 20\n", "      1.5: 20\n      1.6: 3\n")
    code, output = check(tmp_path, text)
    assert code == 1
    assert_problem(output, line_of(text, "1.6: 3"), "areas.1.scores.1.6", "`1.6` is not a sub-question of area 1")
    text = SAMPLE_TEXT + "  9:\n    scores: {9.1: 3}\n"
    code, output = check(tmp_path, text)
    assert code == 1 and "areas.9: there is no area 9 — areas 1 to 8" in output


def test_sub_question_twice(tmp_path):
    text = edit("      1.5: 20\n", "      1.5: 20\n      1.5: 21\n")
    code, output = check(tmp_path, text)
    assert code == 1
    assert_problem(output, line_of(text, "1.5: 21"), "areas.1.scores.1.5", "`1.5` is given twice")


@pytest.mark.parametrize("value, message", [
    ("25", "25 is more than the max 20 — a whole number from 0 to 20"),
    ("-3", "-3 is less than 0 — a whole number from 0 to 20"),
    ("11.5", "`11.5` is not a whole number"),
    ("elva", "`elva` is not a whole number"),
])
def test_scores_whole_numbers_within_their_max(tmp_path, value, message):
    text = edit("      1.1: 11\n", f"      1.1: {value}\n")
    code, output = check(tmp_path, text)
    assert code == 1
    assert_problem(output, line_of(text, f"1.1: {value}"), "areas.1.scores.1.1", message)


def test_real_dates(tmp_path):
    text = edit("report_date: 2023-02-21", "report_date: 2023-02-30")
    code, output = check(tmp_path, text)
    assert code == 1
    assert_problem(output, line_of(text, "report_date"), "report_date", "`2023-02-30` is not a date — a date as YYYY-MM-DD")
    code, output = check(tmp_path, edit("evaluation_period: 2022-11", "evaluation_period: 2022-13"))
    assert code == 1 and "evaluation_period: has the wrong form" in output


def test_known_framework_version(tmp_path):
    code, output = check(tmp_path, edit('framework: "2020"', 'framework: "2016"'))
    assert code == 1
    assert_problem(output, 7, "framework", "unknown framework version `2016` — one of 2020")


def test_logo_must_exist_be_an_image_and_lie_beside_the_document(tmp_path):
    with_logo = lambda name: edit("first_evaluation: true\n", f"first_evaluation: true\nlogo: {name}\n")  # noqa: E731
    code, output = check(tmp_path, with_logo("saknas.png"))
    assert code == 1 and "logo: there is no file saknas.png" in output
    (tmp_path / "inte-bild.png").write_text("hej")
    code, output = check(tmp_path, with_logo("inte-bild.png"))
    assert code == 1 and "logo: inte-bild.png is not an image that can be read" in output
    code, output = check(tmp_path, with_logo("/etc/passwd"))
    assert code == 1 and "logo: /etc/passwd lies outside the document's folder" in output
    code, output = check(tmp_path, with_logo("../../etc/hostname"))
    assert code == 1 and "lies outside the document's folder" in output


def test_warnings_exit_0(tmp_path):
    text = re.sub(r"    strengths:\n(      - .*\n)+", "    strengths: []\n", SAMPLE_TEXT, count=1)
    text = text.replace("      - heading: Transparens kring resultat\n        text: |\n",
                        "      - heading: Transparens kring resultat\n        text: \"\"\n      - heading: Extra\n"
                        "        text: |\n", 1)
    code, output = check(tmp_path, text)
    assert code == 0, output
    assert "warning: areas.1: the area has no strengths" in output
    assert "warning: areas.1.sections.3.text: the section “Transparens kring resultat” has no text" in output
    assert "warning: areas.4.headings: the Rubriker list 4 headings, area 4 has 5 sub-questions" in output


def test_control_characters_are_removed_with_a_warning(tmp_path):
    text = edit("    strengths:\n      - Lättillgänglig", "    strengths:\n      - \"Lätt\\x07tillgänglig\\u000b\"\n      - Lättillgänglig")
    code, output = check(tmp_path, text)
    assert code == 0, output
    assert_problem(output, line_of(text, "Lätt\\x07"), "warning: areas.1.strengths.0",
                   "removed 2 character(s) that a PDF or Word file cannot hold (U+0007, U+000B")


def test_new_writes_a_skeleton_that_check_accepts_once_filled(tmp_path):
    target = tmp_path / "exempelby.yaml"
    result = runner.invoke(app, ["new", "Exempelby kommun", "-o", str(target)])
    assert result.exit_code == 0
    skeleton = target.read_text("utf-8")
    for number in range(1, 9):
        assert f"\n  {number}:" in skeleton
    assert skeleton.count("# 0–") == 36
    code, output = check(tmp_path, skeleton, "tom.yaml")
    assert code == 1 and "areas.8.scores.8.4: is empty" in output
    filled = re.sub(r"(\n      \d\.\d):( +#)", r"\1: 5\2", skeleton)
    filled = filled.replace('- ""', "- Ifylld punkt").replace(': ""', ": Ifylld text.")
    filled = re.sub(r"text: \|\n +\n", "text: |\n          Text.\n", filled)
    code, output = check(tmp_path, filled, "ifylld.yaml")
    assert code == 0, output
    result = runner.invoke(app, ["new", "Exempelby kommun", "-o", str(target)])
    assert result.exit_code == 1 and "filen finns redan" in result.stderr  # never overwrites by accident


def test_usage_errors_exit_2():
    assert runner.invoke(app, ["build"]).exit_code == 2
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2
    assert runner.invoke(app, ["build", str(SAMPLE), "--format", "odt"]).exit_code == 2


def test_comparison_figures_are_checked(tmp_path):
    text = (ROOT / "samples" / "exempelkommun.yaml").read_text("utf-8")
    bad = text.replace("areas: {1: 50, 2: 52, 3: 66, 4: 57, 5: 45, 6: 48, 7: 60, 8: 51}",
                       "areas: {1: 50, 2: 52, 3: 66, 4: 57, 5: 45, 6: 48, 7: 60, 9: 51}")
    code, output = check(tmp_path, bad)
    assert code == 1
    assert_problem(output, line_of(bad, "9: 51"), "previous_evaluation.areas.9", "there is no area 9")
    bad = text.replace("areas: {1: 60,", "areas: {1: 160,")
    code, output = check(tmp_path, bad)
    assert code == 1 and "reference_average.areas.1: 160 is outside 0 to 100" in output


def test_only_digits_make_a_whole_number_and_an_area_counts_once(tmp_path):
    code, output = check(tmp_path, edit("      1.1: 11\n", "      1.1: 1_1\n"))
    assert code == 1 and "areas.1.scores.1.1: `1_1` is not a whole number" in output
    code, output = check(tmp_path, SAMPLE_TEXT.replace("\n  1:\n", "\n  01:\n", 1) + "  1:\n    scores: {}\n")
    assert code == 1 and "area `1` is the same as `01`" in output


def test_logo_must_be_png_or_jpeg(tmp_path):
    from PIL import Image

    Image.new("RGB", (20, 10)).save(tmp_path / "logo.webp")
    code, output = check(tmp_path, edit("first_evaluation: true\n", "first_evaluation: true\nlogo: logo.webp\n"))
    assert code == 1 and "logo: logo.webp is a WEBP image" in output


def test_a_failing_format_leaves_no_format_written(tmp_path, monkeypatch):
    from reportgen import pipeline

    def broken(report, stream):
        raise RuntimeError("the Word writer broke")

    monkeypatch.setitem(pipeline.WRITERS, "docx", broken)
    with pytest.raises(RuntimeError):
        pipeline.build(SAMPLE, {"pdf": tmp_path / "r.pdf", "docx": tmp_path / "r.docx"})
    assert list(tmp_path.iterdir()) == []  # the PDF, though complete, was not written either

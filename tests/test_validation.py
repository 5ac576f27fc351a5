"""Bad input gets a clear answer: one test per check, with the message, its line and the exit code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE
from reportgen import limits
from reportgen.cli import app

SAMPLE_TEXT = SAMPLE.read_text("utf-8")
runner = CliRunner()


def check(tmp_path: Path, text: str | bytes, name: str = "doc.yaml") -> tuple[int, str]:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = runner.invoke(app, ["check", str(path)], env={"REPORTGEN_LANG": "en"})  # messages as asserted
    return result.exit_code, result.stderr if result.stderr_bytes is not None else result.output


@pytest.fixture(autouse=True)
def english(language):
    """These tests read the English catalogue unless they choose a language; the default is Swedish."""
    language("en")


@pytest.fixture
def in_both(language):
    """``check`` of a text with the Swedish and with the English messages."""
    def run(tmp_path: Path, text: str | bytes) -> dict[str, tuple[int, str]]:
        results = {}
        for code in ("sv", "en"):
            language(code)
            results[code] = check(tmp_path, text)
        return results

    return run


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


SYNTAX = [  # (what, the edit, the line to blame, Swedish, English)
    ("colon", ("municipality: Alingsås kommun", "municipality: Alingsås: kommun"), "municipality:",
     "`: ` i en text läses som ett nytt fält — en text som innehåller `: ` behöver citattecken (\"…\"); "
     "ett fält ska ha samma indrag som fälten bredvid",
     "`: ` in a text is read as a new field — a text containing `: ` needs quotes (\"…\"); "
     "a field has the same indentation as the fields beside it"),
    ("tab", ("  1:\n    scores:", "  1:\n\tscores:"), "\tscores:",
     "raden är indragen med tabb — använd mellanslag, inte tabb",
     "the line is indented with a tab — use spaces, not tabs"),
    ("italic start", ("      - Lättillgänglig portal", "      - *Lättillgänglig* portal"), "*Lättillgänglig*",
     "en text som börjar med `*` behöver citattecken — sätt hela texten inom citattecken: \"…\"",
     "a text that starts with `*` needs quotes — put the whole text in quotes: \"…\""),
    ("open quote", ("municipality: Alingsås kommun", "municipality: \"Alingsås kommun"), "municipality:",
     "citattecknet \" här avslutas aldrig — avsluta texten med samma citattecken; ett \" inuti texten skrivs "
     "dubbelt eller med det andra slaget citattecken",
     "the quote \" here is never closed — end the text with the same quote; a \" inside the text is written twice "
     "or with the other kind of quote"),
    ("open list", ("first_evaluation: true\n", "first_evaluation: true\npublisher: [SKR\n"), "publisher:",
     "listan som börjar med `[` här avslutas aldrig — avsluta den med `]` på samma sätt; en text med komma behöver "
     "citattecken",
     "the list that starts with `[` here is never closed — end it with `]` likewise; a text with a comma needs quotes"),
    ("no colon", ("first_evaluation: true\n", "first_evaluation: true\nSKR\n"), "SKR\n",
     "raden saknar `:` — ett fält skrivs `namn: värde`; hör raden till texten ovanför ska den ha samma indrag som "
     "texten",
     "the line has no `:` — a field is written `name: value`; a line that belongs to the text above needs the same "
     "indentation as that text"),
    ("dedented score", ("      1.2: 7\n", "     1.2: 7\n"), "     1.2: 7",
     "raden har ett annat indrag än raderna runt den — fält på samma nivå börjar i samma kolumn, punkter i en lista "
     "likaså",
     "the line is indented differently from the lines around it — fields at the same level start in the same column, "
     "and so do the items of a list"),
    ("dedented field", ("summary:\n  evaluation:", "summary:\n evaluation:"), " evaluation:",  # libyaml: 2 lines on
     "raden har ett annat indrag än raderna runt den", "the line is indented differently from the lines around it"),
    ("indented score", ("      1.2: 7\n", "       1.2: 7\n"), "       1.2: 7",
     "raden är mer indragen än raden ovanför", "the line is indented further than the line above"),
    ("after quote", ("      - Lättillgänglig portal", "      - \"Lättillgänglig\" portal"), "\"Lättillgänglig\"",
     "text efter det avslutande citattecknet — hela texten inom citattecken: \"…\"",
     "text after the closing quote — the whole text in quotes: \"…\""),
    ("list on the line", ("first_evaluation: true\n", "first_evaluation: true\npublisher: - SKR\n"), "publisher:",
     "en lista kan inte börja på samma rad som fältnamnet", "a list cannot start on the same line as the field name"),
    ("backslash", ("first_evaluation: true\n", "first_evaluation: true\npublisher: \"C:\\data\"\n"), "publisher:",
     "ett `\\` inom \"…\" inleder ett specialtecken — skriv `\\\\` för ett `\\`, eller använd enkla citattecken '…'",
     "a `\\` inside \"…\" starts a special character — write `\\\\` for a `\\`, or use single quotes '…'"),
]


@pytest.mark.parametrize("what, change, blamed, swedish, english", SYNTAX, ids=[c[0] for c in SYNTAX])
def test_yaml_syntax_in_plain_words_on_the_line_of_the_mistake(tmp_path, in_both, what, change, blamed,
                                                                swedish, english):
    text = edit(*change)
    results = in_both(tmp_path, text)
    for (code, output), message in ((results["sv"], swedish), (results["en"], english)):
        assert code == 1
        assert_problem(output, line_of(text, blamed), "", message)
        assert "YAML" not in output and "mapping" not in output and "scalar" not in output and "token" not in output


def test_unknown_key_suggests_the_closest(tmp_path):
    text = edit("report_date:", "reprot_date:")
    code, output = check(tmp_path, text)
    assert code == 1
    assert_problem(output, line_of(text, "reprot_date"), "reprot_date", "unknown field `reprot_date` — did you mean `report_date`?")


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
    assert code == 1
    assert "evaluation_period: `2022-13` is not a month or a period — a month as YYYY-MM or a span as" in output


def test_known_framework_version(tmp_path):
    code, output = check(tmp_path, edit('framework: "2020"', 'framework: "2031"'))
    assert code == 1
    assert_problem(output, 7, "framework", "unknown framework version `2031` — one of: 2010, 2016, 2020")


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
    # list positions are counted from 1: the empty section is the area's fourth
    assert "warning: areas.1.sections.4.text: the section “Transparens kring resultat” has no text" in output
    assert "warning: areas.4.headings: the Rubriker list 4 headings, area 4 has 5 sub-questions" in output


def test_control_characters_are_removed_with_a_warning(tmp_path):
    text = edit("    strengths:\n      - Lättillgänglig", "    strengths:\n      - \"Lätt\\x07tillgänglig\\u000b\"\n      - Lättillgänglig")
    code, output = check(tmp_path, text)
    assert code == 0, output
    assert_problem(output, line_of(text, "Lätt\\x07"), "warning: areas.1.strengths.1",
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
    first_evaluator = line_of(skeleton, '  - ""')
    assert f"tom.yaml:{first_evaluator}:5: evaluators.1: is empty — a text after the `- `, or remove the line" in output
    filled = re.sub(r"(\n      \d\.\d):( +#)", r"\1: 5\2", skeleton)
    filled = filled.replace('- ""', "- Ifylld punkt").replace(': ""', ": Ifylld text.")
    filled = re.sub(r"text: \|\n +\n", "text: |\n          Text.\n", filled)
    code, output = check(tmp_path, filled, "ifylld.yaml")
    assert code == 0, output
    result = runner.invoke(app, ["new", "Exempelby kommun", "-o", str(target)])
    assert result.exit_code == 1 and "the file exists" in result.stderr  # never overwrites by accident


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


# --- silent changes YAML would make, and what check promises build delivers ---

def test_first_evaluation_takes_ja_and_nej_and_explains_anything_else(tmp_path, in_both):
    from reportgen.evaluation import read_evaluation

    for word, meant in (("ja", True), ("Nej", False), ("yes", True), ("no", False)):  # every catalogue's words
        path = tmp_path / f"{word}.yaml"
        path.write_text(edit("first_evaluation: true", f"first_evaluation: {word}"), "utf-8")
        assert read_evaluation(path)[0].first_evaluation is meant, word
    text = edit("first_evaluation: true", "first_evaluation: kanske")
    results = in_both(tmp_path, text)
    line = line_of(text, "first_evaluation")
    assert_problem(results["sv"][1], line, "first_evaluation",
                   "`kanske` är varken ja eller nej — true eller false (ja och nej går också)")
    assert_problem(results["en"][1], line, "first_evaluation",
                   "`kanske` is neither yes nor no — true or false (ja and nej work too)")


@pytest.mark.parametrize("value", ["0", "20230221", "2023-02-30", "23-02-21", "1970-01-01"])
def test_report_date_is_a_real_date_written_in_full(tmp_path, in_both, value):
    text = edit("report_date: 2023-02-21", f"report_date: {value}")
    results = in_both(tmp_path, text)
    line = line_of(text, "report_date")
    assert results["sv"][0] == 1
    assert_problem(results["sv"][1], line, "report_date",
                   f"`{value}` är inget datum — ett datum som ÅÅÅÅ-MM-DD, till exempel 2023-02-21")
    assert_problem(results["en"][1], line, "report_date",
                   f"`{value}` is not a date — a date as YYYY-MM-DD, such as 2023-02-21")


def test_a_list_item_indented_too_far_is_not_silently_joined(tmp_path, in_both):
    text = edit("      - Ungdomsfullmäktige", "        - Ungdomsfullmäktige")  # one level too deep
    results = in_both(tmp_path, text)
    line = line_of(text, "        - Ungdomsfullmäktige")
    assert results["sv"][0] == 0
    assert_problem(results["sv"][1], line, "varning: areas.1.strengths.1",
                   "raden `- Ungdomsfullmäktige` läses som en fortsättning på texten ovanför, inte som en ny punkt — "
                   "en ny punkt ska ha samma indrag som `- ` ovanför; en lista inuti en text skrivs efter `text: |`")
    assert_problem(results["en"][1], line, "warning: areas.1.strengths.1",
                   "the line `- Ungdomsfullmäktige` is read as a continuation of the text above, not as a new item")
    # a list inside a text written after `|` is meant as a list
    text = edit("summary:\n  evaluation: |\n", "summary:\n  evaluation: |\n    Punkter:\n    - ett\n    - två\n\n")
    code, said = check(tmp_path, text)
    assert code == 0 and "continuation" not in said


def test_other_silent_changes_get_a_warning(tmp_path, in_both):
    text = edit("      - Ungdomsfullmäktige", "      - Plats #1 i länet för ungdomsfullmäktige")
    results = in_both(tmp_path, text)
    line = line_of(text, "Plats #1")
    assert_problem(results["sv"][1], line, "varning: areas.1.strengths.2",
                   "texten slutar före `#1`: ` #` inleder en kommentar, så resten av raden kommer inte med — "
                   "sätt hela texten inom citattecken: \"…\"")
    assert_problem(results["en"][1], line, "warning: areas.1.strengths.2",
                   "the text ends before `#1`: ` #` starts a comment, so the rest of the line is left out")
    text = edit("      1.1: 11\n", "      1.1: 011\n")
    results = in_both(tmp_path, text)
    assert results["sv"][0] == 0
    assert_problem(results["sv"][1], line_of(text, "1.1: 011"), "varning: areas.1.scores.1.1",
                   "`011` börjar med en nolla och läses som 11 — skriv 11 om det är vad som menas")
    assert_problem(results["en"][1], line_of(text, "1.1: 011"), "warning: areas.1.scores.1.1",
                   "`011` starts with a zero and is read as 11 — write 11 if that is what is meant")
    text = edit("      - Ungdomsfullmäktige", "      - &Co Ungdomsfullmäktige")
    results = in_both(tmp_path, text)
    assert_problem(results["sv"][1], line_of(text, "&Co"), "varning: areas.1.strengths.2",
                   "`&Co` kommer inte med: en text som börjar med `&` behöver citattecken — sätt hela texten inom "
                   "citattecken: \"…\"")
    assert_problem(results["en"][1], line_of(text, "&Co"), "warning: areas.1.strengths.2",
                   "`&Co` is left out: a text that starts with `&` needs quotes")
    text = edit("      - Ungdomsfullmäktige", "      - null")
    results = in_both(tmp_path, text)
    assert_problem(results["sv"][1], line_of(text, "- null"), "areas.1.strengths.2",
                   "`null` läses som ett tomt värde — en text inom citattecken: \"null\"")
    assert_problem(results["en"][1], line_of(text, "- null"), "areas.1.strengths.2",
                   "`null` is read as an empty value — a text in quotes: \"null\"")
    # texts stay as typed: `nej`, `on`, a date and a number in a list of strengths are text, not yes/no or a date
    text = edit("      - Ungdomsfullmäktige", "      - nej\n      - on\n      - 2023-02-21\n      - 0012")
    assert check(tmp_path, text)[0] == 0
    from reportgen.evaluation import read_evaluation

    (tmp_path / "typed.yaml").write_text(text, "utf-8")
    strengths = read_evaluation(tmp_path / "typed.yaml")[0].areas[1].strengths
    assert ["nej", "on", "2023-02-21", "0012"] == strengths[1:5]


@pytest.mark.parametrize("key", ["'+1'", "01", "' 1'", "\"1 \""])
def test_an_area_written_two_ways_is_caught(tmp_path, key):
    text = SAMPLE_TEXT.replace("\n  1:\n", f"\n  {key}:\n", 1) + "  1:\n    scores: {}\n"
    code, output = check(tmp_path, text)
    assert code == 1
    raw = key.strip("'\"")
    if raw.strip() == raw and not raw.startswith("+"):
        assert f"areas.1: area `1` is the same as `{raw}` — each field once; merge the two" in output
    elif raw.startswith("+"):
        assert f"areas.+1: `+1` is not a whole number" in output
    else:
        assert f"area `1` is the same as `{raw}`" in output


def test_a_framework_is_a_name_never_a_path(tmp_path, in_both):
    evil = tmp_path / "x" / "evilfw"
    evil.mkdir(parents=True)
    (evil / "framework.yaml").write_text("version: evil\nname: x\nareas: []\n", "utf-8")
    for given in ("2020/../../../x/evilfw", "../kommunkompassen-2020", "/etc"):
        text = edit('framework: "2020"', f'framework: "{given}"')
        results = in_both(tmp_path, text)
        assert results["en"][0] == 1
        assert_problem(results["en"][1], 7, "framework",
                       f"`{given}` is not the name of a framework version — the version, such as \"2020\"")
        assert_problem(results["sv"][1], 7, "framework",
                       f"`{given}` är inget namn på en version av ramverket — versionen, till exempel \"2020\"")


def test_characters_the_font_lacks_are_refused_with_their_place(tmp_path, in_both):
    text = edit("  - Jessica Rööf", "  - سارة الأحمد")
    text = text.replace("      - Ungdomsfullmäktige", "      - Bra jobbat 👍", 1)
    text = text.replace("  comments: |\n", "  comments: |\n    Ett tecken ur plan 2: 𠀋.\n\n", 1)
    text = text.replace("      - heading: Strategi", "      - heading: Strategi 𝐀", 1)
    results = in_both(tmp_path, text)
    code, output = results["en"]
    assert code == 1
    assert_problem(output, line_of(text, "سارة"), "evaluators.1",
                   "the report's font cannot print أ (U+0623 ARABIC LETTER ALEF WITH HAMZA ABOVE), ا (U+0627 ARABIC "
                   "LETTER ALEF), ة (U+0629 ARABIC LETTER TEH MARBUTA), ح (U+062D ARABIC LETTER HAH), د (U+062F ARABIC "
                   "LETTER DAL) and 4 more — characters of the Latin, Greek or Cyrillic alphabets")
    # the column is that of the character, not of the value
    assert re.search(rf":{line_of(text, '👍')}:{text.splitlines()[line_of(text, '👍') - 1].index('👍') + 1}: "
                     r"areas\.1\.strengths\.2: the report's font cannot print 👍 \(U\+1F44D THUMBS UP SIGN\)", output)
    assert_problem(output, line_of(text, "Strategi 𝐀"), "areas.1.sections.1.heading",
                   "the report's font cannot print 𝐀 (U+1D400 MATHEMATICAL BOLD CAPITAL A)")
    assert_problem(output, line_of(text, "𠀋"), "summary.comments",
                   "the report's font cannot print 𠀋 (U+2000B CJK UNIFIED IDEOGRAPH-2000B)")
    assert_problem(results["sv"][1], line_of(text, "👍"), "areas.1.strengths.2",
                   "rapportens typsnitt kan inte skriva ut 👍 (U+1F44D THUMBS UP SIGN) — tecken ur latinska, grekiska "
                   "eller kyrilliska alfabet")
    # what the font has passes: accents (also combining), Greek, Cyrillic, dashes and quotes
    ok = edit("  - Jessica Rööf", "  - José Ñúñez e\u0301 Ελένη Анна – ”citat” …")
    assert check(tmp_path, ok)[0] == 0


def test_names_and_evaluators_are_bounded_as_the_cover_and_word_need(tmp_path, in_both):
    long_name = "Å" * (limits.MAX_NAME_CHARS + 1)
    text = edit("municipality: Alingsås kommun", f"municipality: {long_name}")
    results = in_both(tmp_path, text)
    assert_problem(results["en"][1], line_of(text, long_name), "municipality",
                   "is 61 characters long; at most 60 characters fit — a shorter text")
    assert_problem(results["sv"][1], line_of(text, long_name), "municipality",
                   "är 61 tecken lång; högst 60 tecken får plats — en kortare text")
    evaluators = "  - Jessica Rööf\n  - Lisa Lindell\n  - Ulrika Elming\n"
    many = "".join(f"  - Utvärderare {i}\n" for i in range(limits.MAX_EVALUATORS + 1))
    text = edit(evaluators, many)
    code, output = check(tmp_path, text)
    assert code == 1 and "evaluators: has 13 items; at most 12 fit — fewer items" in output
    long_names = "".join(f"  - {'Namn' * 12} {i:02}\n" for i in range(5))  # 5 × 51 + 4 × 5 = 275 characters
    text = edit(evaluators, long_names)
    results = in_both(tmp_path, text)
    assert_problem(results["en"][1], line_of(text, "Namn"), "evaluators",
                   "the evaluators' names together are 266 characters; at most 255 fit — fewer or shorter names")
    assert_problem(results["sv"][1], line_of(text, "Namn"), "evaluators",
                   "utvärderarnas namn är tillsammans 266 tecken; högst 255 får plats — färre eller kortare namn")


def test_texts_are_bounded_by_paragraph_word_and_file(tmp_path, in_both):
    paragraph = " ".join(["ord"] * (limits.MAX_PARAGRAPH_CHARS // 4 + 1))
    text = edit("  comments: |\n", f"  comments: |\n    {paragraph}\n\n")
    results = in_both(tmp_path, text)
    assert results["en"][0] == 1
    assert_problem(results["en"][1], line_of(text, paragraph[:50]), "summary.comments",
                   "a paragraph is 100003 characters long; at most 100000 characters — split the text into "
                   "paragraphs with a blank line between them")
    assert_problem(results["sv"][1], line_of(text, paragraph[:50]), "summary.comments",
                   "ett stycke är 100003 tecken långt; högst 100000 tecken — dela texten i stycken med en tom rad emellan")
    word = "https://exempel.se/" + "a" * limits.MAX_WORD_CHARS
    text = edit("      - Ungdomsfullmäktige", f"      - Se {word}")
    results = in_both(tmp_path, text)
    assert_problem(results["en"][1], line_of(text, word), "areas.1.strengths.2",
                   "a word is 1019 characters long; at most 1000 characters without a space can be broken over lines")
    assert_problem(results["sv"][1], line_of(text, word), "areas.1.strengths.2",
                   "ett ord är 1019 tecken långt; högst 1000 tecken utan mellanslag går att bryta över rader")
    text = edit("  comments: |\n", "  comments: |\n" + "    Ett stycke.\n\n" * (limits.MAX_FILE_BYTES // 16))
    code, output = check(tmp_path, text)
    assert code == 1 and "doc.yaml: the file is larger than 2 MB — an evaluation document is text" in output


def test_a_logo_must_decode_and_be_of_a_reasonable_size(tmp_path, in_both):
    from PIL import Image

    with_logo = lambda name: edit("first_evaluation: true\n", f"first_evaluation: true\nlogo: {name}\n")  # noqa: E731
    Image.new("RGB", (400, 200), "navy").save(tmp_path / "trasig.png")
    data = bytearray((tmp_path / "trasig.png").read_bytes())
    start = data.index(b"IDAT") + 4
    data[start + 2:start + 40] = bytes(38)  # the pixel data is damaged, the structure is intact
    (tmp_path / "trasig.png").write_bytes(bytes(data))
    code, output = check(tmp_path, with_logo("trasig.png"))
    assert code == 1 and "logo: trasig.png is not an image that can be read — a PNG or JPEG image" in output
    Image.new("1", (12000, 12000)).save(tmp_path / "stor.png")  # small on disk, 144 million pixels
    results = in_both(tmp_path, with_logo("stor.png"))
    assert_problem(results["en"][1], None, "logo", "stor.png is too large (12000 × 12000 pixels) — a PNG or JPEG "
                                                   "image of at most 16 million pixels")
    assert_problem(results["sv"][1], None, "logo", "stor.png är för stor (12000 × 12000 pixlar) — en PNG- eller "
                                                   "JPEG-bild på högst 16 miljoner pixlar")
    assert "DecompressionBomb" not in results["en"][1]
    Image.new("RGB", (600, 300), "navy").save(tmp_path / "bra.png")
    assert check(tmp_path, with_logo("bra.png"))[0] == 0


def test_raw_control_characters_are_removed_with_their_line_and_column(tmp_path, in_both):
    text = edit("  - Jessica Rööf", "  - Jessica\x0b Rööf\x00")
    results = in_both(tmp_path, text)
    line = line_of(text, "Jessica\x0b")
    assert results["sv"][0] == 0, results["sv"][1]
    assert f"doc.yaml:{line}:12: varning: tog bort 2 tecken som inte kan stå i en PDF- eller Word-fil (U+0000, U+000B)" \
           in results["sv"][1]
    assert f"doc.yaml:{line}:12: warning: removed 2 character(s) that a PDF or Word file cannot hold (U+0000, U+000B)" \
           in results["en"][1]
    # positions after a removed character stay those of the file as written
    text = edit("  - Jessica Rööf", "  - Jessica\x0b Rööf").replace("      1.1: 11\n", "  \x00    1.1: 25\n", 1)
    code, output = check(tmp_path, text)
    assert_problem(output, line_of(text, "1.1: 25"), "areas.1.scores.1.1", "25 is more than the max 20")
    assert f":{line_of(text, '1.1: 25')}:13: areas.1.scores.1.1" in output  # 13, not 12


def test_windows_line_ends_keep_lines_and_columns(tmp_path):
    text = edit("      1.1: 11\n", "      1.1: 25\n").replace("\n", "\r\n")
    code, output = check(tmp_path, text)
    assert code == 1
    assert_problem(output, line_of(text, "1.1: 25"), "areas.1.scores.1.1", "25 is more than the max 20")
    assert f":{line_of(text, '1.1: 25')}:12: " in output


def test_every_message_is_in_both_catalogues_with_the_same_placeholders():
    import string

    import yaml

    def catalogue(code: str) -> dict[str, str]:
        return yaml.safe_load((ROOT / "templates" / "messages" / f"{code}.yaml").read_text("utf-8"))

    swedish, english = catalogue("sv"), catalogue("en")
    assert swedish.keys() == english.keys()
    for key, text in swedish.items():
        fields = lambda t: sorted(f for _, f, _, _ in string.Formatter().parse(t) if f)  # noqa: E731
        assert fields(text) == fields(english[key]), key

"""Reading the evaluation document: the model, Markdown, positions and the messages for mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SAMPLE
from reportgen.catalogue import load_labels
from reportgen.evaluation import read_evaluation
from reportgen.framework import load_framework
from reportgen.markup import parse_inline, parse_markdown
from reportgen.problems import InvalidInput
from reportgen.results import compute_results
from reportgen.tree import ListBlock, Paragraph, Quote, Span


def test_framework_has_8_areas_36_questions_800_points():
    framework = load_framework("2020")
    assert len(framework.areas) == 8
    assert sum(len(a.questions) for a in framework.areas) == 36
    assert [a.max for a in framework.areas] == [100] * 8
    assert framework.max == 800


def test_sample_scores_give_the_published_points():
    evaluation, framework, warnings = read_evaluation(SAMPLE)
    results = compute_results(evaluation, framework)
    assert [a.points for a in results.areas] == [56, 56, 77, 58, 47, 48, 57, 57]
    assert results.total == 456
    assert evaluation.reference_average.total == 475
    # the only warnings: areas whose Rubriker count differs from their sub-questions, as published
    assert [w.field for w in warnings] == ["areas.4.headings", "areas.5.sections", "areas.7.sections"]
    assert all(w.severity == "warning" for w in warnings)


def test_rubriker_default_to_section_headings_and_can_be_given():
    evaluation, _, _ = read_evaluation(SAMPLE)
    assert evaluation.areas[1].box_headings == [s.heading for s in evaluation.areas[1].sections]
    assert len(evaluation.areas[4].box_headings) == 4  # as published, while area 4 has 5 sub-questions
    assert evaluation.areas[2].box_headings[-1] == "CIVILSAMHÄLLE, NÄRINGSLIV OCH KULTUR"


def test_markdown_subset():
    blocks = parse_markdown("Ett *kursivt* och **fett** ord.\n\n- ett\n- två\n\n3. tre\n4. fyra\n\n> citat")
    assert blocks[0] == Paragraph((Span("Ett "), Span("kursivt", italic=True), Span(" och "),
                                   Span("fett", bold=True), Span(" ord.")))
    assert isinstance(blocks[1], ListBlock) and not blocks[1].ordered and len(blocks[1].items) == 2
    assert isinstance(blocks[2], ListBlock) and blocks[2].ordered and blocks[2].start == 3
    assert isinstance(blocks[3], Quote)


@pytest.mark.parametrize("text", ['<img src="/etc/passwd"/>', '<a href="javascript:alert(1)">x</a>',
                                  '<font face="x">', "<para>", "A & B < C > D", "&amp; &lt;", "`kod`",
                                  "[länk](http://example.com)", "# ingen rubrik"])
def test_markup_and_html_in_text_stay_literal_text(text):
    assert parse_markdown(text) == (Paragraph((Span(text),)),)
    assert parse_inline(text) == (Span(text),)


def test_swedish_labels_dates_and_possessives():
    labels = load_labels("sv")
    assert labels("area_heading", number=4, name="Effektivitet") == "Område 4 Effektivitet"
    assert labels.genitive("Alingsås kommun") == "Alingsås kommuns"
    assert labels.genitive("Alingsås") == "Alingsås"
    assert labels.genitive("Exempelby") == "Exempelbys"
    assert labels.short_name("Exempelby kommun") == "Exempelby"
    assert labels.short_name("Exempelby stad") == "Exempelby"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.yaml"
    path.write_text(text, "utf-8")
    return path


def sample_text() -> str:
    return SAMPLE.read_text("utf-8")


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        read_evaluation(path)
    return [str(p) for p in caught.value.problems]


def test_score_above_max_is_reported_at_its_line(tmp_path):
    text = sample_text().replace("      4.3: 9\n", "      4.3: 25\n")
    path = write(tmp_path, text)
    line = text.splitlines().index("      4.3: 25") + 1
    # messages are Swedish unless another language is chosen
    assert problems_of(path) == [f"{path}:{line}:12: areas.4.scores.4.3: 25 är mer än maxpoängen 20 "
                                 f"— ett heltal från 0 till 20"]


def test_misspelt_key_gets_a_suggestion(tmp_path):
    text = sample_text().replace("    strengths:\n", "    strenghts:\n", 1)
    path = write(tmp_path, text)
    line = text.splitlines().index("    strenghts:") + 1
    assert problems_of(path) == [f"{path}:{line}:5: areas.1.strenghts: okänt fält `strenghts` "
                                 f"— menar du `strengths`?"]


def test_missing_area_and_missing_score_are_named(tmp_path):
    text = sample_text().replace("      1.5: 20\n", "")
    path = write(tmp_path, text)
    (message,) = problems_of(path)
    assert "areas.1.scores: delfråga 1.5 (Förutsättningar för politiken) saknar poäng" in message


def test_not_a_whole_number(tmp_path):
    path = write(tmp_path, sample_text().replace("      1.1: 11\n", "      1.1: elva\n"))
    (message,) = problems_of(path)
    assert "areas.1.scores.1.1: `elva` är inte ett heltal — ett heltal med bara siffror, till exempel 12" in message


def test_yaml_syntax_error_has_line_and_column(tmp_path):
    path = write(tmp_path, "framework: '2020'\nmunicipality: [Alingsås\n")
    (message,) = problems_of(path)
    # on the line of the mistake (libyaml notices it at the end of the file, line 3)
    assert message == f"{path}:2:15: listan som börjar med `[` här avslutas aldrig — avsluta den med `]` på samma " \
                      "sätt; en text med komma behöver citattecken"


def test_key_given_twice(tmp_path):
    path = write(tmp_path, sample_text().replace("language: sv\n", "language: sv\nlanguage: sv\n"))
    (message,) = problems_of(path)
    assert ":9:1: language: `language` finns två gånger (första gången på rad 8)" in message


def test_missing_empty_and_non_utf8_files(tmp_path):
    assert "nope.yaml: filen finns inte — sökvägen till ett utvärderingsdokument (.yaml)" in \
        problems_of(tmp_path / "nope.yaml")[0]
    assert "filen är tom" in problems_of(write(tmp_path, "  \n"))[0]
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("municipality: Alingsås\n".encode("latin-1"))
    assert "latin1.yaml:1:21: filen är inte UTF-8-text" in problems_of(latin1)[0]


def test_unknown_framework_version(tmp_path):
    path = write(tmp_path, sample_text().replace('framework: "2020"', 'framework: "2031"'))
    (message,) = problems_of(path)
    assert "framework: okänd version av ramverket: `2031` — ett av: 2010, 2016, 2020" in message

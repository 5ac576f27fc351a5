"""A draft's partial sums: every figure summed from an incomplete set of scores carries the same
incomplete mark (``*``) as the area's box, in chapter 2's charts and comparison table too."""

from __future__ import annotations

import yaml

from conftest import SAMPLE
from reportgen.evaluation import read_evaluation
from reportgen.report import build_report
from reportgen.tree import Chart, Table


def draft_report(tmp_path, previous: bool = False):
    """The sample with area 3's first score and all of area 8 removed (so 3 and 8 are partial)."""
    data = yaml.safe_load(SAMPLE.read_text("utf-8"))
    scores = data["areas"][3]["scores"]
    del scores[next(iter(scores))]  # 3.1
    del data["areas"][8]
    if previous:
        data["previous_evaluation"] = {"year": 2019, "areas": {n: 50 for n in range(1, 9)}}
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    evaluation, framework, _ = read_evaluation(path, draft=True)
    return build_report(evaluation, framework, draft=True)


def test_the_bar_chart_marks_partial_area_sums_and_the_partial_total(tmp_path):
    report = draft_report(tmp_path)
    bars = next(b for b in report.blocks if isinstance(b, Chart) and b.kind == "bars")
    labels = bars.series[0].value_labels
    points = bars.series[0].values
    assert labels[0] == str(points[0]) and labels[1] == str(points[1])  # complete areas: plain
    assert labels[2] == f"{points[2]}*" and labels[7] == "0*"            # partial areas: marked
    assert bars.note.value == f"{sum(points)}*"                          # the Totalpoäng box
    assert f"Totalpoängen är {sum(points)}* av 800." in bars.caption


def test_the_comparison_table_marks_partial_sums_and_changes(tmp_path):
    report = draft_report(tmp_path, previous=True)
    table = next(b for b in report.blocks if isinstance(b, Table) and b.role == "comparison")
    assert table.header == ("Område", "2023", "2019", "Förändring")
    rows = {row[0].partition(" ")[0]: row[1:] for row in table.rows}
    assert rows["1"] == ("56", "50", "+6")             # complete: plain
    assert rows["3"] == ("67*", "50", "+17*")          # one of five sub-questions unscored
    assert rows["8"] == ("0*", "50", "–50*")           # the whole area missing
    assert table.footer == (("Totalt", "389*", "400", "–11*"),)


def test_a_finished_report_has_no_mark(tmp_path):
    evaluation, framework, _ = read_evaluation(SAMPLE)
    report = build_report(evaluation, framework)
    bars = next(b for b in report.blocks if isinstance(b, Chart) and b.kind == "bars")
    table = next(b for b in report.blocks if isinstance(b, Table) and b.role == "comparison")
    assert bars.note.value == "456" and "*" not in "".join(bars.series[0].value_labels)
    assert table.footer[0][:2] == ("Totalt", "456")
    assert not any("*" in cell for row in (*table.rows, *table.footer) for cell in row)


def test_the_spider_chart_caption_marks_a_partial_change(tmp_path):
    report = draft_report(tmp_path, previous=True)
    radar = next(b for b in report.blocks if isinstance(b, Chart) and b.kind == "radar")
    assert "område 8 Chef- och ledarskap samt medarbetarskap: från 50 till 0* poäng (–50*)." in radar.caption

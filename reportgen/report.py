"""Report: builds the document tree of a Kommunkompassen report from an evaluation.

This is where the report's logic lives, once for every writer: chapter order,
numbering, labels, totals and the texts that come from the framework.
"""

from __future__ import annotations

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from reportgen import __version__, comparison
from reportgen.catalogue import Labels, load_labels
from reportgen.evaluation import Evaluation
from reportgen.framework import Framework
from reportgen.markup import parse_inline, parse_markdown
from reportgen.results import AreaResult, Results, compute_results
from reportgen.tree import (Block, Contents, Cover, Heading, ListColumns, Metadata, PageBreak, Paragraph, Report,
                            Table, TopicBox, plain)


def build_report(evaluation: Evaluation, framework: Framework) -> Report:
    """The complete report: cover, contents, the four chapters."""
    labels = load_labels(evaluation.language)
    results = compute_results(evaluation, framework)
    number = lambda n: format_decimal(n, locale=labels.locale)  # noqa: E731
    body: list[Block] = []
    body += _introduction(evaluation, framework, labels)
    body += _summary(evaluation, results, labels, number)
    body += _areas(evaluation, framework, results, labels, number)
    body += _overview(evaluation, results, labels, number)
    contents = Contents(labels("contents"), tuple(b for b in body if isinstance(b, Heading) and b.in_contents))
    blocks: list[Block] = [_cover(evaluation, labels), PageBreak(), contents, *body]
    return Report(_metadata(evaluation, framework, labels), tuple(blocks))


def _metadata(evaluation: Evaluation, framework: Framework, labels: Labels) -> Metadata:
    municipality = evaluation.municipality
    title = f"{labels('cover_title')}: {labels('cover_subtitle', municipality=municipality)}"
    return Metadata(
        title=title,
        author=format_list(list(evaluation.evaluators), locale=labels.locale),
        subject=labels("subject", municipality=municipality, date=_date(evaluation, labels)),
        keywords=tuple(k.strip() for k in labels("keywords", municipality=municipality).split(",")),
        language=labels("pdf_language"),
        created=evaluation.report_date,
        running_title=labels("running_title", municipality=municipality),
        page_label=labels.entries["page_number"],
        producer=f"reportgen {__version__}",
        source_description=labels("source_description"),
        navigation_labels=tuple((key, labels(key)) for key in ("skip_link", "chart_data", "comparison_area")),
        properties=(("municipality", municipality), ("reportDate", evaluation.report_date.isoformat()),
                    ("evaluationPeriod", evaluation.evaluation_period or ""),
                    ("framework", f"{framework.name} {framework.version}"),
                    ("firstEvaluation", "true" if evaluation.first_evaluation else "false")),
    )


def _date(evaluation: Evaluation, labels: Labels) -> str:
    return format_date(evaluation.report_date, format="long", locale=labels.locale)


def _cover(evaluation: Evaluation, labels: Labels) -> Cover:
    return Cover(
        title=labels("cover_title"),
        subtitle=labels("cover_subtitle", municipality=evaluation.municipality),
        date=_date(evaluation, labels),
        evaluators=format_list(list(evaluation.evaluators), locale=labels.locale),
        publisher=evaluation.publisher or labels("publisher"),
        logo=evaluation.logo,
        logo_alt=labels("logo_alt", municipality=evaluation.municipality),
    )


def _chapter(number: int, text: str) -> list[Block]:
    return [PageBreak(), Heading(1, text, f"chapter-{number}", str(number))]


def _introduction(evaluation: Evaluation, framework: Framework, labels: Labels) -> list[Block]:
    text = evaluation.introduction or framework.texts(evaluation.language).introduction
    return [*_chapter(1, labels("chapter_introduction")), *parse_markdown(text)]


def _summary(evaluation: Evaluation, results: Results, labels: Labels, number) -> list[Block]:
    summary = evaluation.summary
    short = evaluation.short_name or labels.short_name(evaluation.municipality)  # in running text
    blocks: list[Block] = _chapter(2, labels("chapter_summary", municipality=evaluation.municipality))
    blocks += [Heading(2, labels("summary_evaluation"), "summary-evaluation"), *parse_markdown(summary.evaluation)]
    blocks += [
        Heading(2, labels("summary_results"), "summary-results"),
        Paragraph(plain(labels("results_intro", short_genitive=labels.genitive(short))), "lead"),
        comparison.bar_chart(evaluation, results, labels, number, short),
        Paragraph(plain(comparison.radar_intro(evaluation, results, labels, short)), "lead"),
        comparison.radar_chart(evaluation, results, labels, number, short),
    ]
    blocks += [Heading(2, labels("summary_comparisons"), "summary-comparisons"),
               comparison.comparison_table(evaluation, results, labels, number),
               *parse_markdown(summary.comparisons)]
    blocks += [Heading(2, labels("summary_comments"), "summary-comments"), *parse_markdown(summary.comments)]
    return blocks


def _areas(evaluation: Evaluation, framework: Framework, results: Results, labels: Labels, number) -> list[Block]:
    blocks: list[Block] = _chapter(3, labels("chapter_areas"))
    general = framework.texts(evaluation.language).general
    for index, result in enumerate(results.areas):
        area = evaluation.areas[result.area.id]
        if index:
            blocks.append(PageBreak())
        blocks += [
            Heading(2, labels("area_heading", number=result.area.id, name=result.area.name), f"area-{result.area.id}"),
            TopicBox(labels("topics"), tuple(area.box_headings), labels("points"), number(result.points)),
            Heading(3, labels("general"), f"area-{result.area.id}-general", in_contents=False),
            *parse_markdown(area.general or general[result.area.id]),  # empty means the standard, as in ch. 1
            *parse_markdown(area.general_addendum),
        ]
        for n, section in enumerate(area.sections, start=1):
            blocks += [Heading(3, section.heading, f"area-{result.area.id}-section-{n}", in_contents=False),
                       *parse_markdown(section.text)]
        if area.strengths or area.improvements:
            blocks.append(ListColumns((
                (labels("strengths"), tuple(parse_inline(s) for s in area.strengths)),
                (labels("improvements"), tuple(parse_inline(s) for s in area.improvements)),
            )))
    return blocks


def _overview(evaluation: Evaluation, results: Results, labels: Labels, number) -> list[Block]:
    blocks: list[Block] = _chapter(4, labels("chapter_overview"))
    blocks.append(Paragraph(plain(labels("overview_intro", municipality=evaluation.municipality,
                                         genitive=labels.genitive(evaluation.municipality))), "lead"))
    blocks += [_score_table(result, labels, number) for result in results.areas]
    return blocks


def _score_table(result: AreaResult, labels: Labels, number) -> Table:
    return Table(
        header=(labels("overview_area", number=result.area.id, name=result.area.name),
                labels("achieved_column"), labels("max_column")),
        rows=tuple((f"{q.question.id} {q.question.name}", number(q.achieved), number(q.question.max))
                   for q in result.questions),
        footer=((labels("sum_row"), number(result.points), number(result.max)),),
        widths=(0.7, 0.15, 0.15), numeric=(False, True, True), role="area-scores",
        caption=labels("score_table_caption", number=result.area.id, name=result.area.name),
    )

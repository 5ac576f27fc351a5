"""Report: builds the document tree of a Kommunkompassen report from an evaluation.

This is where the report's logic lives, once for every writer: chapter order,
numbering, labels, totals and the texts that come from the framework.
"""

from __future__ import annotations

from babel.dates import format_date

from reportgen import __version__, comparison
from reportgen.catalogue import Labels, load_labels
from reportgen.evaluation import Evaluation
from reportgen.framework import Framework
from reportgen.markup import parse_inline, parse_markdown
from reportgen.results import AreaResult, Results, compute_results
from reportgen.tree import (BackPage, Block, Contents, Cover, Heading, ListColumns, Metadata, PageBreak, Paragraph,
                            Report, Span, Table, TopicBox, plain)


def build_report(evaluation: Evaluation, framework: Framework, *, draft: bool = False) -> Report:
    """The complete report: cover, contents, the four chapters (and Kortfakta where given).

    A ``draft`` may lack areas, scores and texts: each gap shows as a visible placeholder,
    sums count what is scored and say they are incomplete, and every page is marked.
    """
    labels = load_labels(evaluation.language, framework)
    results = compute_results(evaluation, framework)
    number = lambda n: labels("no_data") if n is None else labels.number(n)  # noqa: E731
    gap = _Gaps(labels, draft)
    body: list[Block] = []
    body += _introduction(evaluation, framework, labels)
    body += _summary(evaluation, results, labels, number, gap)
    body += _areas(evaluation, framework, results, labels, number, gap)
    body += _overview(evaluation, results, labels, number)
    body += _key_facts(evaluation, labels)
    contents = Contents(labels("contents"), tuple(b for b in body if isinstance(b, Heading) and b.in_contents))
    blocks: list[Block] = [_cover(evaluation, labels, gap), PageBreak(), contents, *body,
                           _back_page(evaluation, labels)]
    return Report(_metadata(evaluation, framework, labels, draft), tuple(blocks))


class _Gaps:
    """What a draft shows where something is not written yet; in a finished report, nothing."""

    def __init__(self, labels: Labels, draft: bool):
        self.labels, self.draft = labels, draft

    def text(self, text: str | None, key: str = "draft_missing_text") -> list[Block]:
        """The text's blocks, or (in a draft, when it is blank) a placeholder paragraph."""
        if self.draft and not (text or "").strip():
            return [Paragraph((Span(self.labels(key), italic=True),))]
        return parse_markdown(text or "")

    def items(self, items: tuple) -> tuple:
        """A list's items, or (in a draft, when there are none) one placeholder item."""
        if self.draft and not items:
            return ((Span(self.labels("draft_missing_item"), italic=True),),)
        return items

    def points(self, result, number) -> str:
        return comparison.points(result.points, result.complete, self.labels, number)


def _back_page(evaluation: Evaluation, labels: Labels) -> BackPage:
    """The back page: the publisher and its address, then the publication details."""
    publisher = evaluation.publisher or labels("publisher")
    values = dict(publisher=publisher, municipality=evaluation.municipality, date=_date(evaluation, labels),
                  year=evaluation.report_date.year, title=labels("cover_title"),
                  subtitle=labels("cover_subtitle", municipality=evaluation.municipality),
                  evaluators=labels.names(evaluation.evaluators))
    lines = [(labels(key, **values), "publisher" if key == "back_page_publisher" else "imprint")
             for key in ("back_page_publisher", "back_page_address", "back_page_web", "back_page_details",
                         "back_page_copyright")]
    return BackPage(tuple(Paragraph(plain(line), role) for line, role in lines if line.strip()))


def _metadata(evaluation: Evaluation, framework: Framework, labels: Labels, draft: bool = False) -> Metadata:
    municipality = evaluation.municipality
    title = f"{labels('cover_title')}: {labels('cover_subtitle', municipality=municipality)}"
    keywords = tuple(k.strip() for k in labels("keywords", municipality=municipality).split(","))
    return Metadata(
        title=labels("draft_title", title=title) if draft else title,
        author=labels.names(evaluation.evaluators),
        subject=labels("subject", municipality=municipality, date=_date(evaluation, labels)),
        keywords=(*keywords, labels("draft_mark")) if draft else keywords,
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
                    ("firstEvaluation", "true" if evaluation.first_evaluation else "false"),
                    *((("draft", "true"),) if draft else ())),
        draft_mark=labels("draft_mark") if draft else "",
    )


def _date(evaluation: Evaluation, labels: Labels) -> str:
    return format_date(evaluation.report_date, format="long", locale=labels.locale)


def _cover(evaluation: Evaluation, labels: Labels, gap: _Gaps) -> Cover:
    return Cover(
        title=labels("cover_title"),
        subtitle=labels("cover_subtitle", municipality=evaluation.municipality),
        date=_date(evaluation, labels),
        evaluators=(labels.names(evaluation.evaluators) if evaluation.evaluators
                    else labels("draft_missing_evaluators")),
        publisher=evaluation.publisher or labels("publisher"),
        logo=evaluation.logo,
        logo_alt=labels("logo_alt", municipality=evaluation.municipality),
    )


def _chapter(number: int, text: str) -> list[Block]:
    return [PageBreak(), Heading(1, text, f"chapter-{number}", str(number))]


def _introduction(evaluation: Evaluation, framework: Framework, labels: Labels) -> list[Block]:
    text = evaluation.introduction or framework.texts(evaluation.language).introduction
    return [*_chapter(1, labels("chapter_introduction")), *parse_markdown(text)]


def _summary(evaluation: Evaluation, results: Results, labels: Labels, number, gap: _Gaps) -> list[Block]:
    summary = evaluation.summary
    short = evaluation.short_name or labels.short_name(evaluation.municipality)  # in running text
    blocks: list[Block] = _chapter(2, labels("chapter_summary", municipality=evaluation.municipality))
    blocks += [Heading(2, labels("summary_evaluation"), "summary-evaluation"), *gap.text(summary.evaluation)]
    blocks += [
        Heading(2, labels("summary_results"), "summary-results"),
        Paragraph(plain(labels("results_intro", short_genitive=labels.genitive(short))), "lead"),
        *([] if results.complete else [Paragraph((Span(labels(
            "draft_total_note", scored=sum(q.achieved is not None for a in results.areas for q in a.questions),
            questions=sum(len(a.questions) for a in results.areas)), italic=True),))]),
        comparison.bar_chart(evaluation, results, labels, number, short),
        Paragraph(plain(comparison.radar_intro(evaluation, results, labels, short)), "lead"),
        comparison.radar_chart(evaluation, results, labels, number, short),
    ]
    blocks += [Heading(2, labels("summary_comparisons"), "summary-comparisons"),
               comparison.comparison_table(evaluation, results, labels, number),
               *parse_markdown(summary.comparisons)]
    blocks += [Heading(2, labels("summary_comments"), "summary-comments"), *gap.text(summary.comments)]
    return blocks


def _areas(evaluation: Evaluation, framework: Framework, results: Results, labels: Labels, number,
           gap: _Gaps) -> list[Block]:
    blocks: list[Block] = _chapter(3, labels("chapter_areas"))
    general = framework.texts(evaluation.language).general
    for index, result in enumerate(results.areas):
        area = evaluation.areas.get(result.area.id)  # only a draft lacks one
        if index:
            blocks.append(PageBreak())
        topics = tuple(area.box_headings) if area is not None else ()
        blocks += [
            Heading(2, labels("area_heading", number=result.area.id, name=result.area.name), f"area-{result.area.id}"),
            TopicBox(labels("topics"), topics if topics or not gap.draft else (labels("draft_missing_item"),),
                     labels("points"), gap.points(result, number)),
        ]
        if not result.complete:
            scored = sum(q.achieved is not None for q in result.questions)
            blocks.append(Paragraph((Span(labels("draft_points_note", scored=scored, questions=len(result.questions)),
                                          italic=True),)))
        text = area and area.general or general.get(result.area.id)  # empty means the standard, as in ch. 1
        addendum = area and area.general_addendum
        if text or addendum:  # a revision without standard texts may have no general part
            blocks += [Heading(3, labels("general"), f"area-{result.area.id}-general", in_contents=False),
                       *parse_markdown(text), *parse_markdown(addendum)]
        if area is None or not area.sections:
            blocks += gap.text("", "draft_missing_area" if area is None else "draft_missing_text")
        for n, section in enumerate(area.sections if area is not None else (), start=1):
            blocks += [Heading(3, section.heading, f"area-{result.area.id}-section-{n}", in_contents=False),
                       *gap.text(section.text)]
        strengths, improvements = (area.strengths, area.improvements) if area is not None else ((), ())
        if strengths or improvements or gap.draft:
            blocks.append(ListColumns((
                (labels("strengths"), gap.items(tuple(parse_inline(s) for s in strengths))),
                (labels("improvements"), gap.items(tuple(parse_inline(s) for s in improvements))),
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
        header=(labels("area_label", number=result.area.id, name=result.area.name),
                labels("achieved_column"), labels("max_column")),
        rows=tuple((f"{q.question.id} {q.question.name}", number(q.achieved), number(q.question.max))
                   for q in result.questions),
        footer=((labels("sum_row"), comparison.points(result.points, result.complete, labels, number),
                 number(result.max)),),
        widths=(0.7, 0.15, 0.15), numeric=(False, True, True), role="area-scores",
        caption=labels("score_table_caption", number=result.area.id, name=result.area.name),
    )


def _key_facts(evaluation: Evaluation, labels: Labels) -> list[Block]:
    """*Kortfakta*: the key figures as a two-column table, then their text; only when given."""
    facts = evaluation.key_facts
    if facts is None or not (facts.figures or facts.text.strip()):
        return []
    blocks = _chapter(5, labels("chapter_key_facts", municipality=evaluation.municipality))
    if facts.figures:
        blocks.append(Table(header=(labels("key_facts_item"), labels("key_facts_value")),
                            rows=tuple(facts.figures.items()), widths=(0.5, 0.5), numeric=(False, False),
                            role="key-facts", caption=blocks[-1].text))
    return [*blocks, *parse_markdown(facts.text)]

"""PDF writer: renders a report tree as an A4 PDF in SKR's layout, with reportlab.

The document is laid out in one pass. What is only known at the end (the total
page count in every running footer, the page numbers in the contents) is drawn
into small form XObjects that the pages reference before they are defined and
that are filled in just before the file is saved. That keeps the build to one
layout pass instead of the two or three that ``multiBuild`` needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFName, PDFPage
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, FrameBreak, KeepTogether, NextPageTemplate,
                                PageTemplate, Paragraph, Spacer, TableStyle)
from reportlab.platypus.flowables import PageBreak as RLPageBreak

from reportgen import tree
from reportgen.garbage import rare_collection
from reportgen.writers.pdfarchive import make_archival
from reportgen.writers.pdfflowables import (ChartFlowable, ContentsLine, HeadingParagraph, KeepStart, ListParagraph,
                                            Owner, TaggedImage, TaggedParagraph, escape, tagged_table)
from reportgen.writers.pdfpack import pdf_bytes
from reportgen.writers.pdftags import Tagger, UntaggedTagger
from reportgen.writers.pdfstyle import (ACCENT, DECORATION, DRAFT, FONT, FONT_BOLD, FRAME_HEIGHT, FRAME_WIDTH, INK, MARGIN_BOTTOM,
                                        MARGIN_LEFT, MARGIN_TOP, MUTED, ON_PRIMARY, PAGE_HEIGHT, PAGE_WIDTH, PRIMARY,
                                        RULE, TINT, Styles, make_styles, size)

_NUMBER_COLUMN = 12 * mm  # the contents' page-number column
_CELL_PADDING = 6         # left and right, in points
_DOT_STEP = 4.2           # distance between leader dots, in points


@rare_collection()
def write_pdf(report: tree.Report, target: Path | BinaryIO, *, tagged: bool = True) -> None:
    """Render ``report`` into ``target`` (a path or a binary stream), tagged for accessibility
    unless ``tagged`` is false (only the benchmark turns it off, to measure its cost)."""
    styles = make_styles(report.metadata.language)
    document = _ReportDocument(target if not isinstance(target, Path) else str(target), report, tagged)
    story = _keep_headings_with_start(_story(report.blocks, styles))
    ascii85, rl_config.useA85 = rl_config.useA85, 0  # a binary-safe file: ASCII85 only costs time and size
    try:
        document.build(story, canvasmaker=_Canvas)
    finally:
        rl_config.useA85 = ascii85


def _story(blocks: tuple[tree.Block, ...], styles: Styles) -> list[Flowable]:
    """The flowables of all blocks. The last table of a run of tables that ends a chapter
    is kept with the one before it, so it never sits alone on the chapter's last page."""
    story: list[Flowable] = []
    for index, block in enumerate(blocks):
        flowables = _flowables(block, styles)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (isinstance(block, tree.Table) and index and isinstance(blocks[index - 1], tree.Table)
                and not isinstance(following, tree.Table)):
            previous = story.pop()
            flowables = [KeepTogether([previous, *flowables])]
        story += flowables
    return story


def _keep_headings_with_start(story: list[Flowable]) -> list[Flowable]:
    """A heading needs only the start of what follows on its page (reportlab's keepWithNext
    would move the whole next paragraph): a :class:`KeepStart` before each run of headings."""
    out: list[Flowable] = []
    for index, flowable in enumerate(story):
        starts_run = isinstance(flowable, HeadingParagraph) and not (index and isinstance(story[index - 1], HeadingParagraph))
        if starts_run:
            end = index
            while end < len(story) and (isinstance(story[end], HeadingParagraph) or
                                        getattr(story[end], "keepWithNext", 0) or
                                        getattr(story[end].style if hasattr(story[end], "style") else None,
                                                "keepWithNext", 0)):
                end += 1
            out.append(KeepStart(story[index:end + 1]))
        if isinstance(flowable, HeadingParagraph):
            flowable.keepWithNext = 0
        out.append(flowable)
    return out


# --- text -----------------------------------------------------------------------------------------

def _para(inline: tree.Inline, style, tag: str = "P", owner: Owner | None = None) -> Paragraph:
    return TaggedParagraph(_breakable(inline, style), style, tag=tag, owner=owner)


def _text(text: str, style, tag: str = "P", width: float = FRAME_WIDTH) -> Paragraph:
    return TaggedParagraph(_breakable(tree.plain(text), style, width), style, tag=tag)


def _breakable(inline: tree.Inline, style, width: float = FRAME_WIDTH) -> tree.Inline:
    """Words wider than a line cut into line-wide pieces (a space between them), so that
    reportlab never searches a huge word for a break: that search grows with the square
    of the word's length. Text is otherwise unchanged."""
    limit = (width - style.leftIndent - style.rightIndent) * 0.95
    most = limit / (style.fontSize * 0.25)  # characters in a line-wide word: no glyph is narrower than a quarter em
    if all(len(span.text) < most for span in inline):  # most text: shorter than a line, no word to measure
        return inline
    longest = max((max(map(len, span.text.split()), default=0) for span in inline), default=0)
    if longest < most:
        return inline
    spans = []
    for span in inline:
        font = FONT_BOLD if span.bold or style.fontName == FONT_BOLD else style.fontName
        pieces = [piece for word in span.text.split(" ") for piece in _pieces(word, font, style.fontSize, limit)]
        spans.append(tree.Span(" ".join(pieces), span.bold, span.italic))
    return tuple(spans)


def _pieces(word: str, font: str, font_size: float, limit: float) -> list[str]:
    """``word`` cut into pieces no wider than ``limit`` points, in one pass."""
    if len(word) * font_size * 0.25 < limit:
        return [word]
    pieces, start, total = [], 0, 0.0
    for index, character in enumerate(word):
        advance = stringWidth(character, font, font_size)
        if total + advance > limit and index > start:
            pieces.append(word[start:index])
            start, total = index, 0.0
        total += advance
    pieces.append(word[start:])
    return pieces


# --- blocks ---------------------------------------------------------------------------------------

def _flowables(block: tree.Block, styles: Styles, container: Owner | None = None, indent: float = 0) -> list[Flowable]:
    """The flowables of ``block``; ``container`` is the quote or list item it is nested in
    (its structure element's parent) and ``indent`` that container's left indent."""
    match block:
        case tree.Heading():
            return [HeadingParagraph(_heading_markup(block), styles.heading(block.level), heading=block)]
        case tree.Paragraph(role="lead"):
            return [_para(block.content, styles.lead)]
        case tree.Paragraph():
            style = styles.body if not indent else styles.body.clone("body_indented", leftIndent=indent)
            return [_para(block.content, style, owner=Owner("P", parent=container))]
        case tree.ListBlock():
            return _list(block, styles, container=container, indent=indent)
        case tree.Quote():
            # One BlockQuote; its paragraphs (P), lists and quotes are its kids.
            quote = Owner("BlockQuote", parent=container)
            inner = indent + styles.quote.leftIndent
            style = styles.quote.clone("quote_indented", leftIndent=inner) if indent else styles.quote
            return [flowable for child in block.blocks for flowable in (
                [_para(child.content, style, owner=Owner("P", parent=quote))] if isinstance(child, tree.Paragraph)
                else _flowables(child, styles, quote, inner))]
        case tree.Table():
            return [_table(block, styles)]
        case tree.TopicBox():
            return [_topic_box(block, styles)]
        case tree.ListColumns():
            return [Spacer(1, 4 * mm), _list_columns(block, styles)]
        case tree.Chart():
            return [ChartFlowable(block), _text(block.caption, styles.caption, "Caption")]
        case tree.Contents():
            toc = Owner()
            # Entries keep out of the page-number column on the right.
            levels = {level: style.clone(f"{style.name}_entry", rightIndent=_NUMBER_COLUMN)
                      for level, style in ((1, styles.contents_1), (2, styles.contents_2))}
            return [_text(block.title, styles.contents_title, "H1"),
                    *(ContentsLine(_heading_markup(h) + '<onDraw name="contents_entry_end"/>', levels[min(h.level, 2)],
                                   heading=h, toc_owner=toc, dot_step=_DOT_STEP, form_name=_page_number_form(h.anchor))
                      for h in block.entries)]
        case tree.Cover():
            return _cover(block, styles)
        case tree.BackPage():
            return _back_page(block, styles)
        case tree.PageBreak():
            return [RLPageBreak()]
    raise TypeError(f"the PDF writer has no rendering for {type(block).__name__}")


def _heading_markup(heading: tree.Heading) -> str:
    return f"{escape(heading.number)}&nbsp;&nbsp;{escape(heading.text)}" if heading.number else escape(heading.text)


def _list(block: tree.ListBlock, styles: Styles, style=None, level: int = 1, container: Owner | None = None,
          indent: float = 0) -> list[Flowable]:
    """A list as one paragraph per item paragraph, each item drawing its own label (tagged L, LI, Lbl,
    LBody); an item's further paragraphs, nested lists and quotes stay inside its LI."""
    style = style or styles.list_item
    label_style = style.clone(f"{style.name}_label", textColor=ACCENT)
    if block.ordered:  # the label column is as wide as the widest number, so "10." never runs into the text
        widest = max(stringWidth(f"{n}.", label_style.fontName, label_style.fontSize)
                     for n in range(block.start, block.start + len(block.items)))
        dedent = max(5 * mm, widest + 2 * mm)
    else:
        dedent = 4.5 * mm
    left = indent + 1.5 * mm + dedent
    item_style = style.clone(f"{style.name}_level{level}", leftIndent=left)
    list_owner = Owner("L", parent=container)
    flowables: list[Flowable] = []
    count = len(block.items)
    for index, (number, item) in enumerate(enumerate(block.items, start=block.start)):
        item_owner = Owner("LI", parent=list_owner)
        label = f"{number}." if block.ordered else "•"
        first = len(flowables)
        for child in item:
            if isinstance(child, tree.Paragraph):
                flowables.append(ListParagraph(_breakable(child.content, item_style), item_style,
                                               label=label, label_style=label_style, dedent=dedent,
                                               owner=item_owner))
                label = ""  # only the item's first paragraph has the label
            elif isinstance(child, tree.ListBlock):
                flowables += _list(child, styles, style, level + 1, container=item_owner, indent=left)
            else:
                flowables += _flowables(child, styles, item_owner, left)
        if level == 1 and count >= 3 and index in (0, count - 2):
            # A page break leaves at least two items on each side: never one alone.
            for flowable in flowables[first:]:
                flowable.keepWithNext = 1
    if flowables:
        flowables[-1].style = flowables[-1].style.clone("last_item", spaceAfter=style.spaceAfter + 4)
    return flowables


def _bullets(items: tuple[tree.Inline, ...], style, width: float) -> list[Flowable]:
    owner = Owner("L")
    item_style = style.clone(f"{style.name}_bullet", leftIndent=4.5 * mm)
    label_style = style.clone(f"{style.name}_bullet_label", textColor=ACCENT)
    return [ListParagraph(_breakable(item, item_style, width), item_style, label="•",
                          label_style=label_style, dedent=4 * mm, owner=Owner("LI", parent=owner)) for item in items]


def _base_table_style() -> list[tuple]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), PRIMARY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]


def _table(block: tree.Table, styles: Styles) -> Flowable:
    numeric = block.numeric or (False,) * len(block.header)
    relative = block.widths or (1 / len(block.header),) * len(block.header)
    inner = [FRAME_WIDTH * w - 2 * _CELL_PADDING for w in relative]  # the text width of each column
    head = [_text(text, styles.cell_head_number if num else styles.cell_head, width=w)
            for text, num, w in zip(block.header, numeric, inner)]
    def row(cells: tuple[str, ...], bold: bool = False) -> list[Paragraph]:
        return [TaggedParagraph(_breakable((tree.Span(text, bold=bold),), style, w), style)
                for text, num, w in zip(cells, numeric, inner)
                for style in [styles.cell_number if num else styles.cell]]
    data = [head, *(row(r) for r in block.rows), *(row(r, bold=True) for r in block.footer)]
    widths = [FRAME_WIDTH * w for w in relative]
    last_body = len(block.rows)
    commands = _base_table_style() + [
        ("LINEBELOW", (0, 1), (-1, last_body), 0.4, RULE),
        *[("BACKGROUND", (0, r), (-1, r), TINT) for r in range(2, last_body + 1, 2)],
    ]
    if block.footer:
        commands += [("LINEABOVE", (0, last_body + 1), (-1, last_body + 1), 1.0, PRIMARY),
                     ("FONTNAME", (0, last_body + 1), (-1, -1), FONT_BOLD)]
    table = tagged_table(data, colWidths=widths, repeatRows=1, splitInRow=1, style=TableStyle(commands), hAlign="LEFT",
                         spaceBefore=3 * mm, spaceAfter=6 * mm)
    return KeepTogether([table]) if len(data) <= 12 else table


def _topic_box(block: tree.TopicBox, styles: Styles) -> Flowable:
    data = [
        [_text(block.topics_label, styles.cell_head), _text(block.points_label, styles.cell_head_number)],
        [_bullets(tuple(tree.plain(t) for t in block.topics), styles.cell, FRAME_WIDTH * 0.78 - 2 * _CELL_PADDING),
         _text(block.points, styles.box_points)],
    ]
    commands = _base_table_style() + [
        ("BACKGROUND", (0, 1), (-1, -1), TINT),
        ("VALIGN", (1, 1), (1, 1), "MIDDLE"),
        ("TOPPADDING", (0, 1), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 8),
    ]
    return tagged_table(data, colWidths=[FRAME_WIDTH * 0.78, FRAME_WIDTH * 0.22], style=TableStyle(commands),
                        hAlign="LEFT", spaceBefore=2 * mm, spaceAfter=5 * mm, repeatRows=1, splitInRow=1)


def _list_columns(block: tree.ListColumns, styles: Styles) -> Flowable:
    heads = [_text(label, styles.cell_head) for label, _ in block.columns]
    width = FRAME_WIDTH / len(block.columns)
    lists = [_bullets(items, styles.cell, width - 2 * _CELL_PADDING) for _, items in block.columns]
    commands = _base_table_style() + [
        ("BACKGROUND", (0, 1), (-1, -1), TINT),
        ("LINEAFTER", (0, 1), (-2, -1), 0.8, ON_PRIMARY),
        ("TOPPADDING", (0, 1), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 8),
    ]
    # Split inside the row, the header repeated, rather than leave most of a page empty;
    # the heading-like header row is kept with the first items (see KeepStart).
    table = tagged_table([heads, lists], colWidths=[width] * len(block.columns), repeatRows=1, splitInRow=1,
                         style=TableStyle(commands), hAlign="LEFT", spaceAfter=4 * mm)
    return table


def _cover(cover: tree.Cover, styles: Styles) -> list[Flowable]:
    lower: list[Flowable] = [_text(cover.date, styles.cover_line), _text(cover.evaluators, styles.cover_line)]
    if cover.logo is not None:
        lower = [TaggedImage(str(cover.logo), width=45 * mm, height=25 * mm, kind="proportional", hAlign="LEFT",
                             alt=cover.logo_alt), Spacer(1, 10 * mm), *lower]
    return [_text(cover.title, styles.cover_title), Spacer(1, 4 * mm),
            _text(cover.subtitle, styles.cover_subtitle), FrameBreak(),
            *lower, FrameBreak(), _text(cover.publisher, styles.cover_publisher),
            NextPageTemplate("body")]


def _back_page(back: tree.BackPage, styles: Styles) -> list[Flowable]:
    """The back page: a page of its own, without running header or footer, its text at the foot."""
    owner = Owner("Sect")
    content = [TaggedParagraph(p.content, styles.back_title if p.role == "publisher" else styles.back_text,
                               owner=Owner("P", parent=owner)) for p in back.blocks]
    return [NextPageTemplate("back"), RLPageBreak(), _PushToFoot(content), *content]


class _PushToFoot(Spacer):
    """Empty space that fills the frame down to where ``content`` (which follows it) just fits."""

    def __init__(self, content: list[Flowable]):
        super().__init__(1, 0)
        self.content = content

    def wrap(self, available_width, available_height):
        needed = sum(f.wrap(available_width, available_height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                     for f in self.content)
        self.height = max(0.0, available_height - needed - 1)
        return available_width, self.height


def _page_number_form(anchor: str) -> str:
    return "contents-page-" + anchor


# --- document, page templates and deferred numbers ---------------------------------------------------

class _Canvas(Canvas):
    """A canvas that tags pages for the structure tree and lets the document fill in deferred forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.heading_pages: dict[str, int] = {}
        self.before_save = lambda canvas: None
        self.tagger: Tagger | None = None

    def _setAnnotations(self, page) -> None:  # noqa: N802 - reportlab's hook, called for every page
        super()._setAnnotations(page)
        if not isinstance(page, PDFPage):
            return  # a form XObject (page numbers) is no page
        page.__NoDefault__ = list(type(page).__NoDefault__) + ["StructParents", "Tabs"]
        page.StructParents = self.tagger.page_key(self.getPageNumber())
        page.Tabs = PDFName("S")  # tab order follows the structure

    def save(self) -> None:
        self.before_save(self)
        if self._code:
            self.showPage()
        data = pdf_bytes(self._doc, self)  # small objects packed in object streams
        if hasattr(self._filename, "write"):
            self._filename.write(data)
        else:
            with open(self._filename, "wb") as file:
                file.write(data)


class _ReportDocument(BaseDocTemplate):
    def __init__(self, target, report: tree.Report, tagged: bool = True):
        meta = report.metadata
        super().__init__(
            target, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), title=meta.title, author=meta.author, subject=meta.subject,
            keywords=list(meta.keywords), creator=meta.producer, producer=meta.producer,
            lang=meta.language, invariant=1, initialFontName=FONT, initialFontSize=size("body")[0],
            initialLeading=size("body")[1],
            leftMargin=MARGIN_LEFT, rightMargin=PAGE_WIDTH - MARGIN_LEFT - FRAME_WIDTH,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        )
        self.report = report
        self.tagged = tagged
        self.contents_anchors = [h.anchor for b in report.blocks if isinstance(b, tree.Contents) for h in b.entries]
        band = PAGE_HEIGHT * DECORATION.cover_panel_share
        self.addPageTemplates([
            PageTemplate("cover", [
                Frame(MARGIN_LEFT, PAGE_HEIGHT - band + 14 * mm, FRAME_WIDTH, band - 44 * mm, id="cover-band"),
                Frame(MARGIN_LEFT, 80 * mm, FRAME_WIDTH, PAGE_HEIGHT - band - 96 * mm, id="cover-body"),
                Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, 16 * mm, id="cover-foot"),
            ], onPage=self._draw_cover_page),
            PageTemplate("body", [Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)],
                         onPage=self._draw_running_header_and_footer),
            PageTemplate("back", [Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="back",
                                        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)],
                         onPage=self._draw_back_page),
        ])

    def beforeDocument(self) -> None:
        self.canv.before_save = self._finish
        self.canv.tagger = (Tagger if self.tagged else UntaggedTagger)(self.canv, self.report.metadata.language)
        self.canv.showOutline()
        make_archival(self.canv, self.report.metadata)

    def _finish(self, canvas: Canvas) -> None:
        self._fill_deferred_forms(canvas)
        canvas.tagger.write(canvas._doc)

    def _draw_cover_page(self, canvas: Canvas, document) -> None:
        with canvas.tagger.artifact():
            self._draw_cover_decoration(canvas)
            self._draw_draft_mark(canvas)

    def _draw_draft_mark(self, canvas: Canvas) -> None:
        """A draft's mark on every page: a badge in the top margin, and outlined across the page
        (the text stays readable over it)."""
        mark = self.report.metadata.draft_mark
        if not mark:
            return
        colour = DRAFT
        canvas.saveState()
        width = canvas.stringWidth(mark, FONT_BOLD, 11) + 6 * mm  # a badge: it reads on the cover's band too
        canvas.setFillColor(colour)
        canvas.rect(MARGIN_LEFT + FRAME_WIDTH - width, PAGE_HEIGHT - 14 * mm, width, 7 * mm, stroke=0, fill=1)
        canvas.setFillColor(ON_PRIMARY)
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawCentredString(MARGIN_LEFT + FRAME_WIDTH - width / 2, PAGE_HEIGHT - 12 * mm, mark)
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(0.7)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(55)
        text = canvas.beginText()
        text.setTextRenderMode(1)  # outline only
        text.setFont(FONT_BOLD, 110)
        text.setTextOrigin(-canvas.stringWidth(mark, FONT_BOLD, 110) / 2, -40)
        text.textOut(mark)
        canvas.drawText(text)
        canvas.restoreState()

    def _draw_cover_decoration(self, canvas: Canvas) -> None:
        band, strip = PAGE_HEIGHT * DECORATION.cover_panel_share, DECORATION.cover_strip_mm * mm
        canvas.saveState()
        canvas.setFillColor(PRIMARY)
        canvas.rect(0, PAGE_HEIGHT - band, PAGE_WIDTH, band, stroke=0, fill=1)
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_HEIGHT - band - strip, PAGE_WIDTH, strip, stroke=0, fill=1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_LEFT, MARGIN_BOTTOM + 18 * mm, PAGE_WIDTH - MARGIN_LEFT, MARGIN_BOTTOM + 18 * mm)
        canvas.restoreState()

    def _draw_back_page(self, canvas: Canvas, document) -> None:
        with canvas.tagger.artifact():
            canvas.saveState()
            canvas.setFillColor(PRIMARY)
            canvas.rect(0, 0, PAGE_WIDTH, MARGIN_BOTTOM * DECORATION.back_band_share, stroke=0, fill=1)
            canvas.setStrokeColor(ACCENT)
            canvas.setLineWidth(DECORATION.back_rule_pt)
            rule_y = MARGIN_BOTTOM + DECORATION.back_rule_above_mm * mm
            canvas.line(MARGIN_LEFT, rule_y, MARGIN_LEFT + DECORATION.back_rule_length_mm * mm, rule_y)
            canvas.restoreState()
            self._draw_draft_mark(canvas)

    def _draw_running_header_and_footer(self, canvas: Canvas, document) -> None:
        with canvas.tagger.artifact("Pagination"):
            self._draw_pagination(canvas)
            self._draw_draft_mark(canvas)

    def _draw_pagination(self, canvas: Canvas) -> None:
        top = PAGE_HEIGHT - MARGIN_TOP + 10 * mm
        right = MARGIN_LEFT + FRAME_WIDTH
        canvas.saveState()
        canvas.setFont(FONT, size("running")[0])
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_LEFT, top + 2, self.report.metadata.running_title)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, top - 3, right, top - 3)
        canvas.translate(right, MARGIN_BOTTOM - 12 * mm)
        canvas.doForm(f"page-label-{canvas.getPageNumber()}")
        canvas.restoreState()

    def _fill_deferred_forms(self, canvas: Canvas) -> None:
        """Now that the page count and every heading's page are known, define the forms that show them."""
        pages = canvas.getPageNumber() - 1 if not canvas._code else canvas.getPageNumber()
        label = self.report.metadata.page_label
        for page in range(1, pages + 1):
            self._right_aligned_form(canvas, f"page-label-{page}", label.format(page=page, pages=pages),
                                     size("running")[0], MUTED)
        for anchor in self.contents_anchors:
            number = str(canvas.heading_pages.get(anchor, ""))
            self._right_aligned_form(canvas, _page_number_form(anchor), number, size("body")[0], INK)

    @staticmethod
    def _right_aligned_form(canvas: Canvas, name: str, text: str, font_size: float, colour) -> None:
        canvas.beginForm(name, lowerx=-120, lowery=-4, upperx=0, uppery=font_size + 2)
        canvas.setFont(FONT, font_size)
        canvas.setFillColor(colour)
        canvas.drawRightString(0, 0, text)
        canvas.endForm()

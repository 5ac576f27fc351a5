"""PDF flowables: the reportlab flowables of the report, each tagging what it draws.

Every piece of content becomes part of one structure element, also when a page break
splits it (the parts share an :class:`Owner`); decoration is marked as artifact. The
canvas carries the :class:`~reportgen.writers.pdftags.Tagger` as ``canvas.tagger``.
"""

from __future__ import annotations

import re
import weakref
from copy import copy
from functools import partial
from html import escape as html_escape

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, Paragraph, Table
from reportlab.platypus.flowables import _listWrapOn
from reportlab.platypus.paragraph import cleanBlockQuotedText, split as split_words, strip as strip_text
from reportlab.platypus.paraparser import ParaFrag, ParaParser
from reportlab.platypus.tables import TableRenderCB

from reportgen import tree
from reportgen.charts import draw_chart
from reportgen.hyphenation import Hyphenator
from reportgen.writers.pdfstyle import FRAME_HEIGHT, FRAME_WIDTH, MUTED
from reportgen.writers.pdftags import Element

escape = partial(html_escape, quote=False)  # reportlab markup's escape (xml.sax.saxutils imports urllib.request)


class Owner:
    """One structure element, shared by every flowable (or part of one a page break split) that
    belongs to it; made when first drawn, as a kid of ``parent`` (the quote, list or list item
    it sits in) or, without one, of the element being drawn into."""

    def __init__(self, tag: str = "P", parent: Owner | None = None):
        self.tag, self.parent = tag, parent
        self.element: Element | None = None
        self.body: Element | None = None
        self.labelled = False

    def resolve(self, tagger) -> Element:
        if self.element is None:
            self.element = tagger.element(self.tag, parent=self.parent.inside(tagger) if self.parent else None)
        return self.element

    def inside(self, tagger) -> Element:
        """Where content nested in this element goes: a list item's LBody, else the element itself."""
        element = self.resolve(tagger)
        if self.tag != "LI":
            return element
        if self.body is None:
            self.body = tagger.element("LBody", parent=element)
        return self.body


_PROTOTYPES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # style -> {(bold, italic): fragment}
_ENTITY = re.compile(r"([&<>])")


def inline_markup(inline: tree.Inline) -> str:
    """reportlab paragraph markup for spans; all text is escaped, so it never acts as markup."""
    parts = []
    for span in inline:
        text = escape(span.text)
        if span.bold:
            text = f"<b>{text}</b>"
        if span.italic:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts)


def inline_frags(inline: tree.Inline, style) -> list | None:
    """The fragments reportlab's parser makes of the spans' escaped markup, made without the
    parser (parsing is most of the cost of a paragraph that is laid out once); None where
    that cannot be done exactly. A fragment is cloned from one the parser made for the same
    style and weight, so it carries exactly the attributes a parsed one does. The text is
    cleaned by reportlab's own cleaner, with a NUL (never in a document's text: control
    characters are removed on reading) standing where the markup has tags, so white space
    is collapsed and stripped exactly as in the markup; and, as the parser does, ``&``, ``<``
    and ``>`` (escaped in the markup) become fragments of their own. The output is the same,
    byte for byte."""
    segments: list[list] = []  # [text, bold, italic]; plain neighbours have no tag between them
    for span in inline:
        if "\0" in span.text:
            return None
        if segments and not (segments[-1][1] or segments[-1][2] or span.bold or span.italic):
            segments[-1][0] += span.text
        else:
            segments.append([span.text, span.bold, span.italic])
    if not segments:
        return []
    opens, closes = segments[0][1] or segments[0][2], segments[-1][1] or segments[-1][2]
    cleaned = cleanBlockQuotedText(("\0" if opens else "") + "\0".join(s[0] for s in segments) + ("\0" if closes else ""))
    texts = cleaned.split("\0")[1 if opens else 0:]
    prototypes = _PROTOTYPES.setdefault(style, {})
    frags = []
    for (_, bold, italic), text in zip(segments, texts):
        key = (bold, italic)
        if key not in prototypes:
            markup = "<b>x</b>" if bold else "x"
            _, parsed, _ = ParaParser().parse(f"<i>{markup}</i>" if italic else markup, style)
            prototypes[key] = parsed[0]
        prototype = prototypes[key]
        for piece in _ENTITY.split(text) if "&" in text or "<" in text or ">" in text else (text,):
            if piece:
                frag = ParaFrag.__new__(ParaFrag)  # as prototype.clone(text=piece), at a third of the cost
                frag.__dict__ = {name: value.copy() if type(value) is list else value
                                 for name, value in prototype.__dict__.items()}
                frag.text = piece
                frags.append(frag)
    return frags


class TaggedParagraph(Paragraph):
    """A paragraph that is one structure element (``tag``: P, H2, Caption, …, or its ``owner``'s).

    A page break splits a paragraph into parts that stay one element. The remainder keeps the
    lines already broken, so a paragraph many pages long is broken into lines once, not once
    per page (reportlab re-breaks the whole remainder at every split).
    """

    _carried = ("tag", "owner")

    def __init__(self, text, style=None, *args, tag: str = "P", owner: Owner | None = None, **kwargs):
        if isinstance(text, tuple):  # spans (tree.Inline): their fragments, without markup to parse
            frags = inline_frags(text, style)
            text = "" if frags is not None else inline_markup(text)
            kwargs["frags"] = frags
        super().__init__(text, style, *args, **kwargs)
        self.tag = tag
        self.owner = owner or Owner(tag)
        self._prebroken = None

    _CHUNK_WORDS = 1500  # a longer plain paragraph is broken into lines this many words at a time

    def breakLines(self, width):  # noqa: N802 - reportlab's name
        # Lines once broken are kept: reportlab wraps a paragraph several times at one width.
        if self._prebroken is not None and self._prebroken[0] == list(width):
            return self._prebroken[1]
        hyphenator = self.style.hyphenationLang
        if isinstance(hyphenator, Hyphenator):
            hyphenator.start()
        frags = self.frags
        if len(frags) == 1 and hasattr(frags[0], "text") and len(frags[0].text) > 8 * self._CHUNK_WORDS:
            broken = self._break_in_chunks(list(width), frags[0])
        else:
            broken = super().breakLines(width)
        self._prebroken = (list(width), broken)
        return broken

    def _break_in_chunks(self, widths: list[float], frag) -> object:
        """reportlab's line breaking of a long plain paragraph, a chunk of words at a time: its
        breaker takes words off the front of a list, which grows with the square of the length.
        Each chunk's last line is broken again with the next chunk, so the lines are the same
        as breaking the whole at once (breaking is greedy, line by line)."""
        pending, lines, broken = split_words(strip_text(frag.text)), [], None  # as reportlab splits
        try:
            while True:
                chunk = frag.clone()
                del chunk.text
                chunk.words = pending[:self._CHUNK_WORDS]
                self.frags = [chunk]
                broken = super().breakLines(widths if not lines else [widths[-1]] * 2)
                if len(pending) <= self._CHUNK_WORDS or len(broken.lines) < 2:
                    lines += broken.lines
                    break
                lines += broken.lines[:-1]
                pending = list(broken.lines[-1][1]) + pending[self._CHUNK_WORDS:]
        finally:
            self.frags = [frag]
        return broken.clone(lines=lines)

    def split(self, available_width, available_height):
        if self._long_enough_to_split_by_lines(available_width):
            parts = self._split_lines(available_height)
        else:
            parts = super().split(available_width, available_height)
            if len(parts) == 2 and hasattr(self, "blPara"):
                done = len(parts[0].blPara.lines)
                parts[1]._prebroken = (list(self._wrapWidths), self.blPara.clone(lines=self.blPara.lines[done:]))
        for part in parts:
            for name in self._carried:
                setattr(part, name, getattr(self, name))
        return parts

    _LINES_BY_COPY = 60  # a paragraph with more lines is split by slicing its lines

    def _long_enough_to_split_by_lines(self, available_width: float) -> bool:
        if not hasattr(self, "blPara") or self.style.firstLineIndent or getattr(self.style, "autoLeading", ""):
            return False
        return len(self.blPara.lines) > self._LINES_BY_COPY and self.width == available_width

    def _split_lines(self, available_height: float) -> list[Paragraph]:
        """reportlab's split by lines, without rebuilding the remainder's words: both parts keep
        their share of the lines already broken, so a split costs nothing that grows with the
        paragraph (reportlab's own copies the remainder's words, every page)."""
        lines, leading, style = self.blPara.lines, self.style.leading, self.style
        fit = int(available_height / leading)
        if (not style.allowOrphans and fit <= 1) or fit == 0:
            return []
        if len(lines) <= fit:
            return [self]
        if not style.allowWidows and len(lines) == fit + 1:
            fit -= 1  # the paragraph is long: there is always room to give the widow company
        parts = []
        for share in (lines[:fit], lines[fit:]):
            part = copy(self)
            part.__dict__.pop("_postponed", None)  # reportlab's mark on a flowable moved to the next frame
            part.blPara = self.blPara.clone(lines=share)
            part._prebroken = (list(self._wrapWidths), part.blPara)
            part.height = len(share) * leading
            parts.append(part)
        parts[0]._splitpara = 1
        return parts

    def structure(self, tagger) -> Element:
        return self.owner.resolve(tagger)

    def draw(self) -> None:
        tagger = self.canv.tagger
        with tagger.content(self.structure(tagger)):
            super().draw()


class HeadingParagraph(TaggedParagraph):
    """A heading (H1–H3) that records its page and sets its link target and outline entry."""

    _carried = TaggedParagraph._carried + ("heading",)

    def __init__(self, text, style=None, *args, heading: tree.Heading | None = None, **kwargs):
        super().__init__(text, style, *args, tag=f"H{min(heading.level, 3)}" if heading else "P", **kwargs)
        self.heading = heading

    def draw(self) -> None:
        canvas, heading = self.canv, self.heading
        if heading is not None and heading.in_contents:
            canvas.bookmarkHorizontal(heading.anchor, 0, self.height + self.style.fontSize)
            canvas.addOutlineEntry(heading.title, heading.anchor, level=heading.level - 1, closed=heading.level > 1)
            canvas.heading_pages[heading.anchor] = canvas.getPageNumber()
        super().draw()


class ListParagraph(TaggedParagraph):
    """A list item's paragraph: the label (bullet or number) as Lbl, the text as LBody, in LI inside L.

    ``owner`` is the item, an ``Owner("LI", parent=list_owner)`` shared by the item's paragraphs;
    ``list_owner`` is the list, ``Owner("L", parent=…)`` inside the quote or item it is nested in.
    """

    _carried = TaggedParagraph._carried + ("label", "label_style", "dedent")

    def __init__(self, text, style=None, *args, label: str = "", label_style=None, dedent: float = 0, **kwargs):
        kwargs.setdefault("owner", Owner("LI", parent=Owner("L")))
        super().__init__(text, style, *args, tag="LI", **kwargs)
        self.label, self.label_style, self.dedent = label, label_style, dedent

    def draw(self) -> None:
        tagger = self.canv.tagger
        item = self.owner.resolve(tagger)
        if self.label and not self.owner.labelled:
            self.owner.labelled = True
            label = tagger.element("Lbl", parent=item)
            with tagger.content(label):
                self._draw_label()
        with tagger.content(self.owner.inside(tagger)):
            Paragraph.draw(self)

    def _draw_label(self) -> None:
        style, canvas = self.label_style, self.canv
        if rl_config.paraFontSizeHeightOffset:
            baseline = self.height - self.style.fontSize
        else:
            baseline = self.height - pdfmetrics.getFont(self.style.fontName).face.ascent * self.style.fontSize / 1000
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawString(self.style.leftIndent - self.dedent, baseline, self.label)
        canvas.restoreState()


class _TaggedLink(pdfdoc.LinkAnnotation):
    """A link annotation that names its place in the structure tree."""

    permitted = pdfdoc.LinkAnnotation.permitted + ("StructParent",)


class ContentsLine(TaggedParagraph):
    """A contents entry: TOCI with a Link (text, annotation, page number); leader dots are artifacts."""

    _carried = TaggedParagraph._carried + ("heading", "toc_owner", "dot_step", "form_name")

    def __init__(self, text, style=None, *args, heading: tree.Heading | None = None, toc_owner: Owner | None = None,
                 dot_step: float = 4.2, form_name: str = "", **kwargs):
        super().__init__(text, style, *args, tag="TOCI", **kwargs)
        self.heading, self.toc_owner = heading, toc_owner or Owner()
        self.dot_step, self.form_name = dot_step, form_name

    def draw(self) -> None:
        canvas, tagger = self.canv, self.canv.tagger
        if self.toc_owner.element is None:
            self.toc_owner.element = tagger.element("TOC")
        entry = tagger.element("TOCI", parent=self.toc_owner.element)
        link = tagger.element("Link", parent=entry)
        name = f"contents-{self.heading.anchor}"
        key = tagger.annotation(link, name)
        annotation = _TaggedLink(Rect=canvas._absRect((0, 0, self.width, self.height), 1), Contents=self.heading.title,
                                 Destination=canvas._bookmarkReference(self.heading.anchor), Border="[0 0 0]",
                                 F=4, StructParent=key)  # F=4: printable, as PDF/A asks
        canvas._addAnnotation(annotation, name)
        ends: list[tuple[float, float]] = []
        canvas.setNamedCB("contents_entry_end", lambda c, kind, label: ends.append(
            (c._curr_tx_info["cur_x"], c._curr_tx_info["cur_y"])))
        with tagger.content(link):
            Paragraph.draw(self)
        x, y = ends[-1]
        with tagger.artifact():
            self._draw_leader(x, y)
        with tagger.content(link):
            canvas.saveState()
            canvas.translate(self.width, y)
            canvas.doForm(self.form_name)
            canvas.restoreState()

    def _draw_leader(self, x: float, y: float) -> None:
        canvas, step = self.canv, self.dot_step
        first = (int((x + 6) / step) + 1) * step
        widest_number = canvas.stringWidth("00", self.style.fontName, self.style.fontSize)
        dots = int((self.width - widest_number - 5 - first) / step)
        if dots > 0:
            canvas.saveState()
            canvas.setFillColor(MUTED)
            canvas.setFont(self.style.fontName, self.style.fontSize)
            width = canvas.stringWidth(".", self.style.fontName, self.style.fontSize)
            canvas.drawString(first, y, "." * dots, charSpace=step - width)
            canvas.restoreState()


class KeepStart(CondPageBreak):
    """Placed before a heading: starts a new page unless the heading fits together with the
    start of what follows it (its first lines, a table's first rows), not all of it.

    ``group`` is the heading(s) and what follows, up to the first flowable that may split.
    """

    def __init__(self, group: list[Flowable], lines: int = 3):
        super().__init__(0)
        self.group, self.lines = group, lines

    def wrap(self, available_width, available_height):
        if available_height >= FRAME_HEIGHT - 1:
            return 0, 0  # already at the top of a page: moving would not help
        needed = 0.0
        for index, flowable in enumerate(self.group):
            last = index == len(self.group) - 1
            needed += (flowable.getSpaceBefore() if index else 0) + \
                (start_height(flowable, self.canv, available_width, self.lines) if last else
                 flowable.wrapOn(self.canv, available_width, FRAME_HEIGHT)[1] + flowable.getSpaceAfter())
        self.height = needed
        return super().wrap(available_width, available_height)


def start_height(flowable: Flowable, canvas, width: float, lines: int = 3) -> float:
    """The height of the smallest first part of ``flowable`` that may end a page."""
    if isinstance(flowable, KeepTogether):  # its wrap reports a huge height to make the frame split it
        return _listWrapOn(flowable._content, width, canvas)[1]
    _, height = flowable.wrapOn(canvas, width, FRAME_HEIGHT)
    if isinstance(flowable, Paragraph):
        count = len(flowable.blPara.lines)
        return height if count <= lines + 1 else lines * flowable.style.leading
    if isinstance(flowable, Table):
        rows = flowable._rowHeights
        if getattr(flowable, "splitInRow", 0) and len(rows) >= 2:  # lists in a row: its first lines
            return min(height, rows[0] + min(rows[1], 70))
        return min(height, sum(rows[:2]))
    return height


class ChartFlowable(Flowable):
    """A chart drawn as vector graphics: a Figure element whose Alt is the chart's caption."""

    def __init__(self, chart: tree.Chart):
        super().__init__()
        self.drawing = draw_chart(chart, FRAME_WIDTH)
        self.alt = chart.caption
        self.width, self.height = self.drawing.width, self.drawing.height
        self.spaceBefore = self.spaceAfter = 6
        self.keepWithNext = 1  # with its caption

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        tagger = self.canv.tagger
        with tagger.content(tagger.element("Figure", alt=self.alt)):
            renderPDF.draw(self.drawing, self.canv, 0, 0)


class TaggedImage(Image):
    """An image (the cover's logo) as a Figure with alternative text."""

    def __init__(self, *args, alt: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.alt = alt

    def draw(self) -> None:
        tagger = self.canv.tagger
        with tagger.content(tagger.element("Figure", alt=self.alt)):
            super().draw()


class TableTags(TableRenderCB):
    """Tags a reportlab table while it draws: Table, TR, TH (scope Column) and TD; backgrounds and
    rules are artifacts, and so are header rows repeated on a continuation page."""

    def __init__(self):
        self.element: Element | None = None
        self.first = None
        self.skipping = False

    def startTable(self, table):  # noqa: N802 - reportlab's callback names
        tagger = table.canv.tagger
        if self.element is None:
            self.element = tagger.element("Table")
            self.first = table
        self.tagger = tagger

    def startBG(self, table):  # noqa: N802
        self.tagger.begin_artifact()

    def endBG(self, table):  # noqa: N802
        self.tagger.end_artifact()

    def startRow(self, table, row):  # noqa: N802
        # A continuation part repeats the header rows (repeatRows): those are artifacts there.
        self.skipping = table is not self.first and row < table.repeatRows
        if self.skipping:
            self.tagger.begin_artifact("Pagination")
        else:
            self.tagger.stack.append(self.tagger.element("TR", parent=self.element))
        self.header = table is self.first and row < max(table.repeatRows, 1)

    def startCell(self, table, row, column, value, style, position, size):  # noqa: N802
        if not self.skipping:
            tag, attributes = ("TH", {"O": "Table", "Scope": "Column"}) if self.header else ("TD", None)
            self.tagger.stack.append(self.tagger.element(tag, attributes=attributes))

    def endCell(self, table):  # noqa: N802
        if not self.skipping:
            self.tagger.stack.pop()

    def endRow(self, table):  # noqa: N802
        if self.skipping:
            self.tagger.end_artifact()
        else:
            self.tagger.stack.pop()

    def startLines(self, table):  # noqa: N802
        self.tagger.begin_artifact()

    def endLines(self, table):  # noqa: N802
        self.tagger.end_artifact()

    def endTable(self, table):  # noqa: N802
        pass


class _BalancedTable(Table):
    """A table that a page break splits only where both parts hold a few lines of body: else
    it moves to the next page whole (unless it starts a page already and must split)."""

    MIN_PART = 70  # points of body rows: about four lines of cell text and their padding

    def _calc(self, available_width, available_height):
        # reportlab measures every cell again at each wrap (about five per table). Without row
        # spans the measure depends on the width alone (the height only ends a long table's
        # measuring early when rows span), so a second measure at the same width is the first.
        if self._spanCmds or getattr(self, "_measured_at", None) != available_width:
            super()._calc(available_width, available_height)
            self._measured_at = available_width

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        if len(parts) == 2 and available_height < FRAME_HEIGHT - 1:
            head = parts[0].wrap(available_width, available_height)[1] - sum(self._rowHeights[:self.repeatRows])
            tail = parts[1].wrap(available_width, FRAME_HEIGHT)[1] - sum(self._rowHeights[:self.repeatRows])
            if min(head, tail) < self.MIN_PART:
                return []
        return parts


def tagged_table(data, **options) -> Table:
    """A reportlab table whose first row is its header row, tagged as it draws."""
    return _BalancedTable(data, renderCB=TableTags(), **options)

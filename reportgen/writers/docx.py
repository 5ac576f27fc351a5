"""Word writer: renders a report tree as an editable .docx in Word's own structures.

Built-in heading styles (so the navigation pane works), a real TOC field that Word
refreshes on open, PAGE/NUMPAGES fields in the footer, list styles with real
numbering, header rows that repeat, charts as 300 dpi PNG with alt text. The styles
come from ``templates/word/base.docx`` and are named here; table shading and rules
take the report's colours (the same as the PDF's).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, time
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reportgen import __version__, tree
from reportgen.characters import usable
from reportgen.charts import chart_png
from reportgen.resources import TEMPLATES

BASE_DOCUMENT = TEMPLATES / "word" / "base.docx"
TEXT_WIDTH_MM = 160
_HEADER_FILL = "16375C"
_TINT_FILL = "E8F0F7"
_RULE = "B9C9D9"
def xml_safe(text: str) -> str:
    """Text without the characters a Word file cannot hold; python-docx would raise on them."""
    return usable(text)


def write_docx(report: tree.Report, target: Path | BinaryIO) -> None:
    """Render ``report`` into ``target`` (a path or a binary stream)."""
    writer = _Writer(report)
    for block in report.blocks:
        writer.add(block)
    writer.finish()
    buffer = io.BytesIO()
    writer.document.save(buffer)
    data = _with_fixed_timestamps(buffer.getvalue(), report.metadata.created)
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)


def _with_fixed_timestamps(package: bytes, day) -> bytes:
    """The .docx with every zip entry dated at the report date, so the same report gives the same bytes."""
    stamp = (day.year, day.month, day.day, 12, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as result:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            result.writestr(fixed, source.read(entry.filename))
    return out.getvalue()


class _Writer:
    def __init__(self, report: tree.Report):
        self.report = report
        self.document = Document(str(BASE_DOCUMENT))
        self.break_before_next = False
        self.bookmark_id = 0
        self.numbering = self.document.part.numbering_part.numbering_definitions._numbering
        # Looking a style up by name walks every style; resolve each name once.
        self.style_ids = {style.name: style.style_id for style in self.document.styles}
        self.table_style = self.document.styles["Table Grid"]
        self.list_number_num = self._style_num_id("List Number")

    # --- blocks ----------------------------------------------------------------------------------

    def add(self, block: tree.Block) -> None:
        match block:
            case tree.Cover():
                self._cover(block)
            case tree.Contents():
                self._contents(block)
            case tree.Heading():
                paragraph = self._paragraph(style=f"Heading {min(block.level, 3)}")
                paragraph.add_run(xml_safe(block.title))
                if block.in_contents:
                    self._bookmark(paragraph, _bookmark_name(block.anchor))
            case tree.Paragraph(role="lead"):
                paragraph = self._paragraph()
                paragraph.paragraph_format.keep_with_next = True  # it introduces what follows
                self._spans(paragraph, block.content)
            case tree.Paragraph():
                self._spans(self._paragraph(), block.content)
            case tree.ListBlock():
                self._list(block, level=1)
            case tree.Quote():
                for child in block.blocks:
                    if isinstance(child, tree.Paragraph):
                        self._spans(self._paragraph(style="Quote"), child.content)
                    else:
                        self.add(child)
            case tree.Table():
                self._table(block)
            case tree.TopicBox():
                self._topic_box(block)
            case tree.ListColumns():
                self._list_columns(block)
            case tree.Chart():
                self._chart(block)
            case tree.PageBreak():
                self.break_before_next = True
            case tree.BackPage():  # a page of its own at the end
                self.break_before_next = True
                for child in block.blocks:
                    self.add(child)
            case _:
                raise TypeError(f"the Word writer has no rendering for {type(block).__name__}")

    def _paragraph(self, style: str = "Normal", container=None):
        paragraph = (container or self.document).add_paragraph()
        self._style(paragraph, style)
        if self.break_before_next and container is None:
            paragraph.paragraph_format.page_break_before = True
            self.break_before_next = False
        return paragraph

    def _style(self, paragraph, style: str) -> None:
        if style != "Normal":
            paragraph._p.style = self.style_ids[style]

    def _spans(self, paragraph, content: tree.Inline) -> None:
        for span in content:
            run = paragraph.add_run(xml_safe(span.text))
            run.bold = span.bold or None
            run.italic = span.italic or None

    def _cover(self, cover: tree.Cover) -> None:
        title = self._paragraph(style="Title")
        title.paragraph_format.space_before = Mm(55)
        title.add_run(xml_safe(cover.title))
        self._paragraph(style="Subtitle").add_run(xml_safe(cover.subtitle))
        if cover.logo is not None:
            logo = self._paragraph()
            logo.paragraph_format.space_before = Mm(20)
            logo.add_run().add_picture(str(cover.logo), width=Mm(45))
        date = self._paragraph()
        date.paragraph_format.space_before = Mm(25)
        date.add_run(xml_safe(cover.date))
        self._paragraph().add_run(xml_safe(cover.evaluators))
        publisher = self._paragraph()
        publisher.paragraph_format.space_before = Mm(70)
        run = publisher.add_run(xml_safe(cover.publisher))
        run.bold = True
        run.font.color.rgb = RGBColor(0x16, 0x37, 0x5C)

    def _contents(self, contents: tree.Contents) -> None:
        """A TOC field over levels 1-2, pre-filled with linked entries so it reads before Word updates it."""
        self._paragraph(style="Contents Title").add_run(xml_safe(contents.title))
        entries = list(contents.entries)
        for index, heading in enumerate(entries):
            paragraph = self._paragraph(style=f"TOC {min(heading.level, 2)}")
            if index == 0:
                _field_char(paragraph, "begin")
                _instruction(paragraph, ' TOC \\o "1-2" \\h \\z \\u ')
                _field_char(paragraph, "separate")
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), _bookmark_name(heading.anchor))
            link.set(qn("w:history"), "1")
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = xml_safe(heading.title)
            text.set(qn("xml:space"), "preserve")
            run.append(text)
            run.append(OxmlElement("w:tab"))
            link.append(run)
            paragraph._p.append(link)
            if index == len(entries) - 1:
                _field_char(paragraph, "end")

    def _list(self, block: tree.ListBlock, level: int) -> None:
        style = ("List Number" if block.ordered else "List Bullet") + ("" if level == 1 else " 2")
        num_id = self._restarted_numbering(block.start) if block.ordered and level == 1 else None
        for item in block.items:
            first = True
            for child in item:
                if isinstance(child, tree.Paragraph):
                    paragraph = self._paragraph(style=style if first else "List Continue")
                    if num_id is not None and first:
                        _set_num(paragraph, num_id)
                    self._spans(paragraph, child.content)
                    first = False
                elif isinstance(child, tree.ListBlock):
                    self._list(child, level + 1)
                else:
                    self.add(child)

    def _table(self, block: tree.Table) -> None:
        columns = len(block.header)
        numeric = block.numeric or (False,) * columns
        widths = [Mm(TEXT_WIDTH_MM * w) for w in (block.widths or (1 / columns,) * columns)]
        table = self._new_table(widths)
        self._row(table, block.header, numeric, widths, header=True)
        for index, row in enumerate(block.rows):
            self._row(table, row, numeric, widths, fill=_TINT_FILL if index % 2 else None)
        for row in block.footer:
            self._row(table, row, numeric, widths, bold=True)
        if len(table.rows) <= 12:  # as in the PDF: a short table is not split over two pages
            for row in table.rows[:-1]:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
        self._after_table()

    def _row(self, table, cells, numeric, widths, header=False, bold=False, fill=None) -> None:
        row = table.add_row()
        if header:
            _repeat_as_header(row)
        for cell, text, number, width in zip(row.cells, cells, numeric, widths):
            cell.width = width
            paragraph = cell.paragraphs[0]
            self._style(paragraph, "Table Heading" if header else "Table Text")
            if number:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(xml_safe(text))
            run.bold = bold or None
            if header:
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                _shade(cell, _HEADER_FILL)
            elif fill:
                _shade(cell, fill)

    def _topic_box(self, box: tree.TopicBox) -> None:
        widths = [Mm(TEXT_WIDTH_MM * 0.78), Mm(TEXT_WIDTH_MM * 0.22)]
        table = self._new_table(widths)
        self._row(table, (box.topics_label, box.points_label), (False, True), widths, header=True)
        row = table.add_row()
        _keep_on_one_page(row)
        topics, points = row.cells
        topics.width, points.width = widths
        for index, topic in enumerate(box.topics):
            paragraph = topics.paragraphs[0] if index == 0 else topics.add_paragraph()
            self._style(paragraph, "Table Bullet")
            paragraph.add_run(xml_safe(topic))
        self._style(points.paragraphs[0], "Box Points")
        points.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        points.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        points.paragraphs[0].add_run(xml_safe(box.points))
        for cell in row.cells:
            _shade(cell, _TINT_FILL)
        self._after_table()

    def _list_columns(self, block: tree.ListColumns) -> None:
        self._paragraph().paragraph_format.space_after = Pt(2)  # air between the text and the table
        columns = len(block.columns)
        widths = [Mm(TEXT_WIDTH_MM / columns)] * columns
        table = self._new_table(widths)
        self._row(table, tuple(label for label, _ in block.columns), (False,) * columns, widths, header=True)
        row = table.add_row()
        _keep_on_one_page(row)
        for cell, (_, items), width in zip(row.cells, block.columns, widths):
            cell.width = width
            _shade(cell, _TINT_FILL)
            for index, item in enumerate(items):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                self._style(paragraph, "Table Bullet")
                self._spans(paragraph, item)
        self._after_table()

    def _new_table(self, widths) -> "object":
        """A table with fixed column widths (tblGrid and every cell: Word reads one, LibreOffice the other)."""
        table = self.document.add_table(rows=0, cols=len(widths))
        table.style = self.table_style
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = width
        _light_borders(table)
        return table

    def _after_table(self) -> None:
        spacer = self._paragraph()
        spacer.paragraph_format.space_after = Pt(4)

    def _chart(self, chart: tree.Chart) -> None:
        width = TEXT_WIDTH_MM
        png = chart_png(chart, width / 25.4 * 72)
        paragraph = self._paragraph()
        paragraph.paragraph_format.keep_with_next = True
        picture = paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width))
        properties = picture._inline.docPr
        properties.set("descr", xml_safe(chart.caption))  # the alt text Word shows and reads out
        self._paragraph(style="Caption").add_run(xml_safe(chart.caption))

    # --- document-wide parts -----------------------------------------------------------------------

    def finish(self) -> None:
        meta = self.report.metadata
        section = self.document.sections[0]
        section.different_first_page_header_footer = True  # the cover has neither
        header = section.header.paragraphs[0]
        self._style(header, "Header")
        if meta.draft_mark:
            self._draft_mark(header)
            self._draft_mark(section.first_page_header.paragraphs[0])
        header.add_run(xml_safe(meta.running_title))
        footer = section.footer.paragraphs[0]
        self._style(footer, "Footer")
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _page_label(footer, meta.page_label)
        properties = self.document.core_properties
        properties.title = xml_safe(meta.title)
        properties.author = xml_safe(meta.author)
        properties.subject = xml_safe(meta.subject)
        properties.keywords = xml_safe(", ".join(meta.keywords))
        properties.language = meta.language
        properties.comments = f"reportgen {__version__}"
        created = datetime.combine(meta.created, time(12, 0))
        properties.created = properties.modified = created
        properties.last_printed = created
        properties.revision = 1
        properties.last_modified_by = xml_safe(meta.author)
        settings = self.document.settings.element
        update = OxmlElement("w:updateFields")  # Word refreshes the TOC (and fields) on open
        update.set(qn("w:val"), "true")
        settings.append(update)

    def _draft_mark(self, paragraph) -> None:
        """A draft's mark, first in the page header, so every page (the cover too) shows it."""
        from reportgen.theme import load_theme, rgb

        run = paragraph.add_run(xml_safe(self.report.metadata.draft_mark) + "   ")
        run.bold = True
        run.font.size = Pt(13)
        run.font.color.rgb = RGBColor(*rgb(load_theme().colours.draft))
        self.document.core_properties.content_status = xml_safe(self.report.metadata.draft_mark)

    def _bookmark(self, paragraph, name: str) -> None:
        self.bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmark_id))
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)

    def _style_num_id(self, style_name: str) -> str | None:
        ppr = self.document.styles[style_name].element.pPr
        num = ppr.find(qn("w:numPr")) if ppr is not None else None
        return num.find(qn("w:numId")).get(qn("w:val")) if num is not None else None

    def _restarted_numbering(self, start: int) -> str | None:
        """A new w:num over the List Number definition that starts again at ``start``."""
        if self.list_number_num is None:
            return None
        base = next(n for n in self.numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == self.list_number_num)
        abstract = base.find(qn("w:abstractNumId")).get(qn("w:val"))
        num_id = str(max(int(n.get(qn("w:numId"))) for n in self.numbering.findall(qn("w:num"))) + 1)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), num_id)
        abstract_ref = OxmlElement("w:abstractNumId")
        abstract_ref.set(qn("w:val"), abstract)
        num.append(abstract_ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_override = OxmlElement("w:startOverride")
        start_override.set(qn("w:val"), str(start))
        override.append(start_override)
        num.append(override)
        self.numbering.append(num)
        return num_id


def _bookmark_name(anchor: str) -> str:
    return "_Toc_" + re.sub(r"[^A-Za-z0-9_]", "_", anchor)[:34]


def _field_char(paragraph, kind: str) -> None:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    run.append(char)
    paragraph._p.append(run)


def _instruction(paragraph, text: str) -> None:
    run = OxmlElement("w:r")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = text
    run.append(instruction)
    paragraph._p.append(run)


def _simple_field(paragraph, instruction: str, shown: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_label(paragraph, label: str) -> None:
    """The catalogue's page label ("{page} ({pages})") with PAGE and NUMPAGES fields for the numbers."""
    for part in re.split(r"(\{page\}|\{pages\})", label):
        if part == "{page}":
            _simple_field(paragraph, " PAGE ", "1")
        elif part == "{pages}":
            _simple_field(paragraph, " NUMPAGES ", "1")
        elif part:
            paragraph.add_run(part)


def _keep_on_one_page(row) -> None:
    """The row moves to the next page whole instead of splitting (unless it is taller than a page)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header(row) -> None:
    _keep_on_one_page(row)  # schema order: cantSplit before tblHeader
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _light_borders(table) -> None:
    """Thin rules in the report's rule colour instead of the base style's black grid."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if edge in ("top", "bottom", "insideH") else "nil")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:color"), _RULE)
        borders.append(line)
    properties.append(borders)


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _set_num(paragraph, num_id: str) -> None:
    properties = paragraph._p.get_or_add_pPr()
    num = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    ident = OxmlElement("w:numId")
    ident.set(qn("w:val"), num_id)
    num.append(level)
    num.append(ident)
    properties.append(num)

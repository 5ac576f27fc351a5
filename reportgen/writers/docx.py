"""Word writer: renders a report tree as an editable .docx in Word's own structures.

Built-in heading styles (so the navigation pane works), a real TOC field that Word
refreshes on open, PAGE/NUMPAGES fields in the footer, list styles with real numbering,
header rows that repeat, charts as 300 dpi PNG with alt text. Every look comes from a
named style of ``templates/word/base.docx`` (made from the theme by ``make_base.py``):
the document carries no colour or shading of its own. The theme's fonts travel inside
the file (obfuscated, subset font parts), so Word and LibreOffice show them without
their being installed. XML the python-docx API does not cover is built with
:mod:`reportgen.writers.ooxml`, in schema order.

One method per block type (``_cover``, ``_heading``, ...), dispatched from ``add``.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.shared import Mm

from reportgen import __version__, tree
from reportgen.characters import usable
from reportgen.charts import chart_png
from reportgen.resources import TEMPLATES
from reportgen.theme import Theme, load_theme, rgb
from reportgen.writers import docxanchors, docxfonts, ooxml

BASE_DOCUMENT = TEMPLATES / "word" / "base.docx"

# The style ids of base.docx the writer uses (Word shows their names, in Swedish for the report's own).
HEADING = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
BULLET = {1: "ListBullet", 2: "ListBullet2"}
NUMBER = {1: "ListNumber", 2: "ListNumber2"}
TOC = {1: "TOC1", 2: "TOC2"}
REPORT_TABLE, POINTS_BOX, STRENGTHS_TABLE = "ReportTable", "PointsBox", "StrengthsTable"
_NUMBERED_LIST = "2"  # the numId of List Number in base.docx (make_base.py)
_PANEL_SHARE = 0.42   # the cover panel's share of the page height, as the PDF draws it
_STRIP_MM = 3.0       # the accent strip under it
_BACK_BAND_SHARE = 0.6  # the back page's navy band: this share of the bottom margin, at the page foot
_BACK_RULE_MM = (62, 30, 0.53)  # its accent rule: height above the bottom margin, length, thickness


def xml_safe(text: str) -> str:
    """Text without the characters a Word file cannot hold; python-docx would raise on them."""
    return usable(text)


def write_docx(report: tree.Report, target: Path | BinaryIO) -> None:
    """Render ``report`` into ``target`` (a path or a binary stream)."""
    writer = _Writer(report, load_theme())
    for block in report.blocks:
        writer.add(block)
    writer.finish()
    buffer = io.BytesIO()
    writer.document.save(buffer)
    data = with_fixed_timestamps(buffer.getvalue(), report.metadata.created)
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)


def with_fixed_timestamps(package: bytes, day) -> bytes:
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
    def __init__(self, report: tree.Report, theme: Theme):
        self.report = report
        self.theme = theme
        self.text_width_mm = theme.page.text_width_mm
        self.document = Document(str(BASE_DOCUMENT))
        self.break_before_next = False
        self.bookmark_id = 0
        self.drawing_id = 100  # above python-docx's own picture ids
        self.numbering = self.document.part.numbering_part.element
        self.renderers = {
            tree.Cover: self._cover, tree.Contents: self._contents, tree.Heading: self._heading,
            tree.Paragraph: self._paragraph_block, tree.ListBlock: lambda block: self._list(block, level=1),
            tree.Quote: self._quote, tree.Table: self._table, tree.TopicBox: self._topic_box,
            tree.ListColumns: self._list_columns, tree.Chart: self._chart, tree.PageBreak: self._page_break,
            tree.BackPage: self._back_page,
        }

    # --- blocks ----------------------------------------------------------------------------------

    def add(self, block: tree.Block) -> None:
        render = self.renderers.get(type(block))
        if render is None:
            raise TypeError(f"the Word writer has no rendering for {type(block).__name__}")
        render(block)

    def _paragraph(self, style: str = "Normal", container=None):
        paragraph = (container or self.document).add_paragraph()
        if style != "Normal":
            paragraph._p.style = style
        if self.break_before_next and container is None:
            paragraph.paragraph_format.page_break_before = True
            self.break_before_next = False
        return paragraph

    def _spans(self, paragraph, content: tree.Inline) -> None:
        for span in content:
            run = paragraph.add_run(xml_safe(span.text))
            run.bold = span.bold or None
            run.italic = span.italic or None

    def _page_break(self, _: tree.PageBreak) -> None:
        self.break_before_next = True

    def _heading(self, block: tree.Heading) -> None:
        paragraph = self._paragraph(HEADING[min(block.level, 3)])
        paragraph.add_run(xml_safe(block.title))
        if block.in_contents:
            self._bookmark(paragraph, _bookmark_name(block.anchor))

    def _paragraph_block(self, block: tree.Paragraph) -> None:
        paragraph = self._paragraph()
        if block.role == "lead":
            paragraph.paragraph_format.keep_with_next = True  # it introduces the table or chart below
        self._spans(paragraph, block.content)
        if block.role == "instruction":
            docxanchors.mark_instruction(paragraph)  # a skeleton's instruction: gone once typed over

    def _quote(self, block: tree.Quote) -> None:
        for child in block.blocks:
            if isinstance(child, tree.Paragraph):
                self._spans(self._paragraph("Quote"), child.content)
            else:
                self.add(child)

    def _cover(self, cover: tree.Cover) -> None:
        """The title and subtitle in white on the navy panel (a picture behind the text, anchored to
        the page as the PDF draws it), then date and evaluators; the publisher sits in the cover's
        own footer above a rule, so it stays at the foot of the page however long the title is."""
        title = self._paragraph("Title")
        self._anchor_panel(title)
        title.add_run(xml_safe(cover.title))
        self._paragraph("Subtitle").add_run(xml_safe(cover.subtitle))
        if cover.logo is not None:
            logo = self._paragraph("CoverText")
            picture = logo.add_run().add_picture(str(cover.logo), width=Mm(45))
            _no_wrap_distance(picture._inline)
            picture._inline.docPr.set("descr", xml_safe(cover.logo_alt))
            logo.paragraph_format.space_after = Mm(10)
        self._paragraph("CoverText").add_run(xml_safe(cover.date))
        self._paragraph("CoverText").add_run(xml_safe(cover.evaluators))
        section = self.document.sections[0]
        section.different_first_page_header_footer = True  # the cover has no running header or page label
        publisher = section.first_page_footer.paragraphs[0]
        publisher._p.style = "CoverPublisher"
        publisher.add_run(xml_safe(cover.publisher))

    def _anchor_panel(self, paragraph) -> None:
        """The cover's navy panel and accent strip: one picture behind the text at the top of the page."""
        page = self.theme.page
        colours = self.theme.colours
        rows = round(page.height_mm * _PANEL_SHARE * 10), round(_STRIP_MM * 10)
        png = _bands_png(((colours.primary, rows[0]), (colours.accent, rows[1])))
        self._anchor_picture(paragraph, png, "cover panel", 0, 0, page.width_mm, sum(rows) / 10)

    def _anchor_picture(self, paragraph, png: bytes, name: str, x_mm: float, y_mm: float, width_mm: float,
                        height_mm: float) -> None:
        """A decorative picture behind the text, placed on the page (not in the text's flow), anchored
        in ``paragraph``: how the PDF's page decorations are drawn in Word."""
        rel_id, _ = self.document.part.get_or_add_image(io.BytesIO(png))
        self.drawing_id += 1
        x, y, cx, cy = Mm(x_mm), Mm(y_mm), Mm(width_mm), Mm(height_mm)
        anchor = parse_xml(
            f'<wp:anchor {nsdecls("wp", "a", "pic", "r")} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            f'relativeHeight="0" behindDoc="1" locked="1" layoutInCell="1" allowOverlap="1">'
            f'<wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="{self.drawing_id}" name="{name}" descr=""><a:extLst>'
            f'<a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'  # "mark as decorative" (Office 2019)
            f'<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
            f'</a:ext></a:extLst></wp:docPr>'
            f'<wp:cNvGraphicFramePr/>'
            f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{self.drawing_id}" name="{name}"/><pic:cNvPicPr/>'
            f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
            f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            f'</wp:anchor>')
        drawing = ooxml.element("w:drawing")
        drawing.append(anchor)
        paragraph.add_run()._r.append(drawing)

    def _back_page(self, back: tree.BackPage) -> None:
        """The back page, as the PDF draws it: a section of its own without running header or page
        label, its text at the foot of the page under a short accent rule, above a navy band. The
        text stands in a frame aligned to the bottom margin, which Word and LibreOffice both honour."""
        page = self.theme.page
        colours = self.theme.colours
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        for story in (section.header, section.footer):
            story.is_linked_to_previous = False  # an empty header and footer of its own
            story.paragraphs[0]._p.style = None  # not the running header's style, with its rule
        self.break_before_next = False
        # The band and the rule hang from an empty paragraph of their own: inside the text's frame
        # LibreOffice would keep them inside the frame too.
        decoration = self._paragraph()
        band = page.margin_bottom_mm * _BACK_BAND_SHARE
        self._anchor_picture(decoration, _bands_png(((colours.primary, round(band * 10)),)), "back band",
                             0, page.height_mm - band, page.width_mm, band)
        rule_from_top = page.height_mm - page.margin_bottom_mm - _BACK_RULE_MM[0] - _BACK_RULE_MM[2] / 2
        self._anchor_picture(decoration, _bands_png(((colours.accent, 5),)), "back rule", page.margin_left_mm,
                             rule_from_top, _BACK_RULE_MM[1], _BACK_RULE_MM[2])
        paragraphs = [b for b in back.blocks if isinstance(b, tree.Paragraph)]
        for index, block in enumerate(paragraphs):
            paragraph = self._paragraph("BackTitle" if index == 0 else "BackText")
            ooxml.set_child(paragraph._p.get_or_add_pPr(), "w:framePr", {
                "w:w": ooxml.twips(page.text_width_mm), "w:wrap": "around", "w:hAnchor": "margin",
                "w:vAnchor": "margin", "w:xAlign": "left", "w:yAlign": "bottom"})
            self._spans(paragraph, block.content)
        for block in back.blocks:
            if not isinstance(block, tree.Paragraph):
                self.add(block)

    def _contents(self, contents: tree.Contents) -> None:
        """A TOC field over levels 1-2, pre-filled with linked entries whose page numbers are PAGEREF
        fields, so the contents read with page numbers before Word updates the field."""
        self._paragraph("ContentsTitle").add_run(xml_safe(contents.title))
        entries = list(contents.entries)
        for index, heading in enumerate(entries):
            paragraph = self._paragraph(TOC[min(heading.level, 2)])
            if index == 0:
                _complex_field_start(paragraph._p, ' TOC \\o "1-2" \\h \\z \\u ', dirty=True)
            bookmark = _bookmark_name(heading.anchor)
            link = ooxml.element("w:hyperlink", {"w:anchor": bookmark, "w:history": "1"})
            _text_run(link, xml_safe(heading.title))
            link.append(parse_xml(f"<w:r {nsdecls('w')}><w:tab/></w:r>"))
            _complex_field_start(link, f" PAGEREF {bookmark} \\h ")
            _text_run(link, "")
            _field_char(link, "end")
            paragraph._p.append(link)
            if index == len(entries) - 1:
                _field_char(paragraph._p, "end")

    def _list(self, block: tree.ListBlock, level: int) -> None:
        styles = NUMBER if block.ordered else BULLET
        style = styles[min(level, 2)]
        num_id = self._restarted_numbering(block.start) if block.ordered and level == 1 else None
        for item in block.items:
            first = True
            for child in item:
                if isinstance(child, tree.Paragraph):
                    paragraph = self._paragraph(style if first else "ListContinue")
                    if num_id is not None and first:
                        ooxml.numbering(paragraph._p.get_or_add_pPr(), num_id)
                    self._spans(paragraph, child.content)
                    first = False
                elif isinstance(child, tree.ListBlock):
                    self._list(child, level + 1)
                else:
                    self.add(child)

    def _table(self, block: tree.Table) -> None:
        columns = len(block.header)
        numeric = block.numeric or (False,) * columns
        widths = [self.text_width_mm * w for w in (block.widths or (1 / columns,) * columns)]
        table = self._new_table(REPORT_TABLE, widths, total_row=bool(block.footer), banded=True)
        self._row(table, block.header, numeric, header=True)
        for row in block.rows:
            self._row(table, row, numeric)
        for index, row in enumerate(block.footer):
            # The table style makes the last row bold under a strong rule; earlier total rows are bold here.
            self._row(table, row, numeric, bold=index < len(block.footer) - 1)
        if len(table.rows) <= 12:  # as in the PDF: a short table is not split over two pages
            for row in table.rows[:-1]:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
        self._after_table()

    def _row(self, table, cells, numeric, header: bool = False, bold: bool = False):
        row = table.add_row()
        if header:
            _repeat_as_header(row)
        for cell, text, number in zip(row.cells, cells, numeric):
            paragraph = cell.paragraphs[0]
            if header:
                paragraph._p.style = "TableHeadingNumber" if number else "TableHeading"
            else:
                paragraph._p.style = "TableNumber" if number else "TableText"
            run = paragraph.add_run(xml_safe(text))
            run.bold = bold or None
        return row

    def _topic_box(self, box: tree.TopicBox) -> None:
        widths = [self.text_width_mm * 0.78, self.text_width_mm * 0.22]
        table = self._new_table(POINTS_BOX, widths)
        self._row(table, (box.topics_label, box.points_label), (False, True), header=True)
        row = table.add_row()
        _keep_on_one_page(row)
        topics, points = row.cells
        for index, topic in enumerate(box.topics):
            paragraph = topics.paragraphs[0] if index == 0 else topics.add_paragraph()
            paragraph._p.style = "TableBullet"
            paragraph.add_run(xml_safe(topic))
        ooxml.set_child(points._tc.get_or_add_tcPr(), "w:vAlign", {"w:val": "center"})
        points.paragraphs[0]._p.style = "BoxPoints"
        points.paragraphs[0].add_run(xml_safe(box.points))
        self._after_table()

    def _list_columns(self, block: tree.ListColumns) -> None:
        columns = len(block.columns)
        widths = [self.text_width_mm / columns] * columns
        table = self._new_table(STRENGTHS_TABLE, widths)
        self._row(table, tuple(label for label, _ in block.columns), (False,) * columns, header=True)
        row = table.add_row()
        _keep_on_one_page(row)
        for cell, (_, items) in zip(row.cells, block.columns):
            for index, item in enumerate(items):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                paragraph._p.style = "TableBullet"
                self._spans(paragraph, item)
        self._after_table()

    def _new_table(self, style: str, widths_mm: list[float], total_row: bool = False, banded: bool = False):
        """A table of the named style, as wide as the text and flush with its margin, with fixed
        column widths (tblGrid and every cell: Word reads one, LibreOffice the other)."""
        table = self.document.add_table(rows=0, cols=len(widths_mm))
        for column, width in zip(table.columns, widths_mm):
            column.width = Mm(width)
        properties = table._tbl.tblPr
        ooxml.set_child(properties, "w:tblStyle", {"w:val": style})
        ooxml.width(properties, "w:tblW", sum(widths_mm))
        ooxml.width(properties, "w:tblInd", 0)
        ooxml.set_child(properties, "w:tblLayout", {"w:type": "fixed"})
        look = 0x0020 | (0x0040 if total_row else 0) | (0 if banded else 0x0200) | 0x0400
        ooxml.set_child(properties, "w:tblLook", {
            "w:val": f"{look:04X}", "w:firstRow": 1, "w:lastRow": int(total_row), "w:firstColumn": 0,
            "w:lastColumn": 0, "w:noHBand": int(not banded), "w:noVBand": 1})
        return table

    def _after_table(self) -> None:
        """A paragraph after each table: the space the PDF leaves, and Word joins adjacent tables without it."""
        self._paragraph("TableGap")

    def _chart(self, chart: tree.Chart) -> None:
        width = self.text_width_mm
        png = chart_png(chart, width / 25.4 * 72)
        paragraph = self._paragraph()
        paragraph.paragraph_format.keep_with_next = True
        picture = paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width))
        _no_wrap_distance(picture._inline)
        picture._inline.docPr.set("descr", xml_safe(chart.caption))  # the alt text Word shows and reads out
        self._paragraph("Caption").add_run(xml_safe(chart.caption))

    # --- document-wide parts -----------------------------------------------------------------------

    def finish(self) -> None:
        meta = self.report.metadata
        section = self.document.sections[0]
        header = section.header.paragraphs[0]
        header._p.style = "Header"
        if meta.draft_mark:
            self._draft_mark(header)
            cover_header = section.first_page_header.paragraphs[0]
            cover_header._p.style = None  # the mark alone, without the running header's rule
            self._draft_mark(cover_header)
            for later in self.document.sections[1:]:  # the back page
                self._draft_mark(later.header.paragraphs[0])
        header.add_run(xml_safe(meta.running_title))
        footer = section.footer.paragraphs[0]
        footer._p.style = "Footer"
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
        ooxml.set_child(settings, "w:updateFields", {"w:val": "true"})  # Word refreshes the TOC on open
        self._embed_fonts()
        docxanchors.add_parts(self.document, meta)  # what `reportgen import` reads back

    def _embed_fonts(self) -> None:
        """base.docx embeds the theme's faces subset to the editing characters; a document that
        uses others gets faces subset again with them, under the same keys."""
        extra = frozenset(self._characters() - docxfonts.EDITING_CHARACTERS)
        if not extra:
            return
        font_table = self.document.part.part_related_by(RT.FONT_TABLE)
        root = parse_xml(font_table.blob)
        font = next(f for f in root.findall(qn("w:font")) if f.get(qn("w:name")) == self.theme.fonts.family)
        for element, path in docxfonts.faces(self.theme.fonts):
            embed = font.find(qn(element))
            part = font_table.related_parts[embed.get(qn("r:id"))]
            data = docxfonts.subset(path, docxfonts.EDITING_CHARACTERS | extra)
            part._blob = docxfonts.obfuscate(data, embed.get(qn("w:fontKey")))

    def _draft_mark(self, paragraph) -> None:
        """A draft's mark, first in the page header, so every page (the cover too) shows it."""
        run = paragraph.add_run(xml_safe(self.report.metadata.draft_mark) + "   ")
        run._r.style = "DraftMark"
        self.document.core_properties.content_status = xml_safe(self.report.metadata.draft_mark)

    def _characters(self) -> set[str]:
        characters: set[str] = set()
        stories = [self.document.element.body]
        for section in self.document.sections:
            stories += [section.header._element, section.footer._element, section.first_page_footer._element]
        for story in stories:
            for text in story.iter(qn("w:t")):
                characters.update(text.text or "")
        return characters

    def _bookmark(self, paragraph, name: str) -> None:
        self.bookmark_id += 1
        start = ooxml.element("w:bookmarkStart", {"w:id": self.bookmark_id, "w:name": name})
        end = ooxml.element("w:bookmarkEnd", {"w:id": self.bookmark_id})
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)

    def _restarted_numbering(self, start: int) -> int:
        """A new w:num over the numbered list's definition that starts again at ``start``."""
        base = next(n for n in self.numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == _NUMBERED_LIST)
        abstract = base.find(qn("w:abstractNumId")).get(qn("w:val"))
        num_id = max(int(n.get(qn("w:numId"))) for n in self.numbering.findall(qn("w:num"))) + 1
        num = ooxml.add_child(self.numbering, "w:num", {"w:numId": num_id})
        ooxml.set_child(num, "w:abstractNumId", {"w:val": abstract})
        override = ooxml.add_child(num, "w:lvlOverride", {"w:ilvl": 0})
        ooxml.set_child(override, "w:startOverride", {"w:val": start})
        return num_id



@lru_cache(maxsize=8)
def _bands_png(bands: tuple[tuple[str, int], ...]) -> bytes:
    """A tiny PNG of horizontal bands, each a colour and a number of rows (0.1 mm a row when drawn)."""
    from PIL import Image  # reportlab's dependency

    image = Image.new("RGB", (4, sum(rows for _, rows in bands)))
    top = 0
    for colour, rows in bands:
        image.paste(rgb(colour), (0, top, 4, top + rows))
        top += rows
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _no_wrap_distance(inline) -> None:
    """Without explicit distances LibreOffice keeps Word's 3.2 mm default around an inline picture,
    which pushed a text-wide chart into the right margin."""
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")


def _bookmark_name(anchor: str) -> str:
    return "_Toc_" + re.sub(r"[^A-Za-z0-9_]", "_", anchor)[:34]


def _text_run(parent, text: str) -> None:
    run = ooxml.element("w:r")
    shown = ooxml.element("w:t")
    shown.text = text
    shown.set(qn("xml:space"), "preserve")
    run.append(shown)
    parent.append(run)


def _field_char(parent, kind: str, dirty: bool = False) -> None:
    run = ooxml.element("w:r")
    run.append(ooxml.element("w:fldChar", {"w:fldCharType": kind, **({"w:dirty": "true"} if dirty else {})}))
    parent.append(run)


def _complex_field_start(parent, instruction: str, dirty: bool = False) -> None:
    """begin, the instruction, separate: the field's shown result follows, then ``_field_char(.., "end")``."""
    _field_char(parent, "begin", dirty)
    run = ooxml.element("w:r")
    code = ooxml.element("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    run.append(code)
    parent.append(run)
    _field_char(parent, "separate")


def _simple_field(paragraph, instruction: str, shown: str) -> None:
    field = ooxml.element("w:fldSimple", {"w:instr": instruction})
    _text_run(field, shown)
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
    ooxml.on(row._tr.get_or_add_trPr(), "w:cantSplit")


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    ooxml.on(properties, "w:cantSplit")
    ooxml.set_child(properties, "w:tblHeader", {"w:val": "true"})

"""Word writer: renders a report tree as an editable .docx in Word's own structures.

Built-in heading styles (so the navigation pane works), a real TOC field that Word
refreshes on open, PAGE/NUMPAGES fields in the footer, list styles with real numbering,
header rows that repeat, charts as 300 dpi PNG with alt text. Every look comes from a
named style of ``templates/word/base.docx`` (made from the theme by ``make_base.py``):
the document carries no colour or shading of its own. The theme's fonts travel inside
the file (obfuscated, subset font parts), so Word and LibreOffice show them without
their being installed.

The body, headers and footers are built directly as lxml elements in schema order
(:mod:`reportgen.writers.ooxml`, the oxml layer); the package around them, with the base's
parts read once per process, is :mod:`reportgen.writers.docxpackage`. python-docx is not
used to write (it builds base.docx and reads .docx files back).

One method per block type (``_cover``, ``_heading``, ...), dispatched from ``add``.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from reportgen import __version__, tree
from reportgen.characters import usable
from reportgen.garbage import rare_collection
from reportgen.resources import TEMPLATES
from reportgen.theme import Theme, load_theme, rgb
from reportgen.writers import docxanchors, docxfonts, docxpackage, ooxml
from reportgen.writers.ooxml import qn

BASE_DOCUMENT = TEMPLATES / "word" / "base.docx"

# The style ids of base.docx the writer uses (Word shows their names, in Swedish for the report's own).
HEADING = {1: "Heading1", 2: "Heading2", 3: "Heading3"}
BULLET = {1: "ListBullet", 2: "ListBullet2"}
NUMBER = {1: "ListNumber", 2: "ListNumber2"}
TOC = {1: "TOC1", 2: "TOC2"}
REPORT_TABLE, POINTS_BOX, STRENGTHS_TABLE = "ReportTable", "PointsBox", "StrengthsTable"
_NUMBERED_LIST = "2"  # the numId of List Number in base.docx (make_base.py)
_FIRST_DRAWING_ID = 100

_HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg"}  # Pillow's format -> the part's extension
_BODY, _SECT_PR, _T = qn("w:body"), qn("w:sectPr"), qn("w:t")

# A picture in the text's flow (charts, the logo) and one placed on the page behind the text (the
# cover panel, the back page's band and rule), as Word writes them. The inline one has explicit
# zero distances: without them LibreOffice keeps Word's 3.2 mm default around it, which pushed
# a text-wide chart into the right margin.
_INLINE = (
    '<wp:inline {namespaces} distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="Picture {id}" descr={descr}/>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name={file}/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"/>'
    '</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>')
_ANCHOR = (
    '<wp:anchor {namespaces} distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="0" '
    'behindDoc="1" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="{id}" name={name} descr=""><a:extLst>'
    '<a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'  # "mark as decorative" (Office 2019)
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    '</a:ext></a:extLst></wp:docPr><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="{id}" name={name}/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
    '</wp:anchor>')
_DRAWING_NAMESPACES = ooxml.nsdecls("wp", "a", "pic", "r")


def xml_safe(text: str) -> str:
    """Text without the characters a Word file cannot hold (lxml would raise on them)."""
    return usable(text)


@rare_collection()
def write_docx(report: tree.Report, target: Path | BinaryIO) -> None:
    """Render ``report`` into ``target`` (a path or a binary stream)."""
    writer = _Writer(report, load_theme())
    for block in report.blocks:
        writer.add(block)
    writer.finish()
    if isinstance(target, Path):
        buffer = io.BytesIO()
        writer.package.save(buffer, report.metadata.created)
        target.write_bytes(buffer.getvalue())
    else:
        writer.package.save(target, report.metadata.created)


class _Writer:
    def __init__(self, report: tree.Report, theme: Theme):
        self.report = report
        self.theme = theme
        self.text_width_mm = theme.page.text_width_mm
        self.package = docxpackage.Package(BASE_DOCUMENT)
        self.main = self.package.related(None, docxpackage.OFFICE_DOCUMENT)
        self.document = ooxml.parse(self.main.data)
        self.body = self.document.find(_BODY)
        # The last section's properties close the body; blocks go before them.
        self.last_section = self.body.find(_SECT_PR)
        self.body.remove(self.last_section)
        self.sections = [self.last_section]  # each section's w:sectPr, the last one the body's own
        self.stories: list[tuple[docxpackage.Part, etree._Element]] = []  # headers and footers
        self.numbering = None  # numbering.xml, parsed once a list restarts its numbers
        self.break_before_next = False
        self.bookmark_id = 0
        self.drawing_id = _FIRST_DRAWING_ID
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

    def _paragraph(self, style: str | None = None, keep_next: bool = False, parent=None):
        """A paragraph of the body (or of ``parent``, a content control in the body), on a new page
        when a page break came before it."""
        page_break, self.break_before_next = self.break_before_next, False
        return ooxml.paragraph(self.body if parent is None else parent, style, keep_next, page_break)

    @staticmethod
    def _spans(paragraph, content: tree.Inline) -> None:
        for span in content:
            ooxml.run(paragraph, xml_safe(span.text), bold=span.bold, italic=span.italic)

    def _page_break(self, _: tree.PageBreak) -> None:
        self.break_before_next = True

    def _heading(self, block: tree.Heading) -> None:
        paragraph = self._paragraph(HEADING[min(block.level, 3)])
        if not block.in_contents:
            ooxml.run(paragraph, xml_safe(block.title))
            return
        self.bookmark_id += 1
        ooxml.sub(paragraph, "w:bookmarkStart", {"w:id": self.bookmark_id, "w:name": _bookmark_name(block.anchor)})
        ooxml.run(paragraph, xml_safe(block.title))
        ooxml.sub(paragraph, "w:bookmarkEnd", {"w:id": self.bookmark_id})

    def _paragraph_block(self, block: tree.Paragraph) -> None:
        # A skeleton's instruction stands in a content control, gone once typed over.
        parent = docxanchors.instruction_control(self.body) if block.role == "instruction" else None
        paragraph = self._paragraph(keep_next=block.role == "lead", parent=parent)  # a lead introduces what follows
        self._spans(paragraph, block.content)

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
        ooxml.run(title, xml_safe(cover.title))
        ooxml.run(self._paragraph("Subtitle"), xml_safe(cover.subtitle))
        if cover.logo is not None:
            logo = self._paragraph("CoverText")
            ooxml.insert(ooxml.paragraph_properties(logo), ooxml.element("w:spacing", {"w:after": ooxml.twips(10)}))
            self._inline_picture(logo, cover.logo.read_bytes(), 45, cover.logo_alt, cover.logo.name)
        ooxml.run(self._paragraph("CoverText"), xml_safe(cover.date))
        ooxml.run(self._paragraph("CoverText"), xml_safe(cover.evaluators))
        section = self.sections[0]
        ooxml.on(section, "w:titlePg")  # the cover has no running header or page label
        ooxml.run(self._story(section, "footer", "first", "CoverPublisher"), xml_safe(cover.publisher))

    def _anchor_panel(self, paragraph) -> None:
        """The cover's navy panel and accent strip: one picture behind the text at the top of the page."""
        page = self.theme.page
        colours = self.theme.colours
        decoration = self.theme.decoration
        rows = round(page.height_mm * decoration.cover_panel_share * 10), round(decoration.cover_strip_mm * 10)
        png = _bands_png(((colours.primary, rows[0]), (colours.accent, rows[1])))
        self._anchor_picture(paragraph, png, "cover panel", 0, 0, page.width_mm, sum(rows) / 10)

    def _anchor_picture(self, paragraph, png: bytes, name: str, x_mm: float, y_mm: float, width_mm: float,
                        height_mm: float) -> None:
        """A decorative picture behind the text, placed on the page (not in the text's flow), anchored
        in ``paragraph``: how the PDF's page decorations are drawn in Word."""
        rel_id = self.package.add_image(self.main, png, "png")
        self.drawing_id += 1
        anchor = _ANCHOR.format(namespaces=_DRAWING_NAMESPACES, id=self.drawing_id, name=ooxml.attribute(name), rel_id=rel_id, x=ooxml.emu(x_mm),
                                y=ooxml.emu(y_mm), cx=ooxml.emu(width_mm), cy=ooxml.emu(height_mm))
        ooxml.sub(ooxml.run(paragraph), "w:drawing").append(ooxml.parse(anchor))

    def _inline_picture(self, paragraph, image: bytes, width_mm: float, description: str,
                        file_name: str = "image.png") -> None:
        """A picture in the text's flow, ``width_mm`` wide, as high as its proportions make it."""
        extension, (width_px, height_px), (dpi_x, dpi_y) = _image_facts(image)
        rel_id = self.package.add_image(self.main, image, extension)
        self.drawing_id += 1
        cx = ooxml.emu(width_mm)
        cy = round(cx * (height_px / dpi_y) / (width_px / dpi_x))
        inline = _INLINE.format(namespaces=_DRAWING_NAMESPACES, id=self.drawing_id, descr=ooxml.attribute(xml_safe(description)),
                                file=ooxml.attribute(xml_safe(file_name)), rel_id=rel_id, cx=cx, cy=cy)
        ooxml.sub(ooxml.run(paragraph), "w:drawing").append(ooxml.parse(inline))

    def _back_page(self, back: tree.BackPage) -> None:
        """The back page, as the PDF draws it: a section of its own without running header or page
        label, its text at the foot of the page under a short accent rule, above a navy band. The
        text stands in a frame aligned to the bottom margin, which Word and LibreOffice both honour."""
        page = self.theme.page
        colours = self.theme.colours
        self._section_break()
        self.break_before_next = False
        # The band and the rule hang from an empty paragraph of their own: inside the text's frame
        # LibreOffice would keep them inside the frame too.
        holder = self._paragraph()
        decoration = self.theme.decoration
        band = page.margin_bottom_mm * decoration.back_band_share
        self._anchor_picture(holder, _bands_png(((colours.primary, round(band * 10)),)), "back band",
                             0, page.height_mm - band, page.width_mm, band)
        thickness = round(decoration.back_rule_pt * 25.4 / 72, 2)  # 1.5 pt = 0.53 mm
        rule_from_top = page.height_mm - page.margin_bottom_mm - decoration.back_rule_above_mm - thickness / 2
        self._anchor_picture(holder, _bands_png(((colours.accent, 5),)), "back rule", page.margin_left_mm,
                             rule_from_top, decoration.back_rule_length_mm, thickness)
        frame = {"w:w": ooxml.twips(page.text_width_mm), "w:wrap": "around", "w:hAnchor": "margin",
                 "w:vAnchor": "margin", "w:xAlign": "left", "w:yAlign": "bottom"}
        for block in back.blocks:
            paragraph = self._paragraph("BackTitle" if block.role == "publisher" else "BackText")
            ooxml.set_child(ooxml.paragraph_properties(paragraph), "w:framePr", frame)
            self._spans(paragraph, block.content)

    def _section_break(self) -> None:
        """A new section from here on, starting on a new page, with an empty header and footer of its
        own. The section so far keeps its properties (and their header and footer references) in
        the paragraph that ends it, as Word writes it."""
        ended = copy.deepcopy(self.last_section)
        for name in [name for name in ended.attrib if name.startswith(qn("w:rsid"))]:
            del ended.attrib[name]
        ooxml.sub(ooxml.paragraph(self.body), "w:pPr").append(ended)
        for child in list(self.last_section):
            if child.tag in (qn("w:headerReference"), qn("w:footerReference"), qn("w:titlePg")):
                self.last_section.remove(child)
        self.sections.insert(len(self.sections) - 1, ended)
        self._story(self.last_section, "header", "default")  # empty: not the running header's style, with its rule
        self._story(self.last_section, "footer", "default")

    def _contents(self, contents: tree.Contents) -> None:
        """A TOC field over levels 1-2, pre-filled with linked entries whose page numbers are PAGEREF
        fields, so the contents read with page numbers before Word updates the field."""
        ooxml.run(self._paragraph("ContentsTitle"), xml_safe(contents.title))
        entries = list(contents.entries)
        for index, heading in enumerate(entries):
            paragraph = self._paragraph(TOC[min(heading.level, 2)])
            if index == 0:
                _complex_field_start(paragraph, ' TOC \\o "1-2" \\h \\z \\u ', dirty=True)
            bookmark = _bookmark_name(heading.anchor)
            link = ooxml.sub(paragraph, "w:hyperlink", {"w:anchor": bookmark, "w:history": "1"})
            ooxml.run(link, xml_safe(heading.title), preserve=True)
            ooxml.sub(ooxml.run(link), "w:tab")
            _complex_field_start(link, f" PAGEREF {bookmark} \\h ")
            ooxml.run(link, "", preserve=True)
            _field_char(link, "end")
            if index == len(entries) - 1:
                _field_char(paragraph, "end")

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
                        ooxml.numbering(ooxml.paragraph_properties(paragraph), num_id)
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
        # As in the PDF: a short table is not split over two pages (every row but the last keeps with the next).
        rows = 1 + len(block.rows) + len(block.footer)
        kept = rows - 1 if rows <= 12 else 0
        self._row(table, widths, block.header, numeric, header=True, keep_next=kept > 0)
        for index, row in enumerate(block.rows, start=1):
            self._row(table, widths, row, numeric, keep_next=index < kept)
        for index, row in enumerate(block.footer):
            # The table style makes the last row bold under a strong rule; earlier total rows are bold here.
            self._row(table, widths, row, numeric, bold=index < len(block.footer) - 1,
                      keep_next=1 + len(block.rows) + index < kept)
        self._after_table()

    def _row(self, table, widths, cells, numeric, header: bool = False, bold: bool = False,
             keep_next: bool = False) -> None:
        row = _table_row(table, header=header)
        for width, text, number in zip(widths, cells, numeric):
            if header:
                style = "TableHeadingNumber" if number else "TableHeading"
            else:
                style = "TableNumber" if number else "TableText"
            ooxml.run(ooxml.paragraph(_table_cell(row, width), style, keep_next), xml_safe(text), bold=bold)

    def _topic_box(self, box: tree.TopicBox) -> None:
        widths = [self.text_width_mm * 0.78, self.text_width_mm * 0.22]
        table = self._new_table(POINTS_BOX, widths)
        self._row(table, widths, (box.topics_label, box.points_label), (False, True), header=True)
        row = _table_row(table, keep_together=True)
        topics = _table_cell(row, widths[0])
        for topic in box.topics:
            ooxml.run(ooxml.paragraph(topics, "TableBullet"), xml_safe(topic))
        if not len(box.topics):
            ooxml.paragraph(topics)  # a cell holds at least one paragraph
        points = _table_cell(row, widths[1], centred=True)
        ooxml.run(ooxml.paragraph(points, "BoxPoints"), xml_safe(box.points))
        self._after_table()

    def _list_columns(self, block: tree.ListColumns) -> None:
        columns = len(block.columns)
        widths = [self.text_width_mm / columns] * columns
        table = self._new_table(STRENGTHS_TABLE, widths)
        self._row(table, widths, tuple(label for label, _ in block.columns), (False,) * columns, header=True)
        row = _table_row(table, keep_together=True)
        for width, (_, items) in zip(widths, block.columns):
            cell = _table_cell(row, width)
            for item in items:
                self._spans(ooxml.paragraph(cell, "TableBullet"), item)
            if not len(items):
                ooxml.paragraph(cell)
        self._after_table()

    def _new_table(self, style: str, widths_mm: list[float], total_row: bool = False, banded: bool = False):
        """A table of the named style, as wide as the text and flush with its margin, with fixed
        column widths (tblGrid and every cell: Word reads one, LibreOffice the other)."""
        table = ooxml.sub(self.body, "w:tbl")
        properties = ooxml.sub(table, "w:tblPr")
        ooxml.sub(properties, "w:tblStyle", {"w:val": style})
        ooxml.sub(properties, "w:tblW", {"w:w": ooxml.twips(sum(widths_mm)), "w:type": "dxa"})
        ooxml.sub(properties, "w:tblInd", {"w:w": 0, "w:type": "dxa"})
        ooxml.sub(properties, "w:tblLayout", {"w:type": "fixed"})
        look = 0x0020 | (0x0040 if total_row else 0) | (0 if banded else 0x0200) | 0x0400
        ooxml.sub(properties, "w:tblLook", {
            "w:val": f"{look:04X}", "w:firstRow": 1, "w:lastRow": int(total_row), "w:firstColumn": 0,
            "w:lastColumn": 0, "w:noHBand": int(not banded), "w:noVBand": 1})
        grid = ooxml.sub(table, "w:tblGrid")
        for width in widths_mm:
            ooxml.sub(grid, "w:gridCol", {"w:w": ooxml.twips(width)})
        return table

    def _after_table(self) -> None:
        """A paragraph after each table: the space the PDF leaves, and Word joins adjacent tables without it."""
        self._paragraph("TableGap")

    def _chart(self, chart: tree.Chart) -> None:
        from reportgen.charts import chart_png  # reportlab's drawing and SVG code: 0.1 s, not for a skeleton

        width = self.text_width_mm
        png = chart_png(chart, width / 25.4 * 72)
        paragraph = self._paragraph(keep_next=True)
        self._inline_picture(paragraph, png, width, chart.caption)  # the caption is the alt text Word reads out
        ooxml.run(self._paragraph("Caption"), xml_safe(chart.caption))

    # --- document-wide parts -----------------------------------------------------------------------

    def _story(self, section, kind: str, kind_of_page: str, style: str | None = None):
        """A new header or footer part for ``section``'s ``kind_of_page`` (default, first); its paragraph."""
        template = f"/word/{kind}%d.xml"
        part = self.package.add(self.package.next_name(template), _HEADER_TYPE if kind == "header" else _FOOTER_TYPE,
                                b"")
        rel_id = self.package.relate(self.main, part, docxpackage.HEADER if kind == "header" else docxpackage.FOOTER)
        ooxml.insert(section, ooxml.element(f"w:{kind}Reference", {"w:type": kind_of_page, "r:id": rel_id}))
        root = etree.Element(qn("w:hdr" if kind == "header" else "w:ftr"), nsmap=self.document.nsmap)
        root.set(qn("mc:Ignorable"), "w14 wp14")
        self.stories.append((part, root))
        return ooxml.paragraph(root, style)

    def finish(self) -> None:
        meta = self.report.metadata
        self.body.append(self.last_section)
        section = self.sections[0]
        header = self._story(section, "header", "default", "Header")
        if meta.draft_mark:
            self._draft_mark(header)
            self._draft_mark(self._story(section, "header", "first"))  # the mark alone, without the rule
            for later in self.sections[1:]:  # the back page
                self._draft_mark(self._header_paragraph(later))
        ooxml.run(header, xml_safe(meta.running_title))
        _page_label(self._story(section, "footer", "default", "Footer"), meta.page_label)
        self._core_properties()
        settings = self.package.related(self.main, docxpackage.SETTINGS)
        self.package.replace(settings, _with_updated_fields(settings.data))  # Word refreshes the TOC on open
        if self.numbering is not None:
            self.package.replace(self.package.related(self.main, docxpackage.NUMBERING),
                                 ooxml.serialize(self.numbering))
        self._embed_fonts()
        for part, root in self.stories:
            self.package.replace(part, ooxml.serialize(root))
        self.package.replace(self.main, ooxml.serialize(self.document))
        docxanchors.add_parts(self.package, self.main, meta)  # what `reportgen import` reads back

    def _header_paragraph(self, section):
        """The paragraph of ``section``'s default header."""
        reference = next(r for r in section.iter(qn("w:headerReference")) if r.get(qn("w:type")) == "default")
        part = self.package.target(self.main, reference.get(qn("r:id")))
        return next(root for story, root in self.stories if story is part)[0]

    def _core_properties(self) -> None:
        """docProps/core.xml: the base's properties filled in, then the ones it lacks, in python-docx's order."""
        meta = self.report.metadata
        part = self.package.related(None, docxpackage.CORE_PROPERTIES)
        root = ooxml.parse(part.data)
        created = datetime.combine(meta.created, time(12, 0)).strftime("%Y-%m-%dT%H:%M:%SZ")
        values = {"dc:title": meta.title, "dc:subject": meta.subject, "dc:creator": meta.author,
                  "cp:keywords": ", ".join(meta.keywords), "dc:description": f"reportgen {__version__}",
                  "cp:lastModifiedBy": meta.author, "cp:revision": "1", "dcterms:created": created,
                  "dcterms:modified": created, "cp:contentStatus": meta.draft_mark, "dc:language": meta.language,
                  "cp:lastPrinted": created}
        for tag, value in values.items():
            if not value:
                continue
            found = root.find(qn(tag))
            if found is None:
                found = etree.SubElement(root, qn(tag))
            found.text = xml_safe(value)
        self.package.replace(part, ooxml.serialize(root))

    def _embed_fonts(self) -> None:
        """base.docx embeds the theme's faces subset to the editing characters; a document that
        uses others gets faces subset again with them, under the same keys."""
        extra = frozenset(self._characters() - docxfonts.EDITING_CHARACTERS)
        if not extra:
            return
        font_table = self.package.related(self.main, docxpackage.FONT_TABLE)
        root = ooxml.parse(font_table.data)
        font = next(f for f in root.iter(qn("w:font")) if f.get(qn("w:name")) == self.theme.fonts.family)
        for element, path in docxfonts.faces(self.theme.fonts):
            embed = font.find(qn(element))
            part = self.package.target(font_table, embed.get(qn("r:id")))
            data = docxfonts.subset(path, docxfonts.EDITING_CHARACTERS | extra)
            self.package.replace(part, docxfonts.obfuscate(data, embed.get(qn("w:fontKey"))))

    def _draft_mark(self, paragraph) -> None:
        """A draft's mark, first in the page header, so every page (the cover too) shows it."""
        ooxml.run(paragraph, xml_safe(self.report.metadata.draft_mark) + "   ", style="DraftMark")

    def _characters(self) -> set[str]:
        stories = [self.document] + [root for _, root in self.stories]
        return set("".join(text for story in stories for text in story.itertext(_T)))

    def _restarted_numbering(self, start: int) -> int:
        """A new w:num over the numbered list's definition that starts again at ``start``."""
        if self.numbering is None:
            self.numbering = ooxml.parse(self.package.related(self.main, docxpackage.NUMBERING).data)
        nums = self.numbering.findall(qn("w:num"))
        base = next(n for n in nums if n.get(qn("w:numId")) == _NUMBERED_LIST)
        abstract = base.find(qn("w:abstractNumId")).get(qn("w:val"))
        num_id = max(int(n.get(qn("w:numId"))) for n in nums) + 1
        num = ooxml.add_child(self.numbering, "w:num", {"w:numId": num_id})
        ooxml.sub(num, "w:abstractNumId", {"w:val": abstract})
        override = ooxml.sub(num, "w:lvlOverride", {"w:ilvl": 0})
        ooxml.sub(override, "w:startOverride", {"w:val": start})
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


def _image_facts(data: bytes) -> tuple[str, tuple[int, int], tuple[float, float]]:
    """A picture's part extension, size in pixels and resolution (72 dpi where it states none)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        dpi = image.info.get("dpi") or (72, 72)
        return _IMAGE_FORMATS[image.format], image.size, (float(dpi[0]) or 72.0, float(dpi[1]) or 72.0)


@lru_cache(maxsize=4)
def _with_updated_fields(settings: bytes) -> bytes:
    """settings.xml asking Word to update fields (the contents) when it opens the file."""
    root = ooxml.parse(settings)
    ooxml.set_child(root, "w:updateFields", {"w:val": "true"})
    return ooxml.serialize(root)


def _bookmark_name(anchor: str) -> str:
    return "_Toc_" + re.sub(r"[^A-Za-z0-9_]", "_", anchor)[:34]


def _table_row(table, header: bool = False, keep_together: bool = False):
    """A row; a header row repeats on every page, and neither splits over two pages."""
    row = ooxml.sub(table, "w:tr")
    if header or keep_together:
        properties = ooxml.sub(row, "w:trPr")
        ooxml.sub(properties, "w:cantSplit")
        if header:
            ooxml.sub(properties, "w:tblHeader", {"w:val": "true"})
    return row


def _table_cell(row, width_mm: float, centred: bool = False):
    cell = ooxml.sub(row, "w:tc")
    properties = ooxml.sub(cell, "w:tcPr")
    ooxml.sub(properties, "w:tcW", {"w:type": "dxa", "w:w": ooxml.twips(width_mm)})
    if centred:
        ooxml.sub(properties, "w:vAlign", {"w:val": "center"})
    return cell


def _field_char(parent, kind: str, dirty: bool = False) -> None:
    ooxml.sub(ooxml.run(parent), "w:fldChar", {"w:fldCharType": kind, **({"w:dirty": "true"} if dirty else {})})


def _complex_field_start(parent, instruction: str, dirty: bool = False) -> None:
    """begin, the instruction, separate: the field's shown result follows, then ``_field_char(.., "end")``."""
    _field_char(parent, "begin", dirty)
    code = ooxml.sub(ooxml.run(parent), "w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    _field_char(parent, "separate")


def _page_label(paragraph, label: str) -> None:
    """The catalogue's page label ("{page} ({pages})") with PAGE and NUMPAGES fields for the numbers."""
    for part in re.split(r"(\{page\}|\{pages\})", label):
        if part in ("{page}", "{pages}"):
            field = ooxml.sub(paragraph, "w:fldSimple", {"w:instr": " PAGE " if part == "{page}" else " NUMPAGES "})
            ooxml.run(field, "1", preserve=True)
        elif part:
            ooxml.run(paragraph, part)

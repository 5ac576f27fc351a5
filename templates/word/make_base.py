"""Makes templates/word/base.docx, the document the Word writer starts from.

The base document carries only styles and page setup (A4, margins, language sv-SE,
Noto Sans, SKR's colours for headings and tables), no content. An organisation that
wants another look edits this script (or opens base.docx in Word and changes the
styles) and keeps the style names: the writer refers to styles by name only.

    python templates/word/make_base.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
FONT = "Noto Sans"
INK = RGBColor(0x1D, 0x1D, 0x1B)
PRIMARY = RGBColor(0x16, 0x37, 0x5C)
MUTED = RGBColor(0x5A, 0x64, 0x70)
LANGUAGE = "sv-SE"


def _set_font(style, size: float | None = None, bold: bool | None = None, colour: RGBColor | None = None,
              italic: bool | None = None) -> None:
    font = style.font
    font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if colour is not None:
        font.color.rgb = colour


def _language(document) -> None:
    """Document language sv-SE, on the defaults every style inherits."""
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _paragraph_style(document, name: str, base: str = "Normal"):
    styles = document.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    return style


def make_base(target: Path = HERE / "base.docx") -> Path:
    document = Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(28), Mm(25)
    section.header_distance, section.footer_distance = Mm(14), Mm(12)
    _language(document)
    styles = document.styles

    normal = styles["Normal"]
    _set_font(normal, 10.5, colour=INK)
    normal.paragraph_format.space_after = Pt(7)
    normal.paragraph_format.line_spacing = 1.2
    for level, size in ((1, 20), (2, 14.5), (3, 11.5)):
        heading = styles[f"Heading {level}"]
        _set_font(heading, size, bold=True, colour=PRIMARY, italic=False)
        heading.paragraph_format.space_before = Pt(18 if level < 3 else 10)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
    _set_font(styles["Title"], 36, bold=True, colour=PRIMARY)
    subtitle = _paragraph_style(document, "Subtitle")
    _set_font(subtitle, 20, colour=PRIMARY, italic=False)
    for name in ("List Bullet", "List Number", "List Bullet 2", "List Number 2", "Quote", "Caption"):
        _set_font(styles[name])
    styles["List Bullet"].paragraph_format.space_after = Pt(3)
    styles["List Number"].paragraph_format.space_after = Pt(3)
    _set_font(styles["Quote"], italic=True, colour=INK)
    _set_font(styles["Caption"], 8.5, italic=True, colour=MUTED, bold=False)
    contents_title = _paragraph_style(document, "Contents Title")
    _set_font(contents_title, 20, bold=True, colour=PRIMARY)
    for level in (1, 2):
        toc = _paragraph_style(document, f"TOC {level}")
        _set_font(toc, 10.5, bold=level == 1)
        toc.paragraph_format.left_indent = Mm(0 if level == 1 else 8)
        toc.paragraph_format.space_before = Pt(7 if level == 1 else 0)
        toc.paragraph_format.space_after = Pt(2)
        toc.paragraph_format.tab_stops.add_tab_stop(Mm(160), alignment=2, leader=1)  # right, dots
    for name, size, bold in (("Table Text", 9.5, False), ("Table Heading", 9.5, True), ("Box Points", 28, True)):
        style = _paragraph_style(document, name)
        _set_font(style, size, bold=bold, colour=PRIMARY if name == "Box Points" else None)
        style.paragraph_format.space_after = Pt(0)
    table_bullet = _paragraph_style(document, "Table Bullet", base="List Bullet")
    _set_font(table_bullet, 9.5)
    table_bullet.paragraph_format.space_after = Pt(1)
    table_bullet.paragraph_format.line_spacing = 1.1
    for name in ("Header", "Footer"):
        _set_font(_paragraph_style(document, name), 8.5, colour=MUTED)
    _set_font(styles["Table Grid"])
    document.core_properties.author = ""
    document.core_properties.title = ""
    document.save(target)
    return target


if __name__ == "__main__":
    print(f"Wrote {make_base()}")

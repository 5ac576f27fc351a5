"""PDF style: the fonts, colours, page geometry and paragraph styles of SKR's report layout."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyphen
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reportgen.resources import FONTS

FONT = "NotoSans"
FONT_BOLD = "NotoSans-Bold"
FONT_ITALIC = "NotoSans-Italic"
FONT_BOLD_ITALIC = "NotoSans-BoldItalic"

INK = colors.HexColor("#1d1d1b")
PRIMARY = colors.HexColor("#16375c")   # headings, cover band, table headers
ACCENT = colors.HexColor("#2f7ab8")    # rules and the points figure
TINT = colors.HexColor("#e8f0f7")      # box and alternate row backgrounds
RULE = colors.HexColor("#b9c9d9")
MUTED = colors.HexColor("#5a6470")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 25 * mm
MARGIN_RIGHT = 25 * mm
MARGIN_TOP = 28 * mm
MARGIN_BOTTOM = 25 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM


@cache
def register_fonts() -> None:
    """Registers the bundled open-licensed font family once per process (embedded and subset)."""
    for name, file in ((FONT, "NotoSans-Regular.ttf"), (FONT_BOLD, "NotoSans-Bold.ttf"),
                       (FONT_ITALIC, "NotoSans-Italic.ttf"), (FONT_BOLD_ITALIC, "NotoSans-BoldItalic.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)


class _Hyphenator:
    """pyphen's word splitter for reportlab, shared rather than copied.

    reportlab deep-copies paragraphs when it splits a table row across pages; a
    plain bound method would drag a copy of the whole hyphenation dictionary along.
    """

    def __init__(self, language: str):
        self._iterate = pyphen.Pyphen(lang=language.replace("-", "_")).iterate

    def __call__(self, word: str):
        return self._iterate(word)

    def __deepcopy__(self, memo: dict) -> "_Hyphenator":
        return self


@dataclass(frozen=True)
class Styles:
    """Every paragraph style of the report; all name the bundled font explicitly."""

    body: ParagraphStyle
    lead: ParagraphStyle
    quote: ParagraphStyle
    caption: ParagraphStyle
    list_item: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cell: ParagraphStyle
    cell_number: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_number: ParagraphStyle
    box_points: ParagraphStyle
    contents_title: ParagraphStyle
    contents_1: ParagraphStyle
    contents_2: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_line: ParagraphStyle
    cover_publisher: ParagraphStyle

    def heading(self, level: int) -> ParagraphStyle:
        return (self.h1, self.h2, self.h3)[min(level, 3) - 1]


@cache
def make_styles(language: str) -> Styles:
    """Styles with hyphenation for ``language`` (a BCP 47 tag such as ``sv-SE``)."""
    register_fonts()
    hyphenate = _Hyphenator(language)
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=10.5, leading=15.5, textColor=INK, spaceAfter=7,
        hyphenationLang=hyphenate, embeddedHyphenation=1, uriWasteReduce=0.3,
        allowWidows=0, allowOrphans=0, alignment=TA_LEFT,
    )
    heading = dict(fontName=FONT_BOLD, textColor=PRIMARY, keepWithNext=1, hyphenationLang="", allowWidows=0)
    cell = ParagraphStyle("cell", body, fontSize=9.5, leading=13, spaceAfter=0, hyphenationLang="")
    cell_head = ParagraphStyle("cell_head", cell, fontName=FONT_BOLD, textColor=colors.white, splitLongWords=0)
    return Styles(
        body=body,
        lead=ParagraphStyle("lead", body, keepWithNext=1),  # it introduces the table or chart below
        quote=ParagraphStyle("quote", body, leftIndent=8 * mm, rightIndent=8 * mm, fontName=FONT_ITALIC),
        list_item=ParagraphStyle("list_item", body, spaceAfter=3),
        caption=ParagraphStyle("caption", body, fontName=FONT_ITALIC, fontSize=8.5, leading=12, textColor=MUTED,
                               spaceAfter=10),
        h1=ParagraphStyle("h1", body, fontSize=20, leading=25, spaceBefore=0, spaceAfter=14, **heading),
        h2=ParagraphStyle("h2", body, fontSize=14.5, leading=19, spaceBefore=14, spaceAfter=7, **heading),
        h3=ParagraphStyle("h3", body, fontSize=11.5, leading=15.5, spaceBefore=10, spaceAfter=4, **heading),
        cell=cell,
        cell_number=ParagraphStyle("cell_number", cell, alignment=TA_RIGHT),
        cell_head=cell_head,
        cell_head_number=ParagraphStyle("cell_head_number", cell_head, alignment=TA_RIGHT),
        box_points=ParagraphStyle("box_points", body, fontName=FONT_BOLD, fontSize=30, leading=34,
                                  textColor=ACCENT, alignment=TA_RIGHT),
        contents_title=ParagraphStyle("contents_title", body, fontName=FONT_BOLD, fontSize=20, leading=25,
                                      textColor=PRIMARY, spaceAfter=16, hyphenationLang=""),
        contents_1=ParagraphStyle("contents_1", body, fontName=FONT_BOLD, spaceBefore=7, spaceAfter=2,
                                  leftIndent=5.5 * mm, firstLineIndent=-5.5 * mm,  # wrapped lines under the title
                                  hyphenationLang=""),
        contents_2=ParagraphStyle("contents_2", body, leftIndent=8 * mm, spaceAfter=2, hyphenationLang=""),
        cover_title=ParagraphStyle("cover_title", body, fontName=FONT_BOLD, fontSize=36, leading=42,
                                   textColor=colors.white, hyphenationLang=""),
        cover_subtitle=ParagraphStyle("cover_subtitle", body, fontSize=20, leading=26, textColor=colors.white,
                                      hyphenationLang=""),
        cover_line=ParagraphStyle("cover_line", body, fontSize=12, leading=17, textColor=INK, hyphenationLang=""),
        cover_publisher=ParagraphStyle("cover_publisher", body, fontName=FONT_BOLD, fontSize=12, leading=16,
                                       textColor=PRIMARY, hyphenationLang=""),
    )

"""PDF style: the theme (``templates/theme.yaml``) as reportlab colours, geometry and paragraph styles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from reportgen.fonts import register_fonts
from reportgen.hyphenation import Hyphenator
from reportgen.theme import load_theme

_THEME = load_theme()
_FONTS = register_fonts()

FONT, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC = _FONTS.regular, _FONTS.bold, _FONTS.italic, _FONTS.bold_italic

_C = _THEME.colours
INK = colors.HexColor(_C.ink)
PRIMARY = colors.HexColor(_C.primary)        # headings, cover band, table headers
ACCENT = colors.HexColor(_C.accent)          # rules, list markers and the points figure
TINT = colors.HexColor(_C.tint)              # box and alternate row backgrounds
RULE = colors.HexColor(_C.rule)
MUTED = colors.HexColor(_C.muted)
ON_PRIMARY = colors.HexColor(_C.on_primary)
DRAFT = colors.HexColor(_C.draft)            # a draft's mark

_P = _THEME.page
PAGE_WIDTH, PAGE_HEIGHT = _P.width_mm * mm, _P.height_mm * mm
MARGIN_LEFT = _P.margin_left_mm * mm
MARGIN_RIGHT = _P.margin_right_mm * mm
MARGIN_TOP = _P.margin_top_mm * mm
MARGIN_BOTTOM = _P.margin_bottom_mm * mm
DECORATION = _THEME.decoration  # the cover's panel, the back page's band and rule (sizes in mm and pt)
FRAME_WIDTH = _P.text_width_mm * mm
FRAME_HEIGHT = _P.text_height_mm * mm


def size(name: str) -> tuple[float, float]:
    """Font size and leading (points) of a named size of the theme."""
    entry = _THEME.sizes[name]
    return entry.size_pt, entry.leading_pt


def _sized(name: str) -> dict:
    font_size, leading = size(name)
    return {"fontSize": font_size, "leading": leading}


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
    back_title: ParagraphStyle
    back_text: ParagraphStyle

    def heading(self, level: int) -> ParagraphStyle:
        return (self.h1, self.h2, self.h3)[min(level, 3) - 1]


@cache
def make_styles(language: str) -> Styles:
    """Styles with hyphenation for ``language`` (a BCP 47 tag such as ``sv-SE``)."""
    body_size, _ = size("body")
    body = ParagraphStyle(
        "body", fontName=FONT, **_sized("body"), textColor=INK, spaceAfter=7,
        hyphenationLang=Hyphenator(language, FONT, body_size), embeddedHyphenation=1, uriWasteReduce=0.3,
        hyphenationMinWordLength=1,  # the hyphenator applies the rules and must see every line end
        allowWidows=0, allowOrphans=0, alignment=TA_LEFT,
    )
    heading = dict(fontName=FONT_BOLD, textColor=PRIMARY, keepWithNext=1, hyphenationLang="", allowWidows=0)
    cell = ParagraphStyle("cell", body, **_sized("cell"), spaceAfter=0, hyphenationLang="")
    cell_head = ParagraphStyle("cell_head", cell, fontName=FONT_BOLD, textColor=ON_PRIMARY, splitLongWords=0)
    plain = dict(hyphenationLang="")
    return Styles(
        body=body,
        lead=ParagraphStyle("lead", body, keepWithNext=1),  # it introduces the table or chart below
        quote=ParagraphStyle("quote", body, leftIndent=8 * mm, rightIndent=8 * mm, fontName=FONT_ITALIC,
                             hyphenationLang=Hyphenator(language, FONT_ITALIC, body_size)),
        list_item=ParagraphStyle("list_item", body, spaceAfter=3),
        caption=ParagraphStyle("caption", body, fontName=FONT_ITALIC, **_sized("caption"), textColor=MUTED,
                               spaceAfter=10, **plain),
        h1=ParagraphStyle("h1", body, **_sized("h1"), spaceBefore=0, spaceAfter=14, **heading),
        h2=ParagraphStyle("h2", body, **_sized("h2"), spaceBefore=14, spaceAfter=7, **heading),
        h3=ParagraphStyle("h3", body, **_sized("h3"), spaceBefore=10, spaceAfter=4, **heading),
        cell=cell,
        cell_number=ParagraphStyle("cell_number", cell, alignment=TA_RIGHT),
        cell_head=cell_head,
        cell_head_number=ParagraphStyle("cell_head_number", cell_head, alignment=TA_RIGHT),
        box_points=ParagraphStyle("box_points", body, fontName=FONT_BOLD, **_sized("box_points"),
                                  textColor=ACCENT, alignment=TA_RIGHT, **plain),
        contents_title=ParagraphStyle("contents_title", body, fontName=FONT_BOLD, **_sized("h1"),
                                      textColor=PRIMARY, spaceAfter=16, **plain),
        contents_1=ParagraphStyle("contents_1", body, fontName=FONT_BOLD, spaceBefore=7, spaceAfter=2,
                                  leftIndent=5.5 * mm, firstLineIndent=-5.5 * mm,  # wrapped lines under the title
                                  **plain),
        contents_2=ParagraphStyle("contents_2", body, leftIndent=8 * mm, spaceAfter=2, **plain),
        cover_title=ParagraphStyle("cover_title", body, fontName=FONT_BOLD, **_sized("cover_title"),
                                   textColor=ON_PRIMARY, **plain),
        cover_subtitle=ParagraphStyle("cover_subtitle", body, **_sized("cover_subtitle"), textColor=ON_PRIMARY,
                                      **plain),
        cover_line=ParagraphStyle("cover_line", body, **_sized("cover_line"), textColor=INK, **plain),
        cover_publisher=ParagraphStyle("cover_publisher", body, fontName=FONT_BOLD, **_sized("cover_publisher"),
                                       textColor=PRIMARY, **plain),
        back_title=ParagraphStyle("back_title", body, fontName=FONT_BOLD, **_sized("cover_publisher"),
                                  textColor=PRIMARY, spaceAfter=4, **plain),
        back_text=ParagraphStyle("back_text", body, **_sized("back_page"), textColor=INK, spaceAfter=3, **plain),
    )

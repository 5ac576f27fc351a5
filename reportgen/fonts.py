"""Fonts: the theme's font family registered with reportlab, for the charts and the PDF writer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reportgen.theme import load_theme


@dataclass(frozen=True)
class FontNames:
    """reportlab's names of the family's four faces ("NotoSans", "NotoSans-Bold", …)."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


@cache
def register_fonts() -> FontNames:
    """Registers the theme's family once per process (embedded and subset) and returns its names."""
    theme = load_theme()
    base = theme.fonts.family.replace(" ", "")
    names = FontNames(base, f"{base}-Bold", f"{base}-Italic", f"{base}-BoldItalic")
    for name, file in ((names.regular, theme.fonts.regular), (names.bold, theme.fonts.bold),
                       (names.italic, theme.fonts.italic), (names.bold_italic, theme.fonts.bold_italic)):
        pdfmetrics.registerFont(TTFont(name, str(file)))
    pdfmetrics.registerFontFamily(names.regular, normal=names.regular, bold=names.bold, italic=names.italic,
                                  boldItalic=names.bold_italic)
    return names

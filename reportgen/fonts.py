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


class _Font(TTFont):
    """reportlab's TrueType font with a quicker way to encode text it has seen: once every
    character of a string has its code in the first subset (nearly always, after the first
    pages), the string is encoded in one call instead of a character at a time. The codes
    are reportlab's own assignments, so the bytes are the same."""

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - reportlab's name
        state = self.state.get(doc)
        if state is not None and isinstance(text, str):
            known = getattr(state, "_reportgen_known", None)
            if known is None or len(known[0]) != len(state.assignments) + 1:
                table = {code: n for code, n in state.assignments.items() if n < 256}
                table[0xA0] = table.get(32)  # reportlab draws a no-break space as a space
                if len(table) != len(state.assignments) + 1 or table[0xA0] is None:
                    return super().splitString(text, doc, encoding)  # codes beyond the first subset
                known = state._reportgen_known = (table, frozenset(map(chr, table)))
            if known[1].issuperset(text):
                return [(0, text.translate(known[0]).encode("latin-1"))] if text else []
        return super().splitString(text, doc, encoding)


@cache
def register_fonts() -> FontNames:
    """Registers the theme's family once per process (embedded and subset) and returns its names."""
    theme = load_theme()
    base = theme.fonts.family.replace(" ", "")
    names = FontNames(base, f"{base}-Bold", f"{base}-Italic", f"{base}-BoldItalic")
    for name, file in ((names.regular, theme.fonts.regular), (names.bold, theme.fonts.bold),
                       (names.italic, theme.fonts.italic), (names.bold_italic, theme.fonts.bold_italic)):
        pdfmetrics.registerFont(_Font(name, str(file)))
    pdfmetrics.registerFontFamily(names.regular, normal=names.regular, bold=names.bold, italic=names.italic,
                                  boldItalic=names.bold_italic)
    return names

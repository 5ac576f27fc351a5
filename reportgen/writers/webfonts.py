"""Web fonts: the theme's faces subset to the characters a page uses, as woff2 ``@font-face`` data URIs."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from reportgen.theme import load_theme


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: str  # CSS font-weight
    style: str   # CSS font-style
    url: str     # a data: URI of the woff2 subset


def font_faces(characters: str, bold_italic: bool = True) -> list[FontFace]:
    """The theme's family (regular, bold, italic and, if asked, bold italic) holding ``characters``."""
    fonts = load_theme().fonts
    faces = [("normal", "normal", fonts.regular), ("bold", "normal", fonts.bold), ("normal", "italic", fonts.italic)]
    if bold_italic:
        faces.append(("bold", "italic", fonts.bold_italic))
    wanted = "".join(sorted(set(characters)))
    return [FontFace(fonts.family, weight, style, "data:font/woff2;base64," + base64.b64encode(
        _woff2_subset(path, wanted)).decode("ascii")) for weight, style, path in faces]


@lru_cache(maxsize=16)
def _woff2_subset(path: Path, characters: str) -> bytes:
    """``path`` subset to ``characters`` as woff2, the same bytes for the same input.

    Kept per process: a batch of one municipality's reports, or a rebuild after a text edit
    that added no new character, subsets once.
    """
    font = TTFont(str(path), lazy=True, recalcTimestamp=False)  # the font's own date, never the clock
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False          # browsers rasterise unhinted outlines well; half the size
    options.desubroutinize = True
    # No OpenType layout: the PDF sets text without kerning or ligatures (reportlab has none), and
    # reading GSUB/GPOS is most of the subsetting time.
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    options.glyph_names = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # names, copyright and the OFL licence notice
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()

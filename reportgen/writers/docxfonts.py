"""Fonts inside a .docx: the theme's faces subset and obfuscated as ECMA-376 Part 1, §17.8.1 asks.

Word and LibreOffice show an embedded font where it is not installed. Each face is a part
``word/fonts/fontN.odttf`` related from the font table, whose first 32 bytes are XORed with
the 16 bytes of a GUID (``w:fontKey``), read in reverse order. The base document
(``templates/word/make_base.py``) already carries the faces subset to :data:`EDITING_CHARACTERS`,
so that subsetting, the slow step (about 0.1 s a face), is paid only for a document that uses
characters beyond them.
"""

from __future__ import annotations

import io
import uuid
from functools import lru_cache
from pathlib import Path

from reportgen.theme import Fonts

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"

# Characters every embedded face keeps beyond the document's own, so that an editor can still
# write Swedish and other Latin-script text in it: Latin-1, Latin Extended-A, dashes, quotes,
# bullets, the euro and the minus sign.
EDITING_CHARACTERS = frozenset(
    chr(c) for first, last in ((0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x2027), (0x2030, 0x203A), (0x20AC, 0x20AC),
                               (0x2122, 0x2122), (0x2212, 0x2212)) for c in range(first, last + 1))


def faces(fonts: Fonts) -> tuple[tuple[str, Path], ...]:
    """The font table's embedding elements and the face each one holds."""
    return (("w:embedRegular", fonts.regular), ("w:embedBold", fonts.bold), ("w:embedItalic", fonts.italic),
            ("w:embedBoldItalic", fonts.bold_italic))


def font_key(family: str, element: str) -> str:
    """A stable GUID per family and face, so the same report gives the same bytes."""
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"reportgen:{family}:{element}")).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """The font program with its first 32 bytes XORed with the key's bytes in reverse order
    (the same operation undoes it)."""
    key_bytes = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ key_bytes[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]


@lru_cache(maxsize=16)
def subset(path: Path, characters: frozenset[str]) -> bytes:
    """The face at ``path`` with only the glyphs of ``characters`` (and what they need: kerning,
    ligatures, .notdef), names and hinting kept."""
    from fontTools import subset as fonttools_subset

    options = fonttools_subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    font = fonttools_subset.load_font(str(path), options)
    subsetter = fonttools_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()

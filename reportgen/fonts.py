"""Fonts: the theme's font family registered with reportlab, for the charts and the PDF writer.

reportlab parses a TrueType file (names, metrics, the character map and every glyph's width)
in pure Python, about 15 ms a face; a build needs four faces. What it reads is plain data, so
it is kept in the user's cache (:mod:`reportgen.cache`, marshal, never pickle), keyed by the
file's content and reportlab's version: a new process then reads the faces in a few ms.
"""

from __future__ import annotations

import marshal
import weakref
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from reportgen import cache as disk_cache
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

    _last: tuple[weakref.ref, object] | None = None  # the last document and this font's state in it

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - reportlab's name
        # reportlab's state lookup makes a weak reference per call, thousands per build
        last = self._last
        if last is not None and last[0]() is doc:
            state = last[1]
        else:
            state = self.state.get(doc)
            if state is not None:
                self._last = (weakref.ref(doc), state)
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


def _face_state(face: TTFontFace) -> bytes:
    """What reportlab parsed from a face, as marshal data: without the file's bytes (read anyway)
    and the scale function (remade from ``unitsPerEm``); reportlab's name strings as plain bytes."""
    state = {name: bytes(value) if isinstance(value, TTFNameBytes) else value
             for name, value in vars(face).items() if name not in ("_ttf_data", "_pdfScale")}
    names = [name for name, value in vars(face).items() if isinstance(value, TTFNameBytes)]
    return marshal.dumps((state, names))


def _scale(units_per_em: int):
    """reportlab's font-unit to PDF glyph-space scale for a face (``TTFontFile.extractInfo``)."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


@cache
def face(path: Path) -> TTFontFace:
    """reportlab's parsed face of the TrueType file ``path``, once per process, from the user's
    cache when a process has parsed the same file with the same reportlab before."""
    data = path.read_bytes()
    entry = disk_cache.key("ttface", reportlab.Version, str(marshal.version), disk_cache.bytes_digest(data))
    parsed: list[TTFontFace] = []

    def parse() -> bytes:
        parsed.append(TTFontFace(str(path)))
        return _face_state(parsed[0])

    stored = disk_cache.cached("fonts", entry, parse)
    if parsed:
        return parsed[0]
    try:
        state, names = marshal.loads(stored)
    except (ValueError, EOFError, TypeError, KeyError):  # a damaged entry: parse again
        return TTFontFace(str(path))
    loaded = TTFontFace.__new__(TTFontFace)
    vars(loaded).update(state)
    for name in names:
        setattr(loaded, name, TTFNameBytes(state[name]))
    loaded._ttf_data, loaded.filename, loaded._pdfScale = data, str(path), _scale(state.get("unitsPerEm", 0))
    return loaded


def _font(name: str, path: Path) -> _Font:
    """``_Font(name, str(path))`` with the face from :func:`face`: the attributes reportlab's
    ``TTFont.__init__`` sets (a test compares them with reportlab's own), without its parse."""
    font = _Font.__new__(_Font)
    font.fontName, font.face, font.encoding, font.state = name, face(path), TTEncoding(), WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font


@cache
def register_fonts() -> FontNames:
    """Registers the theme's family once per process (embedded and subset) and returns its names."""
    theme = load_theme()
    base = theme.fonts.family.replace(" ", "")
    names = FontNames(base, f"{base}-Bold", f"{base}-Italic", f"{base}-BoldItalic")
    for name, file in ((names.regular, theme.fonts.regular), (names.bold, theme.fonts.bold),
                       (names.italic, theme.fonts.italic), (names.bold_italic, theme.fonts.bold_italic)):
        pdfmetrics.registerFont(_font(name, file))
    pdfmetrics.registerFontFamily(names.regular, normal=names.regular, bold=names.bold, italic=names.italic,
                                  boldItalic=names.bold_italic)
    return names

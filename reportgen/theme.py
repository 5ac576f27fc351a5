"""Theme: the one palette, font family, page geometry and type scale every writer reads.

The values live in ``templates/theme.yaml``; this module only reads them into plain,
library-neutral values (hex colours, millimetres, points). Each writer converts them to
its own units (reportlab colours, python-docx ``RGBColor``, CSS) where it uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportgen.resources import FONTS, TEMPLATES


@dataclass(frozen=True)
class Colours:
    ink: str
    primary: str
    accent: str
    tint: str
    rule: str
    muted: str
    on_primary: str
    reference: str
    previous: str
    draft: str


@dataclass(frozen=True)
class Fonts:
    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    margin_left_mm: float
    margin_right_mm: float
    margin_top_mm: float
    margin_bottom_mm: float

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm


@dataclass(frozen=True)
class Decoration:
    """The cover's panel and strip and the back page's band and rule (``decoration`` in theme.yaml)."""

    cover_panel_share: float
    cover_strip_mm: float
    back_band_share: float
    back_rule_above_mm: float
    back_rule_length_mm: float
    back_rule_pt: float


@dataclass(frozen=True)
class TypeSize:
    size_pt: float
    leading_pt: float


@dataclass(frozen=True)
class Theme:
    colours: Colours
    fonts: Fonts
    page: Page
    decoration: Decoration
    sizes: dict[str, TypeSize]
    hyphenation: dict[str, float] = field(default_factory=dict)  # see reportgen.hyphenation


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``"#16375c"`` -> ``(22, 55, 92)``."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@cache
def load_theme(path: Path | None = None) -> Theme:
    """The theme in ``templates/theme.yaml`` (or ``path``), read once per process."""
    from reportgen.framework import read_template  # parsed once per content, kept in the user's cache

    data = read_template(path or TEMPLATES / "theme.yaml")
    fonts = data["fonts"]
    page = data["page"]
    return Theme(
        colours=Colours(**{key: str(value) for key, value in data["colours"].items()}),
        fonts=Fonts(fonts["family"], *(FONTS / fonts["files"][k] for k in ("regular", "bold", "italic", "bold_italic"))),
        page=Page(*(float(page[k]) for k in ("width_mm", "height_mm", "margin_left_mm", "margin_right_mm",
                                               "margin_top_mm", "margin_bottom_mm"))),
        decoration=Decoration(**{key: float(value) for key, value in data["decoration"].items()}),
        sizes={name: TypeSize(float(v[0]), float(v[1])) for name, v in data["sizes_pt"].items()},
        hyphenation={key: float(value) for key, value in (data.get("hyphenation") or {}).items()},
    )

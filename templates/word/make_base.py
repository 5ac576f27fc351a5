"""Makes templates/word/base.docx, the document the Word writer starts from.

The base document carries only what the report uses: page setup, the styles (paragraph
styles for every kind of text, table styles for every kind of table, with the names a
Swedish Word user sees), list numbering, settings and the font table. Its palette, font,
type sizes and page geometry come from ``templates/theme.yaml`` (``reportgen.theme``),
the same theme the PDF writer and the charts read. Nothing of python-docx's default
template is left: no compatibility mode, no thumbnail, no bibliography part, no
Asian fonts, no word counts. An organisation that wants another look edits the theme or
this script (or opens base.docx in Word and changes the styles) and keeps the style ids:
the writer refers to styles by id only.

    python templates/word/make_base.py
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.shared import Mm
from lxml import etree

from reportgen.theme import Theme, load_theme
from reportgen.writers import docxfonts, ooxml
from reportgen.writers.docxpackage import with_fixed_dates
from reportgen.writers.ooxml import Border, twips

HERE = Path(__file__).resolve().parent
LANGUAGE = "sv-SE"


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style: id (what the writer names), name (what Word shows) and its look."""

    id: str
    name: str
    based_on: str | None = "Normal"
    next: str | None = None
    builtin: bool = False
    size: str | None = None          # a key of the theme's sizes: font size and leading
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None        # a key of the theme's colours
    before_pt: float | None = None
    after_pt: float | None = None
    keep_next: bool = False
    align: str | None = None         # "right"
    indent_mm: float | None = None
    outline: int | None = None       # heading level - 1, for the navigation pane and the TOC
    list_num: int | None = None      # numbering instance (see _numbering) and level
    list_level: int = 0
    border_top: str | None = None    # a colour key: a thin rule above (the cover's publisher)
    border_bottom: str | None = None
    tab_right_mm: float | None = None
    hyphenate: bool = True
    hanging_mm: float | None = None  # wrapped lines indented under the first line's text
    right_mm: float | None = None
    exact_pt: float | None = None    # an exact line height instead of the theme's leading
    font_pt: float | None = None     # a size outside the theme's type scale


def _styles(theme: Theme) -> list[StyleSpec]:
    """Every paragraph style the report uses. Built-in ids keep their English names (Word
    shows them translated); the report's own styles carry Swedish names."""
    width = theme.page.text_width_mm
    return [
        StyleSpec("Normal", "Normal", based_on=None, builtin=True, size="body", after_pt=7),
        StyleSpec("Heading1", "heading 1", next="Normal", builtin=True, size="h1", bold=True, colour="primary",
                       before_pt=0, after_pt=14, keep_next=True, outline=0, hyphenate=False),
        StyleSpec("Heading2", "heading 2", next="Normal", builtin=True, size="h2", bold=True, colour="primary",
                       before_pt=14, after_pt=7, keep_next=True, outline=1, hyphenate=False),
        StyleSpec("Heading3", "heading 3", next="Normal", builtin=True, size="h3", bold=True, colour="primary",
                       before_pt=10, after_pt=4, keep_next=True, outline=2, hyphenate=False),
        StyleSpec("Title", "Title", builtin=True, size="cover_title", bold=True, colour="on_primary",
                       before_pt=5, after_pt=14, hyphenate=False),
        # The space after the subtitle brings the date below the panel, where the PDF has it.
        StyleSpec("Subtitle", "Subtitle", builtin=True, size="cover_subtitle", colour="on_primary",
                       after_pt=225, hyphenate=False),
        StyleSpec("CoverText", "Omslagstext", size="cover_line", after_pt=7, hyphenate=False),
        # In the cover's footer: the space after lifts it to the PDF's height above the page foot.
        StyleSpec("CoverPublisher", "Utgivare", size="cover_line", bold=True, colour="primary", after_pt=62,
                       border_top="rule", hyphenate=False),
        StyleSpec("BackTitle", "Baksidesrubrik", size="cover_publisher", bold=True, colour="primary", after_pt=4,
                  hyphenate=False),
        StyleSpec("BackText", "Baksidestext", size="back_page", after_pt=3, hyphenate=False),
        StyleSpec("ContentsTitle", "Innehållsrubrik", next="TOC1", size="h1", bold=True, colour="primary",
                       after_pt=16, hyphenate=False),
        StyleSpec("TOC1", "toc 1", next="Normal", builtin=True, bold=True, before_pt=7, after_pt=2,
                       tab_right_mm=width, hyphenate=False, hanging_mm=5.5),
        StyleSpec("TOC2", "toc 2", next="Normal", builtin=True, after_pt=2, indent_mm=8, tab_right_mm=width,
                       hyphenate=False),
        StyleSpec("ListBullet", "List Bullet", builtin=True, after_pt=3, list_num=1),
        StyleSpec("ListBullet2", "List Bullet 2", builtin=True, after_pt=3, list_num=1, list_level=1),
        StyleSpec("ListNumber", "List Number", builtin=True, after_pt=3, list_num=2),
        StyleSpec("ListNumber2", "List Number 2", builtin=True, after_pt=3, list_num=2, list_level=1),
        StyleSpec("ListContinue", "List Continue", builtin=True, after_pt=3, indent_mm=6),
        StyleSpec("Quote", "Quote", builtin=True, italic=True, indent_mm=8, right_mm=8),
        StyleSpec("Caption", "caption", builtin=True, size="caption", italic=True, bold=False, colour="muted",
                       after_pt=10),
        StyleSpec("Header", "header", builtin=True, size="caption", colour="muted", after_pt=0,
                       border_bottom="rule", hyphenate=False),
        StyleSpec("Footer", "footer", builtin=True, size="caption", colour="muted", after_pt=0, align="right",
                       hyphenate=False),
        # The empty paragraph after each table (Word joins adjacent tables without one): the PDF's gap.
        StyleSpec("TableGap", "Tabellavstånd", after_pt=0, hyphenate=False, exact_pt=14, font_pt=2),
        StyleSpec("TableText", "Tabelltext", size="cell", after_pt=0, hyphenate=False),
        StyleSpec("TableNumber", "Tabelltal", based_on="TableText", align="right"),
        StyleSpec("TableHeading", "Tabellrubrik", based_on="TableText", bold=True, colour="on_primary"),
        StyleSpec("TableHeadingNumber", "Tabellrubrik tal", based_on="TableHeading", align="right"),
        StyleSpec("TableBullet", "Tabellpunkt", based_on="TableText", after_pt=1, list_num=3),
        StyleSpec("BoxPoints", "Poängsiffra", based_on="TableText", size="box_points", bold=True,
                       colour="accent", align="right"),
    ]


def _paragraph_style(theme: Theme, spec: StyleSpec):
    attributes = {"w:type": "paragraph", "w:styleId": spec.id}
    if spec.id == "Normal":
        attributes["w:default"] = "1"
    if not spec.builtin:
        attributes["w:customStyle"] = "1"
    style = ooxml.element("w:style", attributes)
    ooxml.set_child(style, "w:name", {"w:val": spec.name})
    if spec.based_on:
        ooxml.set_child(style, "w:basedOn", {"w:val": spec.based_on})
    if spec.next:
        ooxml.set_child(style, "w:next", {"w:val": spec.next})
    ooxml.on(style, "w:qFormat")
    ppr = ooxml.set_child(style, "w:pPr")
    if spec.keep_next:
        ooxml.on(ppr, "w:keepNext")
        ooxml.on(ppr, "w:keepLines")
    if spec.list_num is not None:
        ooxml.numbering(ppr, spec.list_num, spec.list_level)
    edges = {}
    if spec.border_top:
        edges["top"] = Border(_hex(getattr(theme.colours, spec.border_top)), 0.6, space_pt=6)
    if spec.border_bottom:
        edges["bottom"] = Border(_hex(getattr(theme.colours, spec.border_bottom)), 0.5, space_pt=3)
    if edges:
        ooxml.borders(ppr, "w:pBdr", edges)
    if spec.tab_right_mm is not None:
        tabs = ooxml.set_child(ppr, "w:tabs")
        ooxml.add_child(tabs, "w:tab", {"w:val": "right", "w:leader": "dot", "w:pos": twips(spec.tab_right_mm)})
    if not spec.hyphenate:
        ooxml.on(ppr, "w:suppressAutoHyphens")
    spacing = {}
    if spec.before_pt is not None:
        spacing["w:before"] = ooxml.points_twips(spec.before_pt)
    if spec.after_pt is not None:
        spacing["w:after"] = ooxml.points_twips(spec.after_pt)
    if spec.size:
        # The theme's leading as a minimum: Noto Sans's own line height is taller at large sizes.
        spacing["w:line"] = ooxml.points_twips(theme.sizes[spec.size].leading_pt)
        spacing["w:lineRule"] = "atLeast"
    if spec.exact_pt is not None:
        spacing["w:line"] = ooxml.points_twips(spec.exact_pt)
        spacing["w:lineRule"] = "exact"
    if spacing:
        ooxml.set_child(ppr, "w:spacing", spacing)
    indent = {}
    if spec.indent_mm is not None:
        indent["w:left"] = twips(spec.indent_mm)
    if spec.right_mm is not None:
        indent["w:right"] = twips(spec.right_mm)
    if spec.hanging_mm is not None:
        indent["w:left"] = twips(spec.hanging_mm)
        indent["w:hanging"] = twips(spec.hanging_mm)
    if indent:
        ooxml.set_child(ppr, "w:ind", indent)
    if spec.align:
        ooxml.set_child(ppr, "w:jc", {"w:val": spec.align})
    if spec.outline is not None:
        ooxml.set_child(ppr, "w:outlineLvl", {"w:val": spec.outline})
    rpr = ooxml.set_child(style, "w:rPr")
    if spec.bold is not None:
        ooxml.set_child(rpr, "w:b", None if spec.bold else {"w:val": "0"})
        ooxml.set_child(rpr, "w:bCs", None if spec.bold else {"w:val": "0"})
    if spec.italic is not None:
        ooxml.set_child(rpr, "w:i", None if spec.italic else {"w:val": "0"})
        ooxml.set_child(rpr, "w:iCs", None if spec.italic else {"w:val": "0"})
    if spec.colour:
        ooxml.colour(rpr, _hex(getattr(theme.colours, spec.colour)))
    if spec.size or spec.font_pt:
        half_points = round((spec.font_pt or theme.sizes[spec.size].size_pt) * 2)
        ooxml.set_child(rpr, "w:sz", {"w:val": half_points})
        ooxml.set_child(rpr, "w:szCs", {"w:val": half_points})
    if not len(rpr):
        style.remove(rpr)
    if not len(ppr):
        style.remove(ppr)
    return style


def _table_style(theme: Theme, style_id: str, name: str, *, banded: bool, box: bool):
    """A table style: header row in the primary colour, then either banded rows with thin rules
    and a total row under a strong rule (data tables), or one tinted body (the boxes)."""
    colours = theme.colours
    style = ooxml.element("w:style", {"w:type": "table", "w:styleId": style_id, "w:customStyle": "1"})
    ooxml.set_child(style, "w:name", {"w:val": name})
    ooxml.set_child(style, "w:basedOn", {"w:val": "TableNormal"})
    ooxml.on(style, "w:qFormat")
    tblpr = ooxml.set_child(style, "w:tblPr")
    ooxml.set_child(tblpr, "w:tblStyleRowBandSize", {"w:val": 1})
    ooxml.width(tblpr, "w:tblInd", 0)
    rule = Border(_hex(colours.rule), 0.5)
    if banded:
        ooxml.borders(tblpr, "w:tblBorders", {"top": ooxml.NO_BORDER, "left": ooxml.NO_BORDER, "bottom": rule,
                                              "right": ooxml.NO_BORDER, "insideH": rule,
                                              "insideV": ooxml.NO_BORDER})
    else:
        white = Border(_hex(colours.on_primary), 0.75)
        ooxml.borders(tblpr, "w:tblBorders", {"top": ooxml.NO_BORDER, "left": ooxml.NO_BORDER,
                                              "bottom": ooxml.NO_BORDER, "right": ooxml.NO_BORDER,
                                              "insideH": ooxml.NO_BORDER,
                                              "insideV": white if not box else ooxml.NO_BORDER})
    # The PDF's padding, so text never touches the cell edge; 5 pt at the sides instead of 6 keeps
    # a header such as "Genomsnitt" on one line in a 15 % column, where Word breaks inside the word.
    body_top, body_bottom = (4, 5) if banded else (7, 8)
    ooxml.cell_margins(tblpr, body_top, 5, body_bottom, 5)
    if not banded:
        ooxml.shading(ooxml.set_child(style, "w:tcPr"), _hex(colours.tint))

    def condition(kind: str):
        return ooxml.add_child(style, "w:tblStylePr", {"w:type": kind})

    first = condition("firstRow")
    tcpr = ooxml.set_child(first, "w:tcPr")
    if not banded:
        ooxml.borders(tcpr, "w:tcBorders", {"insideV": ooxml.NO_BORDER})
    ooxml.shading(tcpr, _hex(colours.primary))
    margins = ooxml.set_child(tcpr, "w:tcMar")
    for edge, value in (("top", 4), ("bottom", 5)):
        ooxml.set_child(margins, f"w:{edge}", {"w:w": ooxml.points_twips(value), "w:type": "dxa"})
    if banded:
        last = condition("lastRow")
        ooxml.set_child(ooxml.set_child(last, "w:rPr"), "w:b")
        ooxml.borders(ooxml.set_child(last, "w:tcPr"), "w:tcBorders",
                      {"top": Border(_hex(colours.primary), 1.0), "bottom": ooxml.NO_BORDER})
        band = condition("band2Horz")
        ooxml.shading(ooxml.set_child(band, "w:tcPr"), _hex(colours.tint))
    return style


def _styles_part(theme: Theme):
    root = parse_xml(f"<w:styles {nsdecls('w')}/>")
    defaults = ooxml.set_child(root, "w:docDefaults")
    rpr = ooxml.set_child(ooxml.set_child(defaults, "w:rPrDefault"), "w:rPr")
    family = theme.fonts.family
    ooxml.set_child(rpr, "w:rFonts", {"w:ascii": family, "w:hAnsi": family, "w:eastAsia": family, "w:cs": family})
    # The ink colour sits here, not in Normal: a paragraph style's colour would win over a table style's.
    ooxml.colour(rpr, _hex(theme.colours.ink))
    body = round(theme.sizes["body"].size_pt * 2)
    ooxml.set_child(rpr, "w:sz", {"w:val": body})
    ooxml.set_child(rpr, "w:szCs", {"w:val": body})
    ooxml.set_child(rpr, "w:lang", {"w:val": LANGUAGE, "w:eastAsia": LANGUAGE, "w:bidi": LANGUAGE})
    ppr = ooxml.set_child(ooxml.set_child(defaults, "w:pPrDefault"), "w:pPr")
    ooxml.set_child(ppr, "w:spacing", {"w:after": 0, "w:line": 240, "w:lineRule": "auto"})
    for spec in _styles(theme):
        root.append(_paragraph_style(theme, spec))
    character = ooxml.element("w:style", {"w:type": "character", "w:default": "1", "w:styleId": "DefaultParagraphFont"})
    ooxml.set_child(character, "w:name", {"w:val": "Default Paragraph Font"})
    ooxml.on(character, "w:uiPriority").set(qn("w:val"), "1")
    ooxml.on(character, "w:semiHidden")
    ooxml.on(character, "w:unhideWhenUsed")
    root.append(character)
    # A draft's mark in the page header ("UTKAST"): a character style, so the document holds no colour.
    draft = ooxml.element("w:style", {"w:type": "character", "w:customStyle": "1", "w:styleId": "DraftMark"})
    ooxml.set_child(draft, "w:name", {"w:val": "Utkastmärke"})
    ooxml.set_child(draft, "w:basedOn", {"w:val": "DefaultParagraphFont"})
    draft_rpr = ooxml.set_child(draft, "w:rPr")
    ooxml.on(draft_rpr, "w:b")
    ooxml.colour(draft_rpr, _hex(theme.colours.draft))
    ooxml.set_child(draft_rpr, "w:sz", {"w:val": 26})
    root.append(draft)
    table = ooxml.element("w:style", {"w:type": "table", "w:default": "1", "w:styleId": "TableNormal"})
    ooxml.set_child(table, "w:name", {"w:val": "Normal Table"})
    ooxml.on(table, "w:semiHidden")
    ooxml.on(table, "w:unhideWhenUsed")
    tblpr = ooxml.set_child(table, "w:tblPr")
    ooxml.width(tblpr, "w:tblInd", 0)
    ooxml.cell_margins(tblpr, 0, 5.4, 0, 5.4)
    root.append(table)
    root.append(_table_style(theme, "ReportTable", "Rapporttabell", banded=True, box=False))
    root.append(_table_style(theme, "PointsBox", "Poängruta", banded=False, box=True))
    root.append(_table_style(theme, "StrengthsTable", "Styrkor-tabell", banded=False, box=False))
    return root


def _numbering_part(theme: Theme):
    """Three lists: bullets and numbers for the text (two levels each) and the boxes' bullets.
    Markers in the accent colour, as in the PDF; numbers right-aligned so 10 lines up with 9."""
    root = parse_xml(f"<w:numbering {nsdecls('w')}/>")
    accent = _hex(theme.colours.accent)
    lists = (
        (1, "bullet", ((6, 4.5), (12, 4.5))),
        (2, "decimal", ((8, 2), (14, 2))),
        (3, "bullet", ((4.5, 4),)),
    )
    for num_id, kind, levels in lists:
        abstract = ooxml.add_child(root, "w:abstractNum", {"w:abstractNumId": num_id})
        ooxml.set_child(abstract, "w:multiLevelType", {"w:val": "hybridMultilevel"})
        for level, (left, hanging) in enumerate(levels):
            lvl = ooxml.add_child(abstract, "w:lvl", {"w:ilvl": level})
            ooxml.set_child(lvl, "w:start", {"w:val": 1})
            ooxml.set_child(lvl, "w:numFmt", {"w:val": kind})
            ooxml.set_child(lvl, "w:lvlText", {"w:val": "•" if kind == "bullet" else f"%{level + 1}."})
            ooxml.set_child(lvl, "w:lvlJc", {"w:val": "left" if kind == "bullet" else "right"})
            ppr = ooxml.set_child(lvl, "w:pPr")
            # Numbers end 2 mm before the text; a bullet hangs at the text's left minus its width.
            ooxml.set_child(ppr, "w:ind", {"w:left": twips(left), "w:hanging": twips(hanging)})
            ooxml.colour(ooxml.set_child(lvl, "w:rPr"), accent)
    for num_id, _, _ in lists:
        num = ooxml.add_child(root, "w:num", {"w:numId": num_id})
        ooxml.set_child(num, "w:abstractNumId", {"w:val": num_id})
    return root


def _settings_part(theme: Theme):
    root = parse_xml(f"<w:settings {nsdecls('w')}/>")
    ooxml.set_child(root, "w:zoom", {"w:percent": 100})
    ooxml.on(root, "w:embedTrueTypeFonts")  # the writer embeds the theme's fonts
    ooxml.on(root, "w:saveSubsetFonts")
    ooxml.set_child(root, "w:defaultTabStop", {"w:val": twips(12.5)})
    # Word's hyphenation with the theme's restraint, as the PDF's: a zone, no capitals, few in a row.
    ooxml.on(root, "w:autoHyphenation")
    ooxml.set_child(root, "w:consecutiveHyphenLimit", {"w:val": round(theme.hyphenation.get("max_run", 2))})
    ooxml.set_child(root, "w:hyphenationZone", {"w:val": twips(theme.hyphenation.get("zone_mm", 8))})
    ooxml.on(root, "w:doNotHyphenateCaps")
    ooxml.set_child(root, "w:characterSpacingControl", {"w:val": "doNotCompress"})
    compat = ooxml.set_child(root, "w:compat")
    for name, value in (("compatibilityMode", 15), ("overrideTableStyleFontSizeAndJustification", 1),
                        ("enableOpenTypeFeatures", 1), ("doNotFlipMirrorIndents", 1)):
        ooxml.add_child(compat, "w:compatSetting", {"w:name": name, "w:uri": "http://schemas.microsoft.com/office/word",
                                                    "w:val": value})
    ooxml.set_child(root, "w:themeFontLang", {"w:val": LANGUAGE})
    ooxml.set_child(root, "w:decimalSymbol", {"w:val": ","})
    ooxml.set_child(root, "w:listSeparator", {"w:val": ";"})
    return root


def _font_table(theme: Theme, part) -> bytes:
    """Only the theme's family, with its four faces embedded (subset to the editing characters;
    the writer adds any other character a document uses)."""
    family = theme.fonts.family
    root = parse_xml(f"<w:fonts {nsdecls('w', 'r')}/>")
    font = ooxml.add_child(root, "w:font", {"w:name": family})
    ooxml.set_child(font, "w:panose1", {"w:val": "020B0502040504020204"})
    ooxml.set_child(font, "w:charset", {"w:val": "00"})
    ooxml.set_child(font, "w:family", {"w:val": "swiss"})
    ooxml.set_child(font, "w:pitch", {"w:val": "variable"})
    for number, (element, path) in enumerate(docxfonts.faces(theme.fonts), start=1):
        key = docxfonts.font_key(family, element)
        data = docxfonts.obfuscate(docxfonts.subset(path, docxfonts.EDITING_CHARACTERS), key)
        face = Part(PackURI(f"/word/fonts/font{number}.odttf"), docxfonts.OBFUSCATED_FONT, data, part.package)
        ooxml.set_child(font, element, {"r:id": part.relate_to(face, RT.FONT), "w:fontKey": key, "w:subsetted": "1"})
    return ooxml.serialize(root)


def _theme_part(blob: bytes, theme: Theme) -> bytes:
    """Word's theme with the report's palette and font, without the default's per-script fonts."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    root = etree.fromstring(blob)
    root.set("name", "reportgen")
    scheme = root.find(f".//{{{a}}}clrScheme")
    scheme.set("name", "reportgen")
    colours = theme.colours
    for slot, value in (("dk1", colours.ink), ("lt1", colours.on_primary), ("dk2", colours.primary),
                        ("lt2", colours.tint), ("accent1", colours.primary), ("accent2", colours.accent),
                        ("accent3", colours.muted), ("accent4", colours.rule), ("accent5", colours.reference),
                        ("accent6", colours.previous)):
        holder = scheme.find(f"{{{a}}}{slot}")
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, f"{{{a}}}srgbClr", val=_hex(value))
    fonts = root.find(f".//{{{a}}}fontScheme")
    fonts.set("name", "reportgen")
    for kind in ("majorFont", "minorFont"):
        holder = fonts.find(f"{{{a}}}{kind}")
        holder.find(f"{{{a}}}latin").set("typeface", theme.fonts.family)
        for script in holder.findall(f"{{{a}}}font"):
            holder.remove(script)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           b"<Application>reportgen</Application><DocSecurity>0</DocSecurity></Properties>")


def make_base(target: Path = HERE / "base.docx") -> Path:
    theme = load_theme()
    document = Document()
    part = document.part
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    page = theme.page
    section = document.sections[0]
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.left_margin, section.right_margin = Mm(page.margin_left_mm), Mm(page.margin_right_mm)
    section.top_margin, section.bottom_margin = Mm(page.margin_top_mm), Mm(page.margin_bottom_mm)
    section.header_distance, section.footer_distance = Mm(14), Mm(12)
    section.gutter = 0
    sectpr = section._sectPr
    for child in list(sectpr):
        if child.tag in (qn("w:cols"), qn("w:docGrid")):
            sectpr.remove(child)

    part._styles_part._element = _styles_part(theme)
    part.numbering_part._element = _numbering_part(theme)
    part._settings_part._element = _settings_part(theme)
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = _font_table(theme, rel.target_part)
        elif rel.reltype == RT.THEME:
            rel.target_part._blob = _theme_part(rel.target_part.blob, theme)
        elif rel.reltype in (RT.CUSTOM_XML, RT.WEB_SETTINGS) or rel.reltype.endswith("/stylesWithEffects"):
            part.rels.pop(rel_id)  # python-docx's leftovers: a bibliography part, web settings
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML
    properties = document.core_properties
    properties.author = properties.title = properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    # Fixed zip dates: the same theme gives the same bytes, so git sees a change only when there is one.
    target.write_bytes(with_fixed_dates(buffer.getvalue(), date(2000, 1, 1)))
    return target


if __name__ == "__main__":
    print(f"Wrote {make_base()}")

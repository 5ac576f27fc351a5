"""WordprocessingML building blocks: the Word writer's oxml layer, in lxml, in schema order.

python-docx's oxml layer declares, for the elements it models, which children follow each
child (``ZeroOrOne("w:tblLayout", successors=...)``) and inserts a new child before the
first successor present. This module does the same from one table of child sequences taken
from the ISO/IEC 29500 transitional schema (``tests/ooxml/wml.rnc``), without python-docx:
the writer builds most elements in schema order by construction (``sub``, ``paragraph``,
``run``) and uses ``insert``/``set_child`` only where it adds a child later. Word rejects a
part whose children are out of order ("unreadable content"); LibreOffice is lenient, so only
a schema check (``tests/docx_validate.py``) catches it.

Names are Clark names (``{namespace}local``) made once from ``w:local`` by :func:`qn`.
Lengths: OOXML counts twips (1/20 pt) for spacing and widths, eighths of a point for
border sizes, half points for font sizes and EMU (1/36000 mm) for drawings; the helpers
take millimetres and points.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from typing import Mapping

from lxml import etree

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xml": "http://www.w3.org/XML/1998/namespace",
}


@cache
def qn(tag: str) -> str:
    """``w:p`` as its Clark name ``{http://...main}p``; a name without a prefix stays as it is."""
    prefix, _, local = tag.rpartition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}" if prefix else local


def attribute(value: str) -> str:
    """``value`` quoted and escaped as an attribute of an XML template (xml.sax.saxutils's quoteattr
    would import urllib.request, 30 ms of a fresh command)."""
    return f'"{html.escape(value)}"'


def nsdecls(*prefixes: str) -> str:
    """``xmlns:w="..."`` declarations for an XML string."""
    return " ".join(f'xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in prefixes)


# The order of the children of each element the writer touches (wml.rnc, CT_* definitions).
# Only children that occur in the report are listed; an unlisted child is appended last. A tuple
# is a choice group: its members may come in any order among themselves.
SEQUENCES: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:numPr": ("w:ilvl", "w:numId", "w:numberingChange", "w:ins"),
    "w:pBdr": ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
    "w:tblBorders": ("w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right", "w:insideH", "w:insideV"),
    "w:tcBorders": ("w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right", "w:insideH", "w:insideV",
                    "w:tl2br", "w:tr2bl"),
    "w:tblCellMar": ("w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right"),
    "w:tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
               "w:cellDel", "w:cellMerge", "w:tcPrChange"),
    # CT_TrPrBase is a choice, so any order is valid; this is Word's own.
    "w:trPr": ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
               "w:trPrChange"),
    "w:sectPr": (("w:headerReference", "w:footerReference"), "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
                 "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
                 "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                 "w:printerSettings", "w:sectPrChange"),
    "w:style": ("w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
                "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal",
                "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr",
                "w:tblStylePr"),
    "w:tblStylePr": ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr"),
    "w:styles": ("w:docDefaults", "w:latentStyles", "w:style"),
    "w:numbering": ("w:numPicBullet", "w:abstractNum", "w:num", "w:numIdMacAtCleanup"),
    "w:abstractNum": ("w:nsid", "w:multiLevelType", "w:tmpl", "w:name", "w:styleLink", "w:numStyleLink", "w:lvl"),
    "w:lvl": ("w:start", "w:numFmt", "w:lvlRestart", "w:pStyle", "w:isLgl", "w:suff", "w:lvlText",
              "w:lvlPicBulletId", "w:legacy", "w:lvlJc", "w:pPr", "w:rPr"),
    "w:num": ("w:abstractNumId", "w:lvlOverride"),
    "w:lvlOverride": ("w:startOverride", "w:lvl"),
    "w:font": ("w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType", "w:pitch", "w:sig",
               "w:embedRegular", "w:embedBold", "w:embedItalic", "w:embedBoldItalic"),
    "w:settings": ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
                   "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
                   "w:printFractionalCharacterWidth", "w:printFormsData", "w:embedTrueTypeFonts",
                   "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins",
                   "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter",
                   "w:gutterAtTop", "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle",
                   "w:proofState", "w:formsDesign", "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
                   "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView", "w:trackRevisions",
                   "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
                   "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
                   "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope",
                   "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
                   "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
                   "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
                   "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
                   "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
                   "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
                   "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
                   "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
                   "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
                   "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly",
                   "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
                   "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                   "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                   "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                   "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
                   "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator"),
}

# Each sequence as ranks of Clark names: a child goes before the first child of a later rank.
_RANKS = {qn(parent): [{qn(tag) for tag in ((child,) if isinstance(child, str) else child)} for child in children]
          for parent, children in SEQUENCES.items()}


def twips(mm: float) -> int:
    """Millimetres as twips (1/1440 inch), the unit of widths and indents."""
    return round(mm * 1440 / 25.4)


def points_twips(pt: float) -> int:
    return round(pt * 20)


@cache
def _successors(parent: str, child: str) -> frozenset[str]:
    """The Clark names the schema puts after ``child`` inside ``parent`` (both Clark names)."""
    ranks = _RANKS.get(parent, ())
    rank = next((index for index, tags in enumerate(ranks) if child in tags), None)
    return frozenset().union(*ranks[rank + 1:]) if rank is not None else frozenset()


def element(tag: str, attributes: Mapping[str, str | int] | None = None, nsmap: Mapping[str, str] | None = None):
    """A new ``w:...`` element with ``w:``-prefixed attributes (not yet in a tree)."""
    prefixes = {name.partition(":")[0] for name in (tag, *(attributes or ())) if ":" in name} - {"xml"}
    new = etree.Element(qn(tag), nsmap=nsmap or {prefix: NAMESPACES[prefix] for prefix in sorted(prefixes)})
    for name, value in (attributes or {}).items():
        new.set(qn(name), str(value))
    return new


def sub(parent, tag: str, attributes: Mapping[str, str | int] | None = None):
    """A new last child of ``parent``: for children made in schema order, the fast path."""
    child = etree.SubElement(parent, qn(tag))
    for name, value in (attributes or {}).items():
        child.set(qn(name), str(value))
    return child


def insert(parent, child):
    """``child`` put into ``parent`` before the first child the schema orders after it."""
    successors = _successors(parent.tag, child.tag)
    if successors:
        for existing in parent:
            if existing.tag in successors:
                existing.addprevious(child)
                return child
    parent.append(child)
    return child


def set_child(parent, tag: str, attributes: Mapping[str, str | int] | None = None):
    """``parent``'s one ``tag`` child, replaced by a new one with ``attributes``, in schema order."""
    old = parent.find(qn(tag))
    new = element(tag, attributes)
    if old is not None:
        old.addnext(new)
        parent.remove(old)
        return new
    return insert(parent, new)


def add_child(parent, tag: str, attributes: Mapping[str, str | int] | None = None):
    """A further ``tag`` child of a repeating kind (tab, lvl, num, style), after its siblings of that kind."""
    return insert(parent, element(tag, attributes))


def on(parent, tag: str):
    """An on/off property switched on (``<w:keepNext/>``)."""
    return set_child(parent, tag)


# --- body content, built in schema order ------------------------------------------------------------

_P, _PPR, _PSTYLE, _KEEP_NEXT, _PAGE_BREAK = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:keepNext"), \
    qn("w:pageBreakBefore")
_R, _RPR, _RSTYLE, _B, _I = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:b"), qn("w:i")
_T, _TAB, _BR, _VAL, _SPACE = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:val"), qn("xml:space")
_BREAKS = re.compile(r"([\t\r\n])")


def paragraph(parent, style: str | None = None, keep_next: bool = False, page_break_before: bool = False):
    """A ``w:p`` with the paragraph properties the writer sets on most paragraphs (``w:pPr`` only
    when one is set; add others with :func:`insert` or :func:`set_child`)."""
    p = etree.SubElement(parent, _P)
    _properties(p, _PPR, _PSTYLE, style, (keep_next, _KEEP_NEXT), (page_break_before, _PAGE_BREAK))
    return p


def paragraph_properties(p):
    """``p``'s ``w:pPr``, added first if it has none."""
    found = p.find(_PPR)
    if found is None:
        found = etree.SubElement(p, _PPR)
        p.insert(0, found)
    return found


def run(parent, text: str = "", bold: bool = False, italic: bool = False, style: str | None = None,
        preserve: bool = False):
    """A ``w:r`` holding ``text``: tabs become ``w:tab`` and line breaks ``w:br``, as python-docx
    writes a run's text; ``preserve`` marks even text without outer spaces ``xml:space``."""
    r = etree.SubElement(parent, _R)
    _properties(r, _RPR, _RSTYLE, style, (bold, _B), (italic, _I))
    if text or preserve:
        _run_text(r, text, preserve)
    return r


def _properties(element, tag: str, style_tag: str, style: str | None, *switches: tuple[bool, str]) -> None:
    """``element``'s properties (``tag``: pPr, rPr) with a style and on/off properties, in schema
    order (the style first, the switches in the order given); none when nothing is set."""
    wanted = [name for on, name in switches if on]
    if style or wanted:
        properties = etree.SubElement(element, tag)
        if style:
            etree.SubElement(properties, style_tag).set(_VAL, style)
        for name in wanted:
            etree.SubElement(properties, name)


def _run_text(r, text: str, preserve: bool = False) -> None:
    """``text`` appended to run ``r``, set once per stretch between tabs and breaks."""
    pieces = _BREAKS.split(text) if ("\t" in text or "\n" in text or "\r" in text) else (text,)
    for piece in pieces:
        if piece == "\t":
            etree.SubElement(r, _TAB)
        elif piece == "\n" or piece == "\r":
            etree.SubElement(r, _BR)
        elif piece or preserve:
            shown = etree.SubElement(r, _T)
            shown.text = piece
            if preserve or piece[0].isspace() or piece[-1].isspace():
                shown.set(_SPACE, "preserve")


def emu(mm: float) -> int:
    """Millimetres as EMU (English Metric Units, 36000 a millimetre), the unit of drawings."""
    return int(mm * 36000)


# --- typed helpers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Border:
    """One border line: ``size_pt`` wide in ``colour`` (hex without #), ``space_pt`` from the text."""

    colour: str
    size_pt: float = 0.5
    space_pt: float = 0
    style: str = "single"

    def attributes(self) -> dict[str, str | int]:
        if self.style == "nil":
            return {"w:val": "nil"}
        return {"w:val": self.style, "w:sz": round(self.size_pt * 8), "w:space": round(self.space_pt),
                "w:color": self.colour}


NO_BORDER = Border("auto", style="nil")


def borders(properties, container: str, edges: Mapping[str, Border]) -> None:
    """``w:pBdr``/``w:tblBorders``/``w:tcBorders`` with the given edges (``top``, ``insideH``, ...)."""
    box = set_child(properties, container)
    for edge, border in edges.items():
        set_child(box, f"w:{edge}", border.attributes())


def shading(properties, fill: str) -> None:
    """A solid background in ``fill`` (hex without #) on a pPr, tcPr, tblPr or rPr."""
    set_child(properties, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def cell_margins(table_properties, top_pt: float, left_pt: float, bottom_pt: float, right_pt: float) -> None:
    """The default cell padding of a table (``w:tblCellMar``)."""
    margins = set_child(table_properties, "w:tblCellMar")
    for edge, value in (("top", top_pt), ("left", left_pt), ("bottom", bottom_pt), ("right", right_pt)):
        set_child(margins, f"w:{edge}", {"w:w": points_twips(value), "w:type": "dxa"})


def width(properties, tag: str, mm: float) -> None:
    """A fixed width (``w:tblW``, ``w:tcW``, ``w:tblInd``) in twips."""
    set_child(properties, tag, {"w:w": twips(mm), "w:type": "dxa"})


def colour(run_properties, hex_colour: str) -> None:
    set_child(run_properties, "w:color", {"w:val": hex_colour})


def numbering(paragraph_properties, num_id: int | str, level: int = 0) -> None:
    """The paragraph as an item of list ``num_id`` at ``level`` (``w:numPr``)."""
    num = set_child(paragraph_properties, "w:numPr")
    set_child(num, "w:ilvl", {"w:val": level})
    set_child(num, "w:numId", {"w:val": num_id})


def serialize(root) -> bytes:
    """A part's XML as Word writes it: UTF-8, standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def parse(xml: str | bytes):
    """An element from XML text (a template with its own namespace declarations, or a part)."""
    return etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)

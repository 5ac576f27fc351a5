"""WordprocessingML read as plain data: a body's paragraphs and tables, and their text as Markdown.

Tracked changes are resolved (accepted, or rejected) before anything is read; placeholders
still showing and the table of contents are left out; each paragraph keeps its style name (as
the styles part names it, which Word and LibreOffice both keep), its runs' emphasis, its
bookmarks, its list numbering and whether it holds a picture or a footnote.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

_FALSE = {"0", "false", "off", "none"}


@dataclass
class Para:
    """One paragraph as read: its style, its spans (text, bold, italic) and where it is."""

    number: int
    style: str
    spans: list[tuple[str, bool, bool]]
    bookmarks: list[str]
    picture: bool = False
    num: tuple[str, int] | None = None  # (numId, level) of a directly numbered paragraph
    under: str = ""  # the heading it follows, to say where it is
    note: bool = False  # it holds a footnote or endnote

    @property
    def text(self) -> str:
        return "".join(s[0] for s in self.spans).strip()


@dataclass
class Tbl:
    """A table: its rows of cells, each cell its paragraphs."""

    number: int
    rows: list[list[list[Para]]]
    header: bool  # the first row is marked as a header (repeats on every page)
    under: str = ""

    def cell_text(self, row: int, column: int) -> str:
        cells = self.rows[row] if row < len(self.rows) else []
        return " ".join(p.text for p in cells[column] if p.text) if column < len(cells) else ""

    def first_row(self) -> list[str]:
        return [self.cell_text(0, c) for c in range(len(self.rows[0]))] if self.rows else []


def read_comments(package: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    """Comment id -> (author, text)."""
    if "word/comments.xml" not in package.namelist():
        return {}
    root = etree.fromstring(package.read("word/comments.xml"))
    return {c.get(qn("w:id")): (c.get(qn("w:author"), ""), " ".join("".join(c.itertext()).split()))
            for c in root.iter(qn("w:comment"))}


def tracked_changes(body, comments: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Every unresolved change and comment as (kind, author, text); kind is insert, delete or comment."""
    found: list[tuple[str, str, str]] = []
    for element in body.iter(qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")):
        text = " ".join("".join(t.text or "" for t in element.iter(qn("w:t"), qn("w:delText"))).split())
        if text:
            kind = "insert" if etree.QName(element).localname in ("ins", "moveTo") else "delete"
            found.append((kind, element.get(qn("w:author"), "?"), text))
    for reference in body.iter(qn("w:commentReference")):
        author, text = comments.get(reference.get(qn("w:id")), ("?", ""))
        found.append(("comment", author, text))
    return found


def resolve_changes(body, reject: bool) -> None:
    """The body as if every tracked change were accepted (or rejected)."""
    added, removed = ("w:ins", "w:moveTo"), ("w:del", "w:moveFrom")
    gone, kept = (added, removed) if reject else (removed, added)
    for element in list(body.iter(qn(gone[0]), qn(gone[1]))):
        parent = element.getparent()
        if etree.QName(parent).localname == "rPr" and etree.QName(parent.getparent()).localname == "pPr":
            _join_with_next(parent.getparent().getparent())  # the paragraph mark itself was added/removed
        elif etree.QName(parent).localname == "trPr":
            row = parent.getparent()
            row.getparent().remove(row)
        elif element.getparent() is not None:
            parent.remove(element)
    for element in list(body.iter(qn(kept[0]), qn(kept[1]))):
        parent = element.getparent()
        if etree.QName(parent).localname in ("rPr", "trPr"):
            parent.remove(element)
            continue
        for text in element.iter(qn("w:delText")):
            text.tag = qn("w:t")
        index = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    for change in list(body.iter(qn("w:pPrChange"), qn("w:rPrChange"), qn("w:tblPrChange"),
                                 qn("w:trPrChange"), qn("w:tcPrChange"), qn("w:sectPrChange"))):
        owner = change.getparent()
        if reject and etree.QName(change).localname == "pPrChange":
            old = change.find(qn("w:pPr"))
            style = old.find(qn("w:pStyle")) if old is not None else None
            current = owner.find(qn("w:pStyle"))
            if current is not None:
                owner.remove(current)
            if style is not None:
                owner.insert(0, style)
        owner.remove(change)


def _join_with_next(paragraph) -> None:
    """A paragraph whose mark is gone: its content joins the next paragraph, which keeps its own style."""
    following = paragraph.getnext()
    if following is None or following.tag != qn("w:p"):
        return
    properties = following.find(qn("w:pPr"))
    at = 0 if properties is None else following.index(properties) + 1
    for offset, child in enumerate(c for c in list(paragraph) if c.tag != qn("w:pPr")):
        following.insert(at + offset, child)
    paragraph.getparent().remove(paragraph)


class Body:
    """Reads the paragraphs and tables of one document, with its style names and list numbering."""

    def __init__(self, document):
        self.style_names = {s.style_id: s.name for s in document.styles}
        self.numbering = self._numbering(document)

    def blocks(self, body) -> list[Para | Tbl]:
        """The body's paragraphs and tables in order; placeholders and the contents left out."""
        blocks: list[Para | Tbl] = []
        pending: list[str] = []
        counter = [0]
        heading = [""]

        def walk(parent) -> None:
            for element in parent:
                name = etree.QName(element).localname
                if name == "p":
                    counter[0] += 1
                    paragraph = self.paragraph(element, counter[0])
                    paragraph.bookmarks = pending + paragraph.bookmarks
                    pending.clear()
                    paragraph.under = heading[0]
                    if heading_level(paragraph.style) and paragraph.text:
                        heading[0] = paragraph.text
                    blocks.append(paragraph)
                elif name == "tbl":
                    counter[0] += 1
                    blocks.append(self.table(element, counter[0]))
                    blocks[-1].under = heading[0]
                elif name == "bookmarkStart":
                    pending.append(element.get(qn("w:name"), ""))
                elif name == "sdt":
                    properties = element.find(qn("w:sdtPr"))
                    if properties is not None and (properties.find(qn("w:showingPlcHdr")) is not None
                                                   or properties.find(qn("w:docPartObj")) is not None):
                        continue  # a placeholder still showing, or the table of contents
                    content = element.find(qn("w:sdtContent"))
                    if content is not None:
                        walk(content)
                elif name in ("customXml", "smartTag"):
                    walk(element)

        walk(body)
        return blocks

    def paragraph(self, element, number: int) -> Para:
        properties = element.find(qn("w:pPr"))
        style_id = properties.find(qn("w:pStyle")).get(qn("w:val")) if properties is not None and \
            properties.find(qn("w:pStyle")) is not None else None
        style = self.style_names.get(style_id, style_id or "Normal") if style_id else "Normal"
        num = None
        numbered = properties.find(qn("w:numPr")) if properties is not None else None
        if numbered is not None and numbered.find(qn("w:numId")) is not None:
            level = numbered.find(qn("w:ilvl"))
            num = (numbered.find(qn("w:numId")).get(qn("w:val")),
                   int(level.get(qn("w:val"), "0")) if level is not None else 0)
        spans: list[tuple[str, bool, bool]] = []
        picture = False
        note = False
        for run in element.iter(qn("w:r")):
            if any(etree.QName(a).localname == "txbxContent" or etree.QName(a).localname == "sdt" and _placeholder(a)
                   for a in run.iterancestors()):
                continue  # a text box's text belongs to the drawing; a placeholder is no text
            run_properties = run.find(qn("w:rPr"))
            character = run_properties.find(qn("w:rStyle")) if run_properties is not None else None
            character_name = self.style_names.get(character.get(qn("w:val")), "") if character is not None else ""
            bold = _on(run_properties, "w:b") or character_name.lower() == "strong"
            italic = _on(run_properties, "w:i") or character_name.lower() == "emphasis"
            for child in run:
                name = etree.QName(child).localname
                if name == "t":
                    spans.append((child.text or "", bold, italic))
                elif name in ("tab", "br", "cr"):
                    spans.append((" ", bold, italic))
                elif name == "noBreakHyphen":
                    spans.append(("-", bold, italic))
                elif name in ("drawing", "pict", "object", "AlternateContent"):
                    picture = True
                elif name in ("footnoteReference", "endnoteReference"):
                    note = True
        bookmarks = [b.get(qn("w:name"), "") for b in element.iter(qn("w:bookmarkStart"))]
        return Para(number, style, spans, bookmarks, picture, num, note=note)

    def table(self, element, number: int) -> Tbl:
        rows = []
        for row in element.iter(qn("w:tr")):
            if row.getparent() is not element and etree.QName(row.getparent()).localname != "sdtContent":
                continue  # a row of a table nested in a cell
            cells = []
            for cell in row.iter(qn("w:tc")):
                if next(cell.iterancestors(qn("w:tr"))) is not row:
                    continue
                cells.append([self.paragraph(p, number) for p in cell.iter(qn("w:p"))])
            rows.append(cells)
        first = next(element.iter(qn("w:tr")), None)
        header = first is not None and _on(first.find(qn("w:trPr")), "w:tblHeader")
        return Tbl(number, rows, header)

    def _numbering(self, document) -> dict[str, dict[int, tuple[bool, int, bool]]]:
        """numId -> {level: (ordered, start, restarts)} from the numbering part."""
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return {}
        abstract = {}
        for definition in root.iter(qn("w:abstractNum")):
            levels = {}
            for level in definition.iter(qn("w:lvl")):
                fmt = level.find(qn("w:numFmt"))
                start = level.find(qn("w:start"))
                levels[int(level.get(qn("w:ilvl"), "0"))] = (
                    fmt is not None and fmt.get(qn("w:val")) not in ("bullet", "none"),
                    int(start.get(qn("w:val"), "1")) if start is not None else 1, False)
            abstract[definition.get(qn("w:abstractNumId"))] = levels
        numbering = {}
        for num in root.iter(qn("w:num")):
            reference = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(reference.get(qn("w:val")) if reference is not None else None, {}))
            for override in num.iter(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                level = int(override.get(qn("w:ilvl"), "0"))
                if start is not None:
                    levels[level] = (levels.get(level, (True, 1, True))[0], int(start.get(qn("w:val"))), True)
            numbering[num.get(qn("w:numId"))] = levels
        return numbering


def _on(properties, tag: str) -> bool:
    element = properties.find(qn(tag)) if properties is not None else None
    return element is not None and element.get(qn("w:val"), "true").lower() not in _FALSE


def _placeholder(sdt) -> bool:
    properties = sdt.find(qn("w:sdtPr"))
    return properties is not None and properties.find(qn("w:showingPlcHdr")) is not None


def heading_level(style: str) -> int | None:
    found = re.fullmatch(r"heading (\d)", style.strip(), re.I)
    return int(found[1]) if found else None


# --- the text as Markdown ------------------------------------------------------------------------------------

def markdown_inline(spans: list[tuple[str, bool, bool]]) -> str:
    """Runs as Markdown: italic as ``*…*``, bold as ``**…**``, the spaces outside the markers."""
    groups: list[list] = []
    for text, bold, italic in spans:
        if groups and (groups[-1][1], groups[-1][2]) == (bold, italic):
            groups[-1][0] += text
        else:
            groups.append([text, bold, italic])
    out = ""
    for index, (text, bold, italic) in enumerate(groups):
        if index == 0:
            text = text.lstrip()
        if index == len(groups) - 1:
            text = text.rstrip()
        text = re.sub(r"\s+", " ", text)
        core = text.strip()
        if not core:
            out += text
            continue
        marker = ("**" if bold else "") + ("*" if italic else "")
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        out += lead + marker + _escape(core) + marker[::-1] + trail
    return out


def _escape(text: str) -> str:
    return re.sub(r"([\\*_`])", r"\\\1", text)


def escape_line_start(text: str) -> str:
    """A paragraph that would read as a list item or a quote in Markdown, escaped."""
    numbered = re.match(r"^(\d+)([.)])(\s|$)", text)
    if numbered:
        return f"{numbered[1]}\\{numbered[2]}{text[numbered.end(2):]}"
    if re.match(r"^([-+>])(\s|$)", text) or text.startswith("#"):
        return "\\" + text
    return text


@dataclass
class ListItem:
    """A list paragraph: its level (0 the outermost; -1 a further paragraph of the item before)."""

    level: int
    ordered: bool
    list: str
    text: str
    start: int = 1
    restart: bool = False  # its numbering starts again here


def render_list(items: list[ListItem], alternate: bool) -> str:
    """List paragraphs as a Markdown list; deeper levels indented under their item."""
    lines: list[str] = []
    counters: dict[int, int] = {}
    indents: dict[int, int] = {}  # level -> the indent of its item's text
    for item in items:
        if item.level < 0:
            lines += ["", " " * (indents[max(indents)] if indents else 2) + escape_line_start(item.text)]
            continue
        level = min(item.level, max(indents) + 1 if indents else 0)
        for deeper in [d for d in indents if d > level]:
            del indents[deeper]
            counters.pop(deeper, None)
        indent = indents.get(level - 1, 0) if level else 0
        if item.ordered:
            counters[level] = counters.get(level, item.start - 1) + 1
            marker = f"{counters[level]}{')' if alternate and level == 0 else '.'} "
        else:
            counters.pop(level, None)
            marker = "* " if alternate and level == 0 else "- "
        lines.append(" " * indent + marker + escape_line_start(item.text))
        indents[level] = indent + len(marker)
    return "\n".join(lines)

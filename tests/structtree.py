"""A tagged PDF's structure tree read back with pypdf: every element, its text, its ancestors.

The text of an element is the text of its own marked-content sequences (the MCIDs among its
kids), in order, as ``pdfinfo -struct-text`` shows it; no system program is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject


@dataclass(frozen=True)
class Element:
    name: str  # the structure type without its slash: "P", "H1", "TR", …
    text: str  # the text of its own marked content (not its child elements')
    ancestors: tuple[str, ...]


def _page_texts(page) -> dict[int, str]:
    """MCID → text of one page, from the marked-content operators around the text operators."""
    texts: dict[int, str] = {}
    stack: list[int | None] = []

    def before(operator, operands, cm, tm):
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if operator == b"BDC" and len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, dict) else None
            stack.append(int(mcid) if mcid is not None else (stack[-1] if stack else None))
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(chunk, cm, tm, font, size):
        # reportlab closes every text object (ET, which flushes pypdf's text) before the EMC
        if chunk and stack and stack[-1] is not None:
            texts[stack[-1]] = texts.get(stack[-1], "") + chunk.replace("\n", "")

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def elements(path: Path) -> list[Element]:
    """Every structure element in tree order (depth first), as pdfinfo -struct lists them."""
    reader = PdfReader(path)
    page_index = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    texts: dict[int, dict[int, str]] = {}

    def page_text(page_ref, mcid: int) -> str:
        number = page_index.get(page_ref.idnum) if isinstance(page_ref, IndirectObject) else None
        if number is None:
            return ""
        if number not in texts:
            texts[number] = _page_texts(reader.pages[number])
        return texts[number].get(mcid, "")

    found: list[Element] = []

    def walk(node: DictionaryObject, ancestors: tuple[str, ...], page_ref) -> None:
        name = str(node["/S"]).lstrip("/")
        page_ref = node.raw_get("/Pg") if "/Pg" in node else page_ref
        kids = node.get("/K")
        kids = [] if kids is None else (list(kids) if isinstance(kids, list) else [kids])
        own: list[str] = []
        children: list[DictionaryObject] = []
        for kid in kids:
            resolved = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(resolved, int):
                own.append(page_text(page_ref, resolved))
            elif isinstance(resolved, DictionaryObject) and resolved.get("/Type") == "/MCR":
                own.append(page_text(resolved.raw_get("/Pg") if "/Pg" in resolved else page_ref,
                                     int(resolved["/MCID"])))
            elif isinstance(resolved, DictionaryObject) and "/S" in resolved:
                children.append(resolved)
            # an /OBJR kid is an annotation (a contents link): no text of its own
        found.append(Element(name, "".join(own), ancestors))
        for child in children:
            walk(child, ancestors + (name,), page_ref)

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    top = root.get("/K")
    for node in (list(top) if isinstance(top, list) else [top]):
        walk(node.get_object(), (), None)
    return found


def structure(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(element, its text, its ancestors) for every element that holds text, in structure order."""
    return [(e.name, e.text, e.ancestors) for e in elements(path) if e.text]

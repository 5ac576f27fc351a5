"""PDF tags: the structure tree and marked content that make the PDF a tagged (PDF/UA) document.

Flowables call the :class:`Tagger` while they draw: ``content(element)`` wraps what
they draw in a marked-content sequence with a fresh MCID, ``artifact()`` marks
decoration (running header and footer, rules, backgrounds, leader dots), and the
``stack`` holds the element that what is drawn now belongs to (a table cell). Elements are created in drawing order, which is the report's
reading order. Before the file is saved, :meth:`Tagger.write` turns the elements
into the structure tree, the parent tree and the catalog entries.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cache
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFObjectReference, PDFString

_ANNOTATION_KEYS = 100_000  # parent-tree keys of annotations start here, after the pages'


@dataclass(eq=False)
class Element:
    """A structure element: its type (P, H1, Table, …), its kids in order, alt text and attributes."""

    tag: str
    parent: Element | None = None
    kids: list = field(default_factory=list)
    alt: str | None = None
    attributes: dict | None = None


class Tagger:
    """Collects the structure of a document while reportlab draws it."""

    def __init__(self, canvas, language: str):
        self.canvas = canvas
        self.language = language
        self.root = Element("Document")
        self.stack: list[Element] = [self.root]
        self.page_elements: dict[int, list[Element]] = {}
        self.page_refs: dict[int, PDFObjectReference] = {}
        self.annotations: list[Element] = []
        self.suppressed = 0

    @property
    def parent(self) -> Element:
        return self.stack[-1]

    def element(self, tag: str, parent: Element | None = None, **options) -> Element:
        """A new element, the last kid of ``parent`` (by default the element being drawn into)."""
        parent = parent or self.parent
        element = Element(tag, parent, **options)
        parent.kids.append(element)
        return element

    @contextmanager
    def content(self, element: Element):
        """What is drawn inside belongs to ``element`` (a marked-content sequence with an MCID)."""
        if self.suppressed:
            yield
            return
        page = self.canvas.getPageNumber()
        owners = self.page_elements.setdefault(page, [])
        mcid = len(owners)
        owners.append(element)
        self.page_refs[page] = self.canvas._doc.thisPageRef()
        element.kids.append(("mcr", page, mcid))
        self.canvas.addLiteral(f"/{element.tag} <</MCID {mcid}>> BDC")
        try:
            yield
        finally:
            self.canvas.addLiteral("EMC")

    @contextmanager
    def artifact(self, kind: str = "Layout"):
        """What is drawn inside is decoration, not content; nothing inside is tagged."""
        self.begin_artifact(kind)
        try:
            yield
        finally:
            self.end_artifact()

    def begin_artifact(self, kind: str = "Layout") -> None:
        """As :meth:`artifact`, for callers that get a start and an end call (table callbacks)."""
        if not self.suppressed:
            self.canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        self.suppressed += 1

    def end_artifact(self) -> None:
        self.suppressed -= 1
        if not self.suppressed:
            self.canvas.addLiteral("EMC")

    def annotation(self, element: Element, name: str) -> int:
        """Ties an annotation (by its reportlab name) to ``element``; returns its StructParent key."""
        self.annotations.append(element)
        element.kids.append(("objr", name))
        return _ANNOTATION_KEYS + len(self.annotations) - 1

    def page_key(self, page: int) -> int:
        return page - 1

    # --- writing ---------------------------------------------------------------------------------------

    def write(self, document) -> None:
        """Adds the structure tree to the document; call just before saving.

        Each element is registered as one object whose bytes it prepares itself when the file is
        written (:class:`_Prepared`): reportlab's general dictionaries cost more than the tree's
        whole layout of a thousand small elements."""
        numbers = document.idToObjectNumberAndVersion  # reportlab numbers an object when it is registered

        def ref(name: str) -> bytes:
            return b"%d 0 R" % numbers[name][0]

        refs: dict[int, bytes] = {}  # id of an element -> its reference

        def register(element: Element) -> None:
            refs[id(element)] = ref(document.Reference(_Prepared(lambda: element_bytes(element))).name)
            for kid in element.kids:
                if isinstance(kid, Element):
                    register(kid)

        pages = {page: ref(reference.name) for page, reference in self.page_refs.items()}

        def element_bytes(element: Element) -> bytes:
            parent = refs[id(element.parent)] if element.parent else root_ref
            # Content on the element's own page (/Pg) is a bare MCID; on other pages an MCR dictionary.
            page = next((kid[1] for kid in element.kids if type(kid) is tuple and kid[0] == "mcr"), None)
            kids = []
            for kid in element.kids:
                if type(kid) is not tuple:
                    kids.append(refs[id(kid)])
                elif kid[0] == "mcr" and kid[1] == page:
                    kids.append(b"%d" % kid[2])
                elif kid[0] == "mcr":
                    kids.append(b"<< /Type /MCR /Pg %s /MCID %d >>" % (pages[kid[1]], kid[2]))
                else:
                    kids.append(b"<< /Type /OBJR /Obj %s >>" % ref(document.annotationName(kid[1])))
            parts = [b"<< /S ", _name(element.tag), b" /P ", parent]
            if page is not None:
                parts += [b" /Pg ", pages[page]]
            if kids:
                parts += [b" /K ", kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"]  # one kid: no array
            if element.alt is not None:
                parts += [b" /Alt ", PDFString(element.alt).format(document)]
            if element.attributes:
                parts += [b" /A <<", *(b" " + _name(key) + b" " + (_name(value) if isinstance(value, str)
                                                                 else b"%d" % value)
                                       for key, value in element.attributes.items()), b" >>"]
            if element is self.root:
                parts += [b" /Lang ", PDFString(self.language).format(document)]
            return b"".join(parts) + b" >>"

        def parent_tree() -> bytes:
            entries = []
            for page in sorted(self.page_elements):
                entries.append(b"%d [%s]" % (self.page_key(page),
                                             b" ".join(refs[id(e)] for e in self.page_elements[page])))
            for index, element in enumerate(self.annotations):
                entries.append(b"%d %s" % (_ANNOTATION_KEYS + index, refs[id(element)]))
            return b"<< /Nums [" + b" ".join(entries) + b"] >>"

        def tree_root() -> bytes:
            return (b"<< /Type /StructTreeRoot /K %s /ParentTree %s /ParentTreeNextKey %d >>"
                    % (refs[id(self.root)], parent_ref, _ANNOTATION_KEYS + len(self.annotations)))

        root_reference = document.Reference(_Prepared(tree_root))
        root_ref = ref(root_reference.name)
        register(self.root)
        parent_ref = ref(document.Reference(_Prepared(parent_tree)).name)
        catalog = document.Catalog
        catalog.StructTreeRoot = root_reference
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})


@cache
def _name(text: str) -> bytes:
    return PDFName(text).encode("ascii")  # reportlab's escaping of a name, as text


class _Prepared(PDFObject):
    """An object whose bytes a function makes when the file is written (when every number is known)."""

    def __init__(self, make):
        self.make = make

    def format(self, document) -> bytes:
        return self.make()


class UntaggedTagger(Tagger):
    """A tagger that tags nothing: for measuring what tagging costs (``bench/build_pdf.py``)."""

    @contextmanager
    def content(self, element: Element):
        yield

    def begin_artifact(self, kind: str = "Layout") -> None:
        pass

    def end_artifact(self) -> None:
        pass

    def write(self, document) -> None:
        pass

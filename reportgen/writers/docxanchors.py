"""Word anchors: what a .docx carries so that ``reportgen import`` can read it back after editing.

The structure itself is anchored by what both Word and LibreOffice keep when they save: the
paragraph style names (Heading 1-3, the list and table styles) and the heading bookmarks the
writer already sets. Content-control tags are not used as anchors: LibreOffice 7.4 drops every
``w:tag`` on save (``tests/test_docx_roundtrip.py`` proves which anchors survive).

Besides the text, the file carries two package parts, both kept by Word and LibreOffice:

- ``docProps/custom.xml``: the report's facts (municipality, dates, framework) as custom
  document properties, so a file built without its source still names its framework;
- a custom XML part with the evaluation document the report was built from (base64), for what
  the text cannot say (sub-question ids, the evaluation period, comparison figures). The text
  always wins over it; it only fills in what the text does not hold.

A skeleton's instructions are content controls showing placeholder text (``w:showingPlcHdr``):
Word removes them as soon as something is typed in their place.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from html import escape

from reportgen import tree
from reportgen.writers import ooxml
from reportgen.writers.docxpackage import CUSTOM_PROPERTIES, CUSTOM_XML, CUSTOM_XML_PROPS, Package, Part

SOURCE_NAMESPACE = "urn:reportgen:source"
INSTRUCTION_TAG = "reportgen:instruction"
_CUSTOM_PROPERTIES = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_XML_PROPERTIES = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id every custom property uses
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


def add_parts(package: Package, document: Part, metadata: tree.Metadata) -> None:
    """The report's facts as custom properties and, when known, its source as a custom XML part."""
    properties = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name={ooxml.attribute("reportgen." + name)}>'
        f"<vt:lpwstr>{escape(value, quote=False)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(metadata.properties, start=2))
    custom = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<Properties xmlns="{CUSTOM_NAMESPACE}" xmlns:vt="{_VT}">{properties}</Properties>').encode("utf-8")
    package.relate(None, package.add("/docProps/custom.xml", _CUSTOM_PROPERTIES, custom), CUSTOM_PROPERTIES)
    if metadata.source is None:
        return
    source = metadata.source
    item = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<source xmlns="{SOURCE_NAMESPACE}" name={ooxml.attribute(source.name)} mime={ooxml.attribute(source.mime)}>'
            f'{base64.b64encode(source.data).decode("ascii")}</source>').encode("utf-8")
    # A fixed id from the content, so the same document gives the same bytes.
    item_id = "{" + str(uuid.UUID(bytes=hashlib.sha256(item).digest()[:16])).upper() + "}"
    name = package.next_name("/customXml/item%d.xml")
    part = package.add(name, "application/xml", item)
    props = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
             f'<ds:datastoreItem ds:itemID="{item_id}" '
             f'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
             f'<ds:schemaRefs><ds:schemaRef ds:uri="{SOURCE_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
             ).encode("utf-8")
    number = name.removeprefix("/customXml/item").removesuffix(".xml")
    package.relate(part, package.add(f"/customXml/itemProps{number}.xml", _CUSTOM_XML_PROPERTIES, props),
                   CUSTOM_XML_PROPS)
    package.relate(document, part, CUSTOM_XML)


def instruction_control(parent):
    """A block content control at the end of ``parent`` showing its paragraph as a placeholder; its
    ``w:sdtContent``, where the instruction's paragraph goes.

    Word selects the whole placeholder on a click and replaces it with what is typed; the
    importer leaves placeholders out (and, where a program lost the control, the instruction's
    exact text).
    """
    control = ooxml.sub(parent, "w:sdt")
    properties = ooxml.sub(control, "w:sdtPr")
    ooxml.sub(properties, "w:alias", {"w:val": "reportgen"})
    ooxml.sub(properties, "w:tag", {"w:val": INSTRUCTION_TAG})
    ooxml.sub(properties, "w:showingPlcHdr")
    return ooxml.sub(control, "w:sdtContent")

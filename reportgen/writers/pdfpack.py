"""PDF packing: a reportlab document written with its small objects in compressed object streams.

reportlab writes every object on its own, in plain text, with a cross-reference table of
20 bytes an object. A tagged report has well over a thousand small dictionaries (structure
elements, pages, annotations); PDF 1.5 object streams hold them compressed together, and a
cross-reference stream then indexes the file. Streams (page content, fonts, images, forms,
the XMP and the attachment) stay top-level objects, as the standard asks. The objects and
their numbers are reportlab's own, so nothing but the packing changes; no clock or random
number is involved, so the same document still gives the same bytes.
"""

from __future__ import annotations

import zlib

from reportlab.pdfbase.pdfdoc import PDFDocument, format as format_object, pdfdocEnc

_PER_STREAM = 200  # objects per object stream: large enough to compress well, small enough to load quickly
_VERSION = b"1.7"  # object streams need PDF 1.5; PDF/A-3 is based on PDF 1.7


def pdf_bytes(document: PDFDocument, canvas) -> bytes:
    """The whole file of ``document`` (whose pages ``canvas`` has finished), packed.

    Does what reportlab's ``GetPDFData`` and ``format`` do, except for how it writes the objects."""
    for font in document.delayedFonts:
        font.addObjects(document)
    document.info.invariant = document.invariant
    document.info.digest(document.signature)
    document.Reference(document.Catalog)
    document.Reference(document.info)
    document.Outlines.prepare(document, canvas)
    if document.Outlines.ready < 0:
        document.Catalog.Outlines = None
    document.encrypt.prepare(document)
    if document.encrypt.info():
        raise ValueError("an encrypted document cannot be packed")  # PDF/A forbids encryption anyway

    numbers = document.numberToId
    top: list[tuple[int, bytes]] = []     # streams: number and the whole indirect object
    packed: list[tuple[int, bytes]] = []  # everything else: number and the object's body
    number = 0
    while number + 1 in numbers:  # objects may register new objects while they are formatted
        number += 1
        obj = document.idToObject[numbers[number]]
        document.encrypt.register(number, 0)
        body = format_object(obj, document, toplevel=1)
        if body.endswith((b"endstream\n", b"endstream")):  # a stream (a dictionary ends in ">>")
            top.append((number, b"%d 0 obj\n%s%sendobj\n" % (number, body, b"" if body.endswith(b"\n") else b"\n")))
        else:
            packed.append((number, body))

    out = [b"%PDF-" + _VERSION + b"\n%\x93\x8c\x8b\x9e reportgen\n"]
    offset = len(out[0])
    where: dict[int, tuple[int, int, int]] = {}  # object number -> (type, field 2, field 3) of its xref entry
    for number, whole in top:
        where[number] = (1, offset, 0)
        out.append(whole)
        offset += len(whole)
    next_number = max(numbers) + 1
    for start in range(0, len(packed), _PER_STREAM):
        group = packed[start:start + _PER_STREAM]
        stream_number, next_number = next_number, next_number + 1
        heads, bodies, position = [], [], 0
        for index, (number, body) in enumerate(group):
            where[number] = (2, stream_number, index)
            heads.append(b"%d %d" % (number, position))
            bodies.append(body)
            position += len(body) + 1
        head = b" ".join(heads) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n")
        whole = (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
                 % (stream_number, len(group), len(head), len(data)) + data + b"\nendstream\nendobj\n")
        where[stream_number] = (1, offset, 0)
        out.append(whole)
        offset += len(whole)

    xref_number = next_number
    where[xref_number] = (1, offset, 0)
    size = xref_number + 1
    width = max(1, (max(offset, size, _PER_STREAM).bit_length() + 7) // 8)
    rows = [b"\x00" + (0).to_bytes(width, "big") + (65535).to_bytes(2, "big")]
    for number in range(1, size):
        kind, second, third = where.get(number, (0, 0, 65535))
        rows.append(bytes([kind]) + second.to_bytes(width, "big") + third.to_bytes(2, "big"))
    data = zlib.compress(b"".join(rows))
    root = pdfdocEnc("%d %d R" % document.idToObjectNumberAndVersion[document.Catalog.__InternalName__])
    info = pdfdocEnc("%d %d R" % document.idToObjectNumberAndVersion[document.info.__InternalName__])
    identifier = document.ID().strip().split(b"\n")[0]  # reportlab's ID array, without its comment line
    out.append(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 %d 2] /Root %s /Info %s /ID %s /Filter /FlateDecode "
               b"/Length %d >>\nstream\n" % (xref_number, size, width, root, info, identifier, len(data))
               + data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offset)
    return b"".join(out)

"""PDF archive: the parts that make the PDF archival (PDF/A-3b) and carry its source document.

XMP metadata with the PDF/A identification and the report's facts, an sRGB output
intent, the source evaluation document as an associated file (relationship Source),
and dates taken from the report instead of the clock, so the same input always
gives the same bytes.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from functools import cache, partial
from html import escape as html_escape

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress
from reportlab.pdfbase.pdfdoc import format as format_object
from reportlab.pdfgen.canvas import Canvas

from reportgen.tree import Attachment, Metadata

escape = partial(html_escape, quote=False)  # xml.sax.saxutils.escape's result; that module imports urllib.request
NAMESPACE = "http://ns.reportgen.se/kommunkompassen/1.0/"  # our own properties in the XMP
PREFIX = "kk"


class _UnfilteredStream(PDFStream):
    """A stream written as it is, without even an empty /Filter: XMP must stay readable as plain text."""

    def format(self, document):
        dictionary = PDFDictionary(self.dictionary.dict.copy())
        content = document.encrypt.encode(self.content)
        dictionary["Length"] = len(content)
        return format_object(dictionary, document) + b"\nstream\n" + format_object(content, document) + b"endstream\n"


def report_timestamp(day: date):
    """reportlab's timestamp object fixed at noon UTC on the report date."""
    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(invariant=True)
    moment = datetime(day.year, day.month, day.day, 12, 0, tzinfo=timezone.utc)
    stamp.t = moment.timestamp()
    stamp.lt = moment.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    return stamp


def make_archival(canvas: Canvas, meta: Metadata) -> None:
    """Adds XMP, the output intent and the source attachment to the document being written."""
    document = canvas._doc
    document._timeStamp = report_timestamp(meta.created)
    catalog = document.Catalog
    catalog.__NoDefault__ = list(type(catalog).__NoDefault__) + ["AF", "OutputIntents"]
    catalog.__Refs__ = list(type(catalog).__Refs__)  # AF and OutputIntents stay direct arrays
    catalog.Metadata = document.Reference(_UnfilteredStream(PDFDictionary({"Type": PDFName("Metadata"),
                                                                            "Subtype": PDFName("XML")}),
                                                             _xmp(meta).encode("utf-8")))
    profile = document.Reference(PDFStream(PDFDictionary({"N": 3}), _srgb_profile()))
    catalog.OutputIntents = PDFArray([PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
        "Info": PDFString("sRGB IEC61966-2.1"), "DestOutputProfile": profile})])
    if meta.source is not None:
        specification = _attach(document, meta.source, meta.created)
        catalog.AF = PDFArray([specification])
        catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({
            "Names": PDFArray([PDFString(meta.source.name), specification])})})


def _attach(document, attachment: Attachment, day: date):
    moment = f"D:{day:%Y%m%d}120000+00'00'"
    mime = "/" + attachment.mime.replace("/", "#2F")
    stream = document.Reference(PDFStream(PDFDictionary({
        "Type": PDFName("EmbeddedFile"), "Subtype": mime,
        "Params": PDFDictionary({"Size": len(attachment.data), "ModDate": PDFString(moment),
                                 "CheckSum": PDFString(hashlib.md5(attachment.data).digest(), enc="raw")}),
    }), attachment.data, filters=[PDFZCompress]))  # Size and CheckSum are of the file itself
    return document.Reference(PDFDictionary({
        "Type": PDFName("Filespec"), "F": PDFString(attachment.name), "UF": PDFString(attachment.name),
        "Desc": PDFString(attachment.description), "AFRelationship": PDFName(attachment.relationship),
        "EF": PDFDictionary({"F": stream, "UF": stream}),
    }))


@cache
def _srgb_profile() -> bytes:
    """An sRGB ICC profile from littlecms (through Pillow), with its creation date zeroed so it never varies."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = bytes(12)   # creation date and time
    profile[84:100] = bytes(16)  # profile id (an MD5 that may be left zero)
    return bytes(profile)


def _xmp(meta: Metadata) -> str:
    moment = f"{meta.created.isoformat()}T12:00:00Z"
    creators = "".join(f"<rdf:li>{escape(name)}</rdf:li>" for name in meta.authors)
    properties = "".join(f"<{PREFIX}:{key}>{escape(value)}</{PREFIX}:{key}>" for key, value in meta.properties)
    schema = "".join(
        f"<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{key}</pdfaProperty:name>"
        f"<pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>{escape(key)}</pdfaProperty:description></rdf:li>"
        for key, _ in meta.properties)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.subject)}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{escape(meta.language)}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>{escape(meta.producer)}</pdf:Producer>
<pdf:Keywords>{escape(", ".join(meta.keywords))}</pdf:Keywords>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>{escape(meta.producer)}</xmp:CreatorTool>
<xmp:CreateDate>{moment}</xmp:CreateDate><xmp:ModifyDate>{moment}</xmp:ModifyDate>
<xmp:MetadataDate>{moment}</xmp:MetadataDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:{PREFIX}="{NAMESPACE}">{properties}</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Kommunkompassen report</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI><pdfaSchema:prefix>{PREFIX}</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>{schema}</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""

"""The PDF as an archival document: the PDF/A-3b points a test can check, and the source inside.

What a test cannot check here (the full PDF/A-3b rule set, e.g. font program internals)
needs an external validator such as veraPDF; see the README.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET

from pypdf import PdfReader

from conftest import SAMPLE
from test_pdf_structure import _fonts

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "kk": "http://ns.reportgen.se/kommunkompassen/1.0/"}


def build_with_source(tmp_path):
    from reportgen import pipeline

    target = tmp_path / "r.pdf"
    pipeline.build(SAMPLE, {"pdf": target})
    return target, PdfReader(target)


def xmp(reader):
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in stream  # PDF/A: the metadata stays readable without decoding
    return ET.fromstring(stream.get_data())


def text(tree, path):
    return tree.find(path, NS).text


def test_xmp_identifies_pdfa3b_and_matches_the_document_info(tmp_path):
    _, reader = build_with_source(tmp_path)
    tree = xmp(reader)
    assert text(tree, ".//pdfaid:part") == "3" and text(tree, ".//pdfaid:conformance") == "B"
    info = reader.metadata
    assert text(tree, ".//dc:title/rdf:Alt/rdf:li") == info.title == "Kommunkompassen: Analys av Alingsås kommun"
    assert text(tree, ".//dc:creator/rdf:Seq/rdf:li") == info.author
    assert text(tree, ".//dc:description/rdf:Alt/rdf:li") == info.subject
    assert text(tree, ".//pdf:Keywords") == info["/Keywords"]
    assert text(tree, ".//pdf:Producer") == info.producer
    assert text(tree, ".//xmp:CreatorTool") == info.creator and info.creator.startswith("reportgen")
    assert text(tree, ".//xmp:CreateDate") == "2023-02-21T12:00:00Z"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20230221120000+00'00'"  # from the report, not the clock
    assert text(tree, ".//kk:municipality") == "Alingsås kommun"
    assert text(tree, ".//kk:reportDate") == "2023-02-21"
    assert text(tree, ".//kk:framework") == "Kommunkompassen 2020"
    declared = [e.text for e in tree.iter("{http://www.aiim.org/pdfa/ns/schema#}namespaceURI")]
    assert declared == ["http://www.aiim.org/pdfua/ns/id/", NS["kk"]]  # PDF/A extension schemas for both


def test_srgb_output_intent(tmp_path):
    from PIL import ImageCms

    _, reader = build_with_source(tmp_path)
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    parsed = ImageCms.ImageCmsProfile(io.BytesIO(profile.get_data()))
    assert "sRGB" in ImageCms.getProfileDescription(parsed)


def test_fonts_embedded_no_encryption_no_javascript_links_printable(tmp_path):
    path, reader = build_with_source(tmp_path)
    assert not reader.is_encrypted and "/Encrypt" not in reader.trailer
    raw = path.read_bytes()
    assert b"/JavaScript" not in raw and b"/JS " not in raw
    fonts = []
    for page in reader.pages:
        _fonts(page.get("/Resources"), fonts)
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            assert int(annotation["/F"]) & 4, annotation  # the print flag
    assert fonts and all("/FontFile2" in f["/FontDescriptor"].get_object() for f in fonts)
    assert re.match(rb"%PDF-1\.\d\r?\n%[\x80-\xff]{4}", raw)  # header, then a binary comment


def test_the_source_document_travels_inside_as_an_associated_file(tmp_path):
    path, reader = build_with_source(tmp_path)
    root = reader.trailer["/Root"]
    (specification,) = root["/AF"]
    specification = specification.get_object()
    assert specification["/AFRelationship"] == "/Source"
    assert specification["/F"] == specification["/UF"] == "alingsas-2023.yaml"
    stream = specification["/EF"]["/F"].get_object()
    assert stream["/Subtype"] == "/application/yaml"  # pypdf decodes the name
    assert b"/Subtype /application#2Fyaml" in path.read_bytes()  # written with the slash escaped
    assert stream["/Params"]["/ModDate"] == "D:20230221120000+00'00'"
    assert stream.get_data() == SAMPLE.read_bytes()
    assert stream["/Params"]["/CheckSum"].original_bytes == hashlib.md5(SAMPLE.read_bytes()).digest()
    assert reader.attachments["alingsas-2023.yaml"][0] == SAMPLE.read_bytes()

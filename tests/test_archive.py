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


# --- extract and import against hostile PDFs -------------------------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import zlib  # noqa: E402
from pathlib import Path  # noqa: E402

import pikepdf  # noqa: E402
import pytest  # noqa: E402

REPORTGEN = Path(sys.executable).with_name("reportgen")


def reportgen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPORTGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "REPORTGEN_LANG": "en"})


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    from reportgen import pipeline

    path = tmp_path_factory.mktemp("hostile") / "alingsas-2023.pdf"
    pipeline.build(SAMPLE, {"pdf": path})
    return path


def altered(report_pdf: Path, target: Path, change, change_document=lambda pdf: None) -> Path:
    """A copy of the report whose embedded source file specification ``change`` edits."""
    with pikepdf.open(report_pdf) as pdf:
        (specification,) = pdf.Root.AF
        change(specification, specification.EF.F)
        change_document(pdf)
        pdf.save(target)
    return target


def test_an_encrypted_pdf_is_refused_cleanly_by_extract_and_import(report_pdf, tmp_path):
    for user in ("", "hemligt"):
        encrypted = tmp_path / f"encrypted-{bool(user)}.pdf"
        with pikepdf.open(report_pdf) as pdf:
            pdf.save(encrypted, encryption=pikepdf.Encryption(owner="ägare", user=user, aes=True, R=6))
        for args in (["extract", str(encrypted)], ["import", str(encrypted), "-o", "ut.yaml"]):
            result = reportgen(*args, cwd=tmp_path)
            assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
            assert f"{encrypted}: the PDF is encrypted" in result.stderr
        assert not list(tmp_path.glob("*.yaml"))


@pytest.mark.parametrize("name, written", [("a\x00b.yaml", "ab.yaml"), (b"a\x00b.yaml", "r.yaml"),
                                           ("../../utanför.yaml", "utanför.yaml"),
                                           ("mapp\\sub\\x.yaml", "x.yaml"), ("..", "r.yaml"),
                                           ("/etc/passwd.yaml", "passwd.yaml")])
def test_an_attachment_name_is_a_plain_file_name_in_the_current_folder(report_pdf, tmp_path, name, written):
    def rename(specification, stream):
        specification.F = specification.UF = pikepdf.String(encoded)

    def rename_everywhere(pdf):
        pdf.Root.Names.EmbeddedFiles.Names[0] = pikepdf.String(encoded)  # the name tree's key too

    # text as UTF-16 (so a NUL is a character); bytes as they are (pypdf takes them for UTF-16: garbage)
    encoded = name if isinstance(name, bytes) else b"\xfe\xff" + name.encode("utf-16-be")

    pdf = altered(report_pdf, tmp_path / "r.pdf", rename, rename_everywhere)
    (tmp_path / "ut").mkdir()
    result = reportgen("extract", str(pdf), cwd=tmp_path / "ut")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert [p.name for p in (tmp_path / "ut").iterdir()] == [written]
    assert (tmp_path / "ut" / written).read_bytes() == SAMPLE.read_bytes()


def extract_is_refused(pdf: Path, words: str) -> None:
    result = reportgen("extract", str(pdf), cwd=pdf.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{pdf}: " in result.stderr and words in result.stderr
    assert not list(pdf.parent.glob("*.yaml"))  # nothing written


def test_a_zlib_bomb_as_the_embedded_source_is_refused(report_pdf, tmp_path):
    packer = zlib.compressobj(9)
    bomb = b"".join(packer.compress(bytes(1024 * 1024)) for _ in range(200)) + packer.flush()  # 200 MB of zeros

    def explode(specification, stream):
        stream.write(bomb, filter=pikepdf.Name.FlateDecode)
        del stream.Params.Size  # no size to give it away before unpacking

    extract_is_refused(altered(report_pdf, tmp_path / "bomb.pdf", explode), "larger than 2 MB unpacked")


def test_a_source_changed_after_the_build_is_refused_by_its_checksum(report_pdf, tmp_path):
    def tamper(specification, stream):
        stream.write(SAMPLE.read_bytes().replace(b"1.1: 11", b"1.1: 15"))  # /CheckSum kept

    extract_is_refused(altered(report_pdf, tmp_path / "tampered.pdf", tamper), "checksum does not match")


def test_pypdf_log_lines_never_reach_the_terminal(report_pdf, tmp_path):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"junk before the header\n" + report_pdf.read_bytes())  # pypdf: "invalid pdf header"
    for args in (["extract", str(damaged), "-o", "extracted.yaml"], ["import", str(damaged), "-o", "ut.yaml"]):
        result = reportgen(*args, cwd=tmp_path)
        assert "invalid pdf header" not in result.stderr.lower() and "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 0, result.stderr  # pypdf read the file (and logged), yet nothing reached us
    assert (tmp_path / "extracted.yaml").read_bytes() == SAMPLE.read_bytes()

"""The PDF's packing: small objects in compressed object streams, no ASCII85, the source compressed."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import ROOT
from reportgen.pipeline import build

SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample as `reportgen build` writes it: with its source attached."""
    target = tmp_path_factory.mktemp("packing") / "alingsas-2023.pdf"
    build(SAMPLE, {"pdf": target})
    return target


def test_the_sample_is_small_and_packed(built):
    raw = built.read_bytes()
    assert len(raw) <= 200_000
    assert b"/Type /ObjStm" in raw and b"/Type /XRef" in raw and b"\nxref\n" not in raw
    assert b"ASCII85Decode" not in raw
    assert b"/StructTreeRoot" not in raw and b"/S /P " not in raw  # the tag tree is inside object streams
    assert SAMPLE.read_bytes()[:200] not in raw  # the embedded source is compressed, not stored as text


def test_every_object_resolves_and_qpdf_finds_no_problem(built):
    with pikepdf.open(built) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert pdf.pdf_version == "1.7"
        elements = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/S" in o and "/P" in o]
        assert len(elements) > 1000  # the structure elements, read back from the object streams
        root = pdf.Root.StructTreeRoot
        assert root.K.S == "/Document" and len(root.ParentTree.Nums) > 0
        assert pdf.Root.Names.EmbeddedFiles.Names[1].EF.F.read_bytes() == SAMPLE.read_bytes()


def test_the_same_document_gives_the_same_bytes(built, tmp_path):
    again = tmp_path / "again.pdf"
    build(SAMPLE, {"pdf": again})
    assert again.read_bytes() == built.read_bytes()

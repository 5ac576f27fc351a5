"""The tagged PDF: PDF/UA checks, and the structure tree read back (with pypdf) against the reference."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import structtree
from conftest import ROOT, SAMPLE, need_program
from pdftext import squash
from reference import reference_units
from reportgen import pipeline
from structtree import structure

EXEMPEL = ROOT / "samples" / "exempelkommun.yaml"
PDFUA = Path(sys.executable).with_name("pdfua")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tagged")
    paths = {"alingsas": folder / "alingsas.pdf", "exempel": folder / "exempel.pdf"}
    pipeline.build(SAMPLE, {"pdf": paths["alingsas"]})
    pipeline.build(EXEMPEL, {"pdf": paths["exempel"]})
    return paths


@pytest.mark.parametrize("sample", ["alingsas", "exempel"])
def test_pdfua_checker_finds_nothing(built, sample):
    result = subprocess.run([str(PDFUA), "check", str(built[sample])], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
    assert "PASS (no findings)" in result.stdout and "errors=0 warnings=0" in result.stdout


def test_every_paragraph_of_the_reference_sits_in_a_p_h_or_li_in_reading_order(built):
    elements = structure(built["alingsas"])
    squashed = [(name, squash(text), ancestors) for name, text, ancestors in elements if "TOC" not in ancestors]
    position = 0
    for unit in reference_units():
        wanted = squash(unit.text)
        index = next((i for i in range(position, len(squashed)) if wanted in squashed[i][1]), None)
        assert index is not None, f"not in the structure (after element {position}): {unit.text[:80]}"
        name, _, ancestors = squashed[index]
        allowed = re.fullmatch(r"P|H[1-3]", name) or (name == "LBody" and ancestors[-1:] == ("LI",))
        assert allowed, f"{unit.text[:60]!r} is in {name} under {ancestors}"
        position = index
    names = [name for name, _, _ in elements]
    assert names[:5] == ["P"] * 5  # the cover comes first in the reading order
    every = [element.name for element in structtree.elements(built["alingsas"])]
    headings = [i for i, name in enumerate(every) if name == "H1"]
    assert headings[0] < every.index("TOC") < headings[1]  # "Innehåll", the contents, then chapter 1


def test_tables_have_header_cells_and_rows(built):
    every = structtree.elements(built["exempel"])
    tables = [i for i, element in enumerate(every) if element.name == "Table"]
    assert len(tables) == 1 + 8 + 8 + 8  # comparison, boxes, strengths, overviews
    for start in tables:
        depth = len(every[start].ancestors)
        inside = []
        for element in every[start + 1:]:
            if len(element.ancestors) <= depth:
                break
            inside.append(element.name)
        assert {"TR", "TH", "TD"} <= set(inside), inside


def test_pdfinfo_reads_the_same_structure_tree(built):
    """A cross-check against poppler, where it is installed (always in CI)."""
    pdfinfo = need_program("pdfinfo", "poppler-utils")
    output = subprocess.run([pdfinfo, "-struct-text", str(built["alingsas"])], capture_output=True, text=True,
                            check=True).stdout
    poppler: list[list] = []
    stack: list[tuple[int, str]] = []
    for line in output.splitlines():
        depth = len(line) - len(line.lstrip(" "))
        text = line.strip()
        if text.startswith('"'):
            poppler[-1][1] += text[1:-1]
            continue
        if text.startswith(("Object ", "/")):
            continue  # an annotation in the tree (the contents' links), or an attribute (/Scope)
        name = text.split(" ")[0].rstrip(":")
        while stack and stack[-1][0] >= depth:
            stack.pop()
        poppler.append([name, "", tuple(n for _, n in stack)])
        stack.append((depth, name))
    ours = structtree.elements(built["alingsas"])
    assert [(e.name, e.ancestors) for e in ours] == [(name, ancestors) for name, _, ancestors in poppler]
    assert [squash(e.text) for e in ours] == [squash(text) for _, text, _ in poppler]


def walk(node, found):
    node = node.get_object()
    if "/S" in node:
        found.append(node)
    kids = node.get("/K")
    if kids is None:
        return
    for kid in (kids if isinstance(kids, list) else [kids]):
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and "/S" in kid:
            walk(kid, found)
    return found


@pytest.mark.parametrize("sample", ["alingsas", "exempel"])
def test_charts_are_figures_with_alt_text_and_the_catalog_is_set_up(built, sample):
    reader = PdfReader(built[sample])
    root = reader.trailer["/Root"]
    elements = walk(root["/StructTreeRoot"]["/K"], [])
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert [str(f["/Alt"]).split(" ")[0] for f in figures] == ["Stapeldiagram", "Spindeldiagram"]
    assert all(len(str(f["/Alt"])) > 60 for f in figures)
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert root["/Lang"] == "sv-SE"
    assert all(page["/Tabs"] == "/S" and "/StructParents" in page for page in reader.pages)
    links = [a.get_object() for a in reader.pages[1]["/Annots"]]
    numbers = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    mapping = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
    for link in links:
        assert mapping[int(link["/StructParent"])].get_object()["/S"] == "/Link"
        assert str(link["/Contents"])  # an alternate description


def test_a_paragraph_split_by_a_page_break_stays_one_element(built):
    reader = PdfReader(built["alingsas"])
    elements = walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], [])
    spanning = [e for e in elements if e["/S"] == "/P" and isinstance(e.get("/K"), list)
                and any(isinstance(k, dict) and k.get("/Type") == "/MCR" for k in e["/K"])]
    assert spanning, "some paragraph crosses a page, so one P holds content on two pages"

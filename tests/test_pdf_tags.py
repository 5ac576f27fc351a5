"""The structure tree of what the markup allows: quotes, lists inside quotes, quotes inside list
items, and paragraphs long enough to split across pages, read back with pypdf."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from conftest import SAMPLE
from pdftext import body_text, squash
from reportgen import tree
from reportgen.evaluation import read_evaluation
from reportgen.markup import parse_markdown
from reportgen.report import build_report
from reportgen.writers.pdf import write_pdf


@dataclass
class Node:
    tag: str
    kids: list["Node"] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)  # pages its own marked content is on

    def find(self, tag: str) -> list["Node"]:
        found = [self] if self.tag == tag else []
        return found + [n for kid in self.kids for n in kid.find(tag)]


def structure(path: Path) -> Node:
    """The structure tree: element types, their order and the pages of their content."""
    reader = PdfReader(path)
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}

    def node(dictionary: DictionaryObject, page: int | None) -> Node:
        own_page = dictionary.raw_get("/Pg") if "/Pg" in dictionary else None
        page = page_numbers[own_page.idnum] if own_page is not None else page
        result = Node(str(dictionary.get("/S", ""))[1:])
        kids = dictionary.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else [] if kids is None else [kids]
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, int):
                result.pages.add(page)
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                result.pages.add(page_numbers[kid.raw_get("/Pg").idnum])
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                result.kids.append(node(kid, page))
        return result

    root = reader.trailer["/Root"]["/StructTreeRoot"]
    return node(root["/K"].get_object(), None)


@pytest.fixture(scope="module")
def base_report():
    evaluation, framework, _ = read_evaluation(SAMPLE)
    return build_report(evaluation, framework)


def _render(base: tree.Report, blocks: tuple, path: Path) -> Node:
    """``blocks`` after the cover, as the whole body of a report (no contents: nothing to link)."""
    report = replace(base, blocks=(*base.blocks[:2], *blocks))
    write_pdf(report, path)
    return structure(path)


QUOTES = """Före citatet.

> Första stycket i citatet.
>
> Andra stycket i citatet.

> Ett citat med en lista:
>
> - punkt ett
> - punkt två

1. En punkt med ett citat:

   > Citatet i punkten.

2. Nästa punkt.
"""


def test_block_quotes_are_one_element_with_their_paragraphs_lists_inside(base_report, tmp_path):
    root = _render(base_report, parse_markdown(QUOTES), tmp_path / "quotes.pdf")
    quotes = root.find("BlockQuote")
    assert len(quotes) == 3  # two paragraphs are one quote, not two sibling quotes
    two_paragraphs, with_list, in_item = quotes
    assert [k.tag for k in two_paragraphs.kids] == ["P", "P"]
    assert [k.tag for k in with_list.kids] == ["P", "L"]  # the list stays inside its quote
    assert [k.tag for k in with_list.kids[1].kids] == ["LI", "LI"]
    # the quote inside a list item stays in that item's body
    items = [li for l in root.find("L") for li in l.kids if li.tag == "LI"]
    holder = next(li for li in items if li.find("BlockQuote"))
    assert [k.tag for k in holder.kids] == ["Lbl", "LBody"]
    assert holder.kids[1].kids[-1] is in_item
    assert [k.tag for k in in_item.kids] == ["P"]
    assert not [k for k in root.kids if k.tag == "BlockQuote" and k is in_item]


def test_a_paragraph_split_over_pages_is_one_P_element(base_report, tmp_path):
    words = "Kommunen arbetar systematiskt med uppföljning och utveckling av verksamheterna. " * 900
    root = _render(base_report, (tree.Paragraph(tree.plain(words)),), tmp_path / "long.pdf")
    body = [k for k in root.kids if k.tag == "P"]
    spanning = [p for p in body if len(p.pages) > 1]
    assert len(spanning) == 1 and len(spanning[0].pages) >= 4, [sorted(p.pages) for p in body]
    text = body_text(PdfReader(tmp_path / "long.pdf"), base_report.metadata.running_title)
    assert squash(words) in squash(text)  # every word, in order, once


def test_a_huge_unbroken_word_in_a_table_cell_is_broken_over_lines_and_pages(base_report, tmp_path):
    word = "https://example.org/" + "a1b2c3d4e5" * 3000  # 30 KB without a space
    table = tree.Table(("Adress",), ((word,),), widths=(0.7,))
    root = _render(base_report, (table, tree.Paragraph(tree.plain(word))), tmp_path / "word.pdf")
    reader = PdfReader(tmp_path / "word.pdf")
    assert len(reader.pages) > 5
    text = squash(body_text(reader, base_report.metadata.running_title)).replace("Adress", "")  # header repeats
    assert text.count(squash(word)) == 2  # in the cell and in the paragraph, whole and in order
    assert len(root.find("Table")) == 1 and len(root.find("TD")) >= 2

"""Print-ready typography, measured in the PDF the way a reader sees it: hyphenation, page fill,
text inside its page, list numbers clear of their text, on both samples and a long-text document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT
from pdftext import Line, page_lines
from reportgen.catalogue import load_labels
from reportgen.evaluation import read_evaluation
from reportgen.report import build_report
from reportgen.theme import load_theme
from reportgen.tree import inline_text
from reportgen.writers.pdf import write_pdf

MM = 72 / 25.4
THEME = load_theme()
PAGE = THEME.page
BODY_SIZE = THEME.sizes["body"].size_pt
LEADING = THEME.sizes["body"].leading_pt
FRAME_TOP = (PAGE.height_mm - PAGE.margin_top_mm) * MM
FRAME_BOTTOM = PAGE.margin_bottom_mm * MM
LONG_NAME = "Upplands-Väsby och Sollentunas gemensamma förvaltningskommun"  # 60 characters
TWELVE = "\n".join(f"{n}. Punkt nummer {n} i en lång numrerad lista om kommunens utvecklingsarbete"
                   for n in range(1, 13))


def long_text_document(sample: Path, folder: Path) -> Path:
    """The sample with every narrative tripled, a 60-character municipality name and a
    numbered list of 12 items: what a long report looks like."""
    data = yaml.safe_load(sample.read_text("utf-8"))
    triple = lambda text: "\n\n".join([text.strip()] * 3) + "\n"  # noqa: E731
    data["municipality"] = LONG_NAME
    data.pop("short_name", None)
    summary = data["summary"]
    for key in ("evaluation", "comparisons", "comments"):
        if summary.get(key):
            summary[key] = triple(summary[key])
    summary["comments"] += "\n" + TWELVE + "\n"
    for area in data["areas"].values():
        for section in area.get("sections", []):
            section["text"] = triple(section["text"])
        if area.get("general_addendum"):
            area["general_addendum"] = triple(area["general_addendum"])
    target = folder / "long_text.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, tuple]:
    folder = tmp_path_factory.mktemp("typography")
    sources = {"alingsas": ROOT / "samples" / "alingsas-2023.yaml", "exempel": ROOT / "samples" / "exempelkommun.yaml"}
    sources["long"] = long_text_document(sources["alingsas"], folder)
    built = {}
    for name, source in sources.items():
        evaluation, framework, _ = read_evaluation(source)
        report = build_report(evaluation, framework)
        path = folder / f"{name}.pdf"
        write_pdf(report, path)
        built[name] = (report, page_lines(PdfReader(path)))
    return built


def test_the_long_document_has_the_longest_name_check_allows():
    from reportgen.limits import MAX_NAME_CHARS

    assert len(LONG_NAME) == MAX_NAME_CHARS  # if check allows longer names, the layout tests follow


# --- hyphenation --------------------------------------------------------------------------------------

def _source_words(report) -> set[str]:
    """Every word of the report's text that holds a hyphen of its own ("e-tjänster", "Mål-")."""
    words: set[str] = set()

    def walk(node):
        if isinstance(node, str):
            words.update(w.strip(".,;:()!?\"'") for w in node.split() if "-" in w)
        elif isinstance(node, (tuple, list)):
            for item in node:
                walk(item)
        elif hasattr(node, "__dataclass_fields__"):
            for name in node.__dataclass_fields__:
                walk(getattr(node, name))
    walk(report.blocks)
    return words


def hyphenation_figures(report, pages: list[list[Line]]) -> dict:
    """Full body lines (lines a paragraph continues after), those ending in a hyphen the line
    breaking added, the longest run of them on a page, and the fragments they leave."""
    conjunctions = {w.strip() for w in load_labels("sv")("hyphen_conjunctions").split(",")}
    own = _source_words(report)
    body = [line for lines in pages for line in lines if abs(line.size - BODY_SIZE) < 0.2 and not line.bold]
    full = hyphenated = run = longest = 0
    fragments = []
    for line, following in zip(body, body[1:]):
        same_paragraph = line.page == following.page and 0 < line.y - following.y <= LEADING + 1
        continued = following.page == line.page + 1 and following.text[:1].islower()
        if not (same_paragraph or continued):
            run = 0
            continue
        full += 1
        head = re.search(r"(\w+)-$", line.text)
        tail = re.match(r"(\w+)", following.text)
        if head and tail and tail.group(1)[0].islower() and tail.group(1) not in conjunctions \
                and f"{head.group(1)}-{tail.group(1)}" not in own:
            hyphenated += 1
            run = run + 1 if same_paragraph else 1
            longest = max(longest, run)
            fragments.append((head.group(1), tail.group(1)))
        else:
            run = 0
    return {"full": full, "hyphenated": hyphenated, "longest_run": longest, "fragments": fragments}


@pytest.mark.parametrize("name", ["alingsas", "exempel", "long"])
def test_few_hyphens_none_short_no_long_runs(documents, name):
    report, pages = documents[name]
    figures = hyphenation_figures(report, pages)
    assert figures["full"] > 100  # the measurement really read the body text
    assert figures["hyphenated"] <= 0.08 * figures["full"], figures
    assert figures["longest_run"] <= 2, figures
    short = [f"{a}-{b}" for a, b in figures["fragments"] if len(a) < 3 or len(b) < 3]
    assert not short, short
    capitalised = [f"{a}-{b}" for a, b in figures["fragments"] if a[:1].isupper()]
    assert not capitalised, capitalised  # names stay whole


def test_compound_words_break_at_their_join():
    from reportgen.hyphenation import word_breaks

    breaks = word_breaks("sv-SE")
    cut = lambda word: [word[:i] + "-" + word[i:] for i in breaks.positions(word)]  # noqa: E731
    assert cut("lokalstrategigrupp") == ["lokalstrategi-grupp", "lokal-strategigrupp"]
    assert cut("kompetensutveckling") == ["kompetens-utveckling"]
    assert cut("totalpoäng") == ["total-poäng"]
    assert cut("beslut") == []  # under 7 letters
    assert cut("Alingsåsarna") == []  # a name
    assert all(len(p.split("-")[0]) >= 3 and len(p.split("-")[1]) >= 3 for p in cut("organisationen"))


# --- page fill, text inside the page, list numbers ------------------------------------------------

def _starts_chapter_or_area(lines: list[Line]) -> bool:
    body = [line for line in lines if FRAME_BOTTOM - 5 < line.y < FRAME_TOP + 5]
    if not body:
        return True
    first = body[0]
    return first.size >= THEME.sizes["h1"].size_pt - 0.5 or (first.bold and re.match(r"Område \d", first.text) is not None)


@pytest.mark.parametrize("name", ["alingsas", "exempel", "long"])
def test_no_page_under_40_percent_full_but_a_chapters_or_areas_last(documents, name):
    _, pages = documents[name]
    for number, lines in enumerate(pages[:-2], start=1):  # the last two: chapter 4's end, the back page
        if number <= 2 or _starts_chapter_or_area(pages[number]):
            continue  # the cover and contents, and the last page of a chapter or area
        body = [line for line in lines if FRAME_BOTTOM - 5 < line.y < FRAME_TOP + 5]
        fill = (FRAME_TOP - min(line.y for line in body)) / (FRAME_TOP - FRAME_BOTTOM)
        assert fill >= 0.40, f"page {number} is {fill:.0%} full: {body[0].text[:60]!r}"


@pytest.mark.parametrize("name", ["alingsas", "exempel", "long"])
def test_no_text_outside_its_page_or_the_text_area(documents, name):
    _, pages = documents[name]
    width = PAGE.width_mm * MM
    for number, lines in enumerate(pages, start=1):
        # pypdf reports the text of a form XObject (page numbers, filled in at the end) in the
        # form's own coordinates, at y = 0: those are placed by the writer, not by layout.
        for line in (line for line in lines if line.y != 0):
            assert 0 <= line.x and line.right <= width and 0 < line.y < PAGE.height_mm * MM, (number, line.text)
            if number > 1:  # beyond the cover: inside the margins too
                assert line.x >= PAGE.margin_left_mm * MM - 1, (number, line.text)
                assert line.right <= width - PAGE.margin_right_mm * MM + 2, (number, line.text)


def test_numbers_of_a_long_list_keep_clear_of_their_text(documents):
    _, pages = documents["long"]
    labels = [line for lines in pages for line in lines if re.fullmatch(r"\d+\.", line.runs[0][2].strip())]
    numbers = {line.runs[0][2].strip() for line in labels}
    assert {"9.", "10.", "12."} <= numbers
    for line in labels:
        (_, label_right, label), (text_left, _, _) = line.runs[0], line.runs[1]
        assert text_left - label_right >= 1.5 * MM, (label, line.text)
    # and every item's text starts at the same indent, whatever the width of its number
    assert len({round(line.runs[1][0]) for line in labels if line.page == labels[-1].page}) == 1


def test_the_long_name_and_twelve_items_are_all_there(documents):
    report, pages = documents["long"]
    text = " ".join(line.text for lines in pages for line in lines)
    assert "Punkt nummer 12 i en lång numrerad lista" in text
    cover = " ".join(line.text for line in pages[0])
    assert "gemensamma förvaltningskommun" in cover


def test_back_page_from_template_data(documents):
    report, pages = documents["alingsas"]
    back = " ".join(line.text for line in pages[-1])
    labels = load_labels("sv")
    for expected in ("Sveriges Kommuner och Regioner", labels("back_page_web"), "Rapportdatum 21 februari 2023",
                     "© Sveriges Kommuner och Regioner, 2023"):
        assert expected in back
    assert "(39)" not in back and not re.search(r"\d+ \(\d+\)", back)  # no running footer on the back page
    assert all(line.y < FRAME_TOP for line in pages[-1])  # no running header either
    assert inline_text(report.blocks[-1].blocks[0].content) == "Sveriges Kommuner och Regioner"


def test_a_long_paragraph_breaks_into_the_same_lines_a_chunk_at_a_time():
    """Long paragraphs are broken a chunk of words at a time (linear, not quadratic); the
    lines must be exactly those of breaking the whole paragraph at once."""
    from reportgen.writers.pdfflowables import TaggedParagraph
    from reportgen.writers.pdfstyle import make_styles

    text = "Kommunen arbetar systematiskt med uppföljning av verksamheternas kvalitetsarbete. " * 300
    style = make_styles("sv-SE").body
    whole, chunked = TaggedParagraph(text, style), TaggedParagraph(text, style)
    whole._CHUNK_WORDS, chunked._CHUNK_WORDS = 10**9, 97
    lines = [[str(w) for w in line[1]] for line in whole.breakLines([300, 400]).lines]
    assert len(lines) > 100 and any(line[-1].endswith("-") for line in lines)  # hyphenated somewhere
    assert [[str(w) for w in line[1]] for line in chunked.breakLines([300, 400]).lines] == lines


def test_a_list_split_by_a_page_break_leaves_two_items_on_each_side(tmp_path):
    """Wherever a page break falls in an eight-item list, neither page gets a single item."""
    from dataclasses import replace

    from reportgen.markup import parse_markdown

    evaluation, framework, _ = read_evaluation(ROOT / "samples" / "exempelkommun.yaml")
    base = build_report(evaluation, framework)
    items = "\n".join(f"- Punkt {n} i listan om kommunens arbete med uppföljning" for n in range(1, 9))
    splits = set()
    for filler in range(22, 32):
        text = "\n\n".join(["Ett stycke text som fyller sidan."] * filler) + "\n\n" + items + "\n"
        path = tmp_path / f"list-{filler}.pdf"
        write_pdf(replace(base, blocks=(*base.blocks[:2], *parse_markdown(text))), path)
        per_page = [sum(1 for line in lines if re.match(r"Punkt \d ", line.text.lstrip("• ")))
                    for lines in page_lines(PdfReader(path))]
        counts = [n for n in per_page if n]
        assert sum(counts) == 8
        if len(counts) > 1:
            splits.add(tuple(counts))
            assert min(counts) >= 2, counts
    assert splits  # some filler lengths really did split the list

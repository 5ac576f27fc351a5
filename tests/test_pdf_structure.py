"""The sample's PDF as a document: contents, outline, links, fonts, metadata, page labels."""

from __future__ import annotations

import re

from pypdf import PdfReader
from pypdf.generic import IndirectObject

from pdftext import PAGE_LABEL, collapse, page_texts

CHAPTERS = ["1 Vad är kommunkompassen?",
            "2 Alingsås kommun i förhållande till Kommunkompassen: En sammanfattande genomgång",
            "3 Detaljerad genomgång per område", "4 Översikt av poängfördelning"]
AREAS = ["Område 1 Samspel mellan förtroendevalda och medborgare", "Område 2 Samhällsutveckling",
         "Område 3 Styrning och kontroll", "Område 4 Effektivitet", "Område 5 Brukarens fokus",
         "Område 6 Kvalitetsutveckling", "Område 7 Arbetsliv", "Område 8 Chef- och ledarskap samt medarbetarskap"]


def contents_entries(reader: PdfReader) -> list[tuple[str, int]]:
    """(entry, page number) as printed on the contents page: text, dot leader, number."""
    lines = [line.strip() for line in reader.pages[1].extract_text().splitlines()]
    lines = lines[lines.index("Innehåll") + 1:]
    entries, text = [], []
    for line, following in zip(lines, lines[1:] + [""]):
        if re.fullmatch(r"\.{5,}", line):
            entries.append((collapse(" ".join(text)), int(following)))
            text = []
        elif not re.fullmatch(r"\d+", line) or text:
            text.append(line)
    return entries


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every bookmark, in order."""
    found = []
    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, collapse(item.title), reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 0)
    return found


def test_contents_lists_every_chapter_and_area_with_the_page_it_is_on(sample_reader):
    entries = contents_entries(sample_reader)
    titles = [title for title, _ in entries]
    for expected in CHAPTERS + AREAS + ["Utvärderingen", "Sammanfattning av resultat", "Jämförelser",
                                        "Sammanfattande kommentarer"]:
        assert expected in titles
    pages = page_texts(sample_reader)
    for title, page in entries:
        text = collapse(pages[page - 1])
        heading = title
        assert heading in text, f"{title!r} is not on page {page}"
        # and not already on the page before (the number names where it starts)
        if page > 3:
            assert heading not in collapse(pages[page - 2]).replace(collapse(pages[1]), ""), title


def test_outline_mirrors_the_contents(sample_reader):
    marks = outline(sample_reader)
    assert [(title, page) for _, title, page in marks] == contents_entries(sample_reader)
    assert [title for level, title, _ in marks if level == 0] == CHAPTERS
    assert [title for level, title, _ in marks if title.startswith("Område")] == AREAS
    assert all(level == 1 for level, title, _ in marks if title.startswith("Område"))


def test_contents_entries_are_links_to_their_pages(sample_reader):
    annotations = [a.get_object() for a in sample_reader.pages[1].get("/Annots", [])]
    links = [a for a in annotations if a["/Subtype"] == "/Link"]
    entries = contents_entries(sample_reader)
    assert len(links) == len(entries)
    targets = []
    for link in links:
        destination = link["/Dest"]
        page_ref = destination[0]
        page_ref = page_ref.indirect_reference if not isinstance(page_ref, IndirectObject) else page_ref
        targets.append(next(i + 1 for i, p in enumerate(sample_reader.pages) if p.indirect_reference == page_ref))
    # annotation order follows the drawing order, which is the contents order
    assert targets == [page for _, page in entries]


def _fonts(resources, seen):
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        seen.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject.get("/Resources"), seen)


def test_every_font_is_the_bundled_one_embedded_and_subset(sample_reader):
    fonts = []
    for page in sample_reader.pages:
        _fonts(page.get("/Resources"), fonts)
    assert fonts
    for font in fonts:
        name = str(font["/BaseFont"])
        assert re.fullmatch(r"/[A-Z]{6}\+NotoSans(-Bold|-Italic|-BoldItalic|-Regular)?", name), name
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name


def test_metadata_and_language(sample_reader):
    info = sample_reader.metadata
    assert info.title == "Kommunkompassen: Analys av Alingsås kommun"
    assert info.author == "Jessica Rööf, Lisa Lindell och Ulrika Elming"
    assert "Alingsås kommun" in info.subject and "21 februari 2023" in info.subject
    assert "Kommunkompassen" in info["/Keywords"] and "Alingsås kommun" in info["/Keywords"]
    assert sample_reader.trailer["/Root"]["/Lang"] == "sv-SE"


def test_a4_pages_with_running_title_and_page_label_n_of_total(sample_reader):
    total = len(sample_reader.pages)
    assert 30 <= total <= 50
    for number, page in enumerate(sample_reader.pages, start=1):
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]
        lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
        if number in (1, total):
            assert not any(PAGE_LABEL.match(line) for line in lines)  # the cover and back page have none
            continue
        assert f"{number} ({total})" in lines
        assert "Kommunkompassen – Alingsås kommun" in lines


def test_chapters_start_on_a_new_page_and_no_heading_ends_a_page(sample_reader, sample_report):
    pages = page_texts(sample_reader)
    for chapter in CHAPTERS:
        page = next(p for p in pages[2:] if chapter.split(" ", 1)[1] in collapse(p))
        body = [l for l in page.splitlines() if l.strip() and not PAGE_LABEL.match(l.strip())][1:]
        assert collapse(body[0]).startswith(chapter.split(" ")[0]), chapter
    headings = {collapse(h.title) for h in sample_report.headings()} | {h.text for h in sample_report.headings()}
    assert len(headings) > 40
    for number, text in enumerate(pages[2:], start=3):
        lines = [collapse(l) for l in text.splitlines() if l.strip() and not PAGE_LABEL.match(l.strip())]
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"

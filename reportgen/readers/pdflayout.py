"""PDF layout: a report PDF's text rebuilt as the plain report text that :mod:`reporttext` reads.

pypdf reports every text run with its position, font and size. From those, lines are
grouped into paragraphs (by line spacing and style), headings (larger or bold lines),
list items (a bullet or number left of the text), and table rows (runs far apart on
one line become tab-separated cells; the two lists of a *Styrkor* box are told apart
by their column). Running headers and page numbers, and the contents page, are
dropped; italics come back as ``*…*``; a hyphen that the line breaking added is
removed again where the writer's hyphenation could have put it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.catalogue import Labels, default_language, load_labels
from reportgen.hyphenation import word_breaks
from reportgen.pdfinput import open_pdf

_PAGE_LABEL = re.compile(r"^\d+( \(\d+\))?$")
_BULLET = re.compile(r"^(•|\d+\.)$")


@dataclass
class Run:
    x: float
    y: float
    text: str
    size: float
    bold: bool
    italic: bool


@dataclass
class Line:
    page: int
    y: float
    runs: list[Run] = field(default_factory=list)

    @property
    def x(self) -> float:
        return self.runs[0].x

    @property
    def size(self) -> float:
        return max(r.size for r in self.runs)

    @property
    def bold(self) -> bool:
        return all(r.bold for r in self.runs if r.text.strip())

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).strip()


def _runs(page) -> list[Run]:
    runs: list[Run] = []

    def visit(text, cm, tm, font, size):
        if not text.strip() or not font:
            return
        name = str(font.get("/BaseFont", ""))
        scale = (tm[0] * cm[0]) or 1
        runs.append(Run(tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text.replace("\n", "").replace("\xa0", " "),
                        round(abs(size * scale), 1), "Bold" in name, "Italic" in name))

    page.extract_text(visitor_text=visit)
    return runs


def _lines(runs: list[Run], page: int) -> list[Line]:
    lines: list[Line] = []
    for run in sorted(runs, key=lambda r: (-round(r.y), r.x)):
        if lines and abs(lines[-1].y - run.y) < 2.5 and lines[-1].page == page:
            lines[-1].runs.append(run)
        else:
            lines.append(Line(page, run.y, [run]))
    for line in lines:
        line.runs.sort(key=lambda r: r.x)
    return lines


def _place(line: Line) -> tuple[str, int]:
    return line.text, round(line.y)


def pdf_report_text(path: Path, labels: Labels | None = None) -> str:
    """The report's text in the form SKR's extracted reports have (see :mod:`reporttext`)."""
    labels = labels or load_labels(default_language())
    reader = open_pdf(path)  # quiet, and an encrypted or broken file refused with a message
    pages = [_lines(_runs(page), number) for number, page in enumerate(reader.pages)]
    # Running headers and footers: the same text at the same height at the top or foot of many
    # pages. Only such lines go; the same words elsewhere on a page are the report's own.
    repeated = Counter(_place(line) for lines in pages for line in lines[:2] + lines[-2:])
    furniture = {place for place, count in repeated.items() if count >= max(3, len(pages) // 2)}
    body: list[Line] = []
    for lines in pages:
        if any(line.text == labels("contents") for line in lines[:3]):
            continue  # the contents page
        edges = {id(line) for line in lines[:2] + lines[-2:]}
        body += [line for line in lines if line.y > 0 and not (id(line) in edges and (
            _place(line) in furniture or _PAGE_LABEL.match(line.text)))]
    return _Writer(body, labels).text()


class _Writer:
    def __init__(self, lines: list[Line], labels: Labels):
        self.lines = lines
        self.labels = labels
        self.out: list[str] = []
        self.hyphenator = word_breaks(labels.locale)  # where the PDF writer may break a word
        # "Mål- och …": after these words a line-end hyphen belongs to the text
        self.conjunctions = {w.strip() for w in labels("hyphen_conjunctions").split(",")}
        body = Counter(round(line.size, 1) for line in lines if not line.bold)
        self.body_size = body.most_common(1)[0][0] if body else 10.5

    def text(self) -> str:
        i = 0
        while i < len(self.lines):
            i = self._next(i)
        return "\n\n".join(self.out) + "\n"

    def _next(self, i: int) -> int:
        line = self.lines[i]
        heads = [r.text.strip() for r in line.runs if r.text.strip()]
        if heads[:2] == [self.labels("topics"), self.labels("points")] or \
                heads[:2] == [self.labels("strengths"), self.labels("improvements")]:
            return self._box(i, heads[:2])
        if self._is_table_row(line):
            return self._table(i)
        if line.bold or line.size > self.body_size + 0.6:
            text = line.text
            i += 1
            while i < len(self.lines) and self.lines[i].page == line.page and self.lines[i].bold and \
                    abs(self.lines[i].size - line.size) < 0.3 and line.y - self.lines[i].y < line.size * 1.6:
                text += " " + self.lines[i].text  # a heading over two lines
                line = self.lines[i]
                i += 1
            self.out.append(" ".join(text.split()))
            return i
        return self._paragraph(i)

    def _cells(self, line: Line) -> list[str]:
        """A table row's cells: every run starts a cell (table cells hold plain text, one run a line)."""
        return [" ".join(run.text.split()) for run in line.runs if run.text.strip()]

    def _is_cell_text(self, line: Line) -> bool:
        """Text smaller than the body: table cells (and a first cell's wrapped line)."""
        return line.size < self.body_size - 0.6

    def _is_table_row(self, line: Line) -> bool:
        return self._is_cell_text(line) and len(self._cells(line)) > 1

    def _table(self, i: int) -> int:
        rows = []
        while i < len(self.lines) and (self._is_table_row(self.lines[i]) or self._is_cell_text(self.lines[i])):
            cells = self._cells(self.lines[i])
            if rows and len(cells) == 1 and rows[-1] and not re.match(r"^\d", cells[0]):
                rows[-1][0] += " " + cells[0]  # a wrapped first cell
            else:
                rows.append(cells)
            i += 1
        self.out.append("\n".join("\t".join(row) for row in rows))
        return i

    def _box(self, i: int, heads: list[str]) -> int:
        header = self.lines[i]
        boundary = next(r.x for r in header.runs if r.text.strip() == heads[1]) - 6
        columns: list[list[list[str]]] = [[], []]
        points = ""
        i += 1
        while i < len(self.lines) and self.lines[i].size <= self.body_size - 0.6 or \
                i < len(self.lines) and self.lines[i].size > 20:
            if [r.text.strip() for r in self.lines[i].runs if r.text.strip()] == heads:
                i += 1  # the header row repeated on a continuation page
                continue
            for run in self.lines[i].runs:
                if run.size > 20:
                    points = run.text.strip()
                    continue
                column = columns[0 if run.x < boundary else 1]
                text = run.text.strip()
                if text == "•":
                    column.append([])
                elif column:
                    column[-1].append(text)
            i += 1
        items = [" • ".join(self._joined(item) for item in column) for column in columns]
        self.out.append("\t".join(heads))
        if points:
            self.out.append(f"<ul>• {items[0]}\t{points}")
        else:
            self.out.append(f"<ul>• {items[0]}\t<ul>• {items[1]}")
        return i

    def _paragraph(self, i: int) -> int:
        first = self.lines[i]
        marker = first.runs[0].text.strip() if _BULLET.match(first.runs[0].text.strip()) and len(first.runs) > 1 else ""
        lines = [first]
        i += 1
        while i < len(self.lines):
            line, previous = self.lines[i], lines[-1]
            gap = previous.y - line.y if line.page == previous.page else 0.0
            same = (abs(line.size - previous.size) < 0.6 and not line.bold
                    and not _BULLET.match(line.runs[0].text.strip()))
            if not same or gap > previous.size * 1.75 or (line.page == previous.page and gap <= 0):
                break
            if line.page != previous.page and line.x > first.x + 2 and not marker:
                break
            lines.append(line)
            i += 1
        spans: list[list] = []
        for n, line in enumerate(lines):
            runs = line.runs[1:] if n == 0 and marker else line.runs
            for run in runs:
                self._add(spans, run.text, run.italic, run.bold, new_line=run is runs[0] and n > 0)
        text = "".join(_markdown_span(t, it, b) for t, it, b in spans).strip()
        text = " ".join(text.split())
        self.out.append((("- " if marker == "•" else marker + " ") + text) if marker else text)
        return i

    def _add(self, spans: list[list], text: str, italic: bool, bold: bool, new_line: bool) -> None:
        if new_line and spans:
            previous = spans[-1][0].rstrip()
            spans[-1][0] = previous
            word = re.search(r"(\w+)-$", previous[-64:])  # the tail only: a long word would backtrack
            following = re.match(r"^(\w+)", text.lstrip())
            if word and following and following.group(1)[:1].islower() and \
                    following.group(1).lower() not in self.conjunctions and self._inserted(word.group(1), following.group(1)):
                spans[-1][0] = previous[:-1]  # a hyphen the line breaking added
                text = text.lstrip()
            elif word and following and following.group(1)[:1].islower() and \
                    following.group(1).lower() not in self.conjunctions:
                text = text.lstrip()  # the text's own hyphen ("co-creative", "e-post"): kept, and no space
            else:
                text = " " + text.lstrip()
        if spans and spans[-1][1:] == [italic, bold]:
            spans[-1][0] += text
        else:
            spans.append([text, italic, bold])

    def _inserted(self, left: str, right: str) -> bool:
        """True where the PDF writer's hyphenation may split the joined word."""
        return len(left) in self.hyphenator.positions(left + right)

    def _joined(self, parts: list[str]) -> str:
        spans: list[list] = []
        for n, part in enumerate(parts):
            self._add(spans, part, False, False, new_line=n > 0)
        return " ".join("".join(s[0] for s in spans).split())


def _markdown_span(text: str, italic: bool, bold: bool) -> str:
    core = text.strip()
    if not core or not (italic or bold):
        return text
    mark = "**" if bold and not italic else "*" if italic and not bold else "***"
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()):]
    return f"{lead}{mark}{core}{mark}{tail}"

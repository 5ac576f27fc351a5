"""Reading a built PDF back for tests: its text without running headers, and a comparable form."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PdfReader

PAGE_LABEL = re.compile(r"^\d+ \(\d+\)$")


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def body_text(reader: PdfReader, running_title: str) -> str:
    """All pages' text, without the running header (title) and footer (page label)."""
    kept = []
    for text in page_texts(reader):
        kept += [line for line in text.splitlines()
                 if line.strip() != running_title and not PAGE_LABEL.match(line.strip())]
    return "\n".join(kept)


def squash(text: str) -> str:
    """Text with whitespace and hyphens removed, so line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-\u00ad\u00a0]+", "", text)


def collapse(text: str) -> str:
    """Text with runs of whitespace (including no-break spaces) made one space."""
    return re.sub(r"[\s\u00a0]+", " ", text).strip()


# --- layout as a reader sees it: lines with their position, size and font --------------------------

@dataclass
class Line:
    page: int          # 0-based
    y: float           # baseline, points from the page's foot
    x: float           # left end
    right: float       # right end (estimated from the font's advance widths)
    size: float
    bold: bool
    text: str
    runs: list[tuple[float, float, str]]  # (left, right, text) of each text run, left to right


def page_lines(reader: PdfReader) -> list[list[Line]]:
    """Every page's text lines, top to bottom, from pypdf's text runs."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from reportgen.fonts import register_fonts

    names = register_fonts()
    pages = []
    for number, page in enumerate(reader.pages):
        runs: list[tuple[float, float, float, bool, bool, str]] = []

        def visit(text, cm, tm, font, size):
            if not text.strip() or not font:
                return
            base = str(font.get("/BaseFont", ""))
            scale = (tm[0] * cm[0]) or 1
            runs.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], round(abs(size * scale), 1),
                         "Bold" in base, "Italic" in base, text.replace("\n", "")))

        page.extract_text(visitor_text=visit)
        lines: list[Line] = []
        for x, y, size, bold, italic, text in sorted(runs, key=lambda r: (-round(r[1]), r[0])):
            font = (names.bold_italic if italic else names.bold) if bold else names.italic if italic else names.regular
            right = x + stringWidth(text, font, size)
            if lines and abs(lines[-1].y - y) < 2.5:
                line = lines[-1]
                line.text += text if x - line.right < 1 else " " + text
                line.right = max(line.right, right)
                line.size = max(line.size, size)
                line.bold = line.bold and bold
                line.runs.append((x, right, text))
            else:
                lines.append(Line(number, y, x, right, size, bold, text, [(x, right, text)]))
        pages.append(lines)
    return pages

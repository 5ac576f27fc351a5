"""Reading a built PDF back for tests: its text without running headers, and a comparable form."""

from __future__ import annotations

import re

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

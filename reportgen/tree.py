"""Document tree: the finished report as writer-neutral blocks.

Report logic (what is said, in which order, with which labels and numbers) ends
here; a writer only decides how each block looks. Every block names its role
(heading level, paragraph, list, table, figure), which is what a tagged PDF or a
Word style needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Union


@dataclass(frozen=True)
class Span:
    """A run of text with one emphasis. Text is always literal: never markup."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Span, ...]


def plain(text: str) -> Inline:
    """An inline of one unemphasised span."""
    return (Span(text),)


def inline_text(inline: Inline) -> str:
    return "".join(s.text for s in inline)


@dataclass(frozen=True)
class Heading:
    """A heading. ``anchor`` is its stable id for links, bookmarks and the contents."""

    level: int
    text: str
    anchor: str
    number: str = ""
    in_contents: bool = True

    @property
    def title(self) -> str:
        """The text as the contents and the outline show it: number and text."""
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True)
class Paragraph:
    """Body text; ``role`` is ``body`` or ``lead`` (a sentence that introduces the table or
    chart after it, and is kept on its page), ``instruction`` (a Word skeleton's placeholder),
    or on the back page ``publisher`` or ``imprint``."""

    content: Inline
    role: str = "body"


@dataclass(frozen=True)
class ListBlock:
    """A bullet (or numbered, from ``start``) list; each item holds blocks of its own."""

    items: tuple[tuple["Block", ...], ...]
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Quote:
    """A block quotation."""

    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class Table:
    """A data table: a header row, body rows and optional footer rows (sums).

    ``widths`` are relative column widths; ``numeric`` marks the columns that hold
    numbers (right-aligned in both writers). The header repeats across pages.
    ``caption`` names the table for a reader that lists tables (the HTML ``<caption>``).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()
    numeric: tuple[bool, ...] = ()
    role: str = "table"
    caption: str = ""


@dataclass(frozen=True)
class TopicBox:
    """An area's box: its *Rubriker* listed beside the area's *Poäng*."""

    topics_label: str
    topics: tuple[str, ...]
    points_label: str
    points: str


@dataclass(frozen=True)
class ListColumns:
    """Lists side by side under their labels: *Styrkor* beside *Förbättringsmöjligheter*."""

    columns: tuple[tuple[str, tuple[Inline, ...]], ...]


@dataclass(frozen=True)
class Series:
    """One series of a chart. ``role`` (``current``, ``reference``, ``previous``) tells a
    renderer which line style and marker to use, so series differ in grayscale too.
    ``value_labels`` are the values as the reader sees them (formatted for the locale)."""

    label: str
    values: tuple[float, ...]
    role: str = "current"
    value_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartNote:
    """What is stated beside a chart: a label, a figure and a detail ("Totalpoäng", "456", "av 800"),
    and, where the document gives one, the reference to compare with ("Genomsnitt 475")."""

    label: str
    value: str
    detail: str
    reference: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart definition: what to draw, not how. Every writer renders the same one.

    ``kind`` is ``bars`` (one bar per category) or ``radar``. ``categories`` are the
    labels with their number ("1 Samspel …"), ``keys`` the numbers alone for crowded
    axes and ``names`` the labels without them, for a key beside the chart. ``caption``
    is the text alternative, a sentence built from the data so a reader who cannot see
    the chart gets the same information; ``note`` is stated beside it (the total).
    """

    kind: str
    anchor: str
    categories: tuple[str, ...]
    keys: tuple[str, ...]
    names: tuple[str, ...]
    series: tuple[Series, ...]
    maximum: float
    caption: str
    note: ChartNote | None = None


@dataclass(frozen=True)
class Contents:
    """The table of contents. Its entries are the headings marked ``in_contents``."""

    title: str
    entries: tuple[Heading, ...]


@dataclass(frozen=True)
class Cover:
    """The cover page."""

    title: str
    subtitle: str
    date: str
    evaluators: str
    publisher: str
    logo: Path | None = None
    logo_alt: str = ""


@dataclass(frozen=True)
class BackPage:
    """The publication's back page (publisher, address, web address, publication details).

    Its paragraphs have the role ``publisher`` (set larger, as on the cover) or ``imprint`` (the
    address and publication details); a writer puts them on a last page of their own (a new
    page, or a section that ends the document) without running header or footer.
    """

    blocks: tuple["Paragraph", ...]


@dataclass(frozen=True)
class PageBreak:
    """Starts the next block on a new page (chapters start on a new page)."""


Block = Union[Heading, Paragraph, ListBlock, Quote, Table, TopicBox, ListColumns, Chart, Contents, Cover,
              BackPage, PageBreak]


@dataclass(frozen=True)
class Attachment:
    """A file that travels inside the output, such as the evaluation document it was built from."""

    name: str
    data: bytes
    mime: str
    relationship: str = "Source"
    description: str = ""


@dataclass(frozen=True)
class Metadata:
    """What a reader's software shows about the file, and the running header and footer.

    ``created`` is the report's date, never the clock, so a rebuild gives the same bytes.
    ``properties`` are the report's facts for archives (municipality, dates, framework).
    A draft's ``title`` and ``keywords`` say so too, and every writer draws ``draft_mark`` on each page.
    """

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str
    created: date
    running_title: str
    page_label: str = "{page} ({pages})"
    producer: str = "reportgen"
    properties: tuple[tuple[str, str], ...] = ()
    source: Attachment | None = None
    source_description: str = ""
    # Words a writer shows around the blocks rather than in them (the web edition's skip link,
    # the heading of a chart's data table), from the label catalogue: key -> text.
    navigation_labels: tuple[tuple[str, str], ...] = ()
    draft_mark: str = ""  # set on a draft: every page shows it (the label, e.g. "UTKAST")

    @property
    def authors(self) -> tuple[str, ...]:
        """The XMP creators: one entry, the same text as ``author``, because PDF/A asks
        the XMP's dc:creator to match the document info's single Author."""
        return (self.author,)


@dataclass(frozen=True)
class Report:
    """The whole report: metadata and blocks in reading order."""

    metadata: Metadata
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]



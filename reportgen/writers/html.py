"""HTML writer: renders a report tree as one self-contained, accessible web page.

Everything travels in the file: the styles (``templates/html/``, coloured and sized from the
theme), the fonts subset to the page's characters as woff2, the charts as inline SVG drawn
by the same routine as the PDF's, and the evaluation document (base64 in a non-executed
``<script type="application/yaml">``, which ``reportgen extract`` reads back). No script runs
and nothing is fetched. All text is escaped (markupsafe), so the document's text never
becomes markup. Structure follows the tree: one ``<section>`` per chapter and per level-2
heading, real tables with captions and header scopes, lists as lists.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from itertools import count
from pathlib import Path
from typing import BinaryIO

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from reportgen import tree
from reportgen.characters import usable
from reportgen.garbage import rare_collection
from reportgen.resources import TEMPLATES
from reportgen.theme import Theme, load_theme
from reportgen.writers.webfonts import font_faces

SOURCE_ID = "reportgen-source"
_SVG = "http://www.w3.org/2000/svg"
_MM_TO_PT = 72 / 25.4
# A phone gets the chart drawn narrower (so its labels come out larger): the narrowest width at
# which the drawing still sets every area name of the framework in its two lines.
_PHONE_CHART_WIDTH_PT = 340


@rare_collection()
def write_html(report: tree.Report, target: Path | BinaryIO) -> None:
    """Render ``report`` into ``target`` (a path or a binary stream) as UTF-8 HTML."""
    data = render_html(report).encode("utf-8")
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)


def render_html(report: tree.Report) -> str:
    """The report as the text of one HTML page."""
    theme = load_theme()
    writer = _Writer(report, theme)
    cover = next((b for b in report.blocks if isinstance(b, tree.Cover)), None)
    contents = next((b for b in report.blocks if isinstance(b, tree.Contents)), None)
    back = next((b for b in report.blocks if isinstance(b, tree.BackPage)), None)
    body = [b for b in report.blocks if not isinstance(b, (tree.Cover, tree.Contents, tree.BackPage))]
    main = writer.sections(_nest(body))
    meta = report.metadata
    source = meta.source
    page = _environment().get_template("report.html.j2").render(
        meta=meta, labels=dict(meta.navigation_labels), theme=theme,
        css=Markup(_environment().get_template("report.css.j2").render(
            theme=theme, sizes=_relative_sizes(theme), faces=font_faces(*page_characters(report)),
            running_title=_css_string(usable(meta.running_title)), page_label=_css_page_label(meta.page_label),
            draft_mark=_css_string(usable(meta.draft_mark)) if meta.draft_mark else None)),
        cover=writer.cover(cover) if cover else None, contents=writer.contents(contents) if contents else None,
        main=main, back_page=writer.back_page(back) if back else None, source=source, source_id=SOURCE_ID,
        source_data=base64.b64encode(source.data).decode("ascii") if source else "",
    )
    return usable(page)  # also for the metadata the template writes (title, author): no control characters


def embedded_source(page: bytes) -> tuple[str, bytes] | None:
    """The evaluation document a page written by :func:`write_html` carries: (file name, bytes)."""
    finder = _SourceFinder()
    finder.feed(page.decode("utf-8", errors="replace"))
    finder.close()
    if finder.name is None:
        return None
    try:
        return finder.name, base64.b64decode("".join("".join(finder.data).split()), validate=True)
    except ValueError:
        return None


class _SourceFinder(HTMLParser):
    """Finds ``<script id="reportgen-source">`` and collects its (base64) text."""

    def __init__(self):
        super().__init__()
        self.name: str | None = None
        self.data: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and values.get("id") == SOURCE_ID and self.name is None:
            self.name = Path(values.get("data-name") or "evaluation.yaml").name
            self._inside = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.data.append(data)


@cache
def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES / "html"),
                              autoescape=select_autoescape(["html.j2"]), trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)
    environment.filters["css_string"] = _css_string
    return environment


def page_characters(report: tree.Report) -> tuple[str, bool]:
    """Every character the page can show, for the font subsets (the tree's text and the words around
    it), and whether any text is bold and italic at once (only then is that face embedded)."""
    seen: set[str] = set("0123456789()–-., ")  # page numbers in print, the charts' scales
    bold_italic = False

    def visit(value) -> None:
        nonlocal bold_italic
        if isinstance(value, str):
            seen.update(value)
        elif isinstance(value, tree.Span):
            seen.update(value.text)
            bold_italic |= value.bold and value.italic and bool(value.text.strip())
        elif isinstance(value, (tuple, list)):
            for item in value:
                visit(item)
        elif hasattr(value, "__dataclass_fields__") and not isinstance(value, tree.Attachment):
            for name in value.__dataclass_fields__:
                visit(getattr(value, name))

    meta = report.metadata
    visit((report.blocks, meta.navigation_labels, meta.running_title, meta.page_label))
    return usable("".join(sorted(seen))), bold_italic


# --- structure --------------------------------------------------------------------------------------

@dataclass
class _Section:
    """A heading with what follows it up to the next heading of its level or above."""

    heading: tree.Heading
    body: list = field(default_factory=list)
    page_break: bool = False  # the tree starts it on a new page (print does too)


def _nest(blocks: list[tree.Block]) -> list:
    """Blocks grouped into sections at every level-1 and level-2 heading (chapters and areas)."""
    top: list = []
    open_sections: list[_Section] = []
    page_break = False
    for block in blocks:
        if isinstance(block, tree.PageBreak):
            page_break = True
            continue
        if isinstance(block, tree.Heading) and block.level <= 2:
            while open_sections and open_sections[-1].heading.level >= block.level:
                open_sections.pop()
            section = _Section(block, page_break=page_break)
            (open_sections[-1].body if open_sections else top).append(section)
            open_sections.append(section)
        else:
            (open_sections[-1].body if open_sections else top).append(block)
        page_break = False
    return top


# --- rendering --------------------------------------------------------------------------------------

def _text(text: str) -> Markup:
    return escape(usable(text))


def _inline(content: tree.Inline) -> Markup:
    parts = []
    for span in content:
        text = _text(span.text)
        if span.bold:
            text = Markup("<strong>{}</strong>").format(text)
        if span.italic:
            text = Markup("<em>{}</em>").format(text)
        parts.append(text)
    return Markup("").join(parts)


def _heading_content(heading: tree.Heading) -> Markup:
    if heading.number:
        return Markup('<span class="number">{}</span> {}').format(_text(heading.number), _text(heading.text))
    return _text(heading.text)


class _Writer:
    def __init__(self, report: tree.Report, theme: Theme):
        self.report = report
        self.theme = theme
        self.labels = dict(report.metadata.navigation_labels)
        self.ids = count(1)

    def _id(self, kind: str) -> str:
        return f"{kind}-{next(self.ids)}"

    # --- page parts --------------------------------------------------------------------------------

    def cover(self, cover: tree.Cover) -> Markup:
        logo = Markup("")
        if cover.logo is not None and cover.logo.is_file():
            mime = "image/png" if cover.logo.read_bytes()[:4] == b"\x89PNG" else "image/jpeg"
            data = base64.b64encode(cover.logo.read_bytes()).decode("ascii")
            logo = Markup('<img class="logo" src="data:{};base64,{}" alt="{}">').format(mime, data,
                                                                                       _text(cover.logo_alt))
        return Markup(
            '<div class="cover-panel"><div class="page-width">'
            '<h1 class="cover-title">{}</h1><p class="cover-subtitle">{}</p></div></div>'
            '<div class="cover-facts page-width">{}<p class="cover-date">{}</p><p class="cover-evaluators">{}</p>'
            '<p class="cover-publisher">{}</p></div>'
        ).format(_text(cover.title), _text(cover.subtitle), logo, _text(cover.date), _text(cover.evaluators),
                 _text(cover.publisher))

    def back_page(self, back: tree.BackPage) -> Markup:
        """The publication details that end the report: the page's footer, after ``<main>``, the
        publisher first as on the PDF's back page."""
        return Markup("").join(Markup('<p class="{}">{}</p>').format(
            "back-publisher" if p.role == "publisher" else "back-detail", _inline(p.content)) for p in back.blocks)

    def contents(self, contents: tree.Contents) -> Markup:
        """Nested ordered lists: chapters, and under each its level-2 headings."""
        items: list[tuple[tree.Heading, list[tree.Heading]]] = []
        for heading in contents.entries:
            if heading.level == 1 or not items:
                items.append((heading, []))
            else:
                items[-1][1].append(heading)
        out = [Markup('<h2 id="contents-title" class="contents-title">{}</h2><ol class="contents">').format(
            _text(contents.title))]
        for heading, children in items:
            out.append(Markup('<li><a href="#{}">{}</a>').format(heading.anchor, _heading_content(heading)))
            if children:
                out.append(Markup("<ol>"))
                out += [Markup('<li><a href="#{}">{}</a></li>').format(c.anchor, _text(c.title)) for c in children]
                out.append(Markup("</ol>"))
            out.append(Markup("</li>"))
        out.append(Markup("</ol>"))
        return Markup("").join(out)

    # --- blocks ------------------------------------------------------------------------------------

    def sections(self, nodes: list, within: tree.Heading | None = None) -> Markup:
        return Markup("\n").join(self.node(node, within) for node in nodes)

    def node(self, node, within: tree.Heading | None) -> Markup:
        if isinstance(node, _Section):
            heading = node.heading
            kind = ("chapter" if heading.level == 1 else "subsection") + (" page-break" if node.page_break else "")
            return Markup('<section class="{}" aria-labelledby="{}">\n{}\n{}\n</section>').format(
                kind, heading.anchor, self.block(heading, within), self.sections(node.body, heading))
        return self.block(node, within)

    def block(self, block: tree.Block, within: tree.Heading | None) -> Markup:
        match block:
            case tree.Heading():
                level = min(block.level, 3)
                return Markup('<h{0} id="{1}">{2}</h{0}>').format(level, block.anchor, _heading_content(block))
            case tree.Paragraph(role="lead"):
                return Markup('<p class="lead">{}</p>').format(_inline(block.content))
            case tree.Paragraph():
                return Markup("<p>{}</p>").format(_inline(block.content))
            case tree.ListBlock():
                return self._list(block, within)
            case tree.Quote():
                return Markup("<blockquote>{}</blockquote>").format(
                    Markup("").join(self.block(b, within) for b in block.blocks))
            case tree.Table():
                return self._table(block)
            case tree.TopicBox():
                return self._topic_box(block, within)
            case tree.ListColumns():
                return self._list_columns(block)
            case tree.Chart():
                return self._chart(block)
            case tree.PageBreak():
                return Markup("")
        raise TypeError(f"the HTML writer has no rendering for {type(block).__name__}")

    def _list(self, block: tree.ListBlock, within: tree.Heading | None) -> Markup:
        items = Markup("").join(
            Markup("<li>{}</li>").format(Markup("").join(
                _inline(child.content) if isinstance(child, tree.Paragraph) and len(item) == 1
                else self.block(child, within) for child in item))
            for item in block.items)
        if block.ordered:
            start = Markup(' start="{}"').format(block.start) if block.start != 1 else Markup("")
            return Markup("<ol{}>{}</ol>").format(start, items)
        return Markup("<ul>{}</ul>").format(items)

    def _scroll_region(self, caption_id: str, table: Markup) -> Markup:
        """A table in a region that scrolls sideways on its own when it is wider than the screen;
        focusable so that a keyboard user can scroll it too."""
        return Markup('<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{}">{}</div>').format(
            caption_id, table)

    def _table(self, block: tree.Table) -> Markup:
        columns = len(block.header)
        numeric = block.numeric or (False,) * columns
        caption_id = self._id("table")
        widths = Markup("").join(Markup('<col style="width: {:.1f}%">').format(w * 100) for w in block.widths)

        def cell(text: str, number: bool, tag: str, scope: str = "") -> Markup:
            scope_attr = Markup(' scope="{}"').format(scope) if scope else Markup("")
            css = Markup(' class="number"') if number else Markup("")
            return Markup("<{0}{1}{2}>{3}</{0}>").format(tag, scope_attr, css, _text(text))

        def row(cells: tuple[str, ...]) -> Markup:
            # The first cell names the row (the area or sub-question) unless it is a figure itself.
            return Markup("<tr>{}</tr>").format(Markup("").join(
                cell(text, number, "th" if index == 0 and not number else "td",
                     "row" if index == 0 and not number else "")
                for index, (text, number) in enumerate(zip(cells, numeric))))

        head = Markup("<tr>{}</tr>").format(Markup("").join(
            cell(text, number, "th", "col") for text, number in zip(block.header, numeric)))
        foot = Markup("<tfoot>{}</tfoot>").format(Markup("").join(row(r) for r in block.footer)) \
            if block.footer else Markup("")
        table = Markup('<table class="data {}"><caption id="{}">{}</caption><colgroup>{}</colgroup>'
                       "<thead>{}</thead><tbody>{}</tbody>{}</table>").format(
            block.role, caption_id, _text(block.caption or block.header[0]), widths, head,
            Markup("").join(row(r) for r in block.rows), foot)
        return self._scroll_region(caption_id, table)

    def _topic_box(self, box: tree.TopicBox, within: tree.Heading | None) -> Markup:
        caption_id = self._id("table")
        topics = Markup("").join(Markup("<li>{}</li>").format(_text(t)) for t in box.topics)
        table = Markup(
            '<table class="topic-box"><caption id="{}">{}</caption>'
            '<thead><tr><th scope="col">{}</th><th scope="col" class="number">{}</th></tr></thead>'
            '<tbody><tr><td><ul>{}</ul></td><td class="points">{}</td></tr></tbody></table>'
        ).format(caption_id, _text(within.title if within else box.topics_label), _text(box.topics_label),
                 _text(box.points_label), topics, _text(box.points))
        return self._scroll_region(caption_id, table)

    def _list_columns(self, block: tree.ListColumns) -> Markup:
        """Lists side by side, each under its label as a heading (Styrkor, Förbättringsmöjligheter)."""
        columns = []
        for label, items in block.columns:
            label_id = self._id("list")
            columns.append(Markup('<div class="list-column"><h3 class="list-label" id="{}">{}</h3>'
                                  '<ul aria-labelledby="{}">{}</ul></div>').format(
                label_id, _text(label), label_id,
                Markup("").join(Markup("<li>{}</li>").format(_inline(item)) for item in items)))
        return Markup('<div class="list-columns">{}</div>').format(Markup("").join(columns))

    def _chart(self, chart: tree.Chart) -> Markup:
        """The chart as inline SVG (the PDF's drawing) with its caption, and its figures as a table."""
        caption_id = self._id("chart")
        header = (self.labels.get("comparison_area", ""), *(s.label for s in chart.series))
        rows = tuple((category, *(_value_label(s, index) for s in chart.series))
                     for index, category in enumerate(chart.categories))
        # The drawing's title is its text alternative; its description the figures in words.
        figures = "; ".join(f"{row[0]}: " + ", ".join(f"{s.label} {v}" for s, v in zip(chart.series, row[1:]))
                            for row in rows)
        # Two drawings, one shown: the page's width, and a narrower one for phones. The hidden one
        # is display: none, which also hides it from screen readers.
        svg = Markup("").join(
            Markup('<div class="{}">{}</div>').format(
                css, _chart_svg(chart, width, prefix, title=chart.caption, description=figures))
            for css, width, prefix in (("chart-wide", self.theme.page.text_width_mm * _MM_TO_PT, chart.anchor),
                                       ("chart-narrow", _PHONE_CHART_WIDTH_PT, f"{chart.anchor}-narrow")))
        data = self._table(tree.Table(header, rows, numeric=(False, *(True for _ in chart.series)),
                                      role="chart-data", caption=self.labels.get("chart_data", "")))
        return Markup(
            '<figure class="chart" id="{}"><div class="chart-canvas">{}</div>'
            '<figcaption id="{}">{}</figcaption>'
            '<details class="chart-data"><summary>{}</summary>{}</details></figure>'
        ).format(chart.anchor, svg, caption_id, _text(chart.caption),
                 _text(self.labels.get("chart_data", "")), data)


def _value_label(series: tree.Series, index: int) -> str:
    if series.value_labels:
        return series.value_labels[index]
    value = series.values[index]
    return str(int(value)) if float(value).is_integer() else str(value)


# --- charts -----------------------------------------------------------------------------------------

def _chart_svg(chart: tree.Chart, width: float, prefix: str, title: str, description: str) -> Markup:
    """The chart's reportlab drawing as inline SVG: scalable, labelled (role img, title, desc), its
    ids made unique on the page and its fonts the page's own."""
    from reportgen.charts import chart_svg

    ET.register_namespace("", _SVG)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(chart_svg(chart, width, font_family=load_theme().fonts.family))
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("role", "img")
    root.set("focusable", "false")
    root.set("aria-labelledby", f"{prefix}-title {prefix}-desc")
    for tag, ident, text in (("title", f"{prefix}-title", title), ("desc", f"{prefix}-desc", description)):
        element = root.find(f"{{{_SVG}}}{tag}")
        if element is None:
            element = ET.Element(f"{{{_SVG}}}{tag}")
            root.insert(0, element)
        element.set("id", ident)
        element.text = usable(text)
    for element in root.iter():
        ident = element.get("id")
        if ident and element.tag not in (f"{{{_SVG}}}title", f"{{{_SVG}}}desc"):
            element.set("id", f"{prefix}-{ident}")
        style = element.get("style")
        if style and "url(#" in style:
            element.set("style", style.replace("url(#", f"url(#{prefix}-"))
    return Markup(ET.tostring(root, encoding="unicode"))


# --- CSS --------------------------------------------------------------------------------------------

def _relative_sizes(theme: Theme) -> dict[str, tuple[float, float]]:
    """Each type size as (em of the body size, line height), so the screen scales from the reader's
    own font size while the print stylesheet uses the theme's points."""
    body = theme.sizes["body"].size_pt
    return {name: (round(size.size_pt / body, 4), round(size.leading_pt / size.size_pt, 4))
            for name, size in theme.sizes.items()}


def _css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string: every character but letters, digits and spaces as a
    six-digit escape, so nothing in it can end the string or the ``<style>`` element."""
    return Markup('"' + "".join(c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):06x}"
                                for c in text) + '"')


def _css_page_label(label: str) -> Markup:
    """The catalogue's page label ("{page} ({pages})") as CSS content with page counters."""
    parts = []
    for part in re.split(r"(\{page\}|\{pages\})", label):
        if part == "{page}":
            parts.append("counter(page)")
        elif part == "{pages}":
            parts.append("counter(pages)")
        elif part:
            parts.append(_css_string(part))
    return Markup(" ".join(parts) or '""')


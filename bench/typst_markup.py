"""Typst markup: the report's document tree written as a Typst source, for the speed peer.

``bench/peers.py`` lays out the same report with Typst to compare reportgen with what a team
starting today would pick. The source made here has the same content and structure as
reportgen's PDF: cover, outline, headings, paragraphs with emphasis, lists, tables with repeated
header rows, the topic boxes, the strengths/improvements columns, both charts (as the same SVG
drawings, with their captions as alt text), running header and ``n (N)`` footer, the evaluation
document attached, tagged PDF/A-3b and PDF/UA-1.

All text goes into the source as Typst string literals (``"…"``), so nothing in it is read as
markup. Charts are passed in as SVG made before the timing starts: Typst has no chart library
without packages from the network, and the cost of drawing is measured for reportgen separately.
"""

from __future__ import annotations

import json

from reportgen import tree
from reportgen.theme import load_theme


def _string(text: str) -> str:
    """A Typst string literal; JSON's escapes are Typst's for every character that needs one."""
    return json.dumps(text, ensure_ascii=False)


def _inline(inline: tree.Inline) -> str:
    parts = []
    for span in inline:
        text = _string(span.text)
        if span.bold:
            text = f"strong({text})"
        if span.italic:
            text = f"emph({text})"
        parts.append(text)
    return "[#" + "#".join(parts) + "]" if parts else "[]"


def _blocks(blocks: tuple[tree.Block, ...], charts: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        lines.extend(_block(block, charts))
    return lines


def _item(blocks: tuple[tree.Block, ...], charts: dict[str, str]) -> str:
    return "[" + "\n".join(_blocks(blocks, charts)) + "]"


def _block(block: tree.Block, charts: dict[str, str]) -> list[str]:
    match block:
        case tree.Heading():
            outlined = "true" if block.in_contents else "false"
            return [f"#heading(level: {min(block.level, 3)}, outlined: {outlined}, {_string(block.title)})"
                    f" <{block.anchor}>"]
        case tree.Paragraph():
            return [f"#par({_inline(block.content)})"]
        case tree.ListBlock():
            items = ", ".join(_item(item, charts) for item in block.items)
            if block.ordered:
                return [f"#enum(start: {block.start}, {items})"]
            return [f"#list({items})"]
        case tree.Quote():
            return [f"#quote(block: true, {_item(block.blocks, charts)})"]
        case tree.Table():
            widths = block.widths or (1,) * len(block.header)
            columns = ", ".join(f"{w}fr" for w in widths)
            align = ", ".join("right" if n else "left" for n in (block.numeric or (False,) * len(block.header)))
            head = ", ".join(f"strong({_string(c)})" for c in block.header)
            body = ", ".join(_string(c) for row in block.rows for c in row)
            foot = ", ".join(f"strong({_string(c)})" for row in block.footer for c in row)
            cells = ", ".join(part for part in (body, foot) if part)
            return [f"#table(columns: ({columns},), align: ({align},), fill: (_, y) => if y == 0 {{ primary }},"
                    f" table.header(..({head},).map(c => text(fill: white, c))), {cells})"]
        case tree.TopicBox():
            topics = ", ".join(_string(t) for t in block.topics)
            return [f"#block(fill: tint, inset: 8pt, width: 100%, grid(columns: (3fr, 1fr),"
                    f" [#strong({_string(block.topics_label)}) #list({topics})],"
                    f" [#strong({_string(block.points_label)}) #align(right, text(size: 30pt, fill: accent,"
                    f" weight: \"bold\", {_string(block.points)}))]))"]
        case tree.ListColumns():
            columns = ", ".join(
                f"[#strong({_string(label)}) #list({', '.join(_inline(i) for i in items)})]"
                for label, items in block.columns)
            return [f"#grid(columns: ({', '.join('1fr' for _ in block.columns)},), gutter: 12pt, {columns})"]
        case tree.Chart():
            return [f"#figure(image(bytes(sys.inputs.at({_string(block.anchor)})), format: \"svg\","
                    f" width: 100%, alt: {_string(block.caption)}), caption: {_string(block.caption)})"]
        case tree.Contents():
            return [f"#outline(title: {_string(block.title)}, depth: 2)"]
        case tree.Cover():
            return [f"#place(top + left, dx: -25mm, dy: -28mm, rect(width: 210mm, height: 150mm, fill: primary))",
                    f"#text(size: 36pt, fill: white, weight: \"bold\", {_string(block.title)})",
                    f"#parbreak() #text(size: 20pt, fill: white, {_string(block.subtitle)})",
                    f"#v(1fr) #par({_string(block.date)}) #par({_string(block.evaluators)})",
                    f"#par(text(weight: \"bold\", fill: primary, {_string(block.publisher)}))"]
        case tree.PageBreak():
            return ["#pagebreak()"]
    return []


def typst_source(report: tree.Report, chart_svgs: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The Typst source of ``report`` and its ``sys.inputs`` (chart SVGs, the attached document)."""
    theme = load_theme()
    meta = report.metadata
    colours = theme.colours
    body = theme.sizes["body"]
    language, _, region = meta.language.partition("-")
    page_label = meta.page_label.replace("{page}", "#counter(page).display()").replace(
        "{pages}", "#counter(page).final().first()")
    preamble = [
        f"#let primary = rgb({_string(colours.primary)})",
        f"#let accent = rgb({_string(colours.accent)})",
        f"#let tint = rgb({_string(colours.tint)})",
        f"#set document(title: {_string(meta.title)}, author: {_string(meta.author)},"
        f" keywords: ({', '.join(_string(k) for k in meta.keywords)},),"
        f" date: datetime(year: {meta.created.year}, month: {meta.created.month}, day: {meta.created.day}))",
        f"#set text(font: {_string(theme.fonts.family)}, size: {body.size_pt}pt, lang: {_string(language)},"
        f" region: {_string(region or language)}, hyphenate: true)",
        f"#set par(leading: {body.leading_pt - body.size_pt}pt, spacing: 7pt)",
        f"#set page(paper: \"a4\", margin: (left: {theme.page.margin_left_mm}mm, right: {theme.page.margin_right_mm}mm,"
        f" top: {theme.page.margin_top_mm}mm, bottom: {theme.page.margin_bottom_mm}mm),"
        f" header: context if counter(page).get().first() > 1 {{ text(size: 8pt, fill: gray, {_string(meta.running_title)}) }},"
        f" footer: context if counter(page).get().first() > 1 {{ align(right, text(size: 8pt)[{page_label}]) }})",
        "#show heading: set text(fill: primary)",
        "#set table(stroke: 0.5pt + rgb(\"#b9c9d9\"))",
        "#show table.cell.where(y: 0): set text(weight: \"bold\")",
    ]
    inputs = dict(chart_svgs)
    if meta.source is not None:
        inputs["source"] = meta.source.data.decode("utf-8")
        preamble.append(f"#pdf.attach({_string(meta.source.name)}, bytes(sys.inputs.source), relationship: \"source\","
                        f" mime-type: {_string(meta.source.mime)}, description: {_string(meta.source.description)})")
    return "\n".join(preamble + _blocks(report.blocks, chart_svgs)) + "\n", inputs

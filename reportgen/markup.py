"""Markup: the Markdown subset of narrative text, parsed into document-tree blocks.

Allowed: paragraphs, *italic*, **bold**, bullet and numbered lists, block quotes.
Everything else (HTML, links, images, code, headings, entities) is switched off
in the parser, so it prints as the literal text the author typed.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reportgen.tree import Block, Inline, ListBlock, Paragraph, Quote, Span

_ALLOWED_BLOCK = ["paragraph", "list", "blockquote"]
_ALLOWED_INLINE = ["text", "newline", "emphasis", "escape"]


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.block.ruler.enableOnly(_ALLOWED_BLOCK)
    md.inline.ruler.enableOnly(_ALLOWED_INLINE)
    md.inline.ruler2.enableOnly(["balance_pairs", "emphasis", "fragments_join"])
    md.core.ruler.enableOnly(["normalize", "block", "inline", "text_join"])
    return md


def parse_markdown(text: str | None) -> tuple[Block, ...]:
    """The blocks of a Markdown text; an empty or missing text gives no blocks."""
    if not text or not text.strip():
        return ()
    tokens = _parser().parse(text)
    blocks, _ = _blocks(tokens, 0, None)
    return tuple(blocks)


def parse_inline(text: str) -> Inline:
    """One line of Markdown (a list item, a strength) as emphasised spans."""
    tokens = _parser().parseInline(text.strip())
    return _spans(tokens[0].children or []) if tokens else ()


def _blocks(tokens: list[Token], i: int, until: str | None) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    while i < len(tokens):
        token = tokens[i]
        if until and token.type == until:
            return blocks, i + 1
        if token.type == "paragraph_open":
            blocks.append(Paragraph(_spans(tokens[i + 1].children or [])))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            close = token.type.replace("_open", "_close")
            items, i = _items(tokens, i + 1, close)
            start = int(token.attrGet("start") or 1)
            blocks.append(ListBlock(tuple(items), ordered=token.type == "ordered_list_open", start=start))
        elif token.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, "blockquote_close")
            blocks.append(Quote(tuple(inner)))
        else:
            i += 1
    return blocks, i


def _items(tokens: list[Token], i: int, close: str) -> tuple[list[tuple[Block, ...]], int]:
    items: list[tuple[Block, ...]] = []
    while tokens[i].type != close:
        if tokens[i].type == "list_item_open":
            inner, i = _blocks(tokens, i + 1, "list_item_close")
            items.append(tuple(inner))
        else:
            i += 1
    return items, i + 1


def _spans(children: list[Token]) -> Inline:
    spans: list[Span] = []
    bold = italic = 0
    for child in children:
        if child.type == "strong_open":
            bold += 1
        elif child.type == "strong_close":
            bold -= 1
        elif child.type == "em_open":
            italic += 1
        elif child.type == "em_close":
            italic -= 1
        elif child.type in ("softbreak", "hardbreak"):
            _append(spans, Span(" ", bold > 0, italic > 0))
        elif child.content:
            _append(spans, Span(child.content, bold > 0, italic > 0))
    return tuple(spans)


def _append(spans: list[Span], span: Span) -> None:
    """Adds a span, merging it into the previous one when the emphasis is the same."""
    if spans and (spans[-1].bold, spans[-1].italic) == (span.bold, span.italic):
        spans[-1] = Span(spans[-1].text + span.text, span.bold, span.italic)
    else:
        spans.append(span)

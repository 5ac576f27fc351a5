"""The paragraph fragments made from spans are the ones reportlab's parser makes of their markup."""

from __future__ import annotations

from hypothesis import given, strategies as st
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from reportgen import tree
from reportgen.writers.pdfflowables import inline_frags, inline_markup
from reportgen.writers.pdfstyle import make_styles

STYLES = make_styles("sv")
# White space of every kind reportlab and Python disagree on, the characters the markup escapes,
# letters and the non-breaking space that reportlab does not collapse.
_TEXT = st.text(alphabet=st.sampled_from(list("ab \n\t&<>;\xa0\u200b\u2028\x85\xadé")), max_size=12)
_SPANS = st.lists(st.builds(tree.Span, _TEXT, st.booleans(), st.booleans()), max_size=5).map(tuple)


def _parsed(inline: tree.Inline, style) -> list[tuple]:
    _, frags, _ = ParaParser().parse(cleanBlockQuotedText(inline_markup(inline)), style)
    return [sorted(vars(frag).items(), key=str) for frag in frags]


@given(_SPANS, st.sampled_from([STYLES.body, STYLES.cell_number, STYLES.heading(2)]))
def test_fragments_equal_the_parsers(inline, style):
    made = inline_frags(inline, style)
    assert made is not None
    assert [sorted(vars(frag).items(), key=str) for frag in made] == _parsed(inline, style)


def test_a_nul_falls_back_to_markup():
    assert inline_frags((tree.Span("a\0b"),), STYLES.body) is None


def test_weights_and_entities():
    inline = (tree.Span("  Styrkor & "), tree.Span("svagheter", bold=True), tree.Span(" <i>", italic=True))
    assert [(f.text, f.fontName) for f in inline_frags(inline, STYLES.body)] == [
        ("Styrkor ", "NotoSans"), ("&", "NotoSans"), (" ", "NotoSans"), ("svagheter", "NotoSans-Bold"),
        (" ", "NotoSans-Italic"), ("<", "NotoSans-Italic"), ("i", "NotoSans-Italic"), (">", "NotoSans-Italic")]

"""Limits: the largest input `check` accepts, so that what passes `check` also builds, in bounded time and memory.

Each bound is far above any real evaluation (the published Alingsås 2023 report is a 90 KB
document; its longest paragraph has about 1,900 characters) and low enough that a hostile or
damaged file cannot take the machine down. The benchmarks and worst-case tests build inputs at
exactly these bounds.
"""

from __future__ import annotations

# The document file as a whole: 2 MB is twenty times the sample.
MAX_FILE_BYTES = 2_000_000
# Nesting: the schema itself is 5 levels deep (areas → 1 → sections → 1 → text).
MAX_DEPTH = 20
# YAML anchors and aliases (`&x` / `*x`): a document needs none; a few are tolerated.
MAX_ALIASES = 100
# Values in the document once every alias is expanded (an "alias bomb" expands to billions);
# the text it holds once expanded is bounded by MAX_FILE_BYTES (in characters) too.
MAX_VALUES = 200_000

# One paragraph (text between blank lines) and one word (text between spaces) in any text.
MAX_PARAGRAPH_CHARS = 100_000
MAX_WORD_CHARS = 1_000
# Lines that sit in a table cell or a heading must fit on a page.
MAX_HEADING_CHARS = 300
MAX_LIST_ITEM_CHARS = 1_500
# Names: the municipality's stands on the cover, in every page's running header and in the files'
# properties (Word's core properties hold at most 255 characters); the short name labels the
# charts' legend, which wraps. The PDF's tests lay out a 60-character name; the longest real
# ones are "Region Jämtland Härjedalen" (26) and a municipality of 19.
MAX_NAME_CHARS = 60
MAX_EVALUATORS = 12
MAX_EVALUATORS_JOINED_CHARS = 255
# The logo: a PNG or JPEG of at most this many pixels (4096 × 4096).
MAX_LOGO_PIXELS = 4096 * 4096

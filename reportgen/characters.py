"""Characters: the ones that neither a PDF's text nor a Word file can hold."""

from __future__ import annotations

import re

# C0 and C1 control characters except tab, line feed and carriage return; lone surrogates;
# and the two non-characters U+FFFE and U+FFFF. XML 1.0 (and so .docx) refuses most of them.
UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def usable(text: str) -> str:
    """``text`` without the characters in :data:`UNUSABLE`."""
    return UNUSABLE.sub("", text)

"""Hyphenation: where a word may be broken at a line end, and the hyphenator reportlab calls.

Ragged-right text needs few hyphens. A word is broken only when it has at least
``min_word`` letters, keeps ``min_left``/``min_right`` letters on each side, does not
start with a capital (names stay whole), and only in the *hyphenation zone*: the part
that goes on the line, hyphen included, must be at least ``zone_mm`` wide, so a word is
broken only where the line would otherwise end visibly short. At most ``max_run``
lines in a row end in a hyphen. Among the break points pyphen's patterns allow, a join
of a compound word (``templates/hyphenation/<language>.yaml``) is preferred.

The rules and the zone come from the theme (``templates/theme.yaml``: ``hyphenation``).
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass
from functools import cache

import pyphen
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from reportgen import cache as disk_cache
from reportgen.framework import read_template
from reportgen.resources import TEMPLATES
from reportgen.theme import load_theme


@dataclass(frozen=True)
class Rules:
    zone_mm: float = 17
    min_word: int = 7
    min_left: int = 3
    min_right: int = 3
    max_run: int = 2


def rules() -> Rules:
    """The theme's hyphenation rules (defaults where the theme leaves one out)."""
    values = load_theme().hyphenation
    defaults = Rules()
    return Rules(**{name: type(getattr(defaults, name))(value) for name, value in values.items()
                    if hasattr(defaults, name)})


class WordBreaks:
    """Where a word may be broken: pyphen's points and compound joins, within the word rules."""

    def __init__(self, language: str, word_rules: Rules | None = None):
        code = language.replace("-", "_")
        self.rules = word_rules or rules()
        self._pyphen = _pyphen(code)
        help_file = TEMPLATES / "hyphenation" / f"{code.split('_')[0].lower()}.yaml"
        data = (read_template(help_file) or {}) if help_file.is_file() else {}
        self._parts = frozenset(str(p).lower() for p in data.get("compound_parts") or ())
        self._linking = tuple(str(s) for s in data.get("linking") or ())
        self._longest = max((len(p) for p in self._parts), default=0)

    @cache  # noqa: B019 - one instance per language and process, the cache is meant to live as long
    def positions(self, word: str) -> tuple[int, ...]:
        """Allowed break positions (letters before the break), from the longest head to the
        shortest: a compound's joins where it has any, else pyphen's points."""
        r = self.rules
        if len(word) < r.min_word or not word.isalpha() or word[0].isupper():
            return ()
        allowed = range(r.min_left, len(word) - r.min_right + 1)
        joins = [i for i in allowed if self._is_join(word.lower(), i)]
        if joins:  # a compound breaks at its joins only ("lokal-strategigrupp", never "lokalst-rategigrupp")
            return tuple(sorted(joins, reverse=True))
        return tuple(sorted((i for i in self._pyphen.positions(word) if i in allowed), reverse=True))

    def _is_join(self, word: str, i: int) -> bool:
        left, right = word[:i], word[i:]
        if not any(right[:n] in self._parts for n in range(3, min(len(right), self._longest) + 1)):
            return False
        stems = [left] + [left[:-len(s)] for s in self._linking if left.endswith(s)]
        return any(stem[-n:] in self._parts for stem in stems for n in range(3, min(len(stem), self._longest) + 1))


def _pyphen(code: str) -> pyphen.Pyphen:
    """pyphen for ``code``, its dictionary's parsed patterns kept in the user's cache: parsing
    the dictionary takes longer than a whole report's hyphenation. The patterns are plain data
    (marshal, never pickle), keyed by pyphen's version and the dictionary's content."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(code)]
    if path not in pyphen.hdcache:
        entry = disk_cache.key(pyphen.__version__, str(marshal.version), disk_cache.file_digest(path), "patterns, maxlen")

        def parse() -> bytes:
            parsed = pyphen.HyphDict(path)
            return marshal.dumps((parsed.patterns, parsed.maxlen))

        try:
            patterns, maxlen = marshal.loads(disk_cache.cached("hyphenation", entry, parse))
        except (ValueError, EOFError, TypeError):  # patterns marshal cannot hold, or a damaged entry
            patterns = None
        if patterns:
            parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
            parsed.patterns, parsed.cache, parsed.maxlen = patterns, {}, maxlen
            pyphen.hdcache[path] = parsed
    return pyphen.Pyphen(lang=code)


@cache
def word_breaks(language: str) -> WordBreaks:
    """The word breaks of ``language`` (a BCP 47 tag or locale), one per process."""
    return WordBreaks(language)


class _Candidates:
    """The (head, tail) pairs offered for one word; records whether reportlab took one.

    reportlab tries the pairs in order and stops at the first that fits the line: an
    iterator it stopped early was taken (the line ends in a hyphen), one it ran to the
    end was not.
    """

    def __init__(self, pairs: list[tuple[str, str]]):
        self._pairs = iter(pairs)
        self.offered = 0
        self.exhausted = False

    def __iter__(self) -> "_Candidates":
        return self

    def __next__(self) -> tuple[str, str]:
        try:
            pair = next(self._pairs)
        except StopIteration:
            self.exhausted = True
            raise
        self.offered += 1
        return pair

    @property
    def taken(self) -> bool:
        return self.offered > 0 and not self.exhausted


class Hyphenator:
    """reportlab's ``hyphenationLang`` callable for one font and size, applying :class:`Rules`.

    reportlab calls it for the word that overflows a line, so its calls follow the line
    ends in order; the paragraph calls :meth:`start` before it breaks its lines. A line
    end that reportlab does not ask about (a word with digits) is counted as hyphenated,
    which only ever makes a run shorter.
    """

    def __init__(self, language: str, font_name: str, font_size: float):
        self.breaks = word_breaks(language)
        self.font_name, self.font_size = font_name, font_size
        self.zone = self.breaks.rules.zone_mm * mm
        self._run = 0
        self._last: _Candidates | None = None

    def start(self) -> None:
        """A paragraph's line breaking starts: no hyphenated line before it."""
        self._run, self._last = 0, None

    def __call__(self, word: str) -> _Candidates:
        if self._last is not None:
            self._run = self._run + 1 if self._last.taken else 0
        pairs: list[tuple[str, str]] = []
        if self._run < self.breaks.rules.max_run:
            for i in self.breaks.positions(word):
                head = word[:i]
                if stringWidth(head + "-", self.font_name, self.font_size) >= self.zone:
                    pairs.append((head, word[i:]))
        self._last = _Candidates(pairs)
        return self._last

    def __deepcopy__(self, memo: dict) -> "Hyphenator":
        # reportlab deep-copies paragraphs when it splits a table row; share, do not copy.
        return self


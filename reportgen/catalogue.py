"""Catalogue: the fixed texts a reader sees in the report (labels), per language, per framework.

``labels/<language>.yaml`` holds a language's labels; a framework family's folder and a
revision's folder may override any of them in their own ``labels.<language>.yaml``. Labels
may use the framework's facts as placeholders: ``{family}``, ``{subject}``, ``{area_count}``,
``{area_count_words}``, ``{area_max}``, ``{framework_max}`` and ``{revision}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel.lists import format_list
from babel.numbers import format_decimal

from reportgen.resources import template_folders

if TYPE_CHECKING:
    from reportgen.framework import Framework


@dataclass(frozen=True)
class Labels:
    """The label catalogue of one language; ``labels("area_heading", number=1, name=…)``."""

    language: str
    entries: dict[str, str]
    context: dict[str, str] = field(default_factory=dict)
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def locale(self) -> str:
        """The babel locale for dates and numbers, such as ``sv_SE``."""
        return self.entries["locale"]

    def number(self, value: float) -> str:
        """``value`` written as the language writes numbers ("57", "2,5")."""
        return _decimal(value, self.locale)

    def names(self, names) -> str:
        """Names joined as the language lists them ("A, B och C"): the evaluators on the cover, in the
        files' author property and wherever they are compared with those."""
        return format_list([str(name) for name in names], locale=self.locale)

    def __call__(self, key: str, **values: object) -> str:
        return self.entries[key].format(**{**self.context, **values})

    def all_of(self, key: str, **values: object) -> list[str]:
        """The label and the other wordings that older reports use for it (``read_variants``)."""
        return [self(key, **values), *(v.format(**{**self.context, **values}) for v in self.variants.get(key, ()))]

    def short_name(self, municipality: str) -> str:
        """The name as running text uses it: "Alingsås kommun" -> "Alingsås", "Vänersborgs kommun"
        -> "Vänersborg" (the genitive before the suffix dropped), "Region Gotland" -> "Gotland"."""
        for suffix in self._words("municipality_suffixes"):
            if municipality.endswith(" " + suffix):
                name, genitive = municipality[: -len(suffix) - 1], self.entries.get("genitive_suffix", "")
                if genitive and name.endswith(genitive) and not name.lower().endswith(
                        tuple(self._words("names_ending_in_genitive_suffix"))):
                    return name[: -len(genitive)]
                return name
        for prefix in self._words("municipality_prefixes"):
            if municipality.startswith(prefix + " "):
                return municipality[len(prefix) + 1:]
        return municipality

    def _words(self, key: str) -> list[str]:
        return [word.strip() for word in self.entries.get(key, "").split(",") if word.strip()]

    def genitive(self, name: str) -> str:
        """The possessive of a name: Swedish adds -s unless the name ends in s, x or z."""
        if name[-1:].lower() in self.entries.get("genitive_unchanged_after", ""):
            return name
        return name + self.entries.get("genitive_suffix", "")


@lru_cache(maxsize=4096, typed=True)
def _decimal(value: float, locale: str) -> str:
    # babel parses the locale name on every call, which costs more than the formatting;
    # a report writes the same few scores many times.
    return format_decimal(value, locale=locale)


def available_languages() -> list[str]:
    return sorted({p.stem for folder in template_folders() for p in (folder / "labels").glob("*.yaml")})


def default_language() -> str:
    from reportgen.framework import settings

    return settings()["language"]


def load_labels(language: str, framework: Framework | None = None) -> Labels:
    """The catalogue for ``language`` as ``framework`` (default: the default framework) words it;
    raises KeyError when the language has no catalogue."""
    from reportgen.framework import default_framework, load_framework

    framework = framework or load_framework(default_framework())
    areas = framework.areas
    facts = (("area_count", len(areas)), ("area_max", max((a.max for a in areas), default=0)),
             ("framework_max", framework.max))
    return _load(language, template_folders(), framework.family.folders, framework.folders,
                 framework.family.name, framework.family.subject, framework.revision, facts)


@cache
def _load(language: str, folders: tuple[Path, ...], family_folders: tuple[Path, ...],
          revision_folders: tuple[Path, ...], family: str, subject: str, revision: str,
          facts: tuple[tuple[str, float], ...]) -> Labels:
    from reportgen.framework import read_template

    # lowest priority first: the language's catalogues (shipped last), the family's, the revision's
    layers = [folder / "labels" / f"{language}.yaml" for folder in reversed(folders)]
    if not any(path.is_file() for path in layers):
        raise KeyError(language)
    layers += [folder / f"labels.{language}.yaml" for folder in (*reversed(family_folders),
                                                                  *reversed(revision_folders))]
    entries: dict[str, str] = {}
    variants: dict[str, tuple[str, ...]] = {}
    for path in layers:
        if path.is_file():
            data = read_template(path) or {}
            for key, value in (data.pop("read_variants", None) or {}).items():
                variants[str(key)] = tuple(str(v) for v in value)
            entries.update({str(k): str(v) for k, v in data.items()})
    locale = entries["locale"]
    context = {"family": family, "revision": revision, "subject": entries.get(f"subject_{subject}", subject)}
    for name, value in facts:
        context[name] = _decimal(value, locale)
    count = dict(facts)["area_count"]
    words = [w.strip() for w in entries.get("numbers_in_words", "").split(",")]
    context["area_count_words"] = words[int(count)] if int(count) < len(words) else context["area_count"]
    return Labels(language, entries, context, variants)

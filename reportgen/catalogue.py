"""Catalogue: the fixed texts a reader sees in the report (labels), one YAML file per language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from reportgen.resources import TEMPLATES


@dataclass(frozen=True)
class Labels:
    """The label catalogue of one language; ``labels("area_heading", number=1, name=…)``."""

    language: str
    entries: dict[str, str]

    @property
    def locale(self) -> str:
        """The babel locale for dates and numbers, such as ``sv_SE``."""
        return self.entries["locale"]

    def __call__(self, key: str, **values: object) -> str:
        return self.entries[key].format(**values)

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


def available_languages() -> list[str]:
    return sorted(p.stem for p in (TEMPLATES / "labels").glob("*.yaml"))


@cache
def load_labels(language: str) -> Labels:
    """The catalogue for ``language``; raises KeyError when there is none."""
    path = TEMPLATES / "labels" / f"{language}.yaml"
    if not path.is_file():
        raise KeyError(language)
    entries = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    return Labels(language, {str(k): str(v) for k, v in entries.items()})

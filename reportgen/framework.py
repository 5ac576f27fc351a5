"""Framework: Kommunkompassen's areas, sub-questions, max points and standard texts, read from templates/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from reportgen.resources import TEMPLATES


@dataclass(frozen=True)
class Question:
    """A sub-question that evaluators score, such as ``4.3`` with a max of 20 points."""

    id: str
    name: str
    max: int


@dataclass(frozen=True)
class Area:
    """One of the framework's eight areas; its max is the sum of its sub-questions' max."""

    id: int
    name: str
    questions: tuple[Question, ...]

    @property
    def max(self) -> int:
        return sum(q.max for q in self.questions)


@dataclass(frozen=True)
class StandardTexts:
    """Texts every report repeats, in Markdown: chapter 1 and each area's *Allmänt*."""

    introduction: str
    general: dict[int, str]


@dataclass(frozen=True)
class Framework:
    """A revision of Kommunkompassen, such as ``2020``."""

    version: str
    name: str
    areas: tuple[Area, ...]
    folder: Path

    @property
    def max(self) -> int:
        return sum(a.max for a in self.areas)

    def texts(self, language: str) -> StandardTexts:
        return _texts(self.folder / f"texts.{language}.yaml")


def available_versions() -> list[str]:
    """Versions that have a folder ``templates/kommunkompassen-<version>``."""
    return sorted(p.name.removeprefix("kommunkompassen-") for p in TEMPLATES.glob("kommunkompassen-*")
                  if (p / "framework.yaml").is_file())


@cache
def load_framework(version: str) -> Framework:
    """The framework of ``version``; raises KeyError for an unknown one."""
    folder = TEMPLATES / f"kommunkompassen-{version}"
    if not (folder / "framework.yaml").is_file():
        raise KeyError(version)
    data = yaml.load((folder / "framework.yaml").read_text("utf-8"), Loader=yaml.CSafeLoader)
    areas = tuple(
        Area(int(a["id"]), a["name"], tuple(Question(str(q["id"]), q["name"], int(q["max"])) for q in a["questions"]))
        for a in data["areas"]
    )
    return Framework(str(data["version"]), data["name"], areas, folder)


@cache
def _texts(path: Path) -> StandardTexts:
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    return StandardTexts(data["introduction"], {int(k): v for k, v in data["general"].items()})

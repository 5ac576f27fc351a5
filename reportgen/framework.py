"""Framework: a family's revision (areas, sub-questions, max points) and its standard texts, read from templates.

A framework is data: ``<folder>/framework.yaml`` names its family and revision, and lists
the areas and (where known) their sub-questions. The family (``<folder>/family.yaml``) gives
the evaluation's name and what it evaluates (a municipality, a region). Standard texts are
``texts.<language>.yaml`` beside the framework (or the family, for every revision). Folders
are found in :func:`reportgen.resources.template_folders`, so adding a revision or a language
is adding files. A document may declare the areas and sub-questions its revision lacks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from reportgen import cache as disk_cache
from reportgen.messages import say
from reportgen.problems import InvalidInput, Problem
from reportgen.resources import template_folders

# A framework is named, never addressed by a path: "2020", "kommunkompassen-2016".
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}(?:\.[A-Za-z0-9_-]{1,63})?")


@dataclass(frozen=True)
class Question:
    """A sub-question that evaluators score, such as ``4.3`` with a max of 20 points."""

    id: str
    name: str
    max: float


@dataclass(frozen=True)
class Area:
    """One area of the framework; its max is the sum of its sub-questions' max."""

    id: int
    name: str
    questions: tuple[Question, ...]

    @property
    def max(self) -> float:
        return sum(q.max for q in self.questions)


@dataclass(frozen=True)
class StandardTexts:
    """Texts every report repeats, in Markdown: chapter 1 and each area's general text.

    A revision whose texts are not known has none: the document then gives them."""

    introduction: str | None
    general: dict[int, str]
    names: dict[str, str] = field(default_factory=dict)  # translated names by area or sub-question id


@dataclass(frozen=True)
class Family:
    """A kind of evaluation, such as Kommunkompassen; ``subject`` says what it evaluates
    (``municipality``, ``region``): the label ``subject_<subject>`` is the word for it."""

    id: str
    name: str
    subject: str
    folders: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Framework:
    """A revision of a family, such as Kommunkompassen 2020."""

    family: Family
    revision: str
    areas: tuple[Area, ...]
    folders: tuple[Path, ...]
    half_points: bool = False
    shipped: bool = True  # False: the revision is not in templates; the document declares its areas
    names: str = ""  # the language of the area and sub-question names in framework.yaml

    @property
    def id(self) -> str:
        return f"{self.family.id}-{self.revision}"

    @property
    def version(self) -> str:
        """The revision (the name older callers use)."""
        return self.revision

    @property
    def name(self) -> str:
        return self.family.name

    @property
    def document_name(self) -> str:
        """How an evaluation document names it: a bare revision in the default family ("2020")."""
        return self.revision if self.family.id == settings().get("family") else self.id

    @property
    def folder(self) -> Path:
        return self.folders[0]

    @property
    def max(self) -> float:
        return sum(a.max for a in self.areas)

    @property
    def complete(self) -> bool:
        """Every area has its sub-questions (a revision known only by its area names has not)."""
        return bool(self.areas) and all(a.questions for a in self.areas)

    def texts(self, language: str) -> StandardTexts:
        """The standard texts in ``language``: the revision's, else the family's, else none."""
        return _texts(tuple(folder / f"texts.{language}.yaml" for folder in (*self.folders, *self.family.folders)))

    def localized(self, language: str) -> Framework:
        """The framework with area and sub-question names in ``language`` where a texts file gives them."""
        names = self.texts(language).names
        if not names:
            return self
        areas = tuple(replace(area, name=names.get(str(area.id), area.name), questions=tuple(
            replace(q, name=names.get(q.id, q.name)) for q in area.questions)) for area in self.areas)
        return replace(self, areas=areas)

    def with_declared(self, declared: Mapping[int, tuple[str | None, tuple[Question, ...]]]) -> Framework:
        """The framework completed by what a document declares per area: a name and sub-questions.

        A declared name replaces the framework's; declared sub-questions count only where the
        framework has none (checks report a declaration that contradicts the framework)."""
        known = {a.id: a for a in self.areas}
        areas = []
        for number in sorted({*known, *declared}):
            area = known.get(number, Area(number, "", ()))
            name, questions = declared.get(number, (None, ()))
            areas.append(Area(number, name or area.name, area.questions or questions))
        return replace(self, areas=tuple(areas))


def settings() -> dict[str, str]:
    """``defaults.yaml``: the default language, family and framework (the first folder's value wins)."""
    return _settings(template_folders())


@cache
def _settings(folders: tuple[Path, ...]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for folder in reversed(folders):
        path = folder / "defaults.yaml"
        if path.is_file():
            merged.update({str(k): str(v) for k, v in (_yaml(path) or {}).items()})
    return merged


def read_template(path: Path):
    """A template file's data; a file that is not YAML is a clear error naming it, never a traceback."""
    try:  # the parsed data is kept in the user's cache by content: YAML parsing is most of a template's cost
        return disk_cache.loaded("templates", path.read_bytes(), _parse, yaml.__version__)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        raise InvalidInput([Problem(str(path), mark.line + 1 if mark else None, None, "",
                                    say("template_unreadable"), say("template_unreadable_expected"))]) from None


def _parse(source: bytes):
    return yaml.load(source.decode("utf-8"), Loader=yaml.CSafeLoader)


_yaml = read_template


@cache
def _index(folders: tuple[Path, ...]) -> tuple[dict[str, Family], dict[str, list[Path]]]:
    """The families and the framework folders (by id, first folder first) in the template folders."""
    families: dict[str, Family] = {}
    frameworks: dict[str, list[Path]] = {}
    default_family = _settings(folders).get("family", "")
    for root in folders:
        for path in sorted(root.glob("*/family.yaml")):
            data = _yaml(path) or {}
            fid = str(data.get("id", path.parent.name))
            found = families.get(fid)
            if found is None:
                families[fid] = Family(fid, str(data["name"]), str(data.get("subject", "municipality")),
                                       (path.parent,))
            else:
                families[fid] = replace(found, folders=(*found.folders, path.parent))
    for root in folders:
        for path in sorted(root.glob("*/framework.yaml")):
            data = _yaml(path) or {}
            fid = str(data.get("family", default_family))
            revision = str(data.get("revision", data.get("version", "")))
            frameworks.setdefault(f"{fid}-{revision}", []).append(path.parent)
    return families, frameworks


def available_versions() -> list[str]:
    """The frameworks there are: a bare revision for the default family, else family-revision."""
    families, frameworks = _index(template_folders())
    default = settings().get("family", "")
    return sorted(name.removeprefix(default + "-") for name in frameworks)


def newest_of_each_family() -> list[str]:
    """One framework per family, its newest revision: the default framework's family first."""
    _, frameworks = _index(template_folders())
    default = resolve_name(default_framework())[0]
    newest: dict[str, str] = {}
    for name in sorted(frameworks):
        family, _, revision = name.rpartition("-")
        newest[family] = name
    newest[default] = f"{default}-{resolve_name(default_framework())[1]}"
    return sorted(newest.values(), key=lambda name: not name.startswith(default + "-"))


def default_framework() -> str:
    return settings()["framework"]


def resolve_name(name: str) -> tuple[str, str]:
    """``(family, revision)`` of a framework name; a bare revision belongs to the default family.

    Raises KeyError for what is not a name (a path, an empty string) or names no known family."""
    name = str(name).strip()
    if not NAME.fullmatch(name):
        raise KeyError(name)
    families, _ = _index(template_folders())
    family, _, revision = name.rpartition("-")
    if family.lower() in families:
        return family.lower(), revision
    default = settings().get("family", "")
    if default in families:
        return default, name
    raise KeyError(name)


def load_framework(version: str, *, open_revision: bool = False) -> Framework:
    """The framework named ``version`` ("2020", "kommunkompassen-2016"); KeyError for an unknown one.

    With ``open_revision`` a revision the family does not ship is a framework without areas,
    for a document (or an import) that declares them all."""
    return _load(*resolve_name(version), template_folders(), open_revision)


@cache
def _load(family_id: str, revision: str, folders: tuple[Path, ...], open_revision: bool) -> Framework:
    families, frameworks = _index(folders)
    family = families[family_id]
    paths = frameworks.get(f"{family_id}-{revision}")
    if not paths:
        if open_revision and revision:
            return Framework(family, revision, (), (), half_points=True, shipped=False)
        raise KeyError(revision)
    data = _yaml(paths[0] / "framework.yaml")
    try:
        areas = tuple(
            Area(int(a["id"]), str(a["name"]), tuple(Question(str(q["id"]), str(q["name"]), _points(q["max"]))
                                                     for q in a.get("questions") or ()))
            for a in data["areas"]
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidInput([Problem(str(paths[0] / "framework.yaml"), None, None, "", say("template_malformed"),
                                    say("template_malformed_expected"))]) from None
    return Framework(family, revision, areas, tuple(paths), bool(data.get("half_points", False)),
                     names=str(data.get("language", "")))


def _points(value) -> float:
    number = float(value)
    return int(number) if number.is_integer() else number


@cache
def _texts(paths: tuple[Path, ...]) -> StandardTexts:
    """The first texts file that exists; a later one fills in what it leaves out."""
    introduction: str | None = None
    general: dict[int, str] = {}
    names: dict[str, str] = {}
    for path in reversed(paths):
        if not path.is_file():
            continue
        data = _yaml(path) or {}
        introduction = data.get("introduction", introduction)
        general.update({int(k): v for k, v in (data.get("general") or {}).items()})
        for area, entry in (data.get("names") or {}).items():
            names[str(area)] = str(entry["name"]) if isinstance(entry, dict) else str(entry)
            if isinstance(entry, dict):
                names.update({str(k): str(v) for k, v in (entry.get("questions") or {}).items()})
    return StandardTexts(introduction, general, names)

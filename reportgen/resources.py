"""Resources: where the templates and fonts that ship with reportgen are found."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """An installed wheel carries the folder inside the package; a source tree beside it."""
    bundled = _PACKAGE / "_data" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name


TEMPLATES = _resource_dir("templates")
FONTS = _resource_dir("fonts")


SEARCH_PATH_VARIABLE = "REPORTGEN_TEMPLATES"


def template_folders() -> tuple[Path, ...]:
    """Where templates are looked up, first wins: the folders in ``REPORTGEN_TEMPLATES`` (separated
    like PATH), then the templates that ship with reportgen. Adding a framework revision or a
    language is adding files to one of these folders."""
    extra = [Path(p) for p in os.environ.get(SEARCH_PATH_VARIABLE, "").split(os.pathsep) if p.strip()]
    return (*(p.resolve() for p in extra if p.is_dir()), TEMPLATES)

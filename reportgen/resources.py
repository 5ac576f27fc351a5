"""Resources: where the templates and fonts that ship with reportgen are found."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """An installed wheel carries the folder inside the package; a source tree beside it."""
    bundled = _PACKAGE / "_data" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name


TEMPLATES = _resource_dir("templates")
FONTS = _resource_dir("fonts")

"""Cache: what is slow to make and depends only on its inputs, kept across processes by content hash.

Files live in the user's cache folder (platformdirs: ``~/.cache/reportgen`` on Linux, honouring
``XDG_CACHE_HOME``; ``REPORTGEN_CACHE`` names another folder, or ``off`` turns the cache off).
An entry's name is the SHA-256 of everything it was made from, so a changed input is a new entry
and nothing ever needs invalidating. Entries are written to a temporary file and renamed into
place, so concurrent builds (``batch``) never read half an entry. A cache that cannot be read
or written is skipped: it only ever saves time.

What is kept (one folder each): ``charts`` (PNG images for Word), ``fonts`` (reportlab's parsed
TrueType faces), ``hyphenation`` (pyphen's parsed patterns) and ``templates`` (parsed YAML).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

ENVIRONMENT_VARIABLE = "REPORTGEN_CACHE"


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("reportgen", appauthor=False))


def key(*parts: bytes | str) -> str:
    """A hex digest of ``parts`` (each length-prefixed, so no two lists of parts share a key)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


@cache
def file_digest(path: Path) -> str:
    """The SHA-256 of a file's content, once per process (fonts, dictionaries)."""
    return bytes_digest(path.read_bytes())


def bytes_digest(data: bytes) -> str:
    """The SHA-256 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest()


def cached(kind: str, entry_key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes stored under ``kind``/``entry_key``; made by ``make`` and stored when missing."""
    base = folder()
    path = base / kind / entry_key if base is not None else None
    if path is not None:
        try:
            return path.read_bytes()
        except OSError:
            pass
    data = make()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only or full disk: the next build makes it again
    return data


def loaded(kind: str, source: bytes, load: Callable[[bytes], Any], *versions: str) -> Any:
    """``load(source)``, kept by the source's content (and ``versions``, the loader's): for plain
    data that marshal holds (dicts, lists, strings, numbers). A template read by the YAML parser
    takes about a millisecond, its marshal a few hundredths. Data marshal cannot hold (a date)
    is loaded every time; each call returns a fresh copy, which the caller may change."""
    made: list[Any] = []

    def make() -> bytes:
        made.append(load(source))
        try:
            return marshal.dumps(made[0])
        except ValueError:
            raise _NotPlain from None

    try:
        stored = cached(kind, key(*versions, str(marshal.version), source), make)
    except _NotPlain:
        return made[0]
    if made:
        return made[0]
    try:
        return marshal.loads(stored)
    except (ValueError, EOFError, TypeError):  # a damaged entry
        return load(source)


class _NotPlain(Exception):
    """What ``load`` made is not plain data: it is not kept."""

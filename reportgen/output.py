"""Output: writes files atomically, one or several together, and only ever over regular files.

A reader never sees a half-written report; the files of one build appear together or not at
all; a device, FIFO, folder or a link to one of them is never replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportgen.messages import say
from reportgen.problems import InvalidInput, Problem

Writer = Callable[[BinaryIO], None]


def writable_target(path: Path) -> Path:
    """The file to replace for ``path``: itself, or the regular file a symbolic link names.

    Raises :class:`InvalidInput` when ``path`` exists and is not a regular file (a device such
    as ``/dev/null``, a FIFO, a socket, a folder, or a link to one of them): renaming over it
    would destroy it.
    """
    try:
        mode = os.stat(path).st_mode  # follows links: what a link points to is what counts
    except FileNotFoundError:
        if path.is_symlink():  # a dangling link: replacing it would hide where it pointed
            raise _not_a_file(path, say("output_kind_dangling_link")) from None
        return path
    except NotADirectoryError:
        raise _not_a_file(path.parent, say("output_kind_not_a_folder")) from None
    if not stat.S_ISREG(mode):
        raise _not_a_file(path, _kind(mode))
    return path.resolve() if path.is_symlink() else path


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return say("output_kind_folder")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return say("output_kind_device")
    if stat.S_ISFIFO(mode):
        return say("output_kind_fifo")
    return say("output_kind_special")


def _not_a_file(path: Path, kind: str) -> InvalidInput:
    return InvalidInput([Problem(str(path), None, None, "", say("output_not_a_file", kind=kind),
                                 say("output_expected_file"))])


def write_atomically(path: Path, write: Writer) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place.

    If ``write`` raises, the temporary file is removed and whatever was at
    ``path`` before stays exactly as it was.
    """
    write_together({path: write})


def write_together(files: dict[Path, Writer]) -> None:
    """Write every file, or none: all are written and synced to temporary files first, then renamed.

    Should a rename fail, the files already renamed get their previous content back (a hard
    link kept as backup until the end), and files that did not exist before are removed.
    """
    targets = {writable_target(path): write for path, write in files.items()}
    staged: dict[Path, Path] = {}  # target -> its complete temporary file
    try:
        for target, write in targets.items():
            staged[target] = _stage(target, write)
        _commit(staged)
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)  # gone already once renamed


def _stage(target: Path, write: Writer) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _commit(staged: dict[Path, Path]) -> None:
    backups: dict[Path, Path | None] = {}  # target -> the previous file (a hard link), None if new
    renamed: list[Path] = []
    try:
        for target, temporary in staged.items():
            backups[target] = _backup(target)
            os.replace(temporary, target)
            renamed.append(target)
        _sync_folders(staged)
    except BaseException:
        for target in reversed(renamed):
            backup = backups[target]
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        raise
    finally:
        for backup in backups.values():
            if backup is not None:
                backup.unlink(missing_ok=True)


def _backup(target: Path) -> Path | None:
    if not target.exists():
        return None
    backup = target.with_name(f".{target.name}.{os.getpid()}.previous")
    backup.unlink(missing_ok=True)
    try:
        os.link(target, backup)
    except OSError:  # no hard links here (some network file systems): copy instead
        backup.write_bytes(target.read_bytes())
    return backup


def _sync_folders(staged: dict[Path, Path]) -> None:
    """Make the renames themselves durable (POSIX: fsync the folder)."""
    if os.name != "posix":
        return
    for folder in {target.parent for target in staged}:
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)

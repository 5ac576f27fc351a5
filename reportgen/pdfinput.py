"""PDF input: opens a PDF a user gives (quiet, bounded, encryption refused clearly); a report's embedded source.

Used by ``import`` (through :mod:`reportgen.readers.pdflayout`) and by ``extract``. Every way a
hostile or damaged PDF can fail becomes an :class:`InvalidInput` that names the file, never a
traceback, and pypdf's own log lines never reach the terminal.

Encrypted PDFs are refused rather than decrypted: reportgen's own reports are never encrypted
(PDF/A forbids it), SKR publishes its reports unencrypted, and reading AES would add the
compiled ``cryptography`` package for a case that mostly needs a password anyway. A PDF that
pypdf opens without a password and without that package (RC4, empty user password) is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

from reportgen.limits import MAX_FILE_BYTES
from reportgen.messages import say
from reportgen.problems import InvalidInput, Problem

MAX_SOURCE_BYTES = MAX_FILE_BYTES  # no larger than check accepts; this bounds a zlib bomb
SOURCE_SUFFIXES = (".yaml", ".yml")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def _problem(path: Path, message: str, expected: str = "") -> InvalidInput:
    return InvalidInput([Problem(str(path), None, None, "", message, expected)])


@contextlib.contextmanager
def _bounded(largest_stream: int | None = None) -> Iterator[None]:
    """pypdf quiet, and (given ``largest_stream``) no stream decompressed beyond that many bytes."""
    logger = logging.getLogger("pypdf")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False  # its warnings ("invalid pdf header", …) are not ours to print
    try:
        from pypdf import apply_configuration
    except ImportError:  # pypdf < 7: its own default limit (75 MB) still applies
        yield
        return
    if largest_stream is None:
        yield
        return
    with apply_configuration(zlib_maximum_output_length=largest_stream):
        yield


def open_pdf(path: Path) -> PdfReader:
    """A reader for ``path`` with its pages readable, or :class:`InvalidInput` saying why not."""
    encrypted = _problem(path, say("pdf_encrypted"), say("pdf_encrypted_expected"))
    with _bounded():
        try:
            reader = PdfReader(path)
            if reader.is_encrypted and not reader.decrypt(""):
                raise encrypted  # a user password: we have none to give
            len(reader.pages)  # a broken page tree shows here, not halfway through
        except DependencyError:  # AES: it would need the cryptography package
            raise encrypted from None
        except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError) as error:
            raise _problem(path, say("pdf_unreadable", error=error), say("pdf_unreadable_expected")) from None
    return reader


def embedded_source(path: Path) -> tuple[str, bytes]:
    """The evaluation document inside a report: a safe file name for it, and its bytes.

    Refused with a message: no such attachment, one larger than :data:`MAX_SOURCE_BYTES`
    (however well it compresses), and one whose ``/CheckSum`` (MD5, written when the report was
    built) does not match: that document is not what the report was built from, and building
    from it would not give this report back; the archive tool says so instead of guessing.
    """
    reader = open_pdf(path)
    with _bounded(MAX_SOURCE_BYTES):
        try:
            candidates = [f for f in reader.attachment_list if f.subtype == "/application/yaml"
                          or _clean(f.alternative_name or f.name).lower().endswith(SOURCE_SUFFIXES)]
            if not candidates:
                raise _problem(path, say("extract_no_source"), say("extract_no_source_expected"))
            chosen = candidates[0]
            declared = chosen.size
            if isinstance(declared, int) and declared > MAX_SOURCE_BYTES:
                raise _too_large(path)
            data = chosen.content
            checksum = chosen.checksum
        except InvalidInput:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
            if isinstance(error, LimitReachedError):
                raise _too_large(path) from None
            raise _problem(path, say("pdf_unreadable", error=error), say("pdf_unreadable_expected")) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise _too_large(path)
    if checksum is not None and bytes(getattr(checksum, "original_bytes", checksum)) != hashlib.md5(data).digest():
        raise _problem(path, say("extract_checksum_mismatch"), say("extract_checksum_expected"))
    return safe_name(chosen.alternative_name or chosen.name, path), data


def report_source(path: Path) -> tuple[str, bytes]:
    """The evaluation document inside a report built by reportgen: its PDF, or its HTML page."""
    if path.suffix.lower() not in (".html", ".htm"):
        return embedded_source(path)
    from reportgen.writers.html import embedded_source as page_source

    try:
        data = path.read_bytes()
    except OSError as error:
        raise _problem(path, say("pdf_unreadable", error=error.strerror or error), "") from None
    if len(data) > 2 * MAX_SOURCE_BYTES:  # base64 and the page around it
        raise _too_large(path)
    found = page_source(data)
    if found is None:
        raise _problem(path, say("extract_no_source"), say("extract_no_source_expected"))
    if len(found[1]) > MAX_SOURCE_BYTES:
        raise _too_large(path)
    return safe_name(found[0], path), found[1]


def _too_large(path: Path) -> InvalidInput:
    return _problem(path, say("extract_too_large", limit=f"{MAX_SOURCE_BYTES / 1_000_000:g}"),
                    say("extract_no_source_expected"))


def _clean(name: str) -> str:
    return _UNSAFE.sub("", str(name))


def safe_name(name: str, report: Path) -> str:
    """The attachment's name as a plain file name in the current folder, never a path.

    Control characters (NUL among them) are dropped and only the last part after ``/`` or
    ``\\`` is kept; a name that is then empty, hidden or not ``.yaml`` becomes the report's
    own name with ``.yaml``.
    """
    base = re.split(r"[/\\]", _clean(name))[-1].strip()
    if not base or base.startswith(".") or not base.lower().endswith(SOURCE_SUFFIXES):
        return f"{report.stem}.yaml"
    return base

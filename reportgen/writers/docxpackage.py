"""The .docx as an OPC package: parts, their relationships and content types, zipped once.

The Word writer starts from ``templates/word/base.docx``. Its parts (styles, numbering,
settings, theme, font table and the embedded fonts) are read once per process and shared by
every build as bytes; a build adds its own parts (document, headers, footers, pictures,
properties) and replaces the few it changes. :meth:`Package.save` writes the zip in one pass
with zipfile, every entry dated at the report date, so the same report gives the same bytes.
Pictures are stored as they are: PNG is compressed already, and deflating it again costs a
third of the zip's time for 4 % of its size.

Relationship ids and part names are given as python-docx gives them (the lowest free
``rIdN``, ``/word/media/imageN.png``), and the zip lists the parts in the order python-docx
writes them (a depth-first walk of the relationships), so a file stays comparable with
the ones python-docx wrote.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from reportgen.writers.ooxml import attribute

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
_XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
# Extensions whose content type the package declares once (``Default``) rather than per part.
_DEFAULT_TYPES = {"xml": "application/xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                  "rels": _RELS_TYPE}

# Relationship types (ECMA-376 Part 1, §15), as in python-docx's RELATIONSHIP_TYPE.
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CUSTOM_PROPERTIES = f"{_OFFICE}/custom-properties"
CUSTOM_XML = f"{_OFFICE}/customXml"
CUSTOM_XML_PROPS = f"{_OFFICE}/customXmlProps"
FONT_TABLE = f"{_OFFICE}/fontTable"
FOOTER = f"{_OFFICE}/footer"
HEADER = f"{_OFFICE}/header"
IMAGE = f"{_OFFICE}/image"
NUMBERING = f"{_OFFICE}/numbering"
OFFICE_DOCUMENT = f"{_OFFICE}/officeDocument"
SETTINGS = f"{_OFFICE}/settings"


@dataclass
class Relationship:
    id: str
    type: str
    target: str  # the target part's name (``/word/styles.xml``)


@dataclass
class Part:
    """One part: its name (``/word/document.xml``), content type, bytes and outgoing relationships."""

    name: str
    content_type: str
    data: bytes
    rels: list[Relationship] = field(default_factory=list)


@dataclass(frozen=True)
class _BaseEntry:
    content_type: str
    data: bytes
    rels: tuple[Relationship, ...]


class Package:
    """A package being written: the base's parts plus the report's, by part name."""

    def __init__(self, base: Path):
        entries, package_rels = _read_base(base)
        self.parts: dict[str, Part] = {
            name: Part(name, entry.content_type, entry.data, list(entry.rels))
            for name, entry in entries.items()}
        self.rels: list[Relationship] = list(package_rels)
        self._images: dict[str, str] = {}  # SHA-1 of an image -> its part name

    # --- parts and relationships ---------------------------------------------------------------------

    def part(self, name: str) -> Part:
        return self.parts[name]

    def related(self, source: Part | None, reltype: str) -> Part:
        """The one part ``source`` (``None``: the package) relates to by ``reltype``."""
        rels = self.rels if source is None else source.rels
        return self.parts[next(rel.target for rel in rels if rel.type == reltype)]

    def target(self, source: Part, rel_id: str) -> Part:
        return self.parts[next(rel.target for rel in source.rels if rel.id == rel_id)]

    def replace(self, part: Part, data: bytes) -> None:
        """New bytes for a part."""
        part.data = data

    def add(self, name: str, content_type: str, data: bytes) -> Part:
        part = Part(name, content_type, data)
        self.parts[name] = part
        return part

    def relate(self, source: Part | None, target: Part, reltype: str) -> str:
        """A new relationship from ``source`` (``None``: the package) to ``target``; its id."""
        rels = self.rels if source is None else source.rels
        used = {rel.id for rel in rels}
        rel_id = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        rels.append(Relationship(rel_id, reltype, target.name))
        return rel_id

    def next_name(self, template: str) -> str:
        """The first free part name of ``template`` (``/word/header%d.xml``), counting from 1."""
        return next(template % n for n in range(1, len(self.parts) + 2) if template % n not in self.parts)

    def add_image(self, source: Part, data: bytes, extension: str) -> str:
        """The relationship id from ``source`` to an image part holding ``data``, one part per image."""
        digest = hashlib.sha1(data).hexdigest()
        name = self._images.get(digest)
        if name is None:
            name = self.next_name(f"/word/media/image%d.{extension}")
            self.add(name, _DEFAULT_TYPES[extension], data)
            self._images[digest] = name
        existing = next((rel.id for rel in source.rels if rel.type == IMAGE and rel.target == name), None)
        return existing or self.relate(source, self.parts[name], IMAGE)

    # --- writing ---------------------------------------------------------------------------------------

    def save(self, target: BinaryIO, day: date) -> None:
        """The zip: content types, package relationships, then each part followed by its relationships."""
        with _DatedZip(target, day) as archive:
            archive.add("[Content_Types].xml", self._content_types())
            archive.add("_rels/.rels", _relationships_xml(self.rels, "/"))
            for part in self._walk():
                archive.add(part.name[1:], part.data)
                if part.rels:
                    folder, base = posixpath.split(part.name)
                    archive.add(f"{folder[1:]}/_rels/{base}.rels", _relationships_xml(part.rels, folder))

    def _walk(self) -> list[Part]:
        """Every part reachable from the package's relationships, depth first, each once."""
        seen: dict[str, Part] = {}

        def visit(rels: list[Relationship]) -> None:
            for rel in rels:
                if rel.target not in seen:
                    part = seen[rel.target] = self.parts[rel.target]
                    visit(part.rels)

        visit(self.rels)
        return list(seen.values())

    def _content_types(self) -> bytes:
        defaults = {"rels": _RELS_TYPE, "xml": _DEFAULT_TYPES["xml"]}
        overrides = {}
        for part in self._walk():
            extension = part.name.rpartition(".")[2]
            if _DEFAULT_TYPES.get(extension) == part.content_type:
                defaults[extension] = part.content_type
            else:
                overrides[part.name] = part.content_type
        xml = "".join(f"<Default Extension={attribute(ext)} ContentType={attribute(kind)}/>"
                      for ext, kind in sorted(defaults.items()))
        xml += "".join(f"<Override PartName={attribute(name)} ContentType={attribute(kind)}/>"
                       for name, kind in sorted(overrides.items()))
        return _XML_DECLARATION + f'<Types xmlns="{_TYPES_NS}">{xml}</Types>'.encode("utf-8")


def with_fixed_dates(package: bytes, day: date) -> bytes:
    """A zip (python-docx's save of a document) written again with every entry dated at ``day``,
    so the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, _DatedZip(out, day) as archive:
        for entry in source.infolist():
            archive.add(entry.filename, source.read(entry))
    return out.getvalue()


class _DatedZip:
    """A zip whose entries are all dated at one day, noon; pictures stored, the rest deflated."""

    def __init__(self, target: BinaryIO, day: date):
        self.archive = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)
        self.stamp = (day.year, day.month, day.day, 12, 0, 0)

    def add(self, name: str, data: bytes) -> None:
        entry = zipfile.ZipInfo(name, self.stamp)
        entry.create_system, entry.external_attr = 3, 0o644 << 16  # as on Unix, wherever it is built
        stored = name.rpartition(".")[2] in _COMPRESSED_ALREADY
        self.archive.writestr(entry, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)

    def __enter__(self) -> _DatedZip:
        return self

    def __exit__(self, *exc) -> None:
        self.archive.close()


_COMPRESSED_ALREADY = {"png", "jpg", "jpeg"}


def _relationships_xml(rels: list[Relationship], folder: str) -> bytes:
    xml = "".join(f"<Relationship Id={attribute(rel.id)} Type={attribute(rel.type)} "
                  f"Target={attribute(posixpath.relpath(rel.target, folder))}/>" for rel in rels)
    return _XML_DECLARATION + f'<Relationships xmlns="{_RELS_NS}">{xml}</Relationships>'.encode("utf-8")


@lru_cache(maxsize=4)
def _read_base(path: Path) -> tuple[dict[str, _BaseEntry], tuple[Relationship, ...]]:
    """base.docx's parts with their content types and relationships (once a process)."""
    with zipfile.ZipFile(path) as archive:
        blobs = {info.filename: archive.read(info) for info in archive.infolist()}
    types = etree.fromstring(blobs.pop("[Content_Types].xml"))
    defaults = {e.get("Extension"): e.get("ContentType") for e in types if e.tag == f"{{{_TYPES_NS}}}Default"}
    overrides = {e.get("PartName"): e.get("ContentType") for e in types if e.tag == f"{{{_TYPES_NS}}}Override"}

    def rels_of(name: str) -> tuple[Relationship, ...]:
        folder, base = posixpath.split(name)
        xml = blobs.get(f"{folder[1:]}/_rels/{base}.rels".lstrip("/"))
        if xml is None:
            return ()
        return tuple(Relationship(e.get("Id"), e.get("Type"), posixpath.normpath(posixpath.join(folder, e.get("Target"))))
                     for e in etree.fromstring(xml))

    entries = {}
    for zip_name, data in blobs.items():
        if zip_name.endswith(".rels"):
            continue
        name = "/" + zip_name
        content_type = overrides.get(name) or defaults[name.rpartition(".")[2]]
        entries[name] = _BaseEntry(content_type, data, rels_of(name))
    return entries, rels_of("/")

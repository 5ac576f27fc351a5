#!/usr/bin/env python3
"""Validate the WordprocessingML parts of a .docx against the ISO/IEC 29500 transitional schemas.

usage: python tests/docx_validate.py FILE.docx [--quiet]

Each part (document, styles, numbering, settings, headers, footers, font table, footnotes,
comments, and the extended properties ``docProps/app.xml``) is first reduced by the Markup
Compatibility rules: elements and attributes in the namespaces that ``mc:Ignorable`` names are
dropped, and ``mc:AlternateContent`` is replaced by its ``mc:Fallback``. The result is checked
with jing against ``tests/ooxml/*.rnc`` (see its README for where the schemas come from).
Prints one line per schema error as ``part:line:col: message``, then
``docx-validate: N errors in M parts``. Exit 0 when valid, 1 when not, 2 when it could not run
(no jing, not a .docx). A copy of the shared ``docx-validate`` tool, importable by the tests.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent / "ooxml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SCHEMA_OF = {  # part name pattern -> schema file
    r"word/document\.xml": "WordprocessingML_Main_Document.rnc",
    r"word/styles\.xml": "WordprocessingML_Style_Definitions.rnc",
    r"word/numbering\.xml": "WordprocessingML_Numbering_Definitions.rnc",
    r"word/settings\.xml": "WordprocessingML_Document_Settings.rnc",
    r"word/header\d*\.xml": "WordprocessingML_Header.rnc",
    r"word/footer\d*\.xml": "WordprocessingML_Footer.rnc",
    r"word/fontTable\.xml": "WordprocessingML_Font_Table.rnc",
    r"word/footnotes\.xml": "WordprocessingML_Footnotes.rnc",
    r"word/endnotes\.xml": "WordprocessingML_Endnotes.rnc",
    r"word/comments\.xml": "WordprocessingML_Comments.rnc",
    r"word/webSettings\.xml": "WordprocessingML_Web_Settings.rnc",
    r"docProps/app\.xml": "Shared_Extended_File_Properties.rnc",
    r"docProps/custom\.xml": "Shared_Custom_File_Properties.rnc",  # reportgen's facts (writers/docxanchors.py)
    r"customXml/itemProps\d+\.xml": "Shared_Custom_XML_Data_Storage_Properties.rnc",  # the source's part
}


class JingMissing(RuntimeError):
    """jing is not installed (Debian package ``jing``)."""


def reduce_mce(data: bytes) -> bytes:
    """Apply the Markup Compatibility rules that a consumer who knows only ISO 29500 applies."""
    prefixes = {}
    for _, (prefix, uri) in ET.iterparse(io.BytesIO(data), events=["start-ns"]):
        prefixes.setdefault(prefix, uri)
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(data)
    ignorable = set()
    for el in root.iter():
        value = el.attrib.pop(f"{{{MC}}}Ignorable", None)
        if value:
            ignorable |= {prefixes.get(p, p) for p in value.split()}

    def ns(tag: str) -> str:
        return tag[1:].split("}")[0] if tag.startswith("{") else ""

    def clean(parent):
        new = []
        for child in list(parent):
            if child.tag == f"{{{MC}}}AlternateContent":
                fallback = child.find(f"{{{MC}}}Fallback")
                new.extend(list(fallback) if fallback is not None else [])
            elif ns(child.tag) in ignorable:
                continue
            else:
                new.append(child)
        for child in list(parent):
            parent.remove(child)
        for child in new:
            for attr in [a for a in child.attrib if ns(a) in ignorable or ns(a) == MC]:
                del child.attrib[attr]
            parent.append(child)
            clean(child)

    for attr in [a for a in root.attrib if ns(a) in ignorable]:
        del root.attrib[attr]
    clean(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def validate(path: str | Path) -> tuple[list[str], int]:
    """The schema errors of the .docx at ``path`` (``part:line:col: message``) and the number of
    parts checked. Raises :class:`JingMissing` without jing, ``zipfile.BadZipFile`` for a non-zip."""
    jing = shutil.which("jing")
    if not jing:
        raise JingMissing("jing is not installed (apt-get install jing)")
    errors: list[str] = []
    with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory() as tmp:
        by_schema: dict[str, dict[str, str]] = defaultdict(dict)  # schema -> temporary file -> part
        for name in package.namelist():
            schema = next((s for p, s in SCHEMA_OF.items() if re.fullmatch(p, name)), None)
            if not schema:
                continue
            reduced = Path(tmp) / name.replace("/", "_")
            reduced.write_bytes(reduce_mce(package.read(name)))
            by_schema[schema][str(reduced)] = name
        for schema, files in by_schema.items():  # one jing (one JVM) per schema
            run = subprocess.run([jing, "-c", str(SCHEMAS / schema), *files], capture_output=True, text=True)
            for line in run.stdout.splitlines():
                if ": error:" in line:
                    for file, part in files.items():
                        line = line.replace(file, part)
                    errors.append(line)
    return errors, sum(len(files) for files in by_schema.values())


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quiet = "--quiet" in sys.argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2])
        return 2
    try:
        errors, parts = validate(args[0])
    except JingMissing as exc:
        print(f"docx-validate: {exc}")
        return 2
    except (OSError, zipfile.BadZipFile) as exc:
        print(f"docx-validate: {args[0]}: not a .docx ({exc})")
        return 2
    if errors and not quiet:
        print("\n".join(errors))
    print(f"docx-validate: {len(errors)} errors in {parts} parts")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())

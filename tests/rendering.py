"""What a sample looks like once rendered: the text of every page and the page count, PDF and Word.

``tests/data/sample-rendering.json`` holds this for both samples as the version before the
framework-as-data change wrote them; ``test_frameworks.py`` compares today's output with it.
The Word file's pages are those LibreOffice lays out (its PDF export), so that part needs soffice.

Regenerate the reference only from a commit whose output is known to be right
(``git stash; python tests/rendering.py; git stash pop``), never to make a failing test pass.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).parent / "data" / "sample-rendering.json"
SAMPLES = ("alingsas-2023", "exempelkommun")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def docx_pages(path: Path, work: Path, program: str) -> list[str]:
    """The .docx as LibreOffice paginates it (its PDF export), page by page."""
    result = subprocess.run([program, "--headless", f"-env:UserInstallation=file://{work}/profile",
                             "--convert-to", "pdf", "--outdir", str(work / "converted"), str(path)],
                            capture_output=True, text=True, timeout=300)
    converted = work / "converted" / (path.stem + ".pdf")
    if result.returncode != 0 or not converted.exists():
        raise RuntimeError(f"LibreOffice could not convert {path}: {result.stderr}")
    return pdf_pages(converted)


def render(sample: str, work: Path, formats: tuple[str, ...] = ("pdf", "docx")) -> dict[str, list[str]]:
    """Page texts per format of ``samples/<sample>.yaml`` as the current code renders it."""
    from reportgen import pipeline

    targets = {fmt: work / f"{sample}.{fmt}" for fmt in formats}
    pipeline.build(ROOT / "samples" / f"{sample}.yaml", targets)
    pages: dict[str, list[str]] = {}
    if "pdf" in formats:
        pages["pdf"] = pdf_pages(targets["pdf"])
    if "docx" in formats:
        program = soffice()
        if program is None:
            raise RuntimeError("LibreOffice (soffice) is needed to paginate the .docx")
        pages["docx"] = docx_pages(targets["docx"], work, program)
    return pages


def main() -> None:
    sys.path.insert(0, str(ROOT))
    reference: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        for sample in SAMPLES:
            work = Path(folder) / sample
            work.mkdir()
            pages = render(sample, work)
            reference[sample] = {fmt: {"page_count": len(texts), "pages": texts} for fmt, texts in pages.items()}
    REFERENCE.write_text(json.dumps(reference, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {REFERENCE}")


if __name__ == "__main__":
    main()

"""A fresh command loads only what it uses: the import discipline behind its start-up time.

Timing belongs in bench/build_pdf.py; these tests check what is loaded, which is what the time
depends on and what a careless top-level import would break.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

from conftest import ROOT, SAMPLE

# Run the command line in a new interpreter as the console script does, then list what it loaded.
_PROBE = """
import gc, json, sys
sys.argv = ["reportgen", *sys.argv[1:]]
from reportgen.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nLOADED " + json.dumps([gc.get_freeze_count(), sorted(sys.modules)]))
"""


def run(*arguments: str, cache: str) -> tuple[int, set[str]]:
    """How many objects the command left frozen for the shutdown, and the modules it loaded."""
    environment = {**os.environ, "REPORTGEN_CACHE": cache}
    result = subprocess.run([sys.executable, "-c", _PROBE, *arguments], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env=environment)
    frozen, modules = json.loads(result.stderr.rpartition("\nLOADED ")[2])
    return frozen, set(modules)


def loaded(*arguments: str, cache: str) -> set[str]:
    return run(*arguments, cache=cache)[1]


def _any(modules: set[str], *names: str) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in names or m in names)


def test_help_loads_no_pipeline_validation_layout_or_terminal_styling(tmp_path):
    modules = loaded("--help", cache=str(tmp_path))
    assert "typer" in modules and "reportgen.cli" in modules  # it did run
    assert _any(modules, "pydantic", "reportlab", "rich", "markdown_it", "babel", "PIL", "docx", "pyphen",
                "reportgen.pipeline", "reportgen.evaluation", "importlib.metadata") == []


def test_a_pdf_build_loads_no_other_writer_and_no_network_or_package_metadata_code(tmp_path):
    target = tmp_path / "out.pdf"
    modules = loaded("build", str(SAMPLE), "-o", str(target), "-q", cache=str(tmp_path / "cache"))
    assert target.is_file() and "reportgen.writers.pdf" in modules
    assert _any(modules, "docx", "reportgen.writers.docx", "reportgen.writers.html", "jinja2", "fontTools",
                "resvg_py", "brotli", "pypdf", "watchfiles", "reportgen.watch", "reportgen.batch",
                "rich",  # quiet, so nothing is printed: the terminal library is not needed
                "urllib.request", "http.client", "ssl", "xml.sax.saxutils") == []


def test_a_finished_command_leaves_its_objects_out_of_the_shutdown_collections(tmp_path):
    frozen, _ = run("build", str(SAMPLE), "-o", str(tmp_path / "out.pdf"), "-q", cache=str(tmp_path / "cache"))
    assert frozen > 10_000  # the build's objects: the interpreter's exit does not scan them again


def test_a_build_from_the_cache_gives_the_same_pdf_as_a_build_that_fills_it(tmp_path):
    cache = str(tmp_path / "cache")
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    loaded("build", str(SAMPLE), "-o", str(first), "-q", cache=cache)  # parses fonts and templates, stores them
    assert {p.name for p in (tmp_path / "cache").iterdir()} >= {"fonts", "templates", "hyphenation"}
    loaded("build", str(SAMPLE), "-o", str(second), "-q", cache=cache)  # reads them
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()

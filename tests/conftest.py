from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent))

# Hypothesis: in CI every run draws the same examples (derandomized: a red build is reproducible,
# never a matter of luck); elsewhere it explores anew each run. A test's own @settings wins.
settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"


@pytest.fixture(scope="session")
def sample_report():
    from reportgen.evaluation import read_evaluation
    from reportgen.report import build_report

    evaluation, framework, _ = read_evaluation(SAMPLE)
    return build_report(evaluation, framework)


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory, sample_report) -> Path:
    from reportgen.writers.pdf import write_pdf

    path = tmp_path_factory.mktemp("pdf") / "alingsas-2023.pdf"
    write_pdf(sample_report, path)
    return path


@pytest.fixture(scope="session")
def sample_reader(sample_pdf) -> PdfReader:
    return PdfReader(sample_pdf)


def unavailable(reason: str) -> None:
    """A program or package a test needs is missing: skip here, but fail in CI, where .ci/run installs it."""
    import os

    if os.environ.get("CI"):
        pytest.fail(f"{reason} (in CI, .ci/run installs it)")
    pytest.skip(reason)


@pytest.fixture
def language(monkeypatch):
    """Call with "sv" or "en" to choose the language of reportgen's messages; the default returns after the test."""
    from reportgen.messages import set_language

    def choose(code: str) -> None:
        monkeypatch.setenv("REPORTGEN_LANG", code)  # also for a command that chooses from the environment
        set_language(code)

    yield choose
    set_language(None)


def need_program(name: str, package: str) -> str:
    """The path of an external program a test needs (see ``unavailable`` when it is missing)."""
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed (apt-get install {package})")
    return path

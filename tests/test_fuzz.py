"""The fuzz targets of bench/fuzz.py as slow tests: ``pytest -m slow`` (excluded by default).

``FUZZ_EXAMPLES`` sets how many cases each target runs (default 10,000, as the README states).
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sys

import pytest

from conftest import ROOT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10000"))


def fuzz_module():
    spec = importlib.util.spec_from_file_location("bench_fuzz", ROOT / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_fuzz"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fuzz(tmp_path):
    module = fuzz_module()
    previous = signal.signal(signal.SIGALRM, module._alarm)
    yield module
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.slow
def test_the_evaluation_document_never_gives_a_traceback_or_a_hang(fuzz, tmp_path):
    tally = fuzz.fuzz_document(EXAMPLES, 4, tmp_path / "kept", 60.0, 0)
    assert tally.cases == EXAMPLES
    assert not tally.crashes and not tally.hangs, (tally.line("document"), tally.crashes.most_common(5))


@pytest.mark.slow
def test_the_importers_text_never_gives_a_traceback_or_a_hang(fuzz, tmp_path):
    tally = fuzz.fuzz_import(EXAMPLES, tmp_path / "kept", 60.0, 0)
    assert tally.cases == EXAMPLES
    assert not tally.crashes and not tally.hangs, (tally.line("import"), tally.crashes.most_common(5))

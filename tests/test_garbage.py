"""Collections are rare while a report is written, and the caller's policy is back afterwards."""

from __future__ import annotations

import gc
import io

import pytest

from reportgen.evaluation import read_evaluation
from reportgen.garbage import THRESHOLDS, rare_collection
from reportgen.report import build_report
from reportgen.writers import docx, html, pdf

from conftest import SAMPLE


@pytest.fixture
def default_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_raised_inside_and_restored_after(default_thresholds):
    with rare_collection():
        assert gc.get_threshold() == THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_a_rarer_policy_of_the_callers_is_kept(default_thresholds):
    gc.set_threshold(100_000, 10, 5000)
    with rare_collection():
        assert gc.get_threshold() == (100_000, 50, 5000)
    assert gc.get_threshold() == (100_000, 10, 5000)


@pytest.mark.parametrize("writer", [pdf.write_pdf, docx.write_docx, html.write_html])
def test_every_writer_writes_with_rare_collections(default_thresholds, writer):
    evaluation, framework, _ = read_evaluation(SAMPLE)
    report = build_report(evaluation, framework)
    seen = []

    class Recording(io.BytesIO):
        def write(self, data):
            seen.append(gc.get_threshold())
            return super().write(data)

    writer(report, Recording())
    assert seen and all(threshold == THRESHOLDS for threshold in seen)
    assert gc.get_threshold() == (700, 10, 10)

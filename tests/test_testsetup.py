"""The test set-up itself: reproducible property tests in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SHOW = "import conftest; from hypothesis import settings; d = settings.default; print(d.derandomize, d.max_examples)"


@pytest.mark.parametrize("ci, expected", [("true", "True 200"), ("", "False 100")])
def test_hypothesis_is_derandomized_in_ci_with_more_examples(ci, expected):
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    if ci:
        environment["CI"] = ci
    result = subprocess.run([sys.executable, "-c", SHOW], cwd=Path(__file__).parent, env=environment,
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == expected.split()

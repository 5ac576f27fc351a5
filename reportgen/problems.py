"""Problems: what is wrong with an input, where, and what was expected instead."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportgen.messages import say


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in an input file.

    It carries the place (file, 1-based line and column, dotted field path with list positions
    counted from 1) and two sentences for a person, already in their language (see
    :mod:`reportgen.messages`): what is wrong, and what is expected instead.
    """

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    expected: str = ""
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        text = f"{place}: "
        if self.severity == "warning":
            text += say("warning") + ": "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.expected:
            text += f" — {self.expected}"
        return text


class InvalidInput(Exception):
    """Raised when an input cannot be used; it holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

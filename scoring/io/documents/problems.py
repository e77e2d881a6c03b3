"""What reading a document could not do, each with the cell it concerns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scoring.domain.errors import InputError, InputProblem


@dataclass(frozen=True)
class Problem:
    """A cell that could not be placed, a number that could not be read, a table missing a column.

    ``blocking``: the table (or the file) cannot be used at all; otherwise the evaluation is imported and
    the problem becomes one of its findings.
    """

    message: str
    cell: str | None = None
    blocking: bool = False

    def render(self) -> str:
        return f"{self.cell}：{self.message}" if self.cell else self.message


def unreadable(path: str | Path, message: str) -> InputError:
    """A document that cannot be read at all (exit 2), said in Chinese."""
    return InputError(str(path), [InputProblem(message)])


def refused(path: str | Path, problems: list[Problem]) -> InputError:
    """A document whose tables cannot be used: every problem, each with its cell."""
    return InputError(str(path), [InputProblem(p.message, cell=p.cell) for p in problems])

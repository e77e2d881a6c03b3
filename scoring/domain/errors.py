"""Input errors: what went wrong, said in Chinese, with the file, line, row and value."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class InputProblem:
    """One problem found while reading a file."""

    message: str
    line: int | None = None
    row: str | None = None

    def render(self, path: str) -> str:
        where = path + (f" 第 {self.line} 行" if self.line else "")
        row = f"（{self.row}）" if self.row else ""
        return f"{where}{row}：{self.message}"


@dataclass
class InputError(Exception):
    """A file that cannot be used; carries every problem found in it."""

    path: str
    problems: list[InputProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.render(self.path) for p in self.problems)

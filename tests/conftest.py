"""Shared helpers: build and score small evaluations written inline as TOML."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from scoring.api import score as score_evaluation
from scoring.domain.models import Evaluation
from scoring.domain.results import EvaluationResult

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "beiguan-2023"


def make(rows: str, *, funds: str = "", rules: str = "", header: str = "") -> Evaluation:
    """An evaluation from TOML fragments (rows are [[indicators]] tables)."""
    text = f"""
[evaluation]
kind = "project"
year = 2023
name = "测试项目"
{header}
{("[rules]" + chr(10) + rules) if rules else ""}
{("[funds]" + chr(10) + funds) if funds else ""}
{rows}
"""
    return Evaluation.model_validate(tomllib.loads(text, parse_float=Decimal))  # as io.toml_read reads


def row(target: str, actual: str | None, weight: str = "10", **extra: str) -> str:
    lines = [
        "[[indicators]]",
        'level1 = "产出指标"',
        'level2 = "数量指标"',
        'level3 = "测试指标"',
        f'target = "{target}"',
        f"weight = {weight}",
    ]
    if actual is not None:
        lines.append(f'actual = "{actual}"')
    lines.extend(f"{key} = {value}" for key, value in extra.items())
    return "\n".join(lines) + "\n"


def score_one(
    target: str, actual: str | None, weight: str = "10", rules: str = "", **extra: str
) -> EvaluationResult:
    return score_evaluation(make(row(target, actual, weight, **extra), rules=rules))


def d(text: str) -> Decimal:
    return Decimal(text)


def codes(result: EvaluationResult) -> set[str]:
    return {f.code for f in result.findings}


@pytest.fixture
def tmp_toml(tmp_path: Path):
    def write(text: str | bytes, name: str = "t.toml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True, scope="session")
def _steady_cursors() -> None:
    """Text cursors do not blink in tests: a screen captured under load shows the same frame as one
    captured on a quiet machine (a blinking cursor was on or off by the timing of the capture)."""
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        original = widget.__init__

        def steady(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> None:
            _original(self, *args, **kwargs)
            self.cursor_blink = False

        widget.__init__ = steady  # type: ignore[method-assign]

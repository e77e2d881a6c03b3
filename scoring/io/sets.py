"""Where indicator sets live: shipped with the package, or named by path."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from scoring.domain.errors import InputError, InputProblem
from scoring.domain.models import IndicatorSet
from scoring.io.toml_read import load_set_file


def shipped_dir() -> Path:
    """The indicator_sets folder: inside the wheel (scoring/_indicator_sets) or beside the source tree."""
    here = Path(__file__).resolve().parent.parent  # scoring/
    for candidate in (here / "_indicator_sets", here.parent / "indicator_sets"):
        if candidate.is_dir():
            return candidate
    return here / "_indicator_sets"


def shipped_sets() -> list[Path]:
    return sorted(shipped_dir().glob("*.toml"))


@lru_cache(maxsize=64)
def _load(path: Path) -> IndicatorSet:
    return load_set_file(path)


def find_set(name: str, near: Path | None = None) -> IndicatorSet:
    """A set by id (shipped) or by path (absolute, or relative to the evaluation file / working folder)."""
    candidates: list[Path] = []
    if name.endswith(".toml") or "/" in name:
        if near is not None:
            candidates.append(near.parent / name)
        candidates.append(Path(name))
    else:
        candidates.append(shipped_dir() / f"{name}.toml")
        if near is not None:
            candidates.append(near.parent / f"{name}.toml")
    for candidate in candidates:
        if candidate.is_file():
            try:
                return _load(candidate.resolve())
            except InputError as exc:
                problem = exc.problems[0]
                message = f"指标模板“{name}”（{candidate}）无法使用：{problem.message}"
                raise InputError(name, [InputProblem(message, line=problem.line)]) from exc
    known = "、".join(p.stem for p in shipped_sets())
    raise InputError(name, [InputProblem(f"找不到指标模板“{name}”；可用的模板：{known}，或给出模板文件路径")])

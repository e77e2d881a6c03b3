"""Where indicator sets live: shipped with the package, or named by path."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from scoring.domain.errors import InputError, InputProblem
from scoring.domain.models import IndicatorSet
from scoring.io.toml_read import TomlSyntaxError, load_set_file


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


ACCEPTED = "模板应为模板 id（如 henan-project）或 .toml 模板文件的路径"


def find_set(name: str, near: Path | None = None) -> IndicatorSet:
    """A set by id (shipped) or by path to a ``.toml`` file (absolute, or relative to the evaluation file /
    working folder). Any other path is refused, and a file that is not a set is refused without echoing a
    line of it: ``set = "../../etc/passwd"`` must not read a file into findings and exports."""
    candidates: list[Path] = []
    if "/" in name or "\\" in name or name.lower().endswith(".toml"):
        if not name.lower().endswith(".toml"):
            raise InputError(name, [InputProblem(f"指标模板“{name}”不是 .toml 文件，不予读取；{ACCEPTED}")])
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
            except TomlSyntaxError as exc:
                line = exc.problems[0].line
                where = f"第 {line} 行有 TOML 语法错误" if line else "不是 TOML 文件"
                message = f"“{name}”（{candidate}）不是指标模板：{where}；{ACCEPTED}"
                raise InputError(name, [InputProblem(message, line=line)]) from exc
            except InputError as exc:
                problem = exc.problems[0]
                message = f"指标模板“{name}”（{candidate}）无法使用：{problem.message}"
                raise InputError(name, [InputProblem(message, line=problem.line)]) from exc
    known = "、".join(p.stem for p in shipped_sets())
    raise InputError(name, [InputProblem(f"找不到指标模板“{name}”；可用的模板：{known}，或给出模板文件路径")])

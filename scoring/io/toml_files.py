"""Reading and writing evaluation files and indicator sets, with Chinese messages for every failure."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import Any, TypeVar

import tomli_w
from pydantic import BaseModel, ValidationError

from scoring.domain.errors import InputError, InputProblem
from scoring.domain.models import (
    Band,
    Deduct,
    Evaluation,
    EvaluationHeader,
    Funds,
    FundSource,
    Goal,
    Indicator,
    IndicatorSet,
    Level,
    Review,
    RuleOverrides,
    SetHeader,
    Task,
)
from scoring.io.toml_lines import key_lines, locate, toml_lines

M = TypeVar("M", bound=BaseModel)

FIELD_NAMES = {
    "evaluation": "[evaluation] 基本信息",
    "kind": "类型（project 项目支出 / department 部门整体支出）",
    "year": "年度",
    "name": "名称",
    "authority": "主管部门",
    "implementer": "实施单位",
    "reported_total": "填报总分",
    "funds": "[funds] 资金情况",
    "weight": "分值",
    "initial": "年初预算数",
    "annual": "全年预算数",
    "executed": "全年执行数",
    "reported_rate": "填报执行率",
    "reported_score": "填报得分",
    "reported_deviation": "填报偏差度",
    "sources": "资金来源",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "reason": "偏差原因分析及改进措施",
    "score": "得分",
    "tier": "定性档次",
    "rule": "评分规则",
    "applicable": "是否适用",
    "target_too_low": "指标值设定偏低",
    "goals": "年度目标",
    "tasks": "年度主要任务",
    "reviews": "资金管理情况",
    "indicators": "绩效指标",
    "levels": "一级指标分值",
    "rules": "[rules] 评分规则",
    "reverse": "越低越好指标的计分方式",
    "overachievement_ratio": "超额标记倍数",
    "overachievement_deduction": "指标值偏低时的调减",
    "late": "逾期得分比例",
    "qualitative_bands": "定性档次分值区间",
    "execution_reason_below": "须说明原因的执行率",
    "execution_caps": "执行率封顶",
    "spending_gap": "支出预警差距",
    "grades": "等级",
    "rescale_not_applicable": "不适用指标折算",
    "weights_total": "分值合计",
    "lower_levels": "越低越好的一级/二级指标",
}

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_REASONS = [
    ("Cannot overwrite a value", "同一字段重复填写"),
    ("Cannot declare", "同一表重复声明"),
    ("Invalid value", '值的写法不对（文字要加英文双引号，如 target = "≥90%"）'),
    ("Expected '=' after a key", "键后面缺少 ="),
    ("Invalid statement", "无法识别的语句（每行应为 键 = 值，文字加英文双引号）"),
    ("Unclosed", "括号或引号没有闭合"),
    ("Illegal character", "字符串中有不允许的字符"),
    ("Found invalid character", "有不允许的字符"),
]


def _row_label(data: Any, loc: tuple[str | int, ...]) -> str | None:
    """Name the row a location points into: 一级 / 二级 / 三级 for indicators, the name otherwise."""
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
        items = data.get(str(loc[0]))
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            item = items[loc[1]]
            parts = [str(item.get(k, "")) for k in ("level1", "level2", "level3") if item.get(k)]
            if parts:
                return " / ".join(parts)
            if item.get("name"):
                return f"{FIELD_NAMES.get(str(loc[0]), loc[0])}「{item['name']}」"
            return f"{FIELD_NAMES.get(str(loc[0]), loc[0])} 第 {loc[1] + 1} 项"
    return None


def _lookup(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "evaluation": EvaluationHeader,
    "funds": Funds,
    "sources": FundSource,
    "goals": Goal,
    "tasks": Task,
    "reviews": Review,
    "levels": Level,
    "indicators": Indicator,
    "rules": RuleOverrides,
    "set": SetHeader,
    "bands": Band,
    "deduct": Deduct,
}


def _allowed_fields(loc: tuple[str | int, ...]) -> list[str]:
    names = [part for part in loc if isinstance(part, str)]
    model: type[BaseModel] = _SECTION_MODELS.get(names[-1], Evaluation) if names else Evaluation
    return [info.alias or name for name, info in model.model_fields.items()]


def _message(error: dict[str, Any], data: Any) -> str:
    loc = _clean(tuple(error["loc"]))
    field = str(next((p for p in reversed(loc) if isinstance(p, str)), ""))
    label = FIELD_NAMES.get(field, field)
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = "、".join(_allowed_fields(loc[:-1]))
        return f"未知字段“{field}”（可能是拼写错误）；此处可用的字段：{allowed}"
    if kind == "missing":
        return f"缺少必填字段 {field}（{label}）"
    if kind == "literal_error":
        choices = _choices(error.get("ctx", {}).get("expected", ""))
        return f"{label}（{field}）的值“{value}”不可接受；可选：{choices}"
    text = str(error["msg"]).removeprefix("Value error, ")
    if kind in ("value_error", "assertion_error"):
        return f"{label}（{field}）：{text}"
    if kind.startswith(("int_", "bool_", "string_", "list_", "dict_", "model_")):
        expected = {
            "int": "整数（如 2023）",
            "boo": " true 或 false",
            "str": "文字（加英文双引号）",
            "lis": "列表（[[…]] 表或 [ … ]）",
            "dic": "表",
            "mod": "表",
        }[kind[:3]]
        return f"{label}（{field}）的值“{value}”类型不对；应为{expected}"
    bound = _BOUNDS.get(kind)
    if bound is not None:
        limit = error.get("ctx", {}).get(bound[0])
        return f"{label}（{field}）的值“{value}”超出范围；应{bound[1]} {limit}"
    return f"{label}（{field}）的值“{value}”不可接受：{text}"


_BOUNDS = {
    "greater_than_equal": ("ge", "不小于"),
    "less_than_equal": ("le", "不大于"),
    "greater_than": ("gt", "大于"),
    "less_than": ("lt", "小于"),
}


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" said in Chinese: “a”、“b”或“c”."""
    items = [f"“{item}”" for item in re.findall(r"'([^']*)'", expected)]
    if len(items) < 2:
        return "".join(items) or expected
    return "、".join(items[:-1]) + "或" + items[-1]


def _clean(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The location in the file: without pydantic's names for validator and union branches."""
    noise = ("function-", "tuple[")
    return tuple(p for p in loc if not (isinstance(p, str) and (p.startswith(noise) or p == "decimal")))


def _validation_problems(exc: ValidationError, data: Any, text: str) -> list[InputProblem]:
    lines = key_lines(text)
    problems = []
    errors = exc.errors()
    # a number tried natively and then by the Chinese reader fails twice: keep the reader's message
    explained = {_clean(tuple(e["loc"])) for e in errors if e["type"] == "value_error"}
    for error in errors:
        clean_loc = _clean(tuple(error["loc"]))
        if error["type"] != "value_error" and clean_loc in explained:
            continue
        problems.append(
            InputProblem(
                message=_message(dict(error), data),
                line=locate(lines, clean_loc),
                row=_row_label(data, clean_loc),
            )
        )
    return problems


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The TOML data and its text, or an InputError in Chinese."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(name, [InputProblem("文件不存在")]) from exc
    except IsADirectoryError as exc:
        raise InputError(name, [InputProblem("这是一个文件夹，不是 TOML 文件")]) from exc
    except OSError as exc:
        raise InputError(name, [InputProblem(f"无法读取文件（{exc.strerror}）")]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            name, [InputProblem("文件不是 UTF-8 编码（可能是 GBK）；请在编辑器中另存为 UTF-8", line=bad_line)]
        ) from exc
    if not text.strip():
        raise InputError(name, [InputProblem("文件为空；应至少包含 [evaluation] 表")])
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        position = _TOML_POSITION.search(detail)
        reason = next((zh for en, zh in _TOML_REASONS if en in detail), "TOML 语法错误")
        line: int | None = int(position.group(1)) if position else None
        lines = toml_lines(text)
        snippet = lines[line - 1].strip() if line and line <= len(lines) else ""
        column = f"第 {position.group(2)} 列，" if position else ""
        shown = f"：{snippet}" if snippet else ""
        raise InputError(name, [InputProblem(f"{column}{reason}{shown}", line=line)]) from exc


def _validate(model: type[M], data: dict[str, Any], text: str, name: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(name, _validation_problems(exc, data, text)) from exc


class NotAnEvaluation(InputError):
    """An indicator set where an evaluation was expected (skipped quietly when found in a folder)."""


def load_evaluation(path: str | Path) -> Evaluation:
    """Read one evaluation file; raise InputError (Chinese, with line and row) when it is not usable."""
    path = Path(path)
    data, text = read_toml(path)
    if "set" in data and "evaluation" not in data:
        raise NotAnEvaluation(
            str(path),
            [InputProblem("这是指标模板（[set]），不是自评文件；请用 jixiao new --set 生成自评文件")],
        )
    if "evaluation" not in data:
        raise InputError(str(path), [InputProblem("缺少 [evaluation] 表（类型、年度、名称）")])
    return _validate(Evaluation, data, text, str(path))


def load_set_file(path: str | Path) -> IndicatorSet:
    path = Path(path)
    data, text = read_toml(path)
    if "set" not in data:
        raise InputError(str(path), [InputProblem("缺少 [set] 表（id、title、kind、source）")])
    return _validate(IndicatorSet, data, text, str(path))


def evaluation_lines(path: str | Path) -> list[int | None]:
    """The line of each ``[[indicators]]`` entry, for row findings that name a line."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    lines = key_lines(text)
    result: list[int | None] = []
    index = 0
    while ("indicators", index) in lines:
        result.append(lines[("indicators", index)])
        index += 1
    return result


def _prune(value: Any) -> Any:
    """Drop empty and default-valued keys so written files stay as short as a clerk would write them."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if item is None or item == [] or item == {}:
                continue
            if (key == "applicable" and item is True) or (key == "target_too_low" and item is False):
                continue
            out[key] = _prune(item)
        return out
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _literal(value: Any) -> str:
    """A TOML value on one line (inline tables and arrays for nested data such as bands)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_literal(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return tomli_w.dumps({"v": value}).split("=", 1)[1].strip()


def _key(name: str) -> str:
    return (
        name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else tomli_w.dumps({name: 0}).split("=", 1)[0].strip()
    )


def _table(header: str, data: dict[str, Any]) -> list[str]:
    lines = [header]
    lines.extend(f"{_key(k)} = {_literal(v)}" for k, v in data.items())
    return lines


def dump_evaluation(evaluation: Evaluation) -> str:
    """The evaluation as TOML in the documented layout and field order: every list of rows as [[…]]."""
    dumped = evaluation.model_dump(by_alias=True, exclude_none=True)
    data = _prune({"evaluation": dumped.pop("evaluation"), **dumped})
    blocks: list[list[str]] = []
    for name, value in data.items():
        if isinstance(value, list):
            blocks.extend(_table(f"[[{name}]]", _row_defaults(name, item)) for item in value)
        elif name == "funds":
            sources = value.pop("sources", [])
            blocks.append(_table("[funds]", value))
            blocks.extend(_table("[[funds.sources]]", item) for item in sources)
        else:
            blocks.append(_table(f"[{name}]", value))
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _row_defaults(name: str, item: dict[str, Any]) -> dict[str, Any]:
    """Indicator rows always show target (even empty), so a clerk sees where to write."""
    if name == "indicators" and "target" not in item:
        keys = list(item)
        position = keys.index("weight") if "weight" in keys else len(keys)
        return dict([*list(item.items())[:position], ("target", ""), *list(item.items())[position:]])
    return item


def _file_mode(path: Path) -> int:
    """The permission bits ``path`` has, or those a new file gets under the process's umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def save_evaluation(evaluation: Evaluation, path: str | Path) -> None:
    """Write atomically: a temporary file beside the target, then a rename. The comments of the file
    being replaced are kept where they stood (``toml_comments``)."""
    path = Path(path)
    text = dump_evaluation(evaluation)
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = ""
    if "#" in old:
        from scoring.io.toml_comments import collect, restore  # saving only: not on the scoring road

        text = restore(text, collect(old))
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp makes the file 0600: keep the file's own mode (or the umask's)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

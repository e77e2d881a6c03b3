"""Reading evaluation files and indicator sets; a Chinese message (file, line, row, value) per failure."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from scoring.domain.errors import InputError, InputProblem
from scoring.domain.models import Evaluation, IndicatorSet, field_model, field_title
from scoring.io.reading import decode_text, read_limited
from scoring.io.toml_lines import key_lines, locate, toml_lines

M = TypeVar("M", bound=BaseModel)


_LONG_DIGITS = re.compile(r"[0-9_]{1000}")
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


def _row_label(root: type[BaseModel], data: Any, loc: tuple[str | int, ...]) -> str | None:
    """Name the row a location points into: 一级 / 二级 / 三级 for indicators, the name otherwise."""
    if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
        items = data.get(str(loc[0]))
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            item = items[loc[1]]
            parts = [str(item.get(k, "")) for k in ("level1", "level2", "level3") if item.get(k)]
            if parts:
                return " / ".join(parts)
            if item.get("name"):
                return f"{field_title(root, loc[:1])}「{item['name']}」"
            return f"{field_title(root, loc[:1])} 第 {loc[1] + 1} 项"
    return None


def _allowed_fields(root: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    model = field_model(root, loc)
    return [info.alias or name for name, info in model.model_fields.items()]


def _shown(value: Any) -> str:
    """A value as the clerk wrote it in TOML (true, not True), shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return shorten(str(value))


PAIR = "应为两个数组成的区间 [下限, 上限]（如 [0.8, 1]）"


def _message(root: type[BaseModel], error: dict[str, Any]) -> str:
    loc = _clean(tuple(error["loc"]))
    field = str(next((p for p in reversed(loc) if isinstance(p, str)), ""))
    label = field_title(root, loc)
    names = [part for part in loc if isinstance(part, str)]
    if label == field and len(names) > 1:  # an untitled key (a tier of qualitative_bands): its table too
        label = f"{names[-2]}.{field}"
    kind = error["type"]
    value = _shown(error.get("input"))
    if kind in ("too_short", "too_long", "tuple_type") or (kind == "missing" and isinstance(loc[-1], int)):
        found = f"，而不是“{value}”" if kind != "missing" else "，缺了一个数"
        return f"{label}（{field}）{PAIR}{found}"
    if kind == "extra_forbidden":
        allowed = "、".join(_allowed_fields(root, loc[:-1]))
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


def _validation_problems(
    root: type[BaseModel], exc: ValidationError, data: Any, text: str
) -> list[InputProblem]:
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
                message=_message(root, dict(error)),
                line=locate(lines, clean_loc),
                row=_row_label(root, data, clean_loc),
            )
        )
    if len(problems) > MAX_PROBLEMS:  # 20,000 unknown keys are not 20,000 messages (nor an xlsx sheet)
        rest = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS], InputProblem(f"另有 {rest} 处问题未列出；请先改正以上问题")]
    return problems


MAX_PROBLEMS = 100
"""Problems listed for one file; the rest are counted."""


class TomlSyntaxError(InputError):
    """The text is not TOML at all (its message shows a piece of the line)."""


SNIPPET = 60
"""Characters of a line shown in a syntax message (a whole file on one line is not echoed)."""


def shorten(text: str, limit: int = SNIPPET) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The TOML data and its text, or an InputError in Chinese."""
    name = str(path)
    text = decode_text(read_limited(path), path)
    if not text.strip():
        raise InputError(name, [InputProblem("文件为空；应至少包含 [evaluation] 表")])
    try:
        # floats as exact decimals as written: 2.90 keeps its two places (the precision it was printed at)
        return tomllib.loads(text, parse_float=Decimal), text
    except RecursionError as exc:
        raise InputError(name, [InputProblem(f"嵌套层次过深（数组或表套了上百层）；{NESTING}")]) from exc
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        position = _TOML_POSITION.search(detail)
        reason = next((zh for en, zh in _TOML_REASONS if en in detail), "TOML 语法错误")
        line: int | None = int(position.group(1)) if position else None
        lines = toml_lines(text)
        snippet = shorten(lines[line - 1].strip()) if line and line <= len(lines) else ""
        column = f"第 {position.group(2)} 列，" if position else ""
        shown = f"：{snippet}" if snippet else ""
        raise TomlSyntaxError(name, [InputProblem(f"{column}{reason}{shown}", line=line)]) from exc
    except ValueError as exc:  # an integer of thousands of digits (Python refuses to convert it)
        lines = toml_lines(text)
        line = next((n for n, item in enumerate(lines, 1) if _LONG_DIGITS.search(item)), None)
        message = "数字的位数过多（数千位），无法读取；自评中的数字不超过 12 位整数和 6 位小数"
        raise TomlSyntaxError(name, [InputProblem(message, line=line)]) from exc


NESTING = "自评文件的值只有文字、数字和一层列表（如 bands）"


def _validate(model: type[M], data: dict[str, Any], text: str, name: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(name, _validation_problems(model, exc, data, text)) from exc


class NotAnEvaluation(InputError):
    """An indicator set where an evaluation was expected (skipped quietly when found in a folder)."""


def load_evaluation(path: str | Path) -> Evaluation:
    """Read one evaluation file; raise InputError (Chinese, with line and row) when it is not usable."""
    return read_evaluation(path)[0]


def read_evaluation(path: str | Path) -> tuple[Evaluation, str]:
    """One evaluation file and its text (read once: the text gives the lines findings name)."""
    path = Path(path)
    data, text = read_toml(path)
    if "set" in data and "evaluation" not in data:
        raise NotAnEvaluation(
            str(path),
            [InputProblem("这是指标模板（[set]），不是自评文件；请用 jixiao new --set 生成自评文件")],
        )
    if "evaluation" not in data:
        raise InputError(str(path), [InputProblem("缺少 [evaluation] 表（类型、年度、名称）")])
    return _validate(Evaluation, data, text, str(path)), text


def load_set_file(path: str | Path) -> IndicatorSet:
    path = Path(path)
    data, text = read_toml(path)
    if "set" not in data:
        raise InputError(str(path), [InputProblem("缺少 [set] 表（id、title、kind、source）")])
    return _validate(IndicatorSet, data, text, str(path))


def entry_lines(lines: dict[tuple[str | int, ...], int], table: tuple[str, ...]) -> list[int | None]:
    """The line of each entry of an array of tables (``("indicators",)``: each [[indicators]]), from a file's
    ``key_lines``."""
    result: list[int | None] = []
    index = 0
    while (*table, index) in lines:
        result.append(lines[(*table, index)])
        index += 1
    return result


def describe_error(root: type[BaseModel], error: Any) -> tuple[tuple[str | int, ...], str]:
    """Where a validation error is (without pydantic's branch names) and its Chinese message; for data that
    came from somewhere other than a TOML file (an imported document)."""
    return _clean(tuple(error["loc"])), _message(root, dict(error))

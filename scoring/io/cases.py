"""Evaluations made ready for the core: the file read once, its set looked up, its rules resolved."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from scoring.core.frames import Case
from scoring.core.profiles import SetProfile, set_profile
from scoring.domain.errors import InputError
from scoring.domain.hidden import (
    HIDDEN_ADVICE,
    deceiving,
    has_control,
    hidden_in,
    may_hide,
    terminal_safe,
)
from scoring.domain.models import DEFAULT_RULES, Evaluation, field_title
from scoring.io.sets import find_set
from scoring.io.toml_lines import key_lines, locate
from scoring.io.toml_read import entry_lines, read_evaluation, shorten


@lru_cache(maxsize=256)
def _set_profile(set_name: str, folder: str) -> SetProfile | str:
    """A set's profile, resolved once per set (many files share one), or why it cannot be used."""
    near = Path(folder) / "_" if folder else None
    try:
        return set_profile(find_set(set_name, near))
    except InputError as exc:
        return str(exc.problems[0].message)


def set_profile_near(set_name: str, near: Path | None) -> SetProfile | str:
    """The profile of the set an evaluation (or a long table) at ``near`` names: by id, or by a path
    relative to that file."""
    return _set_profile(set_name, str(near.parent) if near else "")


def _strings(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in a model, with where it is (field aliases, list positions)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _strings(getattr(value, name), (*loc, info.alias or name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, str(key)))


def _place(evaluation: Evaluation, loc: tuple[str | int, ...]) -> str:
    if loc[0] == "indicators" and len(loc) > 2 and isinstance(loc[1], int):
        row = evaluation.indicators[loc[1]]
        return "（" + " / ".join(part for part in (row.level1, row.level2, row.level3) if part) + "）"
    if len(loc) > 2 and isinstance(loc[1], int):
        return f"（{field_title(Evaluation, loc[:1])} 第 {loc[1] + 1} 项）"
    return ""


def hidden_notes(
    evaluation: Evaluation, lines: dict[tuple[str | int, ...], int] | None = None
) -> list[tuple[str, str, str]]:
    """hidden_chars for every text holding a control, bidirectional or zero-width character: an error when
    the text is shown in another order than it is read (a right-to-left override shows "%09" as "90%"),
    a warning otherwise."""
    notes = []
    for loc, text in _strings(evaluation, ()):
        names = hidden_in(text)
        if not names:
            continue
        field = str(loc[-1])
        line = locate(lines, loc) if lines else None
        at = f"第 {line} 行" if line else ""
        value = shorten(terminal_safe(text))
        said = f"{at}{_place(evaluation, loc)}{field_title(Evaluation, loc)}（{field}）“{value}”"
        severity = "error" if deceiving(text) else "warning"
        advice = HIDDEN_ADVICE["bidi" if deceiving(text) else "control" if has_control(text) else "zero"]
        notes.append((severity, "hidden_chars", f"{said}含有看不见的字符 {'、'.join(names)}：{advice}"))
    return notes


def prepare(
    evaluation: Evaluation,
    path: str = "",
    near: Path | None = None,
    *,
    text: str | None = None,
    lines: dict[tuple[str | int, ...], int] | None = None,
) -> Case:
    """Resolve the rule profile (defaults ← set ← evaluation) and the set's declared 一级 weights, and
    name hidden characters (``text``, the file's, lets a file without any skip the search)."""
    case = Case(path=path, evaluation=evaluation)
    # The JSON of the model escapes control characters as TOML does (\u0007, \b, \f): a live evaluation
    # without any candidate is not walked value by value (the walk is 10 ms at 200 rows, every keystroke).
    if may_hide(evaluation.model_dump_json() if text is None else text):
        case.notes.extend(hidden_notes(evaluation, lines if lines is not None else key_lines(text or "")))
    rules = DEFAULT_RULES
    set_name = evaluation.evaluation.set
    if set_name:
        profile = set_profile_near(set_name, near)
        if isinstance(profile, str):
            case.notes.append(("warning", "set_unknown", profile))
        else:
            rules, case.set_levels = profile.rules, profile.levels
    case.rules = rules.merged(evaluation.rules)
    return case


def load_case(path: str | Path, *, lines: bool = True) -> Case:
    """Load and prepare one file (raises InputError); ``lines`` records each indicator's line for messages."""
    path = Path(path)
    evaluation, text = read_evaluation(path)
    where = key_lines(text) if lines else None
    case = prepare(evaluation, str(path), near=path, text=text, lines=where)
    if where is not None:
        case.lines = entry_lines(where, ("indicators",))
        case.source_lines = entry_lines(where, ("funds", "sources"))
    return case

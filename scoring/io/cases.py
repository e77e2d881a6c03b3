"""Evaluations made ready for the core: the file read once, its set looked up, its rules resolved."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from scoring.core.frames import Case
from scoring.core.profiles import SetProfile, set_profile
from scoring.domain.errors import InputError
from scoring.domain.models import DEFAULT_RULES, Evaluation
from scoring.io.sets import find_set
from scoring.io.toml_read import entry_lines, indicator_lines, read_evaluation


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


def prepare(evaluation: Evaluation, path: str = "", near: Path | None = None) -> Case:
    """Resolve the rule profile (defaults ← set ← evaluation) and the set's declared 一级 weights."""
    case = Case(path=path, evaluation=evaluation)
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
    case = prepare(evaluation, str(path), near=path)
    if lines:
        case.lines = indicator_lines(text)
        case.source_lines = entry_lines(text, ("funds", "sources"))
    return case

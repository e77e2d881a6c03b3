"""Writing evaluation files: the documented layout and order, atomically, keeping the clerk's comments."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import tomli_w

from scoring.domain.models import Evaluation


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

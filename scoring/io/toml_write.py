"""Writing evaluation files: the documented layout and order, atomically, keeping the clerk's comments."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import tomli_w

from scoring.domain.errors import InputError, WriteRefused
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


def _new_file_mode() -> int:
    """The permission bits a new file gets under the process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_refusal(path: Path, status: os.stat_result) -> str | None:
    """Why the existing file ``path`` must not be written without asking, in Chinese; None when it may be.

    Judged by the file's own bits and owner, not by what the process could force: replacing a ``chmod 444``
    file or another user's file through its folder would succeed, and be wrong."""
    if not stat.S_ISREG(status.st_mode):
        return "不是普通文件（管道、设备或文件夹），不能保存到这里"
    if not status.st_mode & 0o222:
        return f"只读文件（权限 {stat.filemode(status.st_mode)}）"
    if status.st_uid != os.geteuid():
        try:
            import pwd

            owner = pwd.getpwuid(status.st_uid).pw_name
        except (ImportError, KeyError):
            owner = str(status.st_uid)
        return f"属于其他用户（{owner}）的文件"
    if not os.access(path, os.W_OK):
        return "没有写入权限"
    return None


def refusal(path: str | Path) -> str | None:
    """Why saving to ``path`` would be refused (``WriteRefused``), asked before saving; None when it would
    not (a file that does not exist yet is created)."""
    target = Path(os.path.realpath(path))
    try:
        status = target.stat()
    except OSError:  # not there (any more): saving creates it; unreachable: saving says why
        return None
    return write_refusal(target, status)


def _old_text(path: Path) -> str:
    """The text of the file being replaced (for its comments); empty when there is none to read."""
    from scoring.io.reading import decode_text, read_limited

    try:
        return decode_text(read_limited(path), path)
    except InputError:
        return ""


def save_evaluation(evaluation: Evaluation, path: str | Path) -> None:
    """Write the evaluation to ``path`` keeping the comments of the file it replaces (``toml_comments``).

    Never forced: a read-only file, another user's file or a special file raises ``WriteRefused`` (the
    caller asks). A symlink is written through to its target (it stays a link); a file with hard links is
    rewritten in place, so every name still shows one file. Otherwise atomically: a temporary file beside
    the target, synced, then renamed over it."""
    link = Path(path)
    target = Path(os.path.realpath(link))  # through every link, to the file that holds the text
    try:
        status: os.stat_result | None = target.stat()
    except FileNotFoundError:
        status = None
    if status is not None:
        reason = write_refusal(target, status)
        if reason is not None:
            raise WriteRefused(str(link), reason)
    text = dump_evaluation(evaluation)
    old = _old_text(target) if status is not None else ""
    if "#" in old:
        from scoring.io.toml_comments import collect, restore  # saving only: not on the scoring road

        text = restore(text, collect(old))
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    tmp = _write_beside(target, data, stat.S_IMODE(status.st_mode) if status else _new_file_mode())
    try:
        if status is not None and status.st_nlink > 1:
            _rewrite_in_place(target, data)
            Path(tmp).unlink()
        else:
            if status is not None:
                _keep_group(tmp, status)
            os.replace(tmp, target)
            _sync_folder(target.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_beside(target: Path, data: bytes, mode: int) -> str:
    """A complete, synced copy of the new text beside ``target`` (its name begins with ``.name.``)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp makes the file 0600: keep the file's own mode (or the umask's)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _rewrite_in_place(target: Path, data: bytes) -> None:
    """Write ``data`` into the file itself (its inode), so its hard links keep sharing it; the synced copy
    beside it holds the text until this is done."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _keep_group(tmp: str, status: os.stat_result) -> None:
    """The replaced file's group (a shared folder's), where the system lets us keep it."""
    if status.st_gid != os.getegid():
        with contextlib.suppress(OSError):
            os.chown(tmp, -1, status.st_gid)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can sync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

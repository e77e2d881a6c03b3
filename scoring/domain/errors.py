"""Input errors: what went wrong, said in Chinese, with the file, line, row and value."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field


@dataclass
class InputProblem:
    """One problem found while reading a file."""

    message: str
    line: int | None = None
    row: str | None = None
    cell: str | None = None  # in a document: 工作表「项目自评」C14, 表 3 第 7 行 …

    def render(self, path: str) -> str:
        where = path + (f" 第 {self.line} 行" if self.line else "") + (f" {self.cell}" if self.cell else "")
        row = f"（{self.row}）" if self.row else ""
        return f"{where}{row}：{self.message}"


@dataclass
class InputError(Exception):
    """A file that cannot be used; carries every problem found in it."""

    path: str
    problems: list[InputProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.render(self.path) for p in self.problems)


class WriteRefused(PermissionError):
    """A file jixiao will not write without asking: read-only, another user's, not a regular file.

    A PermissionError, so a caller that knows only OSError still stops; ``reason`` says why in Chinese, for
    the question the TUI asks (save elsewhere?). Nothing is ever forced."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(errno.EACCES, reason, path)
        self.reason = reason


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "只读文件系统，不能写入",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.ENOENT: "文件夹不存在",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EIO: "读写设备出错",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, in Chinese (the system's own words only for rare errors)."""
    if isinstance(exc, WriteRefused):
        return exc.reason
    return _OS_REASONS.get(exc.errno or 0, f"系统错误（{exc.strerror or exc}）")

"""Opening input files: only regular files, never more than a size limit, the encoding named when wrong.

Every file jixiao reads (evaluations, indicator sets, long tables, the file a save replaces) is opened
here, so a FIFO named ``*.toml`` cannot hang a run, ``/dev/zero`` (or a link to it) cannot fill the memory,
and a UTF-16 file is called UTF-16, not "可能是 GBK".
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from pathlib import Path

from scoring.domain.errors import InputError, InputProblem

LIMIT_ENV = "JIXIAO_MAX_FILE_MB"
DEFAULT_LIMIT_MB = 20
"""Far above any real evaluation (the seed's largest is ~15 KB); a long table has no such limit."""

_KINDS = (
    (stat.S_ISDIR, "这是一个文件夹，不是文件"),
    (stat.S_ISFIFO, "这是命名管道（FIFO），不是普通文件，不予读取"),
    (stat.S_ISCHR, "这是设备文件，不是普通文件，不予读取"),
    (stat.S_ISBLK, "这是设备文件，不是普通文件，不予读取"),
    (stat.S_ISSOCK, "这是套接字，不是普通文件，不予读取"),
)
_READ_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.ELOOP: "符号链接循环（链接指向自身）",
    errno.ENXIO: "不是普通文件，不予读取",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EIO: "读写设备出错",
}


_LONE_CR = re.compile(r"\r(?!\n)")


DOCUMENT_LIMIT_ENV = "JIXIAO_MAX_DOCUMENT_MB"
DEFAULT_DOCUMENT_LIMIT_MB = 200
"""Documents (xlsx, xls, docx, pdf …) are larger than evaluations: a 决算公开 PDF with scanned pages runs to
tens of MB. Far above that, and what a zip-based document (xlsx, docx, ods) unpacks to is held to
``UNPACKED_FACTOR`` times it (a few KB that unpack to gigabytes are refused before they are read)."""
UNPACKED_FACTOR = 5


def _megabytes(env: str, default: float) -> int:
    """A limit in bytes from an environment variable in megabytes; the default when it is not a finite
    number above 0 (``inf`` and ``nan`` included: a limit is never lifted by a typo)."""
    try:
        megabytes = float(os.environ.get(env, default))
    except ValueError:
        megabytes = default
    if not math.isfinite(megabytes) or megabytes <= 0:
        megabytes = default
    return int(megabytes * 1024 * 1024)


def limit_bytes() -> int:
    """The largest evaluation or set file read: ``JIXIAO_MAX_FILE_MB`` (megabytes) or 20 MB."""
    return _megabytes(LIMIT_ENV, DEFAULT_LIMIT_MB)


def document_limit_bytes() -> int:
    """The largest document read: ``JIXIAO_MAX_DOCUMENT_MB`` (megabytes) or 200 MB."""
    return _megabytes(DOCUMENT_LIMIT_ENV, DEFAULT_DOCUMENT_LIMIT_MB)


def size_text(count: int) -> str:
    """A size as a clerk reads it: 1.5 MB, 12 KB."""
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KB"


def read_reason(exc: OSError) -> str:
    """Why a file could not be read, in Chinese."""
    return _READ_REASONS.get(exc.errno or 0, f"无法读取文件（{exc.strerror or exc}）")


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """A descriptor of ``path`` once it is known to be a regular file (opened without blocking, so a FIFO
    is refused instead of waited on)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(str(path), [InputProblem(read_reason(exc))]) from exc
    status = os.fstat(fd)
    for test, message in _KINDS:
        if test(status.st_mode):
            os.close(fd)
            raise InputError(str(path), [InputProblem(message)])
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        raise InputError(str(path), [InputProblem("不是普通文件，不予读取")])
    return fd, status


def check_regular(path: Path) -> int:
    """Raise InputError unless ``path`` is a readable regular file; its size in bytes."""
    fd, status = _open_regular(path)
    os.close(fd)
    return status.st_size


def read_limited(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (``limit_bytes()``), or an InputError."""
    limit = limit_bytes() if limit is None else limit
    fd, status = _open_regular(path)
    try:
        if status.st_size > limit:
            raise _too_big(path, status.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # the size can grow while reading: never more than the limit
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError(str(path), [InputProblem(read_reason(exc))]) from exc
    finally:
        os.close(fd)
    if total > limit:
        raise _too_big(path, total, limit)
    return b"".join(chunks)


def _too_big(path: Path, size: int, limit: int) -> InputError:
    return InputError(
        str(path),
        [
            InputProblem(
                f"文件过大（{size_text(size)}，上限 {size_text(limit)}）；自评文件通常不足 1 MB。"
                f"如确需读取，请设置环境变量 {LIMIT_ENV}（单位 MB）"
            )
        ],
    )


def wide_encoding(raw: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when the bytes are in one of them (a byte-order mark, or NULs between ASCII)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:400]
    if len(head) >= 8 and head.count(0) * 4 >= len(head):
        return "UTF-32" if head.count(b"\x00\x00\x00") * 4 >= len(head) // 4 else "UTF-16"
    return None


def decode_text(raw: bytes, path: Path, what: str = "文件") -> str:
    """UTF-8 text (byte-order marks dropped, old Mac line ends read as lines), or an InputError naming the
    encoding it is in."""
    wide = wide_encoding(raw)
    if wide is not None:
        raise InputError(
            str(path), [InputProblem(f"{what}是 {wide} 编码；请在编辑器中另存为 UTF-8（不是“Unicode”）")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            guess = "（可能是 GBK）"
        except UnicodeDecodeError:
            guess = ""
        raise InputError(
            str(path),
            [InputProblem(f"{what}不是 UTF-8 编码{guess}；请在编辑器中另存为 UTF-8", line=line)],
        ) from exc
    text = text.lstrip("\ufeff")  # a second byte-order mark (saved twice by an editor) is not content
    if "\r" in text:
        # CR alone is no line end in TOML, and cannot stand in a value: a file with old Mac line ends
        text = _LONE_CR.sub("\n", text)
    return text

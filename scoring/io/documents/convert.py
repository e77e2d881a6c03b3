"""Old binary formats (.doc, .wps, .et): converted through LibreOffice when it is installed, else a clear
message saying how to save the file in a format jixiao reads."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from scoring.io.documents.problems import unreadable

TIMEOUT = 120  # seconds for one conversion

TARGET = {".doc": "docx", ".wps": "docx", ".et": "xlsx", ".dps": None}
NAME = {".doc": "旧版 Word 文件（.doc）", ".wps": "WPS 文字文件（.wps）", ".et": "WPS 表格文件（.et）"}


def office() -> str | None:
    """The LibreOffice command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_legacy(path: Path, display: str, workdir: Path) -> Path:
    """The file converted to .docx / .xlsx in ``workdir`` (raises InputError when that cannot be done)."""
    suffix = path.suffix.lower()
    target = TARGET.get(suffix)
    name = NAME.get(suffix, f"{suffix} 文件")
    saved_as = "xlsx" if target == "xlsx" else "docx"
    program = office()
    if target is None or program is None:
        raise unreadable(
            display,
            f"{name}无法直接读取：请在 Word 或 WPS 中打开，另存为 .{saved_as} 后再导入"
            "（如本机装有 LibreOffice，jixiao 会自动转换）",
        )
    try:
        subprocess.run(
            [
                program,
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(workdir),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
            env=_env(workdir),
        )
    except (subprocess.SubprocessError, OSError) as exc:
        raise unreadable(
            display,
            f"{name}经 LibreOffice 转换失败（{type(exc).__name__}）；请在 Word 或 WPS 中另存为 .{saved_as}",
        ) from exc
    converted = workdir / f"{path.stem}.{target}"
    if not converted.exists():
        raise unreadable(
            display, f"{name}经 LibreOffice 转换后没有得到 .{target}；请在 Word 或 WPS 中另存为 .{saved_as}"
        )
    return converted


def _env(workdir: Path) -> dict[str, str]:
    """A private LibreOffice profile: a running office of the user's would otherwise take the job."""
    import os

    env = dict(os.environ)
    env["HOME"] = str(workdir)
    return env


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="jixiao-")

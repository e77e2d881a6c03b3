"""docx and xlsx as LibreOffice prints them: PDF, page count, each page's text, PNGs.

Used by the print tests (skipped where LibreOffice is not installed) and by ``make look``. 宋体 is not on a
Linux machine: a fontconfig file (for LibreOffice only) puts Noto Serif CJK in its place, as Calibri's
metric twin Carlito and Times New Roman's Liberation Serif stand in through the system's own aliases.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
</fontconfig>
"""

TOOLS = ("soffice", "pdfinfo", "pdftotext")


def missing() -> list[str]:
    """The tools this needs that are not installed."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def to_pdf(documents: Sequence[Path], folder: Path) -> list[Path]:
    """Each document converted to ``folder/<stem>.pdf`` by LibreOffice headless, in one run (own profile)."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jixiao-office-") as work:
        fonts = Path(work) / "fonts.conf"
        fonts.write_text(FONTS_CONF, encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "HOME": work}
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, documents),
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )
    return [folder / f"{Path(d).stem}.pdf" for d in documents]


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pages(pdf: Path) -> int:
    return int(_info(pdf)["Pages"])


def portrait(pdf: Path) -> bool:
    """Whether the first page is A4 portrait (595 × 842 pt)."""
    width, _, height = _info(pdf)["Page size"].split()[:3]
    return abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2


def page_text(pdf: Path, page: int) -> str:
    """The text of one page (1-based), in reading order."""
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def to_png(pdf: Path, dpi: int = 80) -> list[Path]:
    """Every page as ``<stem>-<n>.png`` beside the PDF (needs pdftoppm)."""
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(pdf.with_suffix(""))], check=True)
    return sorted(pdf.parent.glob(f"{pdf.stem}-[0-9]*.png"))

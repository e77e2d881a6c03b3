"""Look at the exports as a person would (`make look`): the seed's three tables written as docx and xlsx,
printed to PDF by LibreOffice, their pages counted, every page rendered as PNG for the eye.

Everything goes to benchmarks/data/look/ (git-ignored). The department table is also written landscape,
where it takes two pages: the second must open with the header rows and the 一级 cell's label.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.io.batch import score_paths  # noqa: E402
from scoring.render.common import Options  # noqa: E402
from scoring.render.docx import write_docx  # noqa: E402
from scoring.render.xlsx import write_xlsx  # noqa: E402
from tests import office  # noqa: E402

OUT = ROOT / "benchmarks" / "data" / "look"
SEED = ("project-equipment", "project-platform", "department")


def main() -> int:
    lacking = office.missing()
    if lacking:
        print(f"缺少 {', '.join(lacking)}：运行 make look 安装 LibreOffice 与 poppler-utils", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    os.chdir(ROOT)
    results = score_paths([f"examples/beiguan-2023/{stem}.toml" for stem in SEED]).results
    documents: list[Path] = []
    for stem, result in zip(SEED, results, strict=True):
        write_docx([result], OUT / f"{stem}.docx")
        write_xlsx([result], OUT / f"{stem}.sheet.xlsx")
        documents += [OUT / f"{stem}.docx", OUT / f"{stem}.sheet.xlsx"]
    landscape = Options(orientation="landscape")
    write_docx([results[-1]], OUT / "department-landscape.docx", landscape)
    write_xlsx([results[-1]], OUT / "department-landscape.sheet.xlsx", landscape)
    write_docx(results, OUT / "seed-findings.docx", Options(findings=True))
    write_xlsx(results, OUT / "seed-findings.sheet.xlsx", Options(findings=True))
    for name in ("department-landscape", "seed-findings"):
        documents += [OUT / f"{name}.docx", OUT / f"{name}.sheet.xlsx"]
    for document, pdf in zip(documents, office.to_pdf(documents, OUT), strict=True):
        shape = "A4 portrait" if office.portrait(pdf) else "landscape"
        pngs = office.to_png(pdf)
        print(f"{document.name:36} {office.pages(pdf)} page(s), {shape}: {', '.join(p.name for p in pngs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

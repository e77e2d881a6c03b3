"""Documents: a reviewer's folder of 1,000 .xlsx 自评表 imported in parallel, and a 100-page 决算 PDF.

1. 1,000 generated .xlsx (the seed's printed 项目 layout, 20 indicator rows each) are imported, each to an
   evaluation with its cell references (python-calamine, layout recognition, mapping, validation), in
   one worker process per core. The floor, measured in the same run with the same workers and chunks:
   python-calamine merely reading every cell of every sheet of the same files. Goal: ratio <= 1.5.
   Both are timed on warm workers (started and imports done before the clock starts); the time with
   the workers' start-up is printed too.
2. A generated 决算公开 PDF of about 100 pages (prose, an accounts table, 自评表 among them) is searched
   for tables and imported. Goal: <= 10 s.

The files are generated into benchmarks/data/ (git-ignored) on first use.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNT = 1000
ROWS = 20
DATA = ROOT / "benchmarks" / "data" / f"documents-{COUNT}x{ROWS}"
PDF = ROOT / "benchmarks" / "data" / "final-accounts-100.pdf"
ROUNDS = 3
GOAL_RATIO = 1.5
GOAL_PDF = 10.0


def _evaluation(data: dict[str, Any]) -> Any:
    """A generated evaluation dressed as a clerk's 项目 table (header, a goal, 资金管理情况)."""
    from scoring.domain.models import Evaluation

    data["evaluation"] |= {"authority": "某区财政局", "implementer": "某区某中心", "reported_total": 88.5}
    data["funds"] |= {"initial": data["funds"]["annual"], "reported_rate": "95%", "reported_score": 9.5}
    data["goals"] = [
        {"expected": "按计划完成年度建设任务，服务对象满意度不低于90%。", "actual": "基本完成。"}
    ]
    data["reviews"] = [
        {"name": n, "weight": 5, "score": 5, "note": "符合要求。"} for n in ("安排科学性", "拨付合规性")
    ]
    for row in data["indicators"]:
        row.pop("applicable", None)
        row.pop("tier", None)
        row.pop("score", None)
        row.setdefault("reported_score", row["weight"])
        if not row.get("actual"):
            row["actual"] = "达成预期"
    return Evaluation.model_validate(data)


def _write(chunk: list[tuple[int, dict[str, Any]]]) -> int:
    from tests.document_tables import seed_project, write_xlsx

    for number, data in chunk:
        write_xlsx([seed_project(_evaluation(data), numbers=True)], DATA / f"自评表-{number:04d}.xlsx")
    return len(chunk)


def generate_xlsx() -> list[Path]:
    from benchmarks.generate import evaluations

    files = sorted(DATA.glob("*.xlsx"))
    if len(files) == COUNT:
        return files
    print(f"generating {COUNT} .xlsx 自评表 in {DATA} …", flush=True)
    DATA.mkdir(parents=True, exist_ok=True)
    items = list(enumerate(evaluations(COUNT, seed=3, rows_per=ROWS)))
    chunks = [items[i :: os.cpu_count() or 1] for i in range(os.cpu_count() or 1)]
    with ProcessPoolExecutor(max_workers=len(chunks), mp_context=get_context("spawn")) as pool:
        sum(pool.map(_write, chunks))
    return sorted(DATA.glob("*.xlsx"))


def floor(files: Sequence[Path]) -> int:
    """python-calamine reading every cell of every sheet: the least any import must do."""
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in files:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            cells += sum(
                len(row) for row in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            )
        workbook.close()
    return cells


def imports(files: Sequence[Path]) -> int:
    """Each file imported to its evaluations (with cell references and problems)."""
    from scoring.io.documents.importer import import_document

    return sum(len(import_document(path).found) for path in files)


def warm_up(kind: str) -> int:
    if kind == "floor":
        import python_calamine
    else:
        import scoring.io.documents.importer
        import scoring.io.documents.sheets  # noqa: F401
        from scoring.io.documents.headings import headings

        headings()
        import python_calamine  # noqa: F401
    return os.getpid()


def timed(
    work: Callable[[Sequence[Path]], int], kind: str, chunks: list[list[Path]]
) -> tuple[float, float, int]:
    """(seconds on warm workers, seconds including their start-up, work done)."""
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=len(chunks), mp_context=get_context("spawn")) as pool:
        list(pool.map(warm_up, [kind] * len(chunks) * 2))
        warm = time.perf_counter()
        done = sum(pool.map(work, chunks))
        end = time.perf_counter()
    return end - warm, end - start, done


def bench_xlsx() -> float:
    files = generate_xlsx()
    for path in files:
        path.read_bytes()  # the page cache warm for both
    workers = os.cpu_count() or 1
    chunks = [files[i::workers] for i in range(workers)]
    floors, ours, floors_cold, ours_cold = [], [], [], []
    cells = found = 0
    for _ in range(ROUNDS):  # interleaved, so both see the same machine
        warm, cold, cells = timed(floor, "floor", chunks)
        floors.append(warm)
        floors_cold.append(cold)
        warm, cold, found = timed(imports, "imports", chunks)
        ours.append(warm)
        ours_cold.append(cold)
    base, mine = statistics.median(floors), statistics.median(ours)
    ratio = mine / base
    print(f"xlsx: {len(files)} files ({ROWS} indicator rows each), {workers} workers; {cells:,} cells read")
    cold_floor, cold_ours = statistics.median(floors_cold), statistics.median(ours_cold)
    print(f"  floor  python-calamine reads every cell : {base:6.2f} s  (median; {cold_floor:.2f} s cold)")
    print(f"  jixiao import to evaluations ({found:,})  : {mine:6.2f} s  (median; {cold_ours:.2f} s cold)")
    rounds = ", ".join(f"{b:.2f}/{o:.2f}" for b, o in zip(floors, ours, strict=True))
    print(f"  rounds (floor/jixiao): {rounds}")
    print(f"  ratio jixiao / floor: {ratio:.2f}  (goal <= {GOAL_RATIO})")
    return ratio


def generate_pdf() -> Path:
    if PDF.is_file():
        return PDF
    print(f"generating a 100-page 决算公开 PDF in {PDF} …", flush=True)
    from scoring import api
    from tests.document_tables import PROSE, Doc, accounts_table, seed_department, seed_project, write_pdf

    seed = ROOT / "examples" / "beiguan-2023"
    department = api.load(seed / "department.toml")
    projects = [api.load(seed / "project-equipment.toml"), api.load(seed / "project-platform.toml")]
    tables = [seed_department(department)] + [seed_project(p) for p in projects * 3]
    doc = Doc(["安阳市北关区便民服务中心 2023 年度部门决算"])
    for section in range(10):  # prose and accounts tables, as a real 决算 has, then the 自评表
        doc.parts.append(f"第{section + 1}部分 部门决算情况说明")
        doc.parts.extend([PROSE * 2] * 170)
        doc.parts.append(accounts_table())
    doc.parts.append("第十一部分 绩效自评情况")
    for table in tables:
        doc.parts.extend([table, PROSE])
    PDF.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(doc, PDF)
    return PDF


def bench_pdf() -> float:
    import pdfplumber

    from scoring.io.documents.importer import import_document

    path = generate_pdf()
    with pdfplumber.open(str(path)) as pdf:
        pages = len(pdf.pages)
    times, found = [], 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        found = len(import_document(path).found)
        times.append(time.perf_counter() - start)
    took = statistics.median(times)
    print(f"pdf: {pages} pages, {found} 自评表 found; searched and imported in {took:.2f} s (median)")
    print(f"  per page: {took / pages * 1000:.0f} ms; goal <= {GOAL_PDF:.0f} s for the document")
    return took


def main() -> int:
    bench_xlsx()
    bench_pdf()
    return 0


if __name__ == "__main__":
    sys.exit(main())

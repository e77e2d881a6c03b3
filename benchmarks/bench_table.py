"""A province's long table: `jixiao score table.parquet --format csv -o summary.csv`.

Generates Parquet tables of 40,000 / 200,000 / 1,000,000 evaluations × 25 rows (1M / 5M / 25M rows,
realistic wording and many distinct actual values) into benchmarks/data/ (git-ignored), then runs the
command on each in a fresh process (three times; the median counts) and prints wall time and peak memory,
their ratios to the goals (25M rows: <= 15 s, <= 6 GiB) and how both grow from 1M to 25M rows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import generated_table, measure  # noqa: E402

SIZES = [40_000, 200_000, 1_000_000]
GOAL_SECONDS = 15.0
GOAL_MIB = 6 * 1024


def table(evaluations: int) -> Path:
    return generated_table(evaluations, ".parquet")


def run(path: Path, repeat: int = 3) -> tuple[float, float]:
    """Median wall time and peak memory of ``repeat`` runs (one run on this VM can be 15% off the next:
    the first large allocation after a pause is slow)."""
    runs = sorted(run_once(path) for _ in range(repeat))
    wall, peak, rows = runs[len(runs) // 2]
    print(
        f"{path.name}: {rows:,} evaluations summarised in {wall:6.2f} s (median of {repeat}; runs "
        f"{', '.join(f'{w:.2f}' for w, _, _ in runs)} s), peak {peak:,.0f} MiB"
    )
    return wall, peak


def run_once(path: Path) -> tuple[float, float, int]:
    out = path.with_suffix(".summary.csv")
    code, wall, peak, stderr = measure("score", str(path), "--format", "csv", "-o", str(out))
    if code != 0:
        raise SystemExit(f"jixiao failed on {path}:\n{stderr}")
    rows = out.read_text(encoding="utf-8-sig").count("\n") - 1
    return wall, peak, rows


def main() -> int:
    sizes = [int(s) for s in os.environ.get("JIXIAO_BENCH_SIZES", "").split(",") if s] or SIZES
    measured = {}
    for evaluations in sizes:
        measured[evaluations] = run(table(evaluations))
    if len(measured) > 1:
        small, large = min(measured), max(measured)
        grow = large / small
        time_growth = measured[large][0] / measured[small][0]
        memory_growth = measured[large][1] / measured[small][1]
        span = f"from {small * 25:,} to {large * 25:,} rows (×{grow:.0f})"
        print(f"{span}: time ×{time_growth:.1f}, memory ×{memory_growth:.1f}")
    if 1_000_000 in measured:
        wall, peak = measured[1_000_000]
        print(f"25M rows: time / goal {wall / GOAL_SECONDS:.2f} (15 s)")
        print(f"25M rows: memory / goal {peak / GOAL_MIB:.2f} (6 GiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

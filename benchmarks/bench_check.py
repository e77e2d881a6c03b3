"""``jixiao check`` on a province's long table, streamed (issue 10 point 18).

Generates a CSV long table of about 200 MB by default, so that ``make bench`` ends in minutes on 2 cores
(``JIXIAO_BENCH_CHECK_MB=1900`` for the issue's 1.9 GB table: about half an hour of check) into
benchmarks/data/ (git-ignored), then runs, each in a fresh process, the summary (``score t.csv --format
csv -o …``) and ``check t.csv`` (every finding printed, to /dev/null), and prints wall time and peak
memory of both. Goal: check's peak memory within 2× the summary's (before streaming, a 190 MB table took
8.9 GB; a 1.9 GB one was killed at 24 GB).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import generated_table, measure  # noqa: E402

BYTES_PER_EVALUATION = 25 * 137  # 25 rows of about 137 bytes in the generated tables
GOAL = 2.0


def table(megabytes: int) -> Path:
    return generated_table(megabytes * 1024 * 1024 // BYTES_PER_EVALUATION, ".csv")


def measured(*argv: str) -> tuple[float, float]:
    code, wall, peak, stderr = measure(*argv)
    if code not in (0, 1):
        raise SystemExit(f"jixiao {' '.join(argv)} failed:\n{stderr}")
    return wall, peak


def main() -> int:
    megabytes = int(os.environ.get("JIXIAO_BENCH_CHECK_MB", "200"))
    path = table(megabytes)
    size = path.stat().st_size / 1024 / 1024
    out = path.with_suffix(".summary.csv")
    summary_wall, summary_peak = measured("score", str(path), "--format", "csv", "-o", str(out))
    print(f"{path.name} ({size:,.0f} MB): summary {summary_wall:6.1f} s, peak {summary_peak:,.0f} MiB")
    check_wall, check_peak = measured("check", str(path))
    print(f"{path.name} ({size:,.0f} MB): check   {check_wall:6.1f} s, peak {check_peak:,.0f} MiB")
    ratio = check_peak / summary_peak
    print(f"check / summary peak memory: {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())

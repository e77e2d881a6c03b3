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
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import big_table  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
BYTES_PER_EVALUATION = 25 * 137  # 25 rows of about 137 bytes in the generated tables
GOAL = 2.0

MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "wall = time.perf_counter() - start\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "print(done.returncode, wall, peak)\n"
    "sys.stderr.write(done.stderr[-2000:])\n"
)


def table(megabytes: int) -> Path:
    evaluations = megabytes * 1024 * 1024 // BYTES_PER_EVALUATION
    path = DATA / f"check-{evaluations}x25.csv"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        print(f"generating {evaluations * 25:,} rows → {path.name} …", flush=True)
        big_table(evaluations).write_csv(path)
    return path


def measure(*argv: str) -> tuple[int, float, float]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "scoring.cli", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    code, wall, peak = done.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"jixiao {' '.join(argv)} failed:\n{done.stderr}")
    return int(code), float(wall), float(peak)


def main() -> int:
    megabytes = int(os.environ.get("JIXIAO_BENCH_CHECK_MB", "200"))
    path = table(megabytes)
    size = path.stat().st_size / 1024 / 1024
    out = path.with_suffix(".summary.csv")
    _, summary_wall, summary_peak = measure("score", str(path), "--format", "csv", "-o", str(out))
    print(f"{path.name} ({size:,.0f} MB): summary {summary_wall:6.1f} s, peak {summary_peak:,.0f} MiB")
    _, check_wall, check_peak = measure("check", str(path))
    print(f"{path.name} ({size:,.0f} MB): check   {check_wall:6.1f} s, peak {check_peak:,.0f} MiB")
    ratio = check_peak / summary_peak
    print(f"check / summary peak memory: {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())

"""A jixiao command run in a fresh process, measured: exit code, wall time and peak memory (the benchmarks'
one way to measure a command; its output is discarded, the last of its stderr kept for a failure)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"

_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "wall = time.perf_counter() - start\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "print(done.returncode, wall, peak)\n"
    "sys.stderr.write(done.stderr[-2000:])\n"
)


def measure(*argv: str) -> tuple[int, float, float, str]:
    """``jixiao ARGV`` in a fresh process: its exit code, wall seconds, peak MiB and the end of its stderr."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "scoring.cli", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    code, wall, peak = done.stdout.split()
    return int(code), float(wall), float(peak), done.stderr


def generated_table(evaluations: int, suffix: str) -> Path:
    """A long table of ``evaluations`` × 25 rows (``generate.big_table``) as .csv or .parquet in
    benchmarks/data/ (git-ignored), generated on first use."""
    from benchmarks.generate import big_table

    csv = suffix == ".csv"
    path = DATA / f"{'check' if csv else 'table'}-{evaluations}x25{suffix}"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        print(f"generating {evaluations * 25:,} rows → {path.name} …", flush=True)
        table = big_table(evaluations)
        if csv:
            table.write_csv(path)
        else:
            table.write_parquet(path)
    return path

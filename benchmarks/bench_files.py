"""Many files: `jixiao score DIR --format csv -o summary.csv` on 10,000 generated evaluations.

Baseline, measured in the same run: one process merely parsing the same files with tomllib
(goal: ratio <= 1.0). The files (30 rows each, every target form of docs/rules.md) are generated into
benchmarks/data/ (git-ignored) on first use.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import write_files  # noqa: E402

COUNT = 10_000
ROWS = 30
DATA = ROOT / "benchmarks" / "data" / f"files-{COUNT}x{ROWS}"
ROUNDS = 3


def main() -> int:
    if not DATA.is_dir() or len(list(DATA.glob("*.toml"))) != COUNT:
        print(f"generating {COUNT} evaluation files in {DATA} …", flush=True)
        write_files(DATA, COUNT, rows_per=ROWS)
    files = sorted(DATA.glob("*.toml"))
    rows = sum(1 for line in files[0].read_text(encoding="utf-8").splitlines() if line == "[[indicators]]")
    for path in files:  # warm the page cache for both contenders
        path.read_bytes()
    out = DATA.parent / "summary.csv"
    command = [sys.executable, "-m", "scoring.cli", "score", str(DATA), "--format", "csv", "-o", str(out)]
    baselines, ours = [], []
    for _ in range(ROUNDS):  # interleaved, so both see the same machine
        start = time.perf_counter()
        for path in files:
            tomllib.loads(path.read_text(encoding="utf-8"))
        baselines.append(time.perf_counter() - start)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        ours.append(time.perf_counter() - start)
        if done.returncode != 0:
            print(done.stderr)
            return 1
    baseline, mine = statistics.median(baselines), statistics.median(ours)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines = out.read_text(encoding="utf-8-sig").count("\n") - 1
    print(f"files: {len(files)} evaluations of {rows} indicator rows; summary rows written: {lines}")
    rounds = ", ".join(f"{b:.2f}/{o:.2f}" for b, o in zip(baselines, ours, strict=True))
    print(f"baseline  tomllib parse only (1 process): {baseline:6.2f} s  (median of {ROUNDS})")
    print(f"jixiao score DIR --format csv           : {mine:6.2f} s  (median; peak RSS {peak:,.0f} MiB)")
    print(f"rounds (baseline/jixiao): {rounds}")
    print(f"ratio jixiao / baseline: {mine / baseline:.2f}  (goal <= 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

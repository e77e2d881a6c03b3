"""Adversarial lines read in linear time (issue 10 point 14).

A TOML file whose multi-line string holds lines of "[" and spaces (the backtracking header pattern took
15 s on one line of 3,000 spaces and about an hour on a 20 KB file) is read as ``jixiao check`` reads it:
parsed, its keys' lines found, its comments collected. Sizes grow tenfold; linear time grows about
tenfold (goal: each step <= 15×, and 1 MB within 2 s). The old pattern is timed on one short line beside.
"""

from __future__ import annotations

import itertools
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.io.toml_comments import collect  # noqa: E402
from scoring.io.toml_lines import key_lines  # noqa: E402
from scoring.io.toml_read import read_toml  # noqa: E402

SIZES = [10_000, 100_000, 1_000_000]
BUDGET = 2.0
OLD_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")

HEAD = '[evaluation]\nkind = "project"\nyear = 2023\nname = "长行"\nsource = """\n'
ROW = (
    '"""\n[[indicators]]\nlevel1 = "产出指标"\nlevel3 = "台数"\ntarget = "1台"\nactual = "1台"\n'
    "weight = 100\n"
)


def adversarial(size: int) -> str:
    """About ``size`` characters: lines of "[" + 3,000 spaces + "x", and one line of ``size`` of them."""
    line = "[" + " " * 3000 + "x\n"
    return HEAD + line * (size // len(line) // 2) + "[" + " " * (size // 2) + "x\n" + ROW


def timed(text: str, path: Path) -> float:
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    _, read = read_toml(path)
    key_lines(read)
    collect(read)
    return time.perf_counter() - start


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines.toml"
        times = {size: min(timed(adversarial(size), path) for _ in range(3)) for size in SIZES}
    for size, seconds in times.items():
        print(f"adversarial lines, {size:>9,} characters: {seconds * 1000:8.1f} ms (best of 3)")
    steps = [times[b] / max(times[a], 1e-6) for a, b in itertools.pairwise(SIZES)]
    print("growth per ×10 in size: " + ", ".join(f"×{s:.1f}" for s in steps) + " (linear: ×10; goal <= ×15)")
    print(f"1 MB: {times[SIZES[-1]]:.2f} s (budget {BUDGET} s)")
    start = time.perf_counter()
    OLD_HEADER.match("[" + " " * 1000 + "x")
    print(f"the old header pattern on one line of 1,000 spaces: {time.perf_counter() - start:.2f} s")
    ok = all(s <= 15 for s in steps) and times[SIZES[-1]] <= BUDGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

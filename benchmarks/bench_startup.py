"""Start-up time: `jixiao score one.toml` against `python -c "import polars, pydantic"`, in one run.

Each command runs REPEAT times in a fresh interpreter, interleaved so both see the same machine load;
the medians and their ratio are printed (goal: ratio <= 1.3). Also checks that scoring one file
does not import textual, openpyxl, docx or the long tables' reader.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "examples" / "beiguan-2023" / "project-equipment.toml"
REPEAT = 9
GOAL = 1.3

SCORE = [
    sys.executable,
    "-c",
    "import sys; from scoring.cli import main; sys.exit(main(sys.argv[1:]))",
    "score",
    str(FILE),
]
BASELINE = [sys.executable, "-c", "import polars, pydantic"]
HEAVY = (
    "import sys, io, contextlib\n"
    "from scoring.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()): main(['score', sys.argv[1]])\n"
    "heavy = ('textual', 'openpyxl', 'docx', 'tui', 'python_calamine', 'pdfplumber',\n"
    "         'scoring.io.long_table')\n"
    "print(','.join(m for m in heavy if m in sys.modules))\n"
)


def compiled() -> str:
    """Whether our modules start from bytecode, as an installed wheel does (``make bench`` compiles them)."""
    stale = [
        source.name
        for source in (ROOT / "scoring").rglob("*.py")
        if not Path(importlib.util.cache_from_source(str(source))).is_file()
        or Path(importlib.util.cache_from_source(str(source))).stat().st_mtime < source.stat().st_mtime
    ]
    return "compiled, as installed" if not stale else f"{len(stale)} modules not compiled (compiled each run)"


def once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    once(SCORE), once(BASELINE)  # warm the file cache
    score, base = [], []
    for _ in range(REPEAT):
        score.append(once(SCORE))
        base.append(once(BASELINE))
    s, b = statistics.median(score), statistics.median(base)
    heavy = subprocess.run(
        [sys.executable, "-c", HEAVY, str(FILE)], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    print(f"jixiao score {FILE.relative_to(ROOT)}: median {s * 1000:.0f} ms over {REPEAT} runs")
    print(f'python -c "import polars, pydantic": median {b * 1000:.0f} ms over {REPEAT} runs')
    print(f"ratio {s / b:.2f} (goal <= {GOAL})")
    print(f"heavy modules imported by score: {heavy or 'none'}")
    print(f"bytecode of scoring/: {compiled()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

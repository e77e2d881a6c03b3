"""Golden files: compare, or rewrite when JIXIAO_UPDATE_GOLDEN=1 (then read the diff before committing)."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("JIXIAO_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert path.exists(), f"golden file {path} missing: run with JIXIAO_UPDATE_GOLDEN=1 and read it"
    with path.open(encoding="utf-8", newline="") as handle:
        expected = handle.read()
    assert text == expected, f"{name} differs from its golden file (JIXIAO_UPDATE_GOLDEN=1 rewrites it)"

"""Loaders that fail on purpose, for the batch's worker processes (they import this module by name)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from scoring.core.frames import Case
from scoring.io.cases import load_case


def crash_or_load(path: Path, **kwargs: Any) -> Case:
    """Kill the worker process on ``crash*.toml`` (as the out-of-memory killer would), run out of memory
    on ``memory*.toml``, else load as jixiao does."""
    name = Path(path).name
    if name.startswith("crash"):
        os._exit(9)
    if name.startswith("memory"):
        raise MemoryError
    return load_case(path, **kwargs)

"""Placeholder reasons (``placeholder_reasons.toml``): texts that fill a 偏差原因 cell without a reason."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

PLACEHOLDER_FILE = Path(__file__).with_name("placeholder_reasons.toml")


@cache
def placeholder_words() -> tuple[str, ...]:
    """The words as written in the table (the core normalises them as it normalises a cell)."""
    with PLACEHOLDER_FILE.open("rb") as handle:
        table = tomllib.load(handle)
    return tuple(str(word) for word in table["words"])

"""File names made from a clerk's text (an evaluation's or a department's name) for output folders."""

from __future__ import annotations

import re

from scoring.domain.hidden import strip_hidden

WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
)
"""Names Windows will not create a file under, whatever the extension (``con.md`` is the console)."""
STEM_LIMIT = 80
"""Characters kept of a name: a file name is at most 255 bytes, a Chinese character three of them."""


def file_stem(text: str, fallback: str) -> str:
    """``text`` fit for a file name on Windows and Linux, ``fallback`` when nothing of it is left.

    Without control, bidirectional or zero-width characters (a name must show what it is), separators,
    wildcards and spaces as _, never a dotfile, never a name Windows reserves (CON, NUL, COM1 …)."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", strip_hidden(text))[:STEM_LIMIT]
    stem = stem.strip(". _")
    if stem.split(".")[0].upper() in WINDOWS_RESERVED:
        stem = f"{stem}_"
    return stem or fallback

"""Chinese line breaking in the multi-line fields: no wrapped line starts with 、，。 and the like (避头).

Textual folds Chinese text by cells, which is right, but may put a closing mark at the start of a line
("……完成\n。"). Here each break is Textual's, moved back when it would start a line with such a mark: the
character before it goes down with it, as a typesetter would, and the rest is folded again from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import textual.document._wrapped_document as wrapped_module
from textual._wrap import compute_wrap_offsets
from textual.document._document import Location
from textual.document._wrapped_document import WrappedDocument

from scoring.domain.vocabulary import NO_LINE_START


def wrap_offsets(line: str, width: int, tab_size: int = 4, **textual: Any) -> list[int]:
    """Where each wrapped line of ``line`` starts (after the first): Textual's folding by cells, no line
    starting with a character of NO_LINE_START where the one before it can go down with it."""
    if "\t" in line or width <= 0:  # tab stops: left to Textual
        return compute_wrap_offsets(line, width, tab_size, **textual)
    offsets: list[int] = []
    start = 0
    window = 2 * width + 2  # characters enough for the next break (each takes a cell or two)
    while True:
        folded = compute_wrap_offsets(line[start : start + window], width, tab_size)
        if not folded and start + window < len(line):  # no break in the window: the rest, whole
            folded = compute_wrap_offsets(line[start:], width, tab_size)
        if not folded:
            return offsets
        start = break_before_marks(line, start + folded[0], start)
        offsets.append(start)


def break_before_marks(line: str, brk: int, start: int) -> int:
    """A line break at ``brk`` (the line broken began at ``start``) moved back so that the next line does not
    start with a mark of NO_LINE_START: the character before the marks goes down with them. It stays at
    ``brk`` when nothing can go down: a space, the line's first character, or marks all the way."""
    moved = brk
    while moved - 1 > start and line[moved] in NO_LINE_START:
        if line[moved - 1].isspace():
            return brk
        moved -= 1
    return brk if line[moved] in NO_LINE_START else moved


@contextmanager
def _chinese_breaks() -> Iterator[None]:
    """Textual's wrapped document folds every line with its module's ``compute_wrap_offsets``: ours stands
    in while it wraps (the screen's thread only; restored at once)."""
    textual_offsets = wrapped_module.compute_wrap_offsets
    wrapped_module.compute_wrap_offsets = wrap_offsets  # type: ignore[assignment]
    try:
        yield
    finally:
        wrapped_module.compute_wrap_offsets = textual_offsets


class ChineseWrappedDocument(WrappedDocument):
    """Textual's wrapped view of a document, its lines broken by ``wrap_offsets``."""

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        with _chinese_breaks():
            super().wrap(width, tab_width)

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        with _chinese_breaks():
            super().wrap_range(start, old_end, new_end)

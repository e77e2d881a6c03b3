"""The 问题清单 jixiao adds to its own docx / xlsx with ``--findings``: where the clerk's 填报总分 is noted.

jixiao's tables print the computed 得分 and 总分, so the clerk's 总分 comes back only from this part. Each
evaluation has a line naming it and its file (``采购项目（文件：项目.toml）``); its note
``得分按规则计算；填报总分 85.87`` is on that line (xlsx) or on a following one (docx). The notes go to the
tables by the evaluation's name, in order (two tables of one name take their lines in turn).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from scoring.domain.vocabulary import COMPUTED_SCORES, FINDINGS_PART, REPORTED_TOTAL
from scoring.io.documents.grid import Grid

_HEAD = re.compile(r"^(?P<name>.*?)(?:（文件：|：文件\s)")
"""An evaluation's line: ``名称（文件：…）`` (``名称：文件 …``: xlsx before the two had one wording)."""
NOTE = re.compile(rf"{COMPUTED_SCORES}[；;，,]?\s*(?:{REPORTED_TOTAL}\s*(?P<total>-?[0-9]+(?:\.[0-9]+)?))?")
"""The note that 得分 are computed, with the 填报总分 when the evaluation printed one (either separator:
the xlsx once wrote ``，填报总分``)."""


def part_lines(grids: Sequence[Grid], lines: Sequence[str]) -> list[str] | None:
    """The lines of the document's 问题清单, or None when it has none: the first column of a sheet titled
    so (its notes are merged across the sheet), or the paragraphs after a paragraph of that title."""
    for grid in grids:
        if grid.origin.sheet is not None and grid.nrows and grid.text(0, 0).strip() == FINDINGS_PART:
            return [grid.text(row, 0) for row in range(1, grid.nrows)]
    titles = [index for index, line in enumerate(lines) if line.strip() == FINDINGS_PART]
    return list(lines[titles[-1] + 1 :]) if titles else None


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name)


class NotedTotals:
    """The 填报总分 the 问题清单 notes for each evaluation, taken by name in the order the lines come."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._by_name: dict[str, list[Decimal | None]] = {}
        name: str | None = None
        for line in lines:
            head = _HEAD.match(line)
            if head is not None:
                name = _key(head.group("name"))
                self._by_name.setdefault(name, []).append(None)
            note = NOTE.search(line)
            if note is not None and note.group("total") and name is not None:
                self._by_name[name][-1] = Decimal(note.group("total"))

    def take(self, name: str) -> Decimal | None:
        """The next noted 填报总分 of an evaluation of this name (None when its line notes none)."""
        noted = self._by_name.get(_key(name))
        return noted.pop(0) if noted else None


def noted_totals(grids: Sequence[Grid], lines: Sequence[str]) -> NotedTotals | None:
    """The 问题清单's notes of a file jixiao wrote, or None (another program's file, or no 问题清单)."""
    if not any(grid.made_by == "jixiao" for grid in grids):
        return None
    part = part_lines(grids, lines)
    return NotedTotals(part) if part is not None else None

"""Where the walkthrough is: a pane, and for rows the row's index."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A pane (``funds`` | ``goals`` | ``indicator`` | ``management`` | ``check``) and an index in it: the
    indicator row, or the 资金管理情况 item."""

    section: str
    index: int = 0

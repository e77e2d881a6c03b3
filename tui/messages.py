"""Messages the panes send to the screen that owns the session."""

from __future__ import annotations

from textual.message import Message

from scoring.domain.results import EvaluationResult

from .places import Place


class Edited(Message):
    """The evaluation model was changed by the user (rescore, mark unsaved, schedule the recovery file)."""

    def __init__(self, structure: bool = False) -> None:
        super().__init__()
        self.structure = structure  # rows were added or removed: rebuild the tree


class Jump(Message):
    """Go to a place (from a finding, a table row or a command)."""

    def __init__(self, place: Place) -> None:
        super().__init__()
        self.place = place


class Scored(Message):
    """A result of the scoring core is on screen: its figures (``final`` False), then with its findings."""

    def __init__(self, result: EvaluationResult, final: bool) -> None:
        super().__init__()
        self.result = result
        self.final = final

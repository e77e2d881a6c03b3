"""The walkthrough's panes, one per part of an evaluation (the screen shows one at a time)."""

from .base import Deletion, Pane
from .check import CheckPane
from .funds import FundsPane
from .goals import GoalsPane
from .indicator import IndicatorPane
from .management import ManagementPane

__all__ = ["CheckPane", "Deletion", "FundsPane", "GoalsPane", "IndicatorPane", "ManagementPane", "Pane"]

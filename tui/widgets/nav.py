"""The navigation tree: sections, and every indicator with its status mark."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import MARK

from ..places import Place
from ..session import Session
from ..text import plain

SECTIONS = [
    ("funds", "基本信息与资金"),
    ("goals", "目标与任务"),
    ("indicators", "绩效指标"),
    ("management", "资金管理情况"),
    ("check", "复核与总分"),
]


def mark_of(result: EvaluationResult | None, index: int) -> tuple[str, str]:
    if result is None or index >= len(result.indicators):
        return MARK["missing"]
    row = result.indicators[index]
    if row.reason_missing:
        return MARK["reason"]
    return MARK.get(row.status, MARK["invalid"])


class NavTree(Tree[Place]):
    """Sections and indicators; selecting a node opens its pane."""

    ICON_NODE = "▸ "
    ICON_NODE_EXPANDED = "▾ "
    DEFAULT_CSS = """
    NavTree { padding: 0; }
    """

    result: reactive[EvaluationResult | None] = reactive(None, always_update=True, init=False, repaint=False)

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__("自评", **kwargs)  # type: ignore[arg-type]
        self.session = session
        self.show_root = False
        self.show_guides = False
        self.guide_depth = 2
        self._rows: dict[int, TreeNode[Place]] = {}
        self._sections: dict[str, TreeNode[Place]] = {}
        self._keys: dict[int, tuple[tuple[str, str], str]] = {}  # the (mark, 三级指标) each row shows

    def watch_result(self, result: EvaluationResult | None) -> None:
        self.refresh_marks(result)

    def build(self) -> None:
        evaluation = self.session.evaluation
        result = self.result
        self.clear()
        self._rows.clear()
        self._sections.clear()
        self._keys.clear()
        for key, label in SECTIONS:
            if key == "indicators":
                parent = self.root.add(label, data=Place("indicator", 0), expand=True)
                self._sections["indicator"] = parent
                groups: dict[str, TreeNode[Place]] = {}
                for i, row in enumerate(evaluation.indicators):
                    group = groups.get(row.level1)
                    if group is None:
                        group = parent.add(plain(row.level1), data=Place("indicator", i), expand=True)
                        groups[row.level1] = group
                    self._rows[i] = group.add_leaf(self._label(result, i), data=Place("indicator", i))
            else:
                self._sections[key] = self.root.add_leaf(label, data=Place(key))

    def _label(self, result: EvaluationResult | None, i: int) -> Text:
        mark, style = mark_of(result, i)
        name = self.session.evaluation.indicators[i].level3
        self._keys[i] = ((mark, style), name)
        text = Text()
        text.append(mark, style=f"bold {style}")
        text.append(" ")
        text.append_text(plain(name or "（未命名）"))
        return text

    def refresh_marks(self, result: EvaluationResult | None) -> None:
        """Relabel only the rows whose mark or name changed (this runs on every keystroke)."""
        indicators = self.session.evaluation.indicators
        if len(self._rows) != len(indicators):
            self.build()
            return
        for i, node in self._rows.items():
            key = (mark_of(result, i), indicators[i].level3)
            if self._keys.get(i) != key:
                node.set_label(self._label(result, i))

    def select_place(self, place: Place) -> None:
        node = (
            self._rows.get(place.index) if place.section == "indicator" else self._sections.get(place.section)
        )
        if node is not None:
            self.move_cursor(node)

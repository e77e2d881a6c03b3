"""The TUI as a complete editor: a real project built from a blank set by keys alone (rows renamed, added,
deleted, re-weighted; undo and redo), undo over every kind of edit, and the structure operations."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import api
from scoring.domain.models import Evaluation, Indicator, Level
from tests.tui_helpers import LARGE, SMALL, opened, settle, sync, type_text
from tui import editing
from tui.screens.modals import Choice
from tui.session import Session, recovery_path

pytestmark = pytest.mark.tui

D = Decimal


async def rename_row(pilot, name: str) -> None:
    """From a row's 年度指标值 (where a row is entered): back to its name and type a new one."""
    await pilot.press("shift+tab", "shift+tab", "ctrl+u")
    await type_text(pilot, name)
    await pilot.press("enter", "enter")  # name -> 分值 -> 年度指标值


async def fill(pilot, target: str, actual: str) -> None:
    """年度指标值 and 实际完成值, then on past 不适用 and 偏差原因 to the next row."""
    await type_text(pilot, target)
    await pilot.press("enter")
    await type_text(pilot, actual)
    await settle(pilot)
    await pilot.press("enter", "enter", "enter")
    await settle(pilot)


HAND_WRITTEN = """
[evaluation]
kind = "project"
year = 2023
name = "社区便民设备采购"
authority = "某区政务服务和大数据管理局"
implementer = "某区便民服务中心"
set = "henan-project"

[funds]
weight = 10
initial = 90
annual = 90
executed = 85

[[goals]]
expected = "为全区社区配置便民服务设备"
actual = "已全部配置到位"

[[reviews]]
name = "安排科学性"
weight = 5
score = 5

[[reviews]]
name = "拨付合规性"
weight = 5
score = 5

[[reviews]]
name = "使用规范性"
weight = 5
score = 5

[[reviews]]
name = "预算绩效管理情况"
weight = 5
score = 4
problem = "绩效目标细化不足"

[[indicators]]
level1 = "成本指标"
level2 = "经济成本指标"
level3 = "设备采购成本"
target = "<=90万元"
actual = "85万元"
weight = 10

[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
level3 = "配置台式电脑"
target = ">=112台"
actual = "112台"
weight = 6

[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
level3 = "配置打印机"
target = ">=112台"
actual = "112台"
weight = 6

[[indicators]]
level1 = "产出指标"
level2 = "质量指标"
level3 = "设备验收合格率"
target = ">=95%"
actual = "100%"
weight = 6

[[indicators]]
level1 = "产出指标"
level2 = "质量指标"
level3 = "设备完好率"
target = ">=90%"
actual = "98%"
weight = 6

[[indicators]]
level1 = "产出指标"
level2 = "时效指标"
level3 = "采购完成时间"
target = "2023年9月前"
actual = "2023年8月20日"
weight = 6

[[indicators]]
level1 = "效益指标"
level2 = "经济效益指标"
level3 = "群众办事成本节约率"
target = ">=10%"
actual = "11%"
weight = 10

[[indicators]]
level1 = "效益指标"
level2 = "社会效益指标"
level3 = "办件量增长率"
target = ">=5%"
actual = "5.5%"
weight = 10

[[indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
level3 = "直接服务对象满意度"
target = "群众满意"
actual = "达成预期"
tier = "达成"
weight = 5

[[indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
level3 = "间接服务对象满意度"
target = ">=90%"
actual = "93%"
weight = 5
"""
"""The table the test builds, written by hand as a clerk would write the TOML."""


def _scored_json(path: Path) -> dict[str, object]:
    data = json.loads(api.render("json", [api.score(api.load(path), path.name, near=path)]))
    return data["evaluations"][0]


@sync
async def test_a_real_project_from_a_blank_set_by_keys_alone(tmp_path: Path) -> None:
    path = tmp_path / "project.toml"
    api.save(api.new_from_set("henan-project"), path)
    async with opened(path, LARGE) as (app, pilot, screen):
        # header and funds
        await type_text(pilot, "社区便民设备采购")
        await pilot.press("enter")
        await type_text(pilot, "某区政务服务和大数据管理局")
        await pilot.press("enter")
        await type_text(pilot, "某区便民服务中心")
        await pilot.press("enter", "ctrl+u")
        await type_text(pilot, "2023")
        await pilot.press("enter")
        for amount in ("90", "90", "85"):
            await type_text(pilot, amount)
            await pilot.press("enter")
        # a goal
        await pilot.press("f3", "enter")
        await type_text(pilot, "为全区社区配置便民服务设备")
        await pilot.press("enter")
        await type_text(pilot, "已全部配置到位")
        await pilot.press("enter")
        await settle(pilot)

        # 成本指标: rename and fill the first row, delete the second (asked once), give 成本 its 10 back
        await pilot.press("f4")
        await settle(pilot)
        await rename_row(pilot, "设备采购成本")
        await fill(pilot, "<=90万元", "85万元")
        assert screen.place.index == 1
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.press("enter")  # 删除
        await settle(pilot)
        assert [r.level3 for r in screen.session.evaluation.indicators[:2]] == ["设备采购成本", "数量指标1"]
        await pilot.press("pageup")
        await settle(pilot)
        await pilot.press("ctrl+b")  # rebalance 成本指标: 10 on its one row
        await settle(pilot)
        assert screen.session.evaluation.indicators[0].weight == D(10)

        # 产出指标: rename and fill three rows, add two (Ctrl+O below the row), share its 30 evenly
        await pilot.press("pagedown")
        await settle(pilot)
        await rename_row(pilot, "配置台式电脑")
        await fill(pilot, ">=112台", "112台")
        await pilot.press("pageup", "ctrl+o")  # a blank row below 配置台式电脑, in 数量指标
        await settle(pilot)
        await type_text(pilot, "配置打印机")
        await pilot.press("enter", "enter")
        await fill(pilot, ">=112台", "112台")
        await rename_row(pilot, "设备验收合格率")
        await fill(pilot, ">=95%", "100%")
        await pilot.press("pageup", "ctrl+o")
        await settle(pilot)
        await type_text(pilot, "设备完好率")
        await pilot.press("enter", "enter")
        await fill(pilot, ">=90%", "98%")
        await rename_row(pilot, "采购完成时间")
        await fill(pilot, "2023年9月前", "2023年8月20日")
        await pilot.press("pageup", "ctrl+b")  # 产出指标's 30 over its five rows
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)

        # 效益指标: two rows filled; the third deleted, the deletion undone and redone; 20 shared
        await rename_row(pilot, "群众办事成本节约率")
        await fill(pilot, ">=10%", "11%")
        await rename_row(pilot, "办件量增长率")
        await fill(pilot, ">=5%", "5.5%")
        rows_before = [r.level3 for r in screen.session.evaluation.indicators]
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, Choice)
        await pilot.press("enter")
        await settle(pilot)
        assert "生态效益指标1" not in [r.level3 for r in screen.session.evaluation.indicators]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [r.level3 for r in screen.session.evaluation.indicators] == rows_before
        assert screen.place.index == rows_before.index("生态效益指标1")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert "生态效益指标1" not in [r.level3 for r in screen.session.evaluation.indicators]
        await pilot.press("pageup", "ctrl+b")
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)

        # 满意度指标: a tier (the words follow it) and a number
        assert screen.session.evaluation.indicators[screen.place.index].level3 == "直接服务对象满意度"
        await type_text(pilot, "群众满意")
        await pilot.press("enter")
        await settle(pilot)
        # past the empty actual; Enter on the tier picks 达成, which completes the row: on to the next one
        await pilot.press("enter", "enter")
        await settle(pilot)
        await fill(pilot, ">=90%", "93%")

        # 资金管理情况, then save
        await pilot.press("f5")
        for points, problem in (("5", ""), ("5", ""), ("5", ""), ("4", "绩效目标细化不足")):
            await type_text(pilot, points)
            await pilot.press("enter", "enter")
            await type_text(pilot, problem)
            await pilot.press("enter")
        await settle(pilot)
        result = screen.result
        assert result is not None
        assert result.weight_total == result.weights_expected == D(100)
        assert result.rows_filled == result.rows_total == 10
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.session.dirty and not recovery_path(path).exists()

    hand = tmp_path / "hand.toml"
    hand.write_text(HAND_WRITTEN, encoding="utf-8")
    built, written = _scored_json(path), _scored_json(hand)
    built.pop("file"), written.pop("file")
    assert built == written
    assert not [f for f in api.score(api.load(path)).findings if f.severity == "error"]


# --- undo and redo ----------------------------------------------------------------------------------------


def _session(tmp_path: Path) -> Session:
    path = tmp_path / "s.toml"
    api.save(api.new_from_set("henan-project"), path)
    return Session.open(path)


def test_undo_redo_steps_over_typing_and_structure(tmp_path: Path) -> None:
    """A run of keystrokes in one field is one step; a structure edit is one; redo is lost on a new edit."""
    from tui.places import Place

    session = _session(tmp_path)
    count = len(session.evaluation.indicators)
    here = Place("indicator", 0)
    for text in ("9", "95", "95%"):  # three keystrokes in 实际完成值
        session.record(here, "i-actual@0")
        session.evaluation.indicators[0].actual = text
    session.record(here)
    editing.delete_row(session.evaluation, 1)
    assert len(session.evaluation.indicators) == count - 1
    assert session.undo() == here
    assert len(session.evaluation.indicators) == count and session.evaluation.indicators[0].actual == "95%"
    assert session.undo() == here
    assert session.evaluation.indicators[0].actual is None
    assert session.undo() is None
    assert session.redo() == here and session.evaluation.indicators[0].actual == "95%"
    session.record(Place("funds"), "f-annual")  # a new edit: what was undone cannot be redone any more
    assert session.redo() is None


def test_undo_is_kept_across_the_recovery_file_and_saving(tmp_path: Path) -> None:
    from tui.places import Place

    session = _session(tmp_path)
    session.record(Place("indicator", 0), "i-target@0")
    session.evaluation.indicators[0].target = ">=90%"
    session.changed()
    assert session.write_recovery()
    session.save()
    assert session.undo() == Place("indicator", 0)
    assert session.evaluation.indicators[0].target == ""
    assert session.dirty
    assert session.write_recovery()  # differs from the saved file again


@sync
async def test_undo_in_the_tui_covers_typing_goals_sources_and_reviews(tmp_path: Path) -> None:
    path = tmp_path / "u.toml"
    api.save(api.new_from_set("henan-project"), path)
    async with opened(path, SMALL) as (_app, pilot, screen):
        ev = screen.session.evaluation
        await pilot.press("f4")
        await type_text(pilot, ">=90%")
        await pilot.press("enter")
        await type_text(pilot, "95%")
        await settle(pilot)
        await pilot.press("ctrl+z")  # the actual, whole
        await settle(pilot)
        ev = screen.session.evaluation
        assert (ev.indicators[0].target, ev.indicators[0].actual) == (">=90%", None)
        assert screen.query_one("#i-actual").value == ""  # type: ignore[attr-defined]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.session.evaluation.indicators[0].target == ""
        await pilot.press("ctrl+y", "ctrl+y")
        await settle(pilot)
        ev = screen.session.evaluation
        assert (ev.indicators[0].target, ev.indicators[0].actual) == (">=90%", "95%")
        assert screen.result is not None and screen.result.indicators[0].status == "met"

        await pilot.press("f3", "ctrl+o")  # a goal
        await settle(pilot)
        assert len(screen.session.evaluation.goals) == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.session.evaluation.goals == []

        await pilot.press("f2", "ctrl+o")  # a fund source, named from the vocabulary
        await settle(pilot)
        funds = screen.session.evaluation.funds
        assert funds is not None and [s.name for s in funds.sources] == ["财政拨款"]
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        funds = screen.session.evaluation.funds
        assert funds is not None and funds.sources == []
        await pilot.press("ctrl+z")
        await settle(pilot)
        funds = screen.session.evaluation.funds
        assert funds is not None and [s.name for s in funds.sources] == ["财政拨款"]

        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.press("escape")  # asked once; cancelled: nothing deleted
        await settle(pilot)
        assert len(screen.session.evaluation.reviews) == 4
        screen.session.discard_recovery()
        screen.session.dirty = False


@sync
async def test_weights_sums_are_shown_where_they_are_typed(tmp_path: Path) -> None:
    """Over/under the 一级's 分值 and the total's 100 is marked on the row being weighted."""
    path = tmp_path / "w.toml"
    api.save(api.new_from_set("henan-project"), path)
    async with opened(path, SMALL) as (_app, pilot, screen):
        await pilot.press("f4")
        await settle(pilot)
        sums = screen.query_one("#i-sums")
        assert "10/10" in str(sums.render()) and "100/100" in str(sums.render())
        await pilot.press("shift+tab", "ctrl+u")  # 分值 of 经济成本指标1
        await type_text(pilot, "8")
        await settle(pilot)
        shown = sums.render()
        assert "13/10" in str(shown) and "103/100" in str(shown) and "超 3" in str(shown)
        assert any("red" in str(span.style) for span in shown.spans)  # type: ignore[union-attr]
        assert screen.session.evaluation.indicators[0].weight == D(8)
        screen.session.discard_recovery()
        screen.session.dirty = False


# --- the structure operations, on the model --------------------------------------------------------------


def _rows(*groups: tuple[str, str, str]) -> Evaluation:
    evaluation = api.new_from_set("henan-project")
    evaluation.indicators = [Indicator(level1=a, level2=b, level3=c, weight=D(1)) for a, b, c in groups]
    return evaluation


def test_split_evenly_is_exact() -> None:
    assert editing.split_evenly(D(25), 6) == [D(5), D(4), D(4), D(4), D(4), D(4)]
    assert sum(editing.split_evenly(D("10.5"), 4)) == D("10.5")
    assert editing.split_evenly(D("10.5"), 4) == [D("2.63"), D("2.63"), D("2.62"), D("2.62")]
    assert editing.split_evenly(D(30), 5) == [D(6)] * 5


def test_moving_a_row_stays_in_its_level_and_joins_the_next_level2_first() -> None:
    ev = _rows(("产出", "数量", "a"), ("产出", "数量", "b"), ("产出", "质量", "c"), ("效益", "社会", "d"))
    assert editing.move_row(ev, 1, 1) == 1  # b at the edge of 数量: it joins 质量 first
    assert [(r.level2, r.level3) for r in ev.indicators[:3]] == [("数量", "a"), ("质量", "b"), ("质量", "c")]
    assert editing.move_row(ev, 1, 1) == 2  # then moves below c
    assert [r.level3 for r in ev.indicators] == ["a", "c", "b", "d"]
    assert editing.move_row(ev, 2, 1) is None  # d is another 一级
    assert editing.move_row(ev, 0, -1) is None


def test_renaming_a_level_renames_every_row_and_keeps_groups_together() -> None:
    ev = _rows(("产出", "数量", "a"), ("效益", "社会", "b"), ("产出", "数量", "c"))
    editing.rename_level1(ev, "效益", "产出")
    assert [r.level1 for r in ev.indicators] == ["产出"] * 3
    assert editing.regroup(ev) == [0, 2, 1]  # 产出/数量 together, then 产出/社会
    assert [(r.level2, r.level3) for r in ev.indicators] == [("数量", "a"), ("数量", "c"), ("社会", "b")]
    editing.rename_level2(ev, "产出", "数量", "质量")
    assert [r.level2 for r in ev.indicators] == ["质量", "质量", "社会"]
    ev.levels = [Level(level1="效益", weight=D(20))]
    editing.rename_level1(ev, "效益", "效益指标")
    assert ev.levels[0].level1 == "效益指标"


def test_a_row_added_to_a_group_goes_at_its_end() -> None:
    ev = _rows(("产出", "数量", "a"), ("产出", "质量", "b"), ("效益", "社会", "c"))
    assert editing.add_to_group(ev, "产出", "数量") == 1
    assert editing.add_to_group(ev, "产出", "时效") == 3  # a new 二级: after the 一级's rows
    assert editing.add_to_group(ev, "满意度", "服务对象") == 5  # a new 一级: at the end
    assert [(r.level1, r.level2) for r in ev.indicators] == [
        ("产出", "数量"), ("产出", "数量"), ("产出", "质量"), ("产出", "时效"), ("效益", "社会"),
        ("满意度", "服务对象"),
    ]  # fmt: skip


def test_declaring_a_level_weight_keeps_the_others() -> None:
    ev = _rows(("产出", "数量", "a"))
    editing.set_level_weight(ev, "产出", D(40), {"成本": D(10), "产出": D(30)})
    assert [(level.level1, level.weight) for level in ev.levels] == [("成本", D(10)), ("产出", D(40))]

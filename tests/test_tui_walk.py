"""The walk's bugs an evaluator met (issue 11), each by keys as they met it; and the screen fitting 80x24."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Input, OptionList, Static

from scoring import api
from tests.tui_helpers import LARGE, SMALL, make_app, opened, screen_lines, settle, sync, type_text
from tui.places import Place
from tui.widgets.fields import TextField, TierChoice

pytestmark = pytest.mark.tui


def _new(tmp_path: Path, set_id: str) -> Path:
    """A fresh evaluation, as `jixiao new --set SET -o FILE` writes it."""
    path = tmp_path / f"{set_id}.toml"
    api.save(api.new_from_set(set_id), path)
    return path


@sync
async def test_the_same_tier_on_the_next_row_registers(tmp_path: Path) -> None:
    """henan-department: F4, Enter (达成); Ctrl+N, Enter: the second row stayed 缺 and 已填 stayed 1/22 (the
    tier buttons kept the first row's choice, so pressing it again changed nothing). Enter on 达成 now
    also moves on to the next row (the row is complete), so the road is Enter, Enter, Enter."""
    async with opened(_new(tmp_path, "henan-department"), SMALL) as (_app, pilot, screen):
        await pilot.press("f4", "enter")
        await settle(pilot)
        assert screen.place.index == 1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.place.index == 3
        rows = screen.session.evaluation.indicators
        assert [r.tier for r in rows[:3]] == ["达成"] * 3
        result = screen.result
        assert result is not None and result.rows_filled == 3
        assert [r.status for r in result.indicators[:3]] == ["met"] * 3
        assert "已填 3/22" in "\n".join(screen_lines(_app))


@sync
async def test_enter_on_a_tier_goes_where_the_row_needs(tmp_path: Path) -> None:
    """A qualitative row took four or five Enters (档次, 评分, 适用, 偏差原因): 达成 completes the row, so
    Enter goes on to the next row; 部分达成 needs a score within its band, so Enter goes on to 评分."""
    async with opened(_new(tmp_path, "henan-department"), SMALL) as (app, pilot, screen):
        await pilot.press("f4", "right", "enter")  # 部分达成
        await settle(pilot)
        assert screen.place.index == 0
        assert app.focused is not None and app.focused.id == "i-score"
        await pilot.press("0", ".", "7")  # a score within the band of 部分达成 (0.6 to 0.8 of 1 point)
        await settle(pilot)
        row = screen.session.evaluation.indicators[0]
        assert (row.tier, row.score) == ("部分达成", Decimal("0.7"))
        await pilot.press("ctrl+n")  # on to the next row still blank
        await settle(pilot)
        index = screen.place.index
        assert isinstance(app.focused, TierChoice)
        await pilot.press("enter")  # 达成: the row is complete, on to the next one
        await settle(pilot)
        assert screen.place.index == index + 1
        assert screen.session.evaluation.indicators[index].tier == "达成"

        # back on the first row: 达成 over a score typed for 部分达成 is not complete, on to 评分 to mend it
        screen.goto_place(Place("indicator", 0))
        await settle(pilot)
        screen.query_one("#i-tier", TierChoice).focus()
        await settle(pilot)
        await pilot.press("left", "enter")
        await settle(pilot)
        assert screen.place.index == 0
        assert app.focused is not None and app.focused.id == "i-score"
        assert screen.session.evaluation.indicators[0].tier == "达成"


@sync
async def test_picking_a_tier_writes_the_official_words(tmp_path: Path) -> None:
    """A row rated only by its tier exported an empty 实际完成值; the seed prints 达成预期 there."""
    path = _new(tmp_path, "henan-department")
    async with opened(path, SMALL) as (_app, pilot, screen):
        await pilot.press("f4", "2")  # 部分达成, picked by its number
        await settle(pilot)
        row = screen.session.evaluation.indicators[0]
        assert (row.tier, row.actual) == ("部分达成", "部分达成")
        assert screen.query_one("#i-actual", Input).value == "部分达成"
        await pilot.press("left", "space")  # back to 达成: the words follow the tier
        await settle(pilot)
        assert (row.tier, row.actual) == ("达成", "达成预期")
        await pilot.press("ctrl+s")
        await settle(pilot)
    result = api.score(api.load(path))
    assert result.indicators[0].actual == "达成预期"
    assert "达成预期" in api.render("table", [result], detail=True)


@sync
async def test_the_cursor_starts_at_the_end_of_each_row(tmp_path: Path) -> None:
    """national-project: row 5 renamed 改造成本, PgDn, Shift+Tab to the name, Ctrl+U: only part of the old
    name went (the cursor stayed where row 5 left it) and the row was saved as 小区物业费收缴率指标1."""
    async with opened(_new(tmp_path, "national-project"), SMALL) as (app, pilot, screen):
        await pilot.press("f4", *["pagedown"] * 4)
        await settle(pilot)
        assert screen.place.index == 4
        name = screen.query_one("#i-level3", Input)
        name.focus()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "改造成本")
        await pilot.press("pagedown")
        await settle(pilot)
        old = screen.session.evaluation.indicators[5].level3
        assert len(old) > len("改造成本")
        name.focus()
        assert name.cursor_position == len(old)
        await pilot.press("ctrl+u")
        await type_text(pilot, "小区物业费收缴率")
        await settle(pilot)
        rows = screen.session.evaluation.indicators
        assert (rows[4].level3, rows[5].level3) == ("改造成本", "小区物业费收缴率")
        assert app.focused is name


@sync
async def test_a_placeholder_is_never_text(tmp_path: Path) -> None:
    """（请填写名称） was real text: typing gave （请填写名称）城."""
    async with opened(_new(tmp_path, "henan-project"), SMALL) as (app, pilot, screen):
        box = screen.query_one("#h-name", Input)
        assert app.focused is box and box.value == "" and box.placeholder
        await type_text(pilot, "城关")
        await settle(pilot)
        assert screen.session.evaluation.evaluation.name == "城关"


@sync
async def test_goals_wrap_in_a_text_area_at_80_columns(tmp_path: Path) -> None:
    """Goals were one-line inputs showing about 20 characters at 80 columns; they wrap now."""
    goal = "为全区 112 个社区和村配置 1 套台式电脑 1 台打印复印一体机和 1 台高拍仪以提升便民服务能力"
    async with opened(_new(tmp_path, "henan-project"), SMALL) as (_app, pilot, screen):
        await pilot.press("f3", "enter")  # 添加目标
        await settle(pilot)
        await type_text(pilot, goal)
        await settle(pilot)
        area = screen.query_one("#goal-0-expected", TextField)
        assert screen.session.evaluation.goals[0].expected == goal
        assert area.size.height >= 3  # wrapped: every line of it on screen
        shown = "".join(line.split("▕")[-1].strip() for line in screen_lines(_app))
        assert "为全区" in shown and "提升便民服务能力" in shown


@sync
async def test_tier_choice_and_its_range_fit_80_columns(tmp_path: Path) -> None:
    async with opened(_new(tmp_path, "henan-department"), SMALL) as (app, pilot, screen):
        await pilot.press("f4", "2")
        await settle(pilot)
        choice = screen.query_one("#i-tier", TierChoice)
        assert cell_len(choice.render().plain) <= choice.size.width
        band = screen.query_one("#i-band", Static)
        text = str(band.render())
        assert "部分达成：0.60 至 0.80 分" in text and cell_len(text) <= band.size.width
        shown = "\n".join(screen_lines(app))
        assert "未达成" in shown and "0.80 分" in shown


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
@sync
async def test_review_table_columns_by_width_and_no_empty_findings_box(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """At 80x24 the 复核 table showed only the 一级/二级/三级 columns; 得分 was cut at 120x40; an empty
    问题清单 took half the screen."""
    async with opened(_new(tmp_path, "henan-project"), size) as (_app, pilot, screen):
        await pilot.press("f6")
        await settle(pilot)
        table = screen.query_one("#v-table", DataTable)
        headings = [str(column.label) for column in table.columns.values()]
        for wanted in ("三级指标", "分值", "得分"):
            assert wanted in headings, headings
        assert any(h in headings for h in ("指标值", "年度指标值"))
        assert any(h in headings for h in ("状态", "状"))
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= table.size.width
        assert screen.query_one("#v-findings", OptionList).display  # a blank table has findings


def test_a_long_name_wraps_by_cells_never_starting_a_line_with_punctuation() -> None:
    from rich.text import Text

    from tui.panes.check import wrapped

    text = wrapped(Text("指标 2：对单位履职、促进事业发展的持续影响"), 18, 2).plain
    first, second = text.split("\n")
    assert first == "指标 2：对单位履"  # 职 goes down with the 、 that may not start a line
    assert second.startswith("职、促进") and second.endswith("…")
    assert max(cell_len(line) for line in (first, second)) <= 18
    assert wrapped(Text("设备利用率"), 18, 2).plain == "设备利用率"  # short: untouched
    assert "…" not in wrapped(Text("对项目单位业务管理水平的提升"), 18, 2).plain  # fits in two lines
    broken = wrapped(Text("产出数量\n采购设备\n数量\n（台）以及配套的软件"), 12, 2).plain  # its own breaks
    assert broken == "产出数量 采\n购设备 数量…"  # as spaces, and still two lines at most


@sync
async def test_review_table_shows_long_names_on_two_lines_on_a_tall_screen(tmp_path: Path) -> None:
    """At 120x40 the 复核 table cut 三级指标 to about 19 cells: a long name now takes a second line there
    (at 80x24 one line, rows matter more); the figures stay on the row's first line."""
    seed = Path(__file__).resolve().parent.parent / "examples" / "beiguan-2023" / "project-equipment.toml"
    path = tmp_path / "p.toml"
    path.write_bytes(seed.read_bytes())
    long_name = "指标 1：对保障各项业务工作正常开展"
    for size, lines in ((LARGE, 2), (SMALL, 1)):
        async with opened(path, size) as (_app, pilot, screen):
            await pilot.press("f6")
            await settle(pilot)
            table = screen.query_one("#v-table", DataTable)
            rows = screen.session.evaluation.indicators
            index = next(i for i, r in enumerate(rows) if r.level3.startswith(long_name))
            row = next(row for key, row in table.rows.items() if key.value == f"ind-{index}")
            assert row.height == lines, size
            name = str(table.get_cell(f"ind-{index}", "三级指标"))
            if lines == 2:
                assert name.replace("\n", "").startswith(long_name)
            assert "\n" not in str(table.get_cell(f"ind-{index}", "得分"))


CLEAN = """[evaluation]
kind = "project"
year = 2023
name = "无问题的项目"
authority = "某局"
implementer = "某中心"

[funds]
weight = 10
initial = 100
annual = 100
executed = 100

[[goals]]
expected = "完成采购"
actual = "已完成采购"

[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
level3 = "采购数量"
target = ">=90%"
actual = "95%"
weight = 90
"""


@sync
async def test_no_findings_no_box(tmp_path: Path) -> None:
    """An empty 问题清单 took half the 复核 screen: it collapses to one line saying so."""
    clean = tmp_path / "clean.toml"
    clean.write_text(CLEAN, encoding="utf-8")
    assert not api.score(api.load(clean)).findings
    async with opened(clean, SMALL) as (_app, pilot, screen):
        await pilot.press("f6")
        await settle(pilot)
        assert not screen.query_one("#v-findings", OptionList).display
        assert "未发现问题" in str(screen.query_one("#v-findings-title", Static).render())


@sync
async def test_the_tree_follows_the_terminals_width_and_widens(tmp_path: Path) -> None:
    path = _new(tmp_path, "henan-project")
    widths = []
    for size in (SMALL, LARGE):
        async with opened(path, size) as (_app, pilot, screen):
            sidebar = screen.query_one("#sidebar")
            widths.append(sidebar.size.width)
            if size == LARGE:
                await pilot.press("f8")
                await settle(pilot)
                assert sidebar.size.width > widths[-1]
    assert widths[0] < widths[1]


@sync
async def test_the_footer_is_the_same_on_every_pane(tmp_path: Path) -> None:
    """The footer dropped ^q/f1 on one pane and swapped ^e/^s on another."""
    from textual.widgets import Footer

    async with opened(_new(tmp_path, "henan-department"), SMALL) as (_app, pilot, screen):
        seen = []
        for key in ("f2", "f3", "f4", "f5", "f6"):
            await pilot.press(key)
            await settle(pilot)
            footer = screen.query_one(Footer)
            seen.append([str(getattr(w, "key", "")) for w in footer.query("FooterKey")])
        assert all(keys == seen[0] for keys in seen), seen
        for key in ("ctrl+s", "ctrl+e", "ctrl+z", "ctrl+q", "f1", "ctrl+p"):
            assert key in seen[0], seen[0]
        assert seen[0].index("ctrl+s") < seen[0].index("ctrl+e")


@sync
async def test_the_walks_keys_work_from_a_text_area(tmp_path: Path) -> None:
    """In a multi-line field F6 selected the line (the text area's own key) and the footer lost 复核."""
    from textual.widgets import Footer

    async with opened(_new(tmp_path, "henan-project"), SMALL) as (app, pilot, screen):
        screen.query_one("#f-reason", TextField).focus()
        await settle(pilot)
        keys = [str(getattr(w, "key", "")) for w in screen.query_one(Footer).query("FooterKey")]
        assert "f6" in keys and "f1" in keys and "ctrl+q" in keys, keys
        await pilot.press("f6")
        await settle(pilot)
        assert screen.place.section == "check"
        await pilot.press("f4")
        await settle(pilot)
        screen.query_one("#i-reason", TextField).focus()
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.place.index == 1 and app.focused is not None


@pytest.mark.parametrize("query", ["撤销", "添加指标", "删除", "分值"])
@sync
async def test_the_palette_finds_the_editing_commands(query: str) -> None:
    """The palette found nothing for 撤销, 添加指标, 删除, 分值."""
    from tests.tui_helpers import SEED_FILE

    async with opened(SEED_FILE, SMALL) as (app, pilot, _):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, query)
        options = app.screen.query_one(OptionList)
        for _ in range(100):
            await pilot.pause(0.02)
            prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            if any(query[:2] in p for p in prompts):
                break
        assert any(query[:2] in p for p in prompts), prompts


@sync
async def test_next_year_from_the_picker(tmp_path: Path) -> None:
    """The picker starts next year's evaluation from last year's file (Ctrl+O on it)."""
    import shutil

    from tests.tui_helpers import SEED_FILE, main_screen

    last = tmp_path / "equipment-2023.toml"
    shutil.copy(SEED_FILE, last)
    app = make_app(None, root=tmp_path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        proposed = Path(app.screen.query_one("#path", Input).value)
        assert proposed.name == "equipment-2024.toml"
        await pilot.press("enter")
        screen = await main_screen(pilot)
        assert screen.session.path == proposed
        evaluation = screen.session.evaluation
        assert evaluation.evaluation.year == 2024
        assert all(r.actual is None for r in evaluation.indicators)


@sync
async def test_keys_typed_ahead_reach_the_row_they_were_meant_for(tmp_path: Path) -> None:
    """On a busy machine F4 (or Ctrl+N) and Enter arrive together; the focus moved a turn later, so Enter went
    to the field being left and the row stayed 缺 (tmux walk, load 10 on 2 cores)."""
    from textual import events

    async with opened(_new(tmp_path, "henan-department"), SMALL) as (app, pilot, screen):
        await pilot.press("f3", "enter")  # a goal: the focus is in its text area
        await settle(pilot)
        for key in ("f4", "enter", "enter"):  # queued at once, as a terminal under load hands them
            app.post_message(events.Key(key, None))
        await settle(pilot)
        rows = screen.session.evaluation.indicators
        assert [r.tier for r in rows[:2]] == ["达成", "达成"]
        assert screen.session.evaluation.goals[0].expected == ""


@sync
async def test_export_keys_typed_ahead_of_the_dialog(tmp_path: Path) -> None:
    """Ctrl+E, four Downs and Enter at once: the dialog opened only once the file was scored, so the first
    Down went to the screen behind it and JSON was written instead of Excel."""
    from textual import events

    from tests.tui_helpers import wait_until

    path = _new(tmp_path, "henan-project")
    async with opened(path, SMALL) as (app, pilot, screen):
        for key in ("ctrl+e", "down", "down", "down", "down", "enter"):
            app.post_message(events.Key(key, None))
        await wait_until(pilot, lambda: any(tmp_path.glob("*-自评表.*")), "the export")
        await settle(pilot)
        assert [p.suffix for p in tmp_path.glob("*-自评表.*")] == [".xlsx"]
        assert app.screen is screen


@sync
async def test_a_reason_typed_ahead_lands_in_the_reason(tmp_path: Path) -> None:
    """83.33%, Enter, Enter and the reason typed at once: the reason's first characters went into 实际完成值
    (each key went where the focus was when it was taken, before the Enters had moved it)."""
    from textual import events

    async with opened(_new(tmp_path, "henan-department"), SMALL) as (app, pilot, screen):
        await pilot.press("f4", *["pagedown"] * 8)  # 政府采购执行率 (>=90%): the focus on 实际完成值
        await settle(pilot)
        assert screen.session.evaluation.indicators[screen.place.index].level3 == "政府采购执行率"
        for key in [*"83.33%", "enter", "enter", *"资金调整"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        row = screen.session.evaluation.indicators[8]
        assert (row.actual, row.reason) == ("83.33%", "资金调整")


@sync
async def test_next_missing_stops_at_a_row_that_waits_for_its_tier(tmp_path: Path) -> None:
    """管理制度健全性 given 基本建立 (评: waiting for a tier) was passed over by Ctrl+N, though
    已填 did not count it: the evaluator had no key to get back to it."""
    path = _new(tmp_path, "henan-department")
    evaluation = api.load(path)
    for row in evaluation.indicators:
        row.tier = "达成"
    evaluation.indicators[11].tier = None
    evaluation.indicators[11].actual = "基本建立"
    api.save(evaluation, path)
    async with opened(path, SMALL) as (_app, pilot, screen):
        assert screen.result is not None and screen.result.indicators[11].status == "judgement"
        await pilot.press("f4", "ctrl+n")
        await settle(pilot)
        assert screen.place.index == 11


@sync
async def test_enter_on_the_findings_jumps_without_choosing_one_first(tmp_path: Path) -> None:
    """F6, Tab to 问题清单, Enter: nothing happened (no finding was highlighted until an arrow key)."""
    async with opened(_new(tmp_path, "henan-department"), SMALL) as (app, pilot, screen):
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is screen.query_one("#v-findings", OptionList)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.place.section != "check"


@sync
async def test_a_short_findings_list_leaves_the_rest_to_the_table(tmp_path: Path) -> None:
    """One warning took a third of the 复核 screen at 80x24 (three blank lines in its box): the table showed
    ten rows of a fifteen-row table."""
    from tests.test_tui_structure import HAND_WRITTEN

    path = tmp_path / "project.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    async with opened(path, SMALL) as (_app, pilot, screen):
        await pilot.press("f6")
        await settle(pilot)
        findings = screen.query_one("#v-findings", OptionList)
        assert screen.result is not None and len(screen.result.findings) == 1
        assert findings.size.height <= 4  # its two lines and the box
        assert screen.query_one("#v-table", DataTable).size.height >= 13

"""Pilot tests of the TUI: a whole evaluation filled by keystrokes, recovery after a crash, guards."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from scoring.api import score as score_evaluation
from scoring.io.batch import score_paths
from scoring.io.toml_read import load_evaluation
from tests.tui_helpers import (
    LARGE,
    ROOT,
    SEED_FILE,
    SMALL,
    main_screen,
    make_app,
    opened,
    save_and_wait,
    settle,
    sync,
    type_text,
    wait_for,
)
from tui.commands.palette import Palette
from tui.panes import IndicatorPane
from tui.screens.main import MainScreen
from tui.screens.modals import Choice
from tui.session import recovery_path, snapshot
from tui.widgets.scoreboard import Scoreboard

pytestmark = pytest.mark.tui


async def fill_row(pilot, target: str, actual: str = "", reason: str = "", *, na: bool = False) -> None:
    """On an indicator whose target is empty: target, actual, (not applicable), reason; Enter moves on."""
    await type_text(pilot, target)
    await pilot.press("enter")
    await type_text(pilot, actual)
    await pilot.press("enter")
    if na:
        await pilot.press("space")
    await pilot.press("enter")
    await type_text(pilot, reason)
    await pilot.press("enter")
    await settle(pilot)


FILLED_STATUSES = ["met", "short", "met", "met", "met", "met", "short", "not_applicable", "met", "met"]


def _henan_project(tmp_path: Path) -> Path:
    """A fresh evaluation from the henan-project set, as `jixiao new --set henan-project` writes it."""
    from scoring import api

    path = tmp_path / "henan-project.toml"
    api.save(api.new_from_set("henan-project"), path)
    return path


@sync
async def test_new_from_picker_header_funds_and_goal_by_keys(tmp_path: Path) -> None:
    """The picker starts a file from a set; header, funds (a slip in a number kept, not lost) and a goal."""
    app = make_app(None, root=tmp_path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        # picker: the second set is henan-project; Enter; accept the proposed file name
        await pilot.press("down", "enter")
        await pilot.pause()
        proposed = Path(app.screen.query_one("#path", Input).value)
        await pilot.press("enter")
        screen = await main_screen(pilot)
        saved = tmp_path / proposed.name
        assert proposed.parent == tmp_path and saved.is_file()

        # header and funds
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "设备采购")
        await pilot.press("enter")
        await type_text(pilot, "某局")
        await pilot.press("enter")
        await type_text(pilot, "某中心")
        await pilot.press("enter", "end", "ctrl+u")
        await type_text(pilot, "2023")
        await pilot.press("enter")
        await type_text(pilot, "90")
        await pilot.press("enter")
        await type_text(pilot, "80")
        await pilot.press("enter")
        await type_text(pilot, "7x2")  # a letter in a number field: message, nothing lost
        await settle(pilot)
        assert "不是数字" in str(screen.query_one("#f-msg", Static).render())
        assert app.focused is not None and getattr(app.focused, "value", "") == "7x2"
        assert app.session is not None and app.session.evaluation.funds is not None
        assert app.session.evaluation.funds.executed == Decimal(7)  # the last valid value stays
        await pilot.press("left", "backspace")  # 7x2 -> 72
        await settle(pilot)
        assert app.session.evaluation.funds.executed == Decimal(72)
        assert "90.00%" in str(screen.query_one("#f-live", Static).render())

        # a goal
        await pilot.press("f3", "enter")
        await type_text(pilot, "配置设备")
        await pilot.press("enter")
        await type_text(pilot, "已配置")
        await pilot.press("enter")
        await save_and_wait(pilot)
        assert not screen.session.dirty
        assert not recovery_path(saved).exists()

    evaluation = load_evaluation(saved)
    assert evaluation.evaluation.name == "设备采购"
    assert evaluation.funds is not None and evaluation.funds.executed == Decimal(72)
    assert evaluation.goals[0].actual == "已配置"


FILLED = [
    (">=90%", "95%", None), ("<=10万元", "12万元", "材料涨价"), ("=112套", "112套", None),
    (">=95%", "100%", None), ("2023年9月前", "2023年8月20日", None), (">=5%", "5.5%", None),
    ("群众满意", None, "到位较晚"), ("<=5吨", None, "不涉及"), (">=90%", "96%", None), (">=90%", "93%", None),
]  # fmt: skip
"""The henan-project rows as the tests below type them (row 6 部分达成 7.5, row 7 not applicable)."""


def _henan_filled(tmp_path: Path, rows: int) -> Path:
    """A henan-project file whose first ``rows`` indicators are filled as FILLED says."""
    from scoring import api

    saved = _henan_project(tmp_path)
    evaluation = load_evaluation(saved)
    for row, (target, actual, reason) in zip(evaluation.indicators[:rows], FILLED, strict=False):
        row.target, row.actual, row.reason = target, actual, reason
    if rows > 6:
        evaluation.indicators[6].tier, evaluation.indicators[6].score = "部分达成", Decimal("7.5")
    if rows > 7:
        evaluation.indicators[7].applicable = False
    api.save(evaluation, saved)
    return saved


@sync
async def test_fill_henan_quantitative_indicators_by_keys(tmp_path: Path) -> None:
    """The first six henan-project indicators typed in order: met, missed with a reason, equal, a deadline."""
    saved = _henan_project(tmp_path)
    async with opened(saved, LARGE) as (app, pilot, screen):
        await pilot.press("f4")
        await settle(pilot)
        await fill_row(pilot, ">=90%", "95%")  # 0: met >=
        await fill_row(pilot, "<=10万元", "12万元", "材料涨价")  # 1: missed <=
        await fill_row(pilot, "=112套", "112套")  # 2
        await fill_row(pilot, ">=95%", "100%")  # 3
        await fill_row(pilot, "2023年9月前", "2023年8月20日")  # 4: deadline
        await fill_row(pilot, ">=5%", "5.5%")  # 5
        assert isinstance(app.screen, MainScreen) and screen.place.index == 6
        result = screen.result
        assert result is not None
        await save_and_wait(pilot)

    rows = result.indicators
    assert [r.status for r in rows[:6]] == FILLED_STATUSES[:6]
    assert rows[1].reason == "材料涨价"
    assert result.rows_filled == 6
    evaluation = load_evaluation(saved)
    assert [(r.target, r.actual, r.reason) for r in evaluation.indicators[:6]] == FILLED[:6]


@sync
async def test_fill_henan_qualitative_and_not_applicable_by_keys(tmp_path: Path) -> None:
    """After six filled rows: a qualitative row picked 部分达成 with a score in its band (6 to 8 of 10), a row
    marked not applicable, two more; every row then scored, the file saved as typed."""
    saved = _henan_filled(tmp_path, 6)
    async with opened(saved, LARGE) as (app, pilot, screen):
        await pilot.press("f4", "ctrl+n")  # the next row not filled: 6
        await settle(pilot)
        assert screen.place.index == 6
        await type_text(pilot, "群众满意")
        await pilot.press("enter", "enter")  # target, then an empty actual
        await pilot.press("down", "enter")  # tier 部分达成, Enter picks and moves on
        await type_text(pilot, "7.5")
        await pilot.press("enter", "enter")
        await type_text(pilot, "到位较晚")
        await pilot.press("enter")
        await settle(pilot)
        await fill_row(pilot, "<=5吨", "", "不涉及", na=True)  # 7: not applicable
        await fill_row(pilot, ">=90%", "96%")  # 8
        await fill_row(pilot, ">=90%", "93%")  # 9
        assert isinstance(app.screen, MainScreen)
        result = screen.result
        assert result is not None
        await save_and_wait(pilot)

    rows = result.indicators
    assert [r.status for r in rows] == FILLED_STATUSES
    assert rows[6].tier == "部分达成" and rows[6].score == Decimal("7.50")
    assert rows[1].reason and rows[7].reason
    assert result.rows_filled == result.rows_total == 9
    evaluation = load_evaluation(saved)
    assert evaluation.indicators[7].applicable is False
    assert [r.status for r in score_evaluation(evaluation, saved, near=saved).indicators] == FILLED_STATUSES


@sync
async def test_review_items_by_keys_save_and_score_as_the_cli_does(tmp_path: Path) -> None:
    """资金管理情况 scored by keys, saved: the file scores exactly to what the screen showed, through
    `jixiao score --format json` too."""
    saved = _henan_filled(tmp_path, len(FILLED))
    async with opened(saved, LARGE) as (_app, pilot, screen):
        await pilot.press("f5")
        for _ in range(4):
            await type_text(pilot, "5")
            await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        result = screen.result
        assert result is not None
        shown = str(screen.query_one(Scoreboard).render())
        await save_and_wait(pilot)
        assert not screen.session.dirty
        assert not recovery_path(saved).exists()

    assert [r.score for r in result.reviews] == [Decimal(5)] * 4
    assert [r.status for r in result.indicators] == FILLED_STATUSES
    batch = score_paths([str(saved)])
    again = batch.results[0]
    assert again.total == result.total and again.grade == result.grade
    assert [r.score for r in again.indicators] == [r.score for r in result.indicators]
    assert f"总分 {result.total:.2f}" in shown and result.grade is not None and result.grade in shown
    out = subprocess.run(
        [sys.executable, "-m", "scoring.cli", "score", str(saved), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    data = json.loads(out.stdout)["evaluations"][0]
    assert Decimal(str(data["total"])) == result.total
    assert data["grade"] == result.grade


def _recovered_actual(file: Path) -> str | None:
    """The first indicator's 实际完成值 in the file's recovery file (None while there is none)."""
    try:
        return load_evaluation(recovery_path(file)).indicators[0].actual
    except Exception:  # not written yet, or being replaced
        return None


@sync
async def test_crash_mid_edit_recovers_edits(tmp_path: Path) -> None:
    file = tmp_path / "equipment.toml"
    shutil.copy(SEED_FILE, file)
    original = file.read_text(encoding="utf-8")
    async with opened(file, SMALL) as (app, pilot, screen):
        await pilot.press("f4")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "0.04%")
        await settle(pilot)
        # written after a short quiet spell (under load, one may come between two keys: wait for the last)
        await wait_for(lambda: _recovered_actual(file) == "0.04%")
        assert screen.session.dirty
        app.exit()  # the terminal goes away: no save, no question
    assert file.read_text(encoding="utf-8") == original

    app = make_app(file)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(lambda: isinstance(app.screen, Choice) and bool(app.screen.query("#restore")))
        await pilot.press("enter")  # 恢复修改
        screen = await main_screen(pilot)
        assert screen.session.evaluation.indicators[0].actual == "0.04%"
        assert screen.session.dirty
        assert screen.result is not None and screen.result.indicators[0].status == "short"
        await save_and_wait(pilot)
    assert load_evaluation(file).indicators[0].actual == "0.04%"
    assert not recovery_path(file).exists()


@sync
async def test_quit_with_unsaved_changes_asks(tmp_path: Path) -> None:
    file = tmp_path / "equipment.toml"
    shutil.copy(SEED_FILE, file)
    async with opened(file, SMALL) as (app, pilot, _):
        await type_text(pilot, "改")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("right", "enter")  # 不保存
        await pilot.pause()
    assert app.return_value == 0
    assert not recovery_path(file).exists()
    assert file.read_bytes() == SEED_FILE.read_bytes()  # not saved (Right did not move: Enter saved)


@sync
async def test_typing_in_a_field_does_not_reflow_the_screen() -> None:
    """Each key in a one-line field changed Input's virtual size, a layout reactive: a reflow and repaint of
    the whole screen per keystroke. The field keeps its size without one, and still scrolls to its cursor."""
    from textual.app import App, ComposeResult

    from tui.widgets.fields import Field

    class One(App[None]):
        CSS = "Field { width: 20; }"

        def compose(self) -> ComposeResult:
            yield Field(compact=True)

    app = One()
    async with app.run_test(size=(40, 5)) as pilot:
        field = app.query_one(Field)
        field.focus()
        await pilot.pause()
        layouts: list[bool] = []
        reflow = app.screen._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> None:
            layouts.append(True)
            reflow(*args, **kwargs)

        app.screen._refresh_layout = counted  # type: ignore[method-assign]
        await pilot.press(*"1234567890" * 4)
        await pilot.pause()
        assert layouts == []
        assert field.value == "1234567890" * 4
        assert field.scroll_offset.x > 0  # scrolled to the cursor at the end


@pytest.mark.parametrize(("size", "width_class"), [(SMALL, "-narrow"), (LARGE, "-roomy")])
def test_the_screen_is_made_with_its_width_class_and_the_footer_keys_restyle_never(
    size: tuple[int, int], width_class: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the walkthrough restyled every widget of the screen (the first resize added the width's
    class) and every footer key twice (made compact, then bound to the footer's "not compact"), at each
    change of focus: a tenth of the time to the first screen. Both now start as they end."""
    from textual.dom import DOMNode
    from textual.widgets._footer import FooterKey

    from tui.screens.main import MainScreen

    changed: list[str] = []
    update_classes, add_class, remove_class = DOMNode.update_classes, DOMNode.add_class, DOMNode.remove_class

    def watched(method: Any) -> Any:
        def call(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
            before = set(self.classes)
            out = method(self, *args, **kwargs)
            if isinstance(self, (MainScreen, FooterKey)) and set(self.classes) != before:
                changed.append(f"{type(self).__name__}: {sorted(before ^ set(self.classes))}")
            return out

        return call

    monkeypatch.setattr(DOMNode, "update_classes", watched(update_classes))
    monkeypatch.setattr(DOMNode, "add_class", watched(add_class))
    monkeypatch.setattr(DOMNode, "remove_class", watched(remove_class))

    @sync
    async def run() -> None:
        async with opened(SEED_FILE, size) as (_app, pilot, screen):
            await pilot.press("f4")  # another pane: the footer is made again for the focused field
            await settle(pilot)
            assert screen.has_class(width_class)
            assert len(screen.query(FooterKey)) > 5

    run()
    assert changed == []


def test_the_first_show_does_not_restyle_the_whole_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual restyles a screen each time it shows; the first time, its widgets were just styled as they
    were mounted (a tenth of the time to the first screen). Later, it restyles as Textual does."""
    from textual import events
    from textual.app import App

    from tui.screens.main import MainScreen

    restyled: list[str] = []
    update = App.update_styles

    def spy(self: App[Any], node: Any, animate: bool = True) -> None:
        if isinstance(node, MainScreen):
            restyled.append("screen")
        update(self, node, animate)

    monkeypatch.setattr(App, "update_styles", spy)

    @sync
    async def run() -> None:
        async with opened(SEED_FILE, SMALL) as (_app, pilot, screen):
            await settle(pilot)
            assert restyled == []
            screen.post_message(events.ScreenResume())  # as Textual sends when a screen is switched back to
            await settle(pilot)
            assert restyled == ["screen"]

    run()


def test_fields_are_made_compact_without_a_restyle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each field of the walkthrough was restyled twice before it was mounted (made compact, then found
    valid). They are now made with the classes they end with: none restyled before mounting, and they are
    compact (one line, no border) all the same."""
    from textual.dom import DOMNode

    from tui.widgets.fields import EnterCheckbox, Field, TextField

    early: list[str] = []
    update = DOMNode.update_node_styles

    def spy(self: DOMNode, animate: bool = True) -> None:
        if isinstance(self, (Field, TextField, EnterCheckbox)) and not self.is_attached:
            early.append(type(self).__name__)
        update(self, animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", spy)

    @sync
    async def run() -> None:
        async with opened(SEED_FILE, SMALL) as (_app, pilot, screen):
            await pilot.press("f4")
            await settle(pilot)
            fields = (
                list(screen.query(Field)) + list(screen.query(TextField)) + list(screen.query(EnterCheckbox))
            )
            assert len(fields) > 20
            assert all(f.compact and f.has_class("-textual-compact") for f in fields)
            actual = screen.query_one("#i-actual", Field)
            assert actual.size.height == 1 and actual.has_class("-valid")

    run()
    assert early == []


@sync
async def test_row_messages_wait_for_the_pass_that_checks_them() -> None:
    """The figures come first and carry the last pass's findings: the row's messages and the reason's mark
    are left as they are until this pass's own findings arrive (a message coming and going reflows the
    screen, the mark restyles the reason's box)."""
    async with opened(SEED_FILE, SMALL) as (_app, pilot, screen):
        await pilot.press("f4")
        await settle(pilot)
        pane = screen.query_one(IndicatorPane)
        msg = pane.query_one("#i-msg", Static)
        before = str(msg.render())
        assert screen.result is not None
        figures = screen.result.model_copy(update={"findings": screen.result.findings})  # same list
        figures.indicators[0] = figures.indicators[0].model_copy(update={"reason_missing": True})
        reason = pane.query_one(".reason")
        assert not reason.has_class("-demanded")
        pane.show_result(figures)
        assert str(msg.render()) == before  # figures only: the messages wait
        assert not reason.has_class("-demanded")  # and so does the reason's mark
        checked = figures.model_copy(update={"findings": list(screen.result.findings)})  # this pass's own
        pane.show_result(checked)
        assert "须填写偏差原因分析及改进措施" in str(msg.render())
        assert reason.has_class("-demanded")


@sync
async def test_live_reading_and_score_on_each_keystroke() -> None:
    async with opened(SEED_FILE, SMALL) as (_app, pilot, screen):
        await pilot.press("f4")
        pane = screen.query_one(IndicatorPane)
        assert "不低于 0.05%" in str(pane.query_one("#i-target-reading", Static).render())
        await pilot.press("end", "x")  # "0.05%x": not a reading
        await settle(pilot)
        assert "无法识别" in str(pane.query_one("#i-actual-reading", Static).render())
        await pilot.press("backspace", "backspace", "backspace")  # "0.0"
        await type_text(pilot, "1%")
        await settle(pilot)
        assert "0.01%" in str(pane.query_one("#i-actual-reading", Static).render())
        assert "得分 1.00/5" in str(pane.query_one("#i-live", Static).render())
        assert screen.result is not None and screen.result.indicators[0].needs_reason
        # the findings follow the figures: once settled they are those of the file as it now stands
        session = screen.session
        whole = score_evaluation(session.evaluation, str(session.path), near=session.path)
        assert screen.result.findings == whole.findings
        assert "须填写偏差原因分析及改进措施" in str(pane.query_one("#i-msg", Static).render())
        # quitting without saving from here must not touch the seed
        screen.session.discard_recovery()
        screen.session.dirty = False


@sync
async def test_finding_jumps_to_its_row() -> None:
    async with opened(SEED_FILE.with_name("department.toml"), LARGE) as (_app, pilot, screen):
        await pilot.press("f6")
        await settle(pilot)
        findings = screen.query_one("#v-findings", OptionList)
        result = screen.result
        assert result is not None
        target = next(i for i, f in enumerate(result.findings) if f.row is not None)
        findings.focus()
        findings.highlighted = target
        await pilot.press("enter")
        await settle(pilot)
        assert screen.place.section == "indicator" and screen.place.index == result.findings[target].row


@pytest.mark.parametrize("query", ["baocun", "save", "保存"])
@sync
async def test_palette_finds_commands_by_pinyin_english_chinese(query: str) -> None:
    async with opened(SEED_FILE, SMALL) as (app, pilot, _):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, query)
        options = app.screen.query_one(OptionList)

        def prompts() -> list[str]:
            return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

        await wait_for(lambda: any("保存" in p for p in prompts()))


def test_scoring_snapshot_is_independent_of_later_edits() -> None:
    """The scoring thread reads a snapshot: typing on (rows, goals, funds) must not reach it."""
    evaluation = load_evaluation(SEED_FILE)
    copy = snapshot(evaluation)
    assert copy.model_dump() == evaluation.model_dump()
    evaluation.indicators[0].actual = "99%"
    evaluation.goals.append(evaluation.goals[0].model_copy())
    assert evaluation.funds is not None and copy.funds is not None
    evaluation.funds.executed = Decimal("1")
    evaluation.indicators.pop()
    assert copy.indicators[0].actual == "0.05%"
    assert len(copy.goals) == len(evaluation.goals) - 1
    assert len(copy.indicators) == len(evaluation.indicators) + 1
    assert copy.funds.executed != Decimal("1")


@sync
async def test_export_modal_writes_every_format(tmp_path: Path) -> None:
    """Ctrl+E, a format, a file name, Enter: the same file as ``jixiao score -o`` writes, for each format."""
    import openpyxl
    from docx import Document

    from scoring.api import FORMATS as FORMAT_IDS
    from tui.screens.modals import ExportModal

    work = tmp_path / "project.toml"
    shutil.copy(SEED_FILE, work)
    async with opened(work, LARGE) as (app, pilot, screen):
        for index, fmt in enumerate(FORMAT_IDS):
            await pilot.press("ctrl+e")
            await wait_for(lambda: isinstance(app.screen, ExportModal) and bool(app.screen.query("#target")))
            modal = app.screen
            assert isinstance(modal, ExportModal)
            for _ in range(index):
                await pilot.press("down")
            target = modal.query_one("#target", Input)
            assert target.value.endswith(f"project-自评表.{'txt' if fmt == 'table' else fmt}")
            target.value = str(tmp_path / f"out.{fmt}")
            target.focus()
            message = modal.query_one("#msg", Static)
            await pilot.press("enter")
            await wait_for(lambda m=message: app.screen is screen or "失败" in str(m.render()))  # type: ignore[misc]
            assert app.screen is screen, f"{fmt}: {message.render()}"
        screen.session.dirty = False
    cli = subprocess.run(
        [sys.executable, "-m", "scoring.cli", "score", str(work), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    expected = json.loads(cli.stdout)
    assert exported == expected
    assert expected["evaluations"][0]["total"] == 90.87
    assert "90.87" in (tmp_path / "out.table").read_text(encoding="utf-8")
    assert "90.87" in (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "90.87" in (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "采购成本节约率" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert any(
        cell.value == "90.87" or cell.value == 90.87 for row in book.worksheets[0].iter_rows() for cell in row
    )
    doc = Document(str(tmp_path / "out.docx"))
    assert any("90.87" in cell.text for table in doc.tables for row in table.rows for cell in row.cells)


@sync
async def test_palette_and_footer_speak_chinese() -> None:
    """The footer names the palette in Chinese; the palette offers no English commands or words."""
    from textual.widgets import Footer

    async with opened(SEED_FILE, SMALL) as (app, pilot, screen):
        footer = " ".join(str(w.render()) for w in screen.query_one(Footer).query("*"))
        assert "palette" not in footer and "命令" in footer
        await pilot.press("ctrl+p")
        await wait_for(
            lambda: isinstance(app.screen, Palette) and app.screen.query_one(OptionList).option_count > 0
        )
        palette = app.screen
        assert "查找命令" in str(palette.query_one(Input).placeholder)
        options = palette.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        english = ("Keys", "Maximize", "Screenshot", "Theme")
        assert prompts and not any(w in p for p in prompts for w in english)
        await type_text(pilot, "zzzq")

        def words() -> list[str]:  # "no matches" is a centred Text
            shown = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
            return [str(getattr(p, "renderable", p)) for p in shown]

        await wait_for(lambda: any("没有匹配的命令" in w for w in words()))
        assert not any("No matches" in w for w in words()), words()


@sync
async def test_tier_labels_and_target_hint_fit_at_80x24(tmp_path: Path) -> None:
    """At 80x24 the three tiers show whole (部分达成 was cut to "部分 …"), and so does the target's hint."""
    from rich.cells import cell_len
    from textual.widgets import RadioButton

    from scoring.io.toml_write import save_evaluation

    evaluation = load_evaluation(SEED_FILE)
    evaluation.indicators[0].target = "达成预期"
    evaluation.indicators[0].actual = None
    evaluation.indicators[1].target = ""
    file = tmp_path / "qualitative.toml"
    save_evaluation(evaluation, file)
    async with opened(file, SMALL) as (app, pilot, screen):
        await pilot.press("f4")
        await settle(pilot)
        for button in screen.query("#i-tier RadioButton").results(RadioButton):
            assert button.size.width >= cell_len(str(button.label)) + 4, (str(button.label), button.size)
        await pilot.press("pagedown")
        await settle(pilot)
        target = screen.query_one("#i-target", Input)
        assert app.focused is target and not target.value
        assert cell_len(target.placeholder) <= target.content_size.width, target.placeholder


@sync
async def test_pagedown_moves_on_from_a_pane_taller_than_the_screen(tmp_path: Path) -> None:
    """At 80x24 a row with a long message is taller than the pane: PgDn still goes to the next row."""
    file = tmp_path / "equipment.toml"
    shutil.copy(SEED_FILE, file)
    async with opened(file, SMALL) as (_app, pilot, screen):
        await pilot.press("f4")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "abc")  # 无法识别: a message of several lines
        await settle(pilot)
        assert screen.query_one(IndicatorPane).max_scroll_y > 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.place.section == "indicator" and screen.place.index == 1
        await pilot.press("pageup")
        await settle(pilot)
        assert screen.place.index == 0


def _new_henan(tmp_path: Path) -> Path:
    from scoring.io.new import evaluation_from_set
    from scoring.io.sets import find_set
    from scoring.io.toml_write import save_evaluation

    file = tmp_path / "henan.toml"
    save_evaluation(evaluation_from_set(find_set("henan-project"), "henan-project"), file)
    return file


@sync
async def test_review_item_finding_jumps_to_that_item(tmp_path: Path) -> None:
    """A finding on the 3rd 资金管理情况 item lands on that item's score, not on the first item's."""
    async with opened(_new_henan(tmp_path), SMALL) as (app, pilot, screen):
        await pilot.press("f6")
        await settle(pilot)
        result = screen.result
        assert result is not None
        name = screen.session.evaluation.reviews[2].name
        target = next(i for i, f in enumerate(result.findings) if f.where == f"资金管理情况 / {name}")
        findings = screen.query_one("#v-findings", OptionList)
        findings.focus()
        findings.highlighted = target
        await pilot.press("enter")
        await settle(pilot)
        assert screen.place.section == "management" and screen.place.index == 2
        assert app.focused is not None and app.focused.id == "r-2-score"
        await pilot.press("pagedown")  # on from that item: the review screen (it went back to the goals)
        await settle(pilot)
        assert screen.place.section == "check"


@sync
async def test_review_item_score_message_is_visible_at_80x24(tmp_path: Path) -> None:
    """A score out of 0..分值 is marked and said right under it (it was said below the last item)."""
    async with opened(_new_henan(tmp_path), SMALL) as (app, pilot, screen):
        await pilot.press("f5")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "r-0-score"
        await type_text(pilot, "9")
        await settle(pilot)
        pane = screen.query_one("#management")
        shown = [w for w in pane.query(".message").results(Static) if "超出 0 至分值" in str(w.render())]
        assert shown, "no message"
        assert pane.region.contains_region(shown[0].region), (pane.region, shown[0].region)
        assert shown[0].region.y == app.focused.region.y + 1  # right under the score typed
        assert app.focused.has_class("-invalid")
        await pilot.press("backspace")
        await type_text(pilot, "4")
        await settle(pilot)
        assert not any("超出 0 至分值" in str(w.render()) for w in pane.query(".message").results(Static))
        assert not app.focused.has_class("-invalid")


@sync
async def test_closed_terminal_keeps_the_last_keystrokes(tmp_path: Path) -> None:
    """SIGHUP right after typing (within the recovery file's quiet spell): the edit reaches that file."""
    import os
    import signal

    file = tmp_path / "equipment.toml"
    shutil.copy(SEED_FILE, file)
    # what SIGHUP does in this process: nothing (the app passes it on after writing the recovery file)
    previous = signal.signal(signal.SIGHUP, lambda *_: None)
    try:
        async with opened(file, SMALL) as (_app, pilot, screen):
            screen.recovery_delay = 3600  # the quiet spell lasts, however busy the machine is
            await pilot.press("f4")
            await pilot.press("end", "ctrl+u")
            await type_text(pilot, "0.03%")
            await settle(pilot)
            assert not recovery_path(file).exists()  # still within the quiet spell
            os.kill(os.getpid(), signal.SIGHUP)
            await wait_for(lambda: recovery_path(file).exists())
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert recovery_path(file).exists()
    assert load_evaluation(recovery_path(file)).indicators[0].actual == "0.03%"


@sync
async def test_unsaved_mark_shows_at_80x24(tmp_path: Path) -> None:
    """`make run`'s file name with the seed's project name: the header cut （未保存） off at 80 columns."""
    file = tmp_path / "project-equipment.toml"
    shutil.copy(SEED_FILE, file)
    async with opened(file, SMALL) as (app, pilot, screen):
        await type_text(pilot, "改")
        await settle(pilot)
        assert screen.session.dirty
        assert "未保存" in app.export_screenshot()
        screen.session.discard_recovery()
        screen.session.dirty = False


PARTIAL_AT_TOP = """[evaluation]
kind = "project"
year = 2023
name = "部分达成的上限"

[rules]
weights_total = 10

[[indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
level3 = "群众满意度"
target = "群众满意"
weight = 10
tier = "部分达成"
score = 8
reason = "部分群众反映办理时间较长"
"""


@sync
async def test_partial_tier_at_its_top_warns_in_the_tui_as_in_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """部分达成 is [60%, 80%) of 分值: 8 of 10 is 达成's floor. `jixiao check` warns (score_out_of_band), and
    the TUI says the same under the row (it tested the band as a closed interval and stayed silent)."""
    from scoring import cli
    from scoring.domain.vocabulary import cell_safe

    file = tmp_path / "partial.toml"
    file.write_text(PARTIAL_AT_TOP, encoding="utf-8")
    assert cli.main(["check", str(file)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "[警告] score_out_of_band" in out and "评为“部分达成”，得分 8 不在该档分值区间内" in out
    async with opened(file, LARGE) as (_app, pilot, screen):
        await pilot.press("f4")
        await settle(pilot)
        shown = str(screen.query_one("#i-msg", Static).render())
        assert cell_safe("评为“部分达成”，得分 8 不在该档分值区间内") in shown  # quotes as a grid shows them
        assert "部分达成：6.00 至 8.00 分" in str(screen.query_one("#i-band", Static).render())
        # typed afresh: 7 is inside the band (no warning), 8 again is not
        screen.query_one("#i-score", Input).focus()
        await pilot.press("end", "backspace", "7")
        await settle(pilot)
        assert "不在该档分值区间内" not in str(screen.query_one("#i-msg", Static).render())
        await pilot.press("backspace", "8")
        await settle(pilot)
        assert cell_safe("评为“部分达成”，得分 8 不在该档分值区间内") in str(
            screen.query_one("#i-msg", Static).render()
        )


@sync
async def test_a_document_opens_as_a_new_unsaved_evaluation(tmp_path: Path) -> None:
    """jixiao tui 某单位.xlsx: the table read, nothing written until Ctrl+S names a .toml file."""
    from scoring import api
    from tests.document_tables import seed_project, write_xlsx
    from tui.screens.modals import PathModal

    document = write_xlsx([seed_project(api.load(SEED_FILE))], tmp_path / "某单位.xlsx")
    before = document.read_bytes()
    async with opened(document, SMALL) as (app, pilot, screen):
        assert screen.session.source == document and screen.session.dirty
        assert screen.session.evaluation.evaluation.name == "采购政务服务自动化设备项目"
        assert "（未保存）" in str(screen.sub_title)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PathModal)
        modal_input = app.screen.query_one(Input)
        assert modal_input.value == str(tmp_path / "某单位.toml")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert screen.session.source is None and not screen.session.dirty
    saved = tmp_path / "某单位.toml"
    assert api.load(saved).indicators == api.load(SEED_FILE).indicators
    assert document.read_bytes() == before

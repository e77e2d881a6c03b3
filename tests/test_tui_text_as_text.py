"""User text is text: names with Rich/Textual markup are shown as typed, never parsed (a crash) nor made
live (a link, a click that quits); a crash exits non-zero with the unsaved edits in the recovery file."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import api
from tests.tui_helpers import LARGE, SMALL, live_styles, opened, screen_lines, settle, sync, type_text
from tui.app import exit_code
from tui.session import recovery_path

pytestmark = pytest.mark.tui

HOSTILE = """[evaluation]
kind = "department"
year = 2023
name = "名称[b]粗[/b]"

[funds]
weight = 10
annual = 100
executed = 90

[[funds.sources]]
name = "来源[/]"
annual = 100

[[goals]]
name = "目标[/]X"
expected = "预期[red]"
actual = "实际"

[[tasks]]
name = "任务[A]"
content = "内容[@click=app.quit]点我[/]"
actual = "完成"

[[reviews]]
name = "[link=https://example.com]链接[/link]"
weight = 5

[[indicators]]
level1 = "产出[/]"
level2 = "数量[i]"
level3 = "[@click=app.quit]退出[/]"
target = ">=90%"
actual = "95%"
weight = 85
"""

SHOWN = {
    "f2": ["来源[/]"],
    "f3": ["目标[/]X", "任务[A]"],
    "f4": ["[@click=app.quit]退出[/]", "产出[/]"],
    "f5": ["[link=https://example.com]链接[/link]"],
    "f6": ["[@click=app.quit]退出[/]"],
}
"""Where each name must appear as typed, pane by pane (F2 … F6)."""


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
@sync
async def test_markup_in_names_is_shown_as_typed_and_never_live(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """目标[/]X crashed the TUI (MarkupError), 任务[A] showed as 任务, [@click=app.quit] and [link=…] were
    live."""
    file = tmp_path / "自评[red]x.toml"  # the file name too: the header and the notifications say it
    file.write_text(HOSTILE, encoding="utf-8")
    async with opened(file, size) as (app, pilot, screen):
        for key, names in SHOWN.items():
            await pilot.press(key)
            await settle(pilot)
            shown = "\n".join(screen_lines(app))
            for name in names:
                assert name in shown, (key, name, shown)
            assert not live_styles(app), (key, live_styles(app))
        await pilot.press("ctrl+s")  # says the file name in a notification
        await settle(pilot)
        assert not screen.session.dirty
        said = [n for n in app._notifications if "自评[red]x.toml" in n.message]
        assert said and not any(n.markup for n in said), said
        assert app.is_running


@sync
async def test_a_crash_writes_the_recovery_file_and_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error nobody caught: the edits typed so far are in the recovery file, and the exit code says it."""
    file = tmp_path / "d.toml"
    file.write_text(HOSTILE, encoding="utf-8")
    app_seen = session = None
    with pytest.raises(RuntimeError, match="boom"):
        async with opened(file, SMALL) as (app, pilot, screen):
            app_seen, session = app, screen.session
            await pilot.press("f4", "end", "ctrl+u")
            await type_text(pilot, "96%")
            await settle(pilot)

            def boom(*_: object, **__: object) -> None:
                raise RuntimeError("boom")

            monkeypatch.setattr(api, "read_actual", boom)
            await pilot.press("backspace")  # the reading of the actual now fails: unhandled
            await pilot.pause()
    assert app_seen is not None
    assert exit_code(app_seen) != 0
    assert session is not None
    recovered = api.load(recovery_path(file))
    assert recovered.indicators[0].actual != "95%"  # the edits, not the file as it was
    assert api.dump(recovered) == api.dump(session.evaluation)


def test_exit_code_is_the_apps() -> None:
    """A finished app's code: its return value, 0 when it returned none, its error code when it crashed."""
    from tui.app import JixiaoApp

    app = JixiaoApp(None)
    assert exit_code(app) == 0
    app._return_code = 1  # what Textual sets on an unhandled exception
    assert exit_code(app) == 1

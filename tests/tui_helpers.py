"""Helpers for the TUI tests: a fixed-size app, waiting for live scoring, typing text."""

from __future__ import annotations

import asyncio
import functools
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tui.app import JixiaoApp
from tui.screens.main import MainScreen

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "examples" / "beiguan-2023" / "project-equipment.toml"
SMALL = (80, 24)
LARGE = (120, 40)


def make_app(file: Path | None = None, root: Path | None = None) -> JixiaoApp:
    app = JixiaoApp(file, root=root or ROOT / "examples")
    return app


async def settle(pilot: Pilot[Any]) -> None:
    """Let messages run and any live scoring finish, then let the screen repaint."""
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, MainScreen):
        await screen.settled()
    await pilot.pause()


async def main_screen(pilot: Pilot[Any]) -> MainScreen:
    for _ in range(200):
        await pilot.pause(0.01)
        if isinstance(pilot.app.screen, MainScreen):
            await settle(pilot)
            return pilot.app.screen
    raise AssertionError(f"main screen did not open; showing {pilot.app.screen!r}")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type characters one key at a time (CJK included)."""
    await pilot.press(*text)


@asynccontextmanager
async def opened(
    file: Path | None, size: tuple[int, int] = SMALL, root: Path | None = None
) -> AsyncIterator[tuple[JixiaoApp, Pilot[Any], MainScreen]]:
    """The app running headless on ``file`` with its walkthrough screen open. A file of the repository's
    examples is opened as a copy: the editor locks its file, and tests run side by side."""
    if file is not None and ROOT / "examples" in file.resolve().parents:
        copy = Path(tempfile.mkdtemp(prefix="jixiao-tui-")) / file.name
        shutil.copy(file, copy)
        file = copy
    app = make_app(file, root)
    async with app.run_test(size=size) as pilot:
        yield app, pilot, await main_screen(pilot)


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test without an asyncio pytest plugin."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until ``condition`` holds (a state, never a fixed time); fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("the state waited for did not come")
        await asyncio.sleep(0.01)


async def save_and_wait(pilot: Pilot[Any]) -> None:
    """Ctrl+S, then wait until the save (a worker: it may ask questions) has finished."""
    from textual.worker import WorkerState

    await pilot.press("ctrl+s")
    app = pilot.app

    def saving() -> bool:
        return any(
            w.group == "save" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers
        )

    await wait_for(lambda: not saving())
    await settle(pilot)


def screen_lines(app: Any) -> list[str]:
    """What the terminal shows, one string per line (the screen as composed now)."""
    strips = app.screen._compositor.render_strips()
    return [strip.text for strip in strips]


def live_styles(app: Any) -> list[str]:
    """Links and click actions anywhere on the screen (user text must never make any)."""
    found = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            if style.link:
                found.append(f"link {style.link} in {segment.text!r}")
            click = (style.meta or {}).get("@click")
            if click and "quit" in str(click):
                found.append(f"@click {click} in {segment.text!r}")
    return found


async def wait_until(
    pilot: Pilot[Any], ready: Callable[[], bool], what: str = "the screen", limit: float = 10
) -> None:
    """Let the app run until ``ready()`` holds (a state, never a fixed time); fail after ``limit`` seconds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while not ready():
        if loop.time() > end:
            raise AssertionError(f"{what} did not come within {limit} s")
        await pilot.pause(0.01)

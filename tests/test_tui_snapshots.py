"""SVG snapshots of every screen with the seed's data, at 80x24 (usable) and 120x40 (comfortable).

Update after looking at the SVGs: ``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui_helpers import LARGE, ROOT, SEED_FILE, SMALL, make_app, settle

pytestmark = pytest.mark.tui

SIZES = {"80x24": SMALL, "120x40": LARGE}
SCREENS = {
    "funds": [],
    "goals": ["f3"],
    "indicator": [
        "f4",
        "pagedown",
        "pagedown",
        "pagedown",
        "pagedown",
        "pagedown",
    ],  # the missed deadline row
    "reviews": ["f5"],
    "review": ["f6"],
    "help": ["f4", "f1"],
}


async def _opened(pilot: Pilot[object]) -> None:
    from tui.screens.main import MainScreen

    for _ in range(300):
        if isinstance(pilot.app.screen, MainScreen):
            break
        await pilot.pause(0.01)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", SCREENS)
def test_screen(snap_compare, name: str, size: str, tmp_path: Path) -> None:
    keys = SCREENS[name]
    seed = tmp_path / SEED_FILE.name  # a copy: each editor locks its file, and tests run side by side
    shutil.copy(SEED_FILE, seed)

    async def run_before(pilot: Pilot[object]) -> None:
        await _opened(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(make_app(seed), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare, size: str) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()

    assert snap_compare(
        make_app(None, root=ROOT / "examples"), terminal_size=SIZES[size], run_before=run_before
    )

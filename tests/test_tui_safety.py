"""Nothing lost in the TUI: one editor per file, a change on disk never overwritten silently, read-only files
respected, save failures said with their paths, signals and a vanished terminal leave the work saved."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Button, Static

from scoring import api
from tests.tui_helpers import ROOT, SEED_FILE, SMALL, opened, settle, sync, type_text, wait_for
from tui.screens.modals import Choice, DiffScreen
from tui.session import ChangedOnDisk, ReadOnly, SaveFailed, Session, lock_path, recovery_path

pytestmark = pytest.mark.tui


def _copy(tmp_path: Path) -> Path:
    file = tmp_path / "equipment.toml"
    shutil.copy(SEED_FILE, file)
    return file


# --- one editor per file ----------------------------------------------------------------------------------


def _hold(lock: Path, pid: int) -> None:
    data = {"pid": pid, "host": socket.gethostname(), "user": "甲", "since": "2026-12-04 09:00:00"}
    lock.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_second_editor_opens_read_only_and_says_who_holds_the_file(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _hold(lock_path(file), holder.pid)
        second = Session.open(file)
        assert (
            second.read_only
            and f"进程 {holder.pid}" in second.held_by_text()
            and "甲" in second.held_by_text()
        )
        second.evaluation.evaluation.name = "改"
        with pytest.raises(ReadOnly, match="只读"):
            second.save()
        assert not second.write_recovery()  # the holder's recovery file is not touched
        assert second.find_recovery() is None
        assert api.load(file).evaluation.name != "改"
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_left_by_a_process_that_is_gone_is_taken_over(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    _hold(lock_path(file), gone.pid)
    session = Session.open(file)
    assert not session.read_only
    assert json.loads(lock_path(file).read_text(encoding="utf-8"))["pid"] == os.getpid()
    session.close()
    assert not lock_path(file).exists()


def test_a_crash_leftover_is_offered_only_to_the_editor_holding_the_file(tmp_path: Path) -> None:
    """B's 丢弃 no longer deletes A's live recovery file: B opens read-only and is offered nothing."""
    file = _copy(tmp_path)
    first = Session.open(file)
    first.evaluation.indicators[0].actual = "0.03%"
    assert first.write_recovery()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _hold(lock_path(file), holder.pid)  # as if A were another process
        second = Session.open(file)
        assert second.read_only and second.find_recovery() is None
        assert second.discard_recovery() == "" and recovery_path(file).exists()
    finally:
        holder.kill()
        holder.wait()


@sync
async def test_the_tui_opens_a_held_file_read_only(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _hold(lock_path(file), holder.pid)
        async with opened(file, SMALL) as (app, pilot, screen):
            assert screen.session.read_only and "只读" in (screen.sub_title or "")
            assert screen.query_one("#panes").disabled
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert file.read_bytes() == SEED_FILE.read_bytes()
            assert any("只读" in str(n.message) for n in app._notifications)
    finally:
        holder.kill()
        holder.wait()


@sync
async def test_a_read_only_window_refuses_structure_edits_and_undo(tmp_path: Path) -> None:
    """The panes are disabled, but the structure commands are the screen's keys: they edited anyway."""
    file = _copy(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _hold(lock_path(file), holder.pid)
        async with opened(file, SMALL) as (app, pilot, screen):
            before = api.dump(screen.session.evaluation)
            await pilot.press("f4")
            for key in ("ctrl+o", "ctrl+t", "ctrl+b", "ctrl+down", "ctrl+d", "enter", "ctrl+z", "ctrl+y"):
                await pilot.press(key)
                await settle(pilot)
            assert api.dump(screen.session.evaluation) == before and not screen.session.dirty
            assert any("不能修改" in str(n.message) for n in app._notifications)
    finally:
        holder.kill()
        holder.wait()


# --- a change on disk ---------------------------------------------------------------------------------------


def test_save_refuses_to_overwrite_a_change_made_on_disk(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    session = Session.open(file)
    session.evaluation.evaluation.implementer = "我的修改"
    text = file.read_text(encoding="utf-8").replace("安阳市北关区便民服务中心", "外部修改的单位", 1)
    file.write_text(text, encoding="utf-8")  # as `sed -i` does
    with pytest.raises(ChangedOnDisk):
        session.save()
    assert "外部修改的单位" in file.read_text(encoding="utf-8")
    assert "外部修改的单位" in session.compare() and "我的修改" in session.compare()
    theirs = session.keep_theirs_beside()
    session.save(over_theirs=True)
    assert "外部修改的单位" in theirs.read_text(encoding="utf-8")
    assert api.load(file).evaluation.implementer == "我的修改"
    session.close()


async def _answer(pilot: object, app: object, button: str) -> None:
    """Press the dialog's button ``button`` once the dialog is up."""
    await wait_for(lambda: isinstance(app.screen, Choice) and bool(app.screen.query(f"#{button}")))  # type: ignore[attr-defined]
    app.screen.query_one(f"#{button}", Button).press()  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


@sync
async def test_ctrl_s_after_a_change_on_disk_asks_and_keeps_both(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    async with opened(file, SMALL) as (app, pilot, screen):
        await type_text(pilot, "甲")  # the name field
        await settle(pilot)
        outside = file.read_text(encoding="utf-8").replace("安阳市北关区便民服务中心", "外部修改的单位", 1)
        file.write_text(outside, encoding="utf-8")
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "compare")
        await wait_for(lambda: isinstance(app.screen, DiffScreen))
        shown = "".join(str(w.render()) for w in app.screen.query(Static).results(Static))
        assert "外部修改的单位" in shown and "甲" in shown  # theirs (-) against mine (+)
        await pilot.press("escape")
        await _answer(pilot, app, "keep")
        await wait_for(lambda: not screen.session.dirty)
    copies = list(tmp_path.glob("equipment.外部修改-*.toml"))
    assert len(copies) == 1 and "外部修改的单位" in copies[0].read_text(encoding="utf-8")
    assert "甲" in api.load(file).evaluation.name


@sync
async def test_ctrl_s_after_a_change_on_disk_can_load_theirs(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    async with opened(file, SMALL) as (app, pilot, _screen):
        await type_text(pilot, "甲")
        await settle(pilot)
        outside = file.read_text(encoding="utf-8").replace("安阳市北关区便民服务中心", "外部修改的单位", 1)
        file.write_text(outside, encoding="utf-8")
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "reload")
        await wait_for(lambda: app.session is not None and not app.session.dirty)
        assert app.session is not None and app.session.evaluation.evaluation.implementer == "外部修改的单位"
    assert file.read_text(encoding="utf-8") == outside


# --- read-only files and failed saves ----------------------------------------------------------------


@sync
async def test_a_read_only_file_is_never_forced(tmp_path: Path) -> None:
    """A chmod 444 file is asked about (even by root, who could write it) and left as it is."""
    file = _copy(tmp_path)
    file.chmod(0o444)
    before = file.read_bytes()
    async with opened(file, SMALL) as (app, pilot, _screen):
        await type_text(pilot, "甲")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, Choice))
        assert "只读文件（权限 -r--r--r--）" in "".join(str(w.render()) for w in app.screen.query(Static))
        await _answer(pilot, app, "cancel")
    assert file.read_bytes() == before and stat.S_IMODE(file.stat().st_mode) == 0o444


@sync
async def test_a_read_only_file_is_asked_about_and_saved_elsewhere(tmp_path: Path, monkeypatch) -> None:
    """Without write access the evaluator is asked, and may save as another file (the original untouched)."""
    file = _copy(tmp_path)
    before = file.read_bytes()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, m: False if Path(p) == file and m == os.W_OK else real_access(p, m)
    )
    async with opened(file, SMALL) as (app, pilot, screen):
        await type_text(pilot, "甲")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await _answer(pilot, app, "save_as")
        await wait_for(lambda: app.screen.query("#path").first() is not None)
        await pilot.press("enter")  # the proposed name: equipment-副本.toml
        await wait_for(lambda: screen.session.path.name == "equipment-副本.toml" and not screen.session.dirty)
    assert file.read_bytes() == before
    assert "甲" in api.load(tmp_path / "equipment-副本.toml").evaluation.name


def test_a_blocked_recovery_path_does_not_turn_a_save_into_a_failure(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    session = Session.open(file)
    session.evaluation.evaluation.implementer = "新单位"
    recovery_path(file).mkdir()  # the recovery file's name is taken by a folder
    (recovery_path(file) / "x").write_text("x")
    note = session.save()
    assert api.load(file).evaluation.implementer == "新单位"
    assert "已保存" in note and str(recovery_path(file)) in note
    session.close()


def test_saving_in_a_read_only_folder_says_why_and_where_the_edits_are(tmp_path: Path, monkeypatch) -> None:
    """The folder refuses the temporary file (as a chmod 555 folder does for anyone but root): said in
    Chinese with the folder, the file and the recovery file (under ~/.cache when the folder refuses)."""
    import errno

    file = _copy(tmp_path)
    session = Session.open(file)
    session.evaluation.evaluation.implementer = "新单位"
    temporary = str(tmp_path / ".equipment.toml.s20hav3g.tmp")

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", temporary)

    monkeypatch.setattr(api, "save", refused)
    with pytest.raises(SaveFailed) as failed:
        session.save()
    message = str(failed.value)
    assert "Errno" not in message and "没有写入权限" in message and "不能写入临时文件" in message
    assert str(file) in message and str(session.recovery) in message
    assert api.load(session.recovery).evaluation.implementer == "新单位"
    session.close()


def test_save_failure_message_when_the_disk_refuses(tmp_path: Path, monkeypatch) -> None:
    """Any refusal (here: the disk is full) is said in Chinese with the file, and the recovery file's path."""
    import errno

    file = _copy(tmp_path)
    session = Session.open(file)
    session.evaluation.evaluation.implementer = "新单位"

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".equipment.toml.x.tmp"))

    monkeypatch.setattr(api, "save", full)
    with pytest.raises(SaveFailed) as failed:
        session.save()
    assert "磁盘空间不足" in str(failed.value) and str(session.recovery) in str(failed.value)
    assert api.load(session.recovery).evaluation.implementer == "新单位"
    session.close()


# --- property: edits, saves, a change on disk and a crash lose nothing -------------------------------------

EDITS = st.lists(
    st.one_of(
        st.tuples(
            st.just("edit"), st.integers(0, 13), st.text("0123456789.%万元达成", min_size=0, max_size=6)
        ),
        st.tuples(st.just("save"), st.just(0), st.just("")),
        st.tuples(st.just("outside"), st.just(0), st.text("甲乙丙丁", min_size=1, max_size=4)),
        st.tuples(st.just("crash"), st.just(0), st.just("")),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=EDITS)
def test_edits_saves_outside_changes_and_crashes_lose_nothing(tmp_path_factory, steps) -> None:
    """The file, the copies kept beside it and the recovery file together hold every edit and every outside
    change, whatever the order (a crash drops the session; the next one is offered the recovery file)."""
    folder = tmp_path_factory.mktemp("prop")
    file = folder / "equipment.toml"
    shutil.copy(SEED_FILE, file)
    session = Session.open(file, lock=False)
    mine: dict[int, str | None] = {}
    outside: list[str] = []
    for action, row, text in steps:
        if action == "edit":
            session.evaluation.indicators[row].actual = text or None
            session.changed()
            mine[row] = text or None
            session.write_recovery()
        elif action == "save":
            try:
                session.save()
            except ChangedOnDisk:
                session.keep_theirs_beside()
                time.sleep(0.001)  # copies are named by the second; a later one gets its own name below
                session.save(over_theirs=True)
        elif action == "outside":
            data = file.read_text(encoding="utf-8")
            marker = f"# 外部修改 {text}"
            file.write_text(data + marker + "\n", encoding="utf-8")
            outside.append(marker)
        else:  # crash: a new session, offered what the last one left
            session = Session.open(file, lock=False)
            recovery = session.find_recovery()
            if recovery is not None:
                session.restore(recovery)
    # every edit is in the session that is open now (restored from the recovery file after a crash)
    for row, value in mine.items():
        assert session.evaluation.indicators[row].actual == value
    # every outside change is on disk: in the file, or in a copy kept beside it
    kept = file.read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in folder.glob("equipment.外部修改-*.toml")
    )
    for marker in outside:
        assert marker in kept or marker in session.compare()


# --- signals and a vanished terminal (a real terminal: a pty) -----------------------------------------------

RUN_TUI = "import sys; from tui.app import run; sys.exit(run(sys.argv[1]))"


def _start(file: Path) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_TUI, str(file)],
        stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    return process, master


def _read_until(master: int, needle: bytes, timeout: float = 30.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} not seen; got {seen[-300:]!r}")
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    return seen


def _drain(master: int, process: subprocess.Popen[bytes], timeout: float = 15.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while process.poll() is None or select.select([master], [], [], 0)[0]:
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the TUI did not end")
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_sigterm_keeps_the_work_and_gives_the_terminal_back(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    process, master = _start(file)
    try:
        _read_until(master, "名称".encode())
        os.write(master, "甲".encode())
        _read_until(master, "未保存".encode())
        process.send_signal(signal.SIGTERM)
        tail = _drain(master, process)
        assert process.wait(timeout=15) == 128 + signal.SIGTERM
    finally:
        os.close(master)
    assert b"\x1b[?1049l" in tail  # left the alternate screen
    assert "甲" in api.load(recovery_path(file)).evaluation.name
    assert not lock_path(file).exists()


def test_a_vanished_terminal_ends_the_tui_with_the_work_kept(tmp_path: Path) -> None:
    """The terminal's other end closes without a SIGHUP: the TUI writes the recovery file and ends (it spun at
    half a core for ever)."""
    file = _copy(tmp_path)
    process, master = _start(file)
    _read_until(master, "名称".encode())
    os.write(master, "乙".encode())
    _read_until(master, "未保存".encode())
    os.close(master)
    process.wait(timeout=15)
    assert process.returncode != 0
    assert "乙" in api.load(recovery_path(file)).evaluation.name


@sync
async def test_sigint_asks_before_quitting_with_unsaved_edits(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    async with opened(file, SMALL) as (app, pilot, screen):
        screen.recovery_delay = 3600
        await type_text(pilot, "丙")
        await settle(pilot)
        os.kill(os.getpid(), signal.SIGINT)
        await wait_for(lambda: isinstance(app.screen, Choice))
        assert "丙" in api.load(recovery_path(file)).evaluation.name  # kept before asking
        assert app.is_running
        await _answer(pilot, app, "cancel")
        assert app.is_running and screen.session.dirty
        screen.session.discard_recovery()
        screen.session.dirty = False

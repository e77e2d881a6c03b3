"""The jixiao terminal UI: ``run(file)`` is what ``jixiao tui [FILE]`` calls."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.driver import Driver
from textual.notifications import SeverityLevel

from scoring import api
from scoring.domain.errors import InputError

from .commands.catalog import app_bindings
from .commands.palette import JixiaoCommands, Palette
from .screens.main import MainScreen
from .screens.modals import HelpScreen, PathModal, confirm_quit, offer_recovery
from .screens.picker import PickerScreen
from .session import Session

KEY_WAIT = 1.0  # seconds a key waits at most for the keys before it to be handled


class JixiaoApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "jixiao 绩效"
    # only jixiao's commands: Textual's own (Keys, Maximize, Screenshot, Theme) are titled in English
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {JixiaoCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    # from the command catalog: the palette key declared there too, so the footer says 命令 (Textual adds
    # its own, labelled "palette", when none is)
    BINDINGS: ClassVar[list[BindingType]] = [
        *app_bindings(),
        # Tab and Shift+Tab at once, not when they have bubbled back to the app: keys typed after them
        # (on a busy machine, before the focus moved) went to the field being left
        Binding("tab", "focus_next", "下一个", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "上一个", show=False, priority=True),
    ]

    def __init__(
        self,
        file: str | Path | None = None,
        root: Path | None = None,
        driver_class: type[Driver] | None = None,
    ) -> None:
        super().__init__(driver_class=driver_class)
        self.file = Path(file) if file else None
        self.root = root or Path.cwd()
        self.session: Session | None = None

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()

    async def on_event(self, event: events.Event) -> None:
        """A key goes to the focused widget only once the keys before it have been handled there: the
        widget a key is for is chosen when the key is taken, and a key that moves the focus (Enter, Tab)
        does so when handled, so keys typed ahead (a fast typist, a busy machine) followed the focus late
        and landed in the field being left (83.33% then Enter, Enter, a reason: the reason's first
        characters went into 实际完成值)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.keys_handled()
        await super().on_event(event)

    async def keys_handled(self) -> None:
        """Wait until the focused widget has handled what it was given before now (a callback queued
        behind it runs), a second at most."""
        widget = self.focused
        if widget is None:
            return
        done = asyncio.Event()
        if widget.call_later(done.set):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), KEY_WAIT)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications carry file names and the evaluator's words: shown as text, never as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """An error nobody caught ends the app with code 1 (Textual's way); the unsaved edits reach the
        recovery file first."""
        session = self.session
        if session is not None and session.dirty:
            with contextlib.suppress(Exception):
                session.write_recovery()
        super()._handle_exception(error)

    def on_mount(self) -> None:
        self._catch_hang_up()
        if self.file is not None:
            self.open_file(self.file)
        else:
            self.push_screen(PickerScreen(self.root))

    # --- signals and a lost terminal ------------------------------------------------------------------------
    def _catch_hang_up(self) -> None:
        """Catch the signals that end a TUI, so that unsaved edits (written to the recovery file only after a
        short quiet spell) reach that file first: SIGHUP (the terminal closed), SIGTERM (a kill), SIGINT."""
        loop = asyncio.get_running_loop()
        handlers = {"SIGHUP": self.hang_up, "SIGTERM": self.terminate, "SIGINT": self.interrupt}
        for name, handler in handlers.items():
            number = getattr(signal, name, None)
            if number is None:
                continue
            before = signal.getsignal(number)
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, handler, number, before)

    def keep_work(self) -> None:
        """Unsaved edits to the recovery file, and the file's lock let go (the process is about to end)."""
        session = self.session
        if session is None:
            return
        if session.dirty:
            with contextlib.suppress(OSError):
                session.write_recovery()
        session.close()

    def hang_up(self, number: int, before: object) -> None:
        """The terminal is gone: keep the work, then let the signal do what it did before (as a rule, end the
        process; an orderly exit would hang writing to a terminal that is gone)."""
        self.keep_work()
        asyncio.get_running_loop().remove_signal_handler(number)
        signal.signal(number, before if callable(before) or isinstance(before, int) else signal.SIG_DFL)
        os.kill(os.getpid(), number)

    def terminate(self, number: int, before: object) -> None:
        """SIGTERM: keep the work and leave in order, so the terminal is given back as it was (main screen,
        no mouse reporting); should that stall, end anyway after two seconds."""
        self.keep_work()
        watchdog = threading.Timer(2.0, os._exit, (128 + number,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(128 + number)

    def interrupt(self, number: int, before: object) -> None:
        """SIGINT (``kill -INT``; Ctrl+C itself is a key here): keep the work, then quit as Ctrl+Q does,
        asking first when there are unsaved edits."""
        session = self.session
        if session is not None and session.dirty:
            with contextlib.suppress(OSError):
                session.write_recovery()
        self._quit()

    def terminal_lost(self) -> None:
        """The keyboard reads end-of-file (the terminal vanished without a SIGHUP): keep the work and end.
        Nothing is drawn any more: the terminal is not there to draw on."""
        self.keep_work()
        os._exit(129)

    # --- opening ------------------------------------------------------------------------------------------
    @work(exclusive=True, group="open")
    async def open_file(self, path: Path) -> None:
        try:
            if api.is_document(path):
                session, count = Session.from_document(path)
            else:
                session, count = Session.open(path), 0
        except InputError as exc:
            await self.push_screen(PickerScreen(self.root, message=f"无法打开 {path}：\n{exc}"))
            return
        if session.source is not None:
            more = f"；文件中有 {count} 个自评表，已打开第 1 个，其余可用 jixiao import 导入"
            saving = "按 Ctrl+S 另存为自评文件（.toml）"
            self.notify(f"已从 {path.name} 读取（未保存）；{saving}{more if count > 1 else ''}", title="导入")
        if session.read_only:
            self.notify(
                f"{path} 正由{session.held_by_text()}编辑；此处只读打开，不能修改或保存",
                title="只读",
                severity="warning",
                timeout=12,
            )
        recovery = session.find_recovery() if session.source is None else None
        if recovery is not None:
            choice = await self.push_screen_wait(offer_recovery(recovery.when, session.path))
            if choice == "restore":
                session.restore(recovery)
                self.notify("已恢复上次未保存的修改；按 Ctrl+S 保存", title="恢复")
            else:
                session.discard_recovery()
        self.session = session
        screen = MainScreen(session)
        if isinstance(self.screen, PickerScreen):
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    @on(PickerScreen.Open)
    def _open(self, event: PickerScreen.Open) -> None:
        self.open_file(event.path)

    @on(PickerScreen.New)
    def _new(self, event: PickerScreen.New) -> None:
        self.new_from_set(event.set_id)

    @on(PickerScreen.FromPrevious)
    def _from_previous(self, event: PickerScreen.FromPrevious) -> None:
        self.new_from_previous(event.path)

    @work(exclusive=True, group="open")
    async def new_from_previous(self, last: Path) -> None:
        """Next year's evaluation from last year's file: where to save it, then open it."""
        try:
            evaluation = api.new_from_previous(last)
        except InputError as exc:
            self.notify(f"无法读取 {last}：{exc}", severity="error")
            return
        year = evaluation.evaluation.year
        stem = last.stem.replace(str(year - 1), str(year))
        default = last.with_name(f"{stem if stem != last.stem else f'{stem}-{year}'}.toml")
        path = await self.push_screen_wait(PathModal(f"以 {last.name} 为上年，新建 {year} 年度自评", default))
        if path is None:
            return
        try:
            api.save(evaluation, path)
        except OSError as exc:
            self.notify(f"无法新建：{exc}", severity="error")
            return
        self.notify(f"已新建 {path}：指标、指标值与分值沿用上年，完成值、得分与原因已清空", title="新建")
        await self._open_now(path)

    @work(exclusive=True, group="open")
    async def new_from_set(self, set_id: str) -> None:
        year = datetime.date.today().year - 1
        default = self.root / f"{set_id}-{year}.toml"
        path = await self.push_screen_wait(PathModal(f"由模板 {set_id} 新建自评", default))
        if path is None:
            return
        try:
            api.save(api.new_from_set(set_id), path)
        except (InputError, OSError) as exc:
            self.notify(f"无法新建：{exc}", severity="error")
            return
        self.notify(f"已新建 {path}", title="新建")
        await self._open_now(path)

    async def _open_now(self, path: Path) -> None:
        session = Session.open(path)
        self.session = session
        await self.switch_screen(MainScreen(session))

    def action_open_picker(self) -> None:
        if self.session is not None and self.session.dirty:
            self.notify("请先保存（Ctrl+S）当前修改，再打开其他文件", severity="warning")
            return
        if self.session is not None:
            self.session.close()
        self.session = None
        self.switch_screen(PickerScreen(self.root))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, Palette):
            self.push_screen(Palette())

    # --- help and quit -------------------------------------------------------------------------------------
    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):  # F1 again closes it
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(getattr(self.focused, "help_text", None)))

    async def action_quit(self) -> None:
        if isinstance(self.screen, MainScreen):
            await self.screen.catch_up()  # keys typed just before count as unsaved edits
        self._quit()

    @work(exclusive=True, group="quit")
    async def _quit(self) -> None:
        """Quit, asking first when there are unsaved edits (a worker: the question waits for an answer)."""
        session = self.session
        if session is None or not session.dirty or session.read_only:
            self._leave()
            return
        choice = await self.push_screen_wait(confirm_quit())
        if choice == "save":
            screen = self.screen
            if isinstance(screen, MainScreen) and await screen.save():
                self._leave()
        elif choice == "discard":
            session.discard_recovery()
            self._leave()

    def _leave(self) -> None:
        if self.session is not None:
            self.session.close()
        self.exit(0)


def exit_code(app: App[int]) -> int:
    """The process's exit code: the app's error code when it crashed, else what it returned (0 by default)."""
    if app.return_code:
        return app.return_code
    result = app.return_value
    return result if isinstance(result, int) else 0


def run(file: str | None) -> int:
    from .driver import JixiaoDriver

    app = JixiaoApp(file, driver_class=JixiaoDriver)
    app.run()
    return exit_code(app)

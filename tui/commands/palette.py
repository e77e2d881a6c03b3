"""The command palette provider: commands found by Chinese, pinyin or English words."""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from .catalog import COMMANDS, Command


class JixiaoCommands(Provider):
    """Offers only what makes sense on the current screen."""

    def _commands(self) -> list[Command]:
        from ..screens.main import MainScreen

        if isinstance(self.screen, MainScreen):
            return COMMANDS
        return [c for c in COMMANDS if c.action.startswith("app.")]

    def _run(self, command: Command) -> None:
        action = command.action if command.action.startswith("app.") else f"screen.{command.action}"
        self.app.call_later(self.app.run_action, action)

    def _display(self, command: Command) -> Text:
        text = Text(command.title, style="bold")
        text.append(f"  {command.words}", style="dim")
        return text

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                self._display(command), partial(self._run, command), text=command.title, help=command.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            candidate = f"{command.title}  {command.words}"
            match = matcher.match(candidate)
            if match > 0:
                yield Hit(
                    match,
                    matcher.highlight(candidate),
                    partial(self._run, command),
                    text=command.title,
                    help=command.help,
                )


class Palette(CommandPalette):
    """Textual's command palette with its own words in Chinese (placeholder, "no matches")."""

    def __init__(self) -> None:
        super().__init__(
            placeholder="查找命令：中文、拼音或英文，如 保存、baocun、save", id="--command-palette"
        )

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, with the message in Chinese (Textual prints "No matches found")."""
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                prompt = Align.center(Text("没有匹配的命令", style="not bold"))
                self.query_one(CommandList).add_option(Option(prompt, disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)

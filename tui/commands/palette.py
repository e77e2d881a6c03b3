"""The command palette provider: commands found by Chinese, pinyin or English words."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

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

"""The footer: the keys of the screen in the command catalog's order, whatever widget has the focus.

Textual's footer lists keys in the order the focused widget's bindings meet the screen's, so an input that
has its own Ctrl+E put 导出 before 保存 on one pane and not on another.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ..commands.catalog import COMMANDS


class KeysFooter(Footer):
    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        order = {c.id: n for n, c in enumerate(COMMANDS)}
        shown = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.id in order and binding.id not in shown:
                shown[binding.id] = (binding, enabled, tooltip)
        for _, (binding, enabled, tooltip) in sorted(shown.items(), key=lambda item: order[item[0]]):
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip or binding.tooltip,
            )
            # the footer's value from the start: a key is made compact and is then bound to the footer's
            # (not compact), restyled twice, for every key at every change of focus
            key.set_reactive(FooterKey.compact, self.compact)
            key.set_class(self.compact, "-compact", update=False)  # its watcher, which now never runs
            yield key.data_bind(compact=Footer.compact)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            _node, binding, enabled, _tooltip = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette -compact",  # as its own compact (the default) makes it
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

"""Textual's Linux driver, told what to do when the terminal goes away without a SIGHUP.

When the terminal vanishes (its window closed while the process ignores or never gets SIGHUP, a pty whose
other end is gone), reading the keyboard returns end-of-file, or fails, at once and for ever: Textual's input
thread then loops at full speed. This driver stops reading and asks the app to save the evaluator's work
(``terminal_lost``), once.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from typing import Any

from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver


class JixiaoDriver(LinuxDriver):
    def run_input_thread(self) -> None:
        """Textual's input loop (``LinuxDriver.run_input_thread``), ending at end-of-file or a read error."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        try:
            while not self.exit_event.is_set():
                events = selector.select(0.1)
                for _key, mask in events:
                    if not mask & selectors.EVENT_READ:
                        continue
                    try:
                        data = os.read(self.fileno, 1024 * 4)
                    except OSError:
                        data = b""
                    if not data:  # the terminal is gone: stop, and let the app keep the work
                        self._lost()
                        return
                    for event in parser.feed(decode(data)):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()

    def _lost(self) -> None:
        app: Any = self._app
        if hasattr(app, "terminal_lost"):
            app.call_later(app.terminal_lost)

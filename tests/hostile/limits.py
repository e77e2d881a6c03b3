"""A time limit for a run in this process: a hang becomes a failed test, not a stuck suite."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Hang(BaseException):
    """The run did not finish within its time limit (a BaseException: no ``except Exception`` in the code
    under test may swallow it)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``Hang`` in this (main) thread when the block runs longer than ``seconds``; a blocking system
    call (a FIFO's open, a read of /dev/zero) is interrupted too."""
    if threading.current_thread() is not threading.main_thread():  # pragma: no cover - pytest's own thread
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

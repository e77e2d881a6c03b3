"""A progress bar on stderr while many files load, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from scoring.io.batch import Batch, score_files

if TYPE_CHECKING:
    from scoring.io.documents.cases import DocumentOptions

MIN_FILES = 20  # fewer files than this load too fast for a bar to help


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.total = total
        self.label = label
        self.done = 0
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0

    def advance(self, step: int = 1) -> None:
        self.done += step
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.05 or self.done >= self.total):
            self._last = now
            self._draw()

    def _draw(self) -> None:
        share = self.done / self.total if self.total else 1.0
        filled = int(share * 30)
        bar = "#" * filled + "-" * (30 - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()

    def message(self, text: str) -> None:
        if self.enabled:
            self.stream.write(f"\r{text}" + " " * 20)
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


def score_files_with_progress(
    files: Sequence[Path],
    stream: TextIO | None = None,
    *,
    detail: bool = True,
    documents: DocumentOptions | None = None,
) -> Batch:
    """``batch.score_files`` with a bar while files load (only when many files go to a terminal)."""
    stream = stream or sys.stderr
    if len(files) < MIN_FILES or not stream.isatty():
        return score_files(files, detail=detail, documents=documents)
    bar = Progress(len(files), "读取", stream)
    try:
        return score_files(files, progress=bar.advance, detail=detail, documents=documents)
    finally:
        bar.close()

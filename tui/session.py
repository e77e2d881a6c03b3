"""The evaluation being edited: the model, its file, whether it is saved, and the recovery file.

Nothing here draws anything; the screens hold one ``Session`` and rescore it after every edit.
Scores always come from the front door (``scoring.api``: the one scoring core).
"""

from __future__ import annotations

import copy
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from scoring import api
from scoring.domain.models import Evaluation

RECOVERY_SUFFIX = ".recovery"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jixiao"


def recovery_path(path: Path) -> Path:
    """``.<name>.toml.recovery`` beside the file; under ~/.cache/jixiao when that folder is not writable."""
    path = path.resolve()
    beside = path.parent / f".{path.name}{RECOVERY_SUFFIX}"
    if os.access(path.parent, os.W_OK):
        return beside
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:12]
    return cache_dir() / f"{path.stem}-{digest}{RECOVERY_SUFFIX}"


def snapshot(evaluation: Evaluation) -> Evaluation:
    """A copy the scoring thread reads while the evaluator goes on typing.

    Indicator rows are copied one level deep (the TUI assigns their fields, never edits their lists in
    place); the rest, which is small, is copied deeply. A sixth of a deep copy's time on 200 rows.
    """
    rest = {
        name: copy.deepcopy(getattr(evaluation, name))
        for name in type(evaluation).model_fields
        if name != "indicators"
    }
    rows = [row.model_copy() for row in evaluation.indicators]
    return evaluation.model_copy(update={**rest, "indicators": rows})


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Recovery:
    """Unsaved edits found beside a file at open time."""

    path: Path
    saved_at: float
    evaluation: Evaluation

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))


@dataclass
class Session:
    evaluation: Evaluation
    path: Path
    dirty: bool = False
    saved_text: str = field(default="", repr=False)

    @classmethod
    def open(cls, path: str | Path) -> Session:
        """Load a file (raises scoring.errors.InputError with a Chinese message)."""
        path = Path(path)
        evaluation = api.load(path)
        session = cls(evaluation=evaluation, path=path)
        session.saved_text = api.dump(evaluation)
        return session

    # --- saving -------------------------------------------------------------------------------------
    @property
    def recovery(self) -> Path:
        return recovery_path(self.path)

    def changed(self) -> None:
        """Cheap on every keystroke; ``write_recovery`` finds out whether the text really differs."""
        self.dirty = True

    def save(self) -> None:
        api.save(self.evaluation, self.path)
        self.saved_text = api.dump(self.evaluation)
        self.dirty = False
        self.discard_recovery()

    def write_recovery(self) -> bool:
        """Write unsaved edits to the recovery file; remove it when there is nothing unsaved."""
        text = api.dump(self.evaluation)
        if text == self.saved_text:
            self.dirty = False
            self.discard_recovery()
            return False
        _write_atomic(self.recovery, text)
        return True

    def discard_recovery(self) -> None:
        self.recovery.unlink(missing_ok=True)

    def find_recovery(self) -> Recovery | None:
        """Unsaved edits left by an earlier run (a crash or a closed terminal), when they differ."""
        path = self.recovery
        if not path.is_file():
            return None
        try:
            evaluation = api.load(path)
        except Exception:
            return None
        if api.dump(evaluation) == self.saved_text:
            path.unlink(missing_ok=True)
            return None
        return Recovery(path=path, saved_at=path.stat().st_mtime, evaluation=evaluation)

    def restore(self, recovery: Recovery) -> None:
        self.evaluation = recovery.evaluation
        self.dirty = True

"""The evaluation being edited: the model, its file, whether it is saved, the recovery file, the lock.

Nothing here draws anything; the screens hold one ``Session`` and rescore it after every edit.
Scores always come from the front door (``scoring.api``: the one scoring core). Saving never overwrites a
change someone else made on disk (``ChangedOnDisk``), never writes a file another editor holds
(``read_only``), and says in Chinese, with the real paths, what happened when it cannot.
"""

from __future__ import annotations

import atexit
import copy
import difflib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from scoring import api
from scoring.domain.errors import os_reason
from scoring.domain.models import Evaluation

from .locks import LOCK_SUFFIX, EditLock, Holder, Stamp, acquire, side_path
from .places import Place

RECOVERY_SUFFIX = ".recovery"
HISTORY_LIMIT = 500  # undo steps kept


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jixiao"


def recovery_path(path: Path) -> Path:
    """``.<name>.toml.recovery`` beside the file; under ~/.cache/jixiao when that folder is not writable."""
    return side_path(path, RECOVERY_SUFFIX, cache_dir())


def lock_path(path: Path) -> Path:
    """``.<name>.toml.lock`` beside the file (or under ~/.cache/jixiao, as the recovery file)."""
    return side_path(path, LOCK_SUFFIX, cache_dir())


class ChangedOnDisk(Exception):
    """The file was changed by someone else since it was opened or saved here."""


class ReadOnly(Exception):
    """This session may not write its file: another editor holds it."""


class SaveFailed(Exception):
    """Saving failed; the message (Chinese) says why and where the edits are kept."""


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
class Step:
    """The evaluation as it was before one edit, and where that edit was made (undo goes back there)."""

    evaluation: Evaluation
    place: Place


@dataclass
class History:
    """Undo and redo over every edit, structure included: a snapshot of the evaluation before each edit.

    A run of keystrokes in one field is one edit (``group``: the field), so typing costs a comparison per key
    and one snapshot per field entered. Saving and the recovery file leave the history alone.
    """

    undo: list[Step] = field(default_factory=list)
    redo: list[Step] = field(default_factory=list)
    group: str | None = None

    def record(self, evaluation: Evaluation, place: Place, group: str | None) -> None:
        if group is not None and group == self.group:
            return
        self.undo.append(Step(snapshot(evaluation), place))
        del self.undo[:-HISTORY_LIMIT]
        self.redo.clear()
        self.group = group

    def back(self, evaluation: Evaluation) -> Step | None:
        """The step to restore for an undo (the current state goes to the redo stack), or None."""
        if not self.undo:
            return None
        step = self.undo.pop()
        self.redo.append(Step(snapshot(evaluation), step.place))
        self.group = None
        return step

    def forward(self, evaluation: Evaluation) -> Step | None:
        if not self.redo:
            return None
        step = self.redo.pop()
        self.undo.append(Step(snapshot(evaluation), step.place))
        self.group = None
        return step


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
    stamp: Stamp | None = field(default=None, repr=False)
    lock: EditLock | None = field(default=None, repr=False)
    held_by: Holder | None = None
    source: Path | None = None  # the document it was read from: nothing is written until a .toml is named
    history: History = field(default_factory=History, repr=False)

    @classmethod
    def from_document(cls, path: str | Path) -> tuple[Session, int]:
        """A new, unsaved evaluation read from a document (the document is never written), and how many
        tables the document holds (the first is opened). Raises InputError with a Chinese message."""
        path = Path(path)
        read = api.import_document(path)
        suggestion = path.with_suffix(".toml")
        number = 2
        while suggestion.exists():
            suggestion = path.with_name(f"{path.stem}-{number}.toml")
            number += 1
        session = cls(evaluation=read.found[0].evaluation, path=suggestion, dirty=True, source=path)
        return session, len(read.found)

    @classmethod
    def open(cls, path: str | Path, *, lock: bool = True) -> Session:
        """Load a file (raises InputError with a Chinese message) and take its lock; when another editor
        holds it, the session is read-only (``held_by`` says who)."""
        path = Path(path)
        evaluation = api.load(path)
        session = cls(evaluation=evaluation, path=path)
        session.saved_text = api.dump(evaluation)
        session.stamp = Stamp.of(path)
        if lock:
            taken = acquire(lock_path(path))
            if isinstance(taken, Holder):
                session.held_by = taken
            else:
                session.lock = taken
                atexit.register(taken.release)
        return session

    @property
    def read_only(self) -> bool:
        return self.held_by is not None

    def held_by_text(self) -> str:
        return self.held_by.describe() if self.held_by is not None else ""

    def close(self) -> None:
        """Let go of the file (its lock)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # --- edits and their history ---------------------------------------------------------------------------
    def record(self, place: Place, group: str | None = None) -> None:
        """Call before changing the evaluation: keeps what it was for undo. ``group`` names the field being
        typed in (keystrokes in one field are one step); None makes the edit a step of its own."""
        self.history.record(self.evaluation, place, group)

    def undo(self) -> Place | None:
        """Go back one edit; where it was made, or None when there is nothing to undo."""
        return self._go(self.history.back(self.evaluation))

    def redo(self) -> Place | None:
        return self._go(self.history.forward(self.evaluation))

    def _go(self, step: Step | None) -> Place | None:
        if step is None:
            return None
        self.evaluation = step.evaluation
        self.dirty = True  # write_recovery finds out whether it is the saved text again
        return step.place

    # --- saving -------------------------------------------------------------------------------------
    @property
    def recovery(self) -> Path:
        return recovery_path(self.path)

    def changed(self) -> None:
        """Cheap on every keystroke; ``write_recovery`` finds out whether the text really differs."""
        self.dirty = True

    def changed_on_disk(self) -> bool:
        """Someone else changed (or removed) the file since it was opened or saved here."""
        return self.stamp is not None and not self.stamp.same_as(self.path)

    def write_refusal(self) -> str | None:
        """Why the file should not be written without asking: read-only, another user's, no permission,
        not a regular file. The io's own rule (``api.save_refusal``), by which ``api.save`` refuses."""
        return api.save_refusal(self.path)

    def save(self, *, over_theirs: bool = False) -> str:
        """Write the file; returns a note for the evaluator ("" when all went well).

        Raises ReadOnly (another editor holds the file), ChangedOnDisk (unless ``over_theirs``: the caller
        asked the evaluator first) or SaveFailed (in Chinese, with where the edits are kept).
        """
        if self.held_by is not None:
            raise ReadOnly(f"{self.path} 正由{self.held_by_text()}编辑，此处为只读，不能保存")
        if self.changed_on_disk() and not over_theirs:
            raise ChangedOnDisk(str(self.path))
        try:
            api.save(self.evaluation, self.path)
        except OSError as exc:
            raise SaveFailed(self._not_saved(exc)) from exc
        self.saved_text = api.dump(self.evaluation)
        self.stamp = Stamp.of(self.path)
        self.dirty = False
        return self.discard_recovery()

    def _not_saved(self, exc: OSError) -> str:
        """Why saving failed and where the edits are, in Chinese, with the real paths."""
        reason = os_reason(exc)
        where = Path(exc.filename).parent if exc.filename else self.path.parent
        if exc.filename and Path(exc.filename).name.startswith(f".{self.path.name}."):
            reason += f"（文件夹 {where} 不能写入临时文件）"
        try:
            written = self.write_recovery()
        except OSError as again:
            lost = f"修改也未能写入恢复文件 {self.recovery}（{os_reason(again)}）"
            return f"无法保存 {self.path}：{reason}。{lost}，请勿关闭程序，另存为其他位置"
        kept = f"修改已写入恢复文件 {self.recovery}" if written else "修改仍在本窗口中"
        return f"无法保存 {self.path}：{reason}。{kept}"

    def save_as(self, path: Path) -> str:
        """Write the evaluation to a new file and edit that one from now on."""
        old, old_lock = self.path, self.lock
        self.path, self.stamp, self.lock = path, None, None
        try:
            note = self.save()
        except (SaveFailed, ChangedOnDisk):
            self.path, self.lock = old, old_lock
            raise
        if old_lock is not None:
            old_lock.release()
        taken = acquire(lock_path(path))
        self.lock = taken if isinstance(taken, EditLock) else None
        return note

    def keep_theirs_beside(self) -> Path:
        """Copy the file as it is on disk (someone else's version) beside it, under a new name."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        copy_path = self.path.with_name(f"{self.path.stem}.外部修改-{stamp}{self.path.suffix}")
        shutil.copyfile(self.path, copy_path)
        return copy_path

    def reload(self) -> None:
        """Take the file as it is on disk now (the edits made here are dropped)."""
        self.evaluation = api.load(self.path)
        self.saved_text = api.dump(self.evaluation)
        self.stamp = Stamp.of(self.path)
        self.dirty = False
        self.discard_recovery()

    def compare(self) -> str:
        """The file on disk against the edits made here, as a unified diff of the TOML texts."""
        try:
            theirs = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            theirs = f"（无法读取磁盘上的文件：{exc}）\n"
        mine = api.dump(self.evaluation)
        lines = difflib.unified_diff(
            theirs.splitlines(), mine.splitlines(), "磁盘上的版本", "本窗口的修改", lineterm=""
        )
        return "\n".join(lines) or "两者内容相同。"

    def write_recovery(self) -> bool:
        """Write unsaved edits to the recovery file; remove it when there is nothing unsaved. A read-only
        session writes none (the file's editor owns the recovery file)."""
        if self.held_by is not None:
            return False
        text = api.dump(self.evaluation)
        if text == self.saved_text:
            self.dirty = False
            self.discard_recovery()
            return False
        _write_atomic(self.recovery, text)
        return True

    def discard_recovery(self) -> str:
        """Remove the recovery file; a note when it cannot be removed (the save itself succeeded)."""
        if self.held_by is not None:
            return ""
        try:
            self.recovery.unlink(missing_ok=True)
        except OSError as exc:
            return f"已保存，但无法删除恢复文件 {self.recovery}：{os_reason(exc)}"
        return ""

    def find_recovery(self) -> Recovery | None:
        """Unsaved edits left by an earlier run (a crash or a closed terminal), when they differ. Not for a
        read-only session: the recovery file is the live work of the editor holding the file."""
        if self.held_by is not None:
            return None
        path = self.recovery
        if not path.is_file():
            return None
        try:
            evaluation = api.load(path)
        except Exception:
            return None
        if api.dump(evaluation) == self.saved_text:
            self.discard_recovery()
            return None
        return Recovery(path=path, saved_at=path.stat().st_mtime, evaluation=evaluation)

    def restore(self, recovery: Recovery) -> None:
        self.evaluation = recovery.evaluation
        self.dirty = True

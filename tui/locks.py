"""One editor per file: a lock file beside the evaluation, and what the file looked like when last read.

The lock (``.<name>.toml.lock``) holds the editor's pid, host and user. A second TUI on the same file finds
it and opens read-only, saying who holds it; a lock whose process is gone (a crash, ``kill -9``) is taken
over. The stamp (size, mtime, hash) tells whether someone else changed the file since it was opened or
saved, so that Ctrl+S never overwrites their change silently.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

LOCK_SUFFIX = ".lock"


def side_path(path: Path, suffix: str, fallback: Path) -> Path:
    """``.<name><suffix>`` beside the file; under ``fallback`` (hashed by path) when that folder is not
    writable."""
    path = path.resolve()
    beside = path.parent / f".{path.name}{suffix}"
    if os.access(path.parent, os.W_OK):
        return beside
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:12]
    return fallback / f"{path.stem}-{digest}{suffix}"


@dataclass(frozen=True)
class Holder:
    """Who holds a lock."""

    pid: int
    host: str
    user: str
    since: str

    def describe(self) -> str:
        here = self.host == socket.gethostname()
        where = "" if here else f"（计算机 {self.host}）"
        return f"用户 {self.user} 的另一个 jixiao（进程 {self.pid}{where}，{self.since} 起）"

    def alive(self) -> bool:
        """The holding process still runs (a lock from another computer is assumed alive)."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # another user's live process
            return True
        return True


def _me() -> Holder:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment
        user = str(os.getuid())
    return Holder(os.getpid(), socket.gethostname(), user, time.strftime("%Y-%m-%d %H:%M:%S"))


def _read_holder(lock: Path) -> Holder | None:
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
        return Holder(int(data["pid"]), str(data["host"]), str(data["user"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass
class EditLock:
    """The lock this process holds on a file (``release`` when the file is closed)."""

    path: Path

    def release(self) -> None:
        holder = _read_holder(self.path)
        if holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname():
            with contextlib.suppress(OSError):
                self.path.unlink()


def acquire(lock: Path) -> EditLock | Holder:
    """Take the lock, or say who holds it. A lock left by a process that is gone is taken over; a lock
    that cannot be written at all (a read-only place) does not stop editing: there is nobody to exclude
    that we could tell about."""
    me = _me()
    text = json.dumps(me.__dict__, ensure_ascii=False)
    for _ in range(3):
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = _read_holder(lock)
            mine = holder is not None and (holder.pid, holder.host) == (me.pid, me.host)
            if holder is not None and holder.alive() and not mine:
                return holder
            with contextlib.suppress(OSError):  # stale (or unreadable): take it over
                lock.unlink()
            continue
        except OSError:
            return EditLock(lock)  # nowhere to write a lock: edit without one
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        return EditLock(lock)
    return EditLock(lock)


@dataclass(frozen=True)
class Stamp:
    """What a file looked like: size, modification time and the hash of its bytes."""

    size: int
    mtime_ns: int
    digest: str

    @staticmethod
    def of(path: Path) -> Stamp | None:
        try:
            data = path.read_bytes()
            status = path.stat()
        except OSError:
            return None
        return Stamp(len(data), status.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def same_as(self, path: Path) -> bool:
        """The file is as this stamp saw it (a changed mtime with the same bytes counts as the same)."""
        try:
            status = path.stat()
        except OSError:
            return False
        if status.st_size == self.size and status.st_mtime_ns == self.mtime_ns:
            return True
        now = Stamp.of(path)
        return now is not None and now.digest == self.digest

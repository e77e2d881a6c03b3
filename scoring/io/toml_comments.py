"""The comments a clerk wrote in an evaluation file, carried over when jixiao writes the file anew.

tomllib drops comments and ``loading.dump_evaluation`` lays the file out in the documented order, so a
save (the TUI's Ctrl+S) would lose every note. Each comment is remembered by what it stood above or
beside — a table header or a key, named by its path such as (("indicators", 3), "actual") — and is put
back there; comments whose anchor is gone (a deleted row) go to the end of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.io.toml_lines import KEY, Path, Scanner, Tables, header, toml_lines

Anchor = tuple[Path, str | None]  # the table, and the key in it (None: the table's header line)


@dataclass
class Comments:
    # comment lines, blank lines kept inside and one kept at the end when one stood before the anchor
    above: dict[Anchor, list[str]] = field(default_factory=dict)
    beside: dict[Anchor, str] = field(default_factory=dict)  # "   # note" after the value, spacing kept
    inner: dict[Anchor, list[str]] = field(default_factory=dict)  # inside a multi-line value (array items)
    tail: list[str] = field(default_factory=list)


class _Walker:
    """Follows a TOML text line by line and names the anchor of each header and key line."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.scanner = Scanner()
        self.value: Anchor | None = None  # the key whose value the lines may go on with

    def step(self, line: str) -> tuple[Anchor | None, str, str | None, Anchor | None]:
        """The line's anchor (None for comments, blanks and continuations), its code, its comment, and the
        anchor whose multi-line value (string or array) the line continues."""
        continued = self.scanner.inside
        code, comment = self.scanner.split(line)
        if continued:
            return None, code, comment, self.value
        found = header(code)
        if found:
            return (self.tables.enter(found), None), code, comment, None
        key = KEY.match(code)
        if key:
            self.value = (self.tables.path, key.group(1).strip("\"'"))
            return self.value, code, comment, None
        return None, code, comment, None


def collect(text: str) -> Comments:
    """Every comment of ``text`` with the anchor it belongs to."""
    found = Comments()
    walker = _Walker()
    pending: list[str] = []
    for line in toml_lines(text):
        anchor, code, comment, within = walker.step(line)
        if within is not None:  # a line of a multi-line value: its comments belong to that key
            if comment is None:
                continue
            if code.strip() and not walker.scanner.inside and within not in found.beside:
                found.beside[within] = line[len(code.rstrip()) :].rstrip()  # after the closing """ or ]
            else:
                found.inner.setdefault(within, []).append(comment.rstrip())  # beside an item, or between
            continue
        if anchor is None:
            if comment is not None and not code.strip():
                pending.append(line.rstrip())
            elif not line.strip() and pending:
                pending.append("")
            continue
        if pending:
            while pending[-2:] == ["", ""]:
                pending.pop()
            found.above[anchor] = pending
            pending = []
        if comment is not None:
            found.beside[anchor] = line[len(code.rstrip()) :].rstrip()
    while pending and pending[-1] == "":
        pending.pop()
    found.tail = pending
    return found


def restore(text: str, comments: Comments) -> str:
    """``text`` (as jixiao writes it) with ``comments`` put back at their anchors; the comments that stood
    inside a multi-line value (jixiao writes it on one line) go just above its key."""
    out: list[str] = []
    walker = _Walker()
    placed: set[Anchor] = set()
    for line in toml_lines(text):
        anchor, _, comment, _ = walker.step(line)
        if anchor is not None:
            out.extend(comments.above.get(anchor, ()))
            out.extend(comments.inner.get(anchor, ()))
            beside = comments.beside.get(anchor)
            if beside and comment is None:
                line += beside
            placed.add(anchor)
        out.append(line)
    orphans = [
        line
        for kept in (comments.above, comments.inner)
        for anchor, lines in kept.items()
        if anchor not in placed
        for line in lines
        if line
    ] + [beside.strip() for anchor, beside in comments.beside.items() if anchor not in placed]
    rest = orphans + comments.tail
    if rest:
        out.extend(["", *rest])
    return "\n".join(out) + "\n"

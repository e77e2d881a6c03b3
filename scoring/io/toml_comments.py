"""The comments a clerk wrote in an evaluation file, carried over when jixiao writes the file anew.

tomllib drops comments and ``loading.dump_evaluation`` lays the file out in the documented order, so a
save (the TUI's Ctrl+S) would lose every note. Each comment is remembered by what it stood above or
beside — a table header or a key, named by its path such as (("indicators", 3), "actual") — and is put
back there; comments whose anchor is gone (a deleted row) go to the end of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.io.toml_lines import KEY, Path, Tables, header, split_comment, toml_lines

Anchor = tuple[Path, str | None]  # the table, and the key in it (None: the table's header line)


@dataclass
class Comments:
    # comment lines, blank lines kept inside and one kept at the end when one stood before the anchor
    above: dict[Anchor, list[str]] = field(default_factory=dict)
    beside: dict[Anchor, str] = field(default_factory=dict)  # "   # note" after the value, spacing kept
    tail: list[str] = field(default_factory=list)


class _Walker:
    """Follows a TOML text line by line and names the anchor of each header and key line."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.open: str | None = None

    def step(self, line: str) -> tuple[Anchor | None, str, str | None]:
        """The line's anchor (None for comments, blanks and continuations), its code and its comment."""
        continued = self.open is not None
        code, comment, self.open = split_comment(line, self.open)
        if continued:
            return None, code, None
        found = header(code)
        if found:
            return (self.tables.enter(found), None), code, comment
        key = KEY.match(code)
        if key:
            return (self.tables.path, key.group(1).strip("\"'")), code, comment
        return None, code, comment


def collect(text: str) -> Comments:
    """Every comment of ``text`` with the anchor it belongs to."""
    found = Comments()
    walker = _Walker()
    pending: list[str] = []
    for line in toml_lines(text):
        anchor, code, comment = walker.step(line)
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
    """``text`` (as jixiao writes it) with ``comments`` put back at their anchors."""
    out: list[str] = []
    walker = _Walker()
    placed: set[Anchor] = set()
    for line in toml_lines(text):
        anchor, _, comment = walker.step(line)
        if anchor is not None:
            out.extend(comments.above.get(anchor, ()))
            beside = comments.beside.get(anchor)
            if beside and comment is None:
                line += beside
            placed.add(anchor)
        out.append(line)
    orphans = [
        line for anchor, lines in comments.above.items() if anchor not in placed for line in lines if line
    ] + [beside.strip() for anchor, beside in comments.beside.items() if anchor not in placed]
    rest = orphans + comments.tail
    if rest:
        out.extend(["", *rest])
    return "\n".join(out) + "\n"

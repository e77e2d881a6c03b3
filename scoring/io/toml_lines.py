"""Where a key sits in a TOML text, so that messages can name the line (tomllib gives no positions)."""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")  # [table] or [[array.of.tables]]
KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-.]+)\s*=""")


def toml_lines(text: str) -> list[str]:
    """The lines of a TOML text: only LF and CRLF end a line (``str.splitlines`` also splits at U+0085,
    U+2028 and other characters that TOML allows inside a string)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


class Tables:
    """Names the table a line is in, header after header: [evaluation] → ("evaluation",),
    the fourth [[indicators]] → ("indicators", 3), [[funds.sources]] → ("funds", "sources", 0)."""

    def __init__(self) -> None:
        self.path: Path = ()
        self._counters: dict[tuple[str, ...], int] = {}

    def enter(self, header: re.Match[str]) -> Path:
        """The path of the table that ``header`` (a HEADER match) opens, which is now current."""
        names = tuple(part.strip().strip("\"'") for part in header.group(2).split("."))
        path: list[str | int] = []
        for depth, name in enumerate(names):
            path.append(name)
            prefix = names[: depth + 1]
            if depth == len(names) - 1 and header.group(1) == "[[":
                self._counters[prefix] = self._counters.get(prefix, -1) + 1
                # a new [[indicators]] entry starts the counts of its own sub-arrays afresh
                for inner in [
                    k for k in self._counters if len(k) > len(prefix) and k[: len(prefix)] == prefix
                ]:
                    del self._counters[inner]
                path.append(self._counters[prefix])
            elif depth < len(names) - 1 and prefix in self._counters:
                path.append(self._counters[prefix])
        self.path = tuple(path)
        return self.path


def key_lines(text: str) -> dict[Path, int]:
    """Map every table, array-of-tables entry and key to its 1-based line number."""
    lines: dict[Path, int] = {}
    tables = Tables()
    for number, line in enumerate(toml_lines(text), start=1):
        header = HEADER.match(line)
        if header:
            lines.setdefault(tables.enter(header), number)
            continue
        key = KEY.match(line)
        if key:
            name = key.group(1).strip("\"'")
            lines.setdefault((*tables.path, *name.split(".")), number)
    return lines


def locate(lines: dict[Path, int], loc: Path) -> int | None:
    """The line of ``loc`` or of its nearest enclosing table."""
    for end in range(len(loc), 0, -1):
        found = lines.get(tuple(loc[:end]))
        if found:
            return found
    return None

"""Where a key sits in a TOML text, so that messages can name the line (tomllib gives no positions)."""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-.]+)\s*=""")

Header = tuple[str, str]
"""A table header line: its brackets ("[" or "[[") and the table's dotted name."""


def header(line: str) -> Header | None:
    """``[table]`` or ``[[array.of.tables]]`` (a comment may follow), read in one pass.

    Not a regular expression: the pattern this replaces backtracked cubically on a line of "[" and spaces
    (hours for a 20 KB file)."""
    text = line.strip()
    if not text.startswith("["):
        return None
    opening = "[[" if text.startswith("[[") else "["
    end = text.find("]", len(opening))
    if end < 0:
        return None
    name = text[len(opening) : end].strip()
    rest = text[end + 1 :]
    rest = rest[1:] if rest.startswith("]") else rest
    rest = rest.lstrip()
    if not name or (rest and not rest.startswith("#")):
        return None
    return opening, name


_CODE_MARK = re.compile(r"""\"\"\"|'''|[#"'\[\]{}]""")
"""Outside strings, what changes a line's state: a comment, a string's opening, a bracket."""
_BASIC_MARK = re.compile(r'["\\]')
_BASIC_LONG_MARK = re.compile(r'"""|\\')


def split_comment(
    line: str, open_quote: str | None, depth: int = 0
) -> tuple[str, str | None, str | None, int]:
    """(code, comment, the multi-line string still open at the end, the brackets still open at the end) of
    one line of TOML; ``open_quote`` and ``depth`` are what was open at its start (a multi-line array).

    It jumps from one character that matters to the next, a string's text skipped whole: every line of
    every file loaded is read so, and most of a line is the text of its value."""
    i, quote, end = 0, open_quote, len(line)
    while i < end:
        if quote is None:
            found = _CODE_MARK.search(line, i)
            if found is None:
                break
            mark, i = found.group(), found.end()
            if mark == "#":
                return line[: found.start()], line[found.start() :], None, depth
            if mark in ("[", "{"):
                depth += 1
            elif mark in ("]", "}"):
                depth = max(depth - 1, 0)
            else:  # a string opens
                quote = mark
        elif quote in ("'", "'''"):  # a literal string has no escapes
            close = line.find(quote, i)
            if close < 0:
                break
            i = close + len(quote)
            quote = None
        else:  # in a basic string a backslash escapes the character after it
            found = (_BASIC_LONG_MARK if quote == '"""' else _BASIC_MARK).search(line, i)
            if found is None:
                break
            if found.group() == "\\":
                i = found.end() + 1
            else:
                quote, i = None, found.end()
    # a one-line string cannot run past the end of its line; a multi-line one goes on
    return line, None, quote if quote in ('"""', "'''") else None, depth


class Scanner:
    """Follows what a TOML text leaves open from one line to the next: a multi-line string, the brackets of
    a multi-line array. A line that starts inside one is part of a value, not a header or a key."""

    def __init__(self) -> None:
        self.quote: str | None = None
        self.depth = 0

    @property
    def inside(self) -> bool:
        return self.quote is not None or self.depth > 0

    def split(self, line: str) -> tuple[str, str | None]:
        """(code, comment) of the next line."""
        code, comment, self.quote, self.depth = split_comment(line, self.quote, self.depth)
        return code, comment


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

    def enter(self, found: Header) -> Path:
        """The path of the table that ``found`` (a ``header``) opens, which is now current."""
        opening, name = found
        names = tuple(part.strip().strip("\"'") for part in name.split("."))
        path: list[str | int] = []
        for depth, name in enumerate(names):
            path.append(name)
            prefix = names[: depth + 1]
            if depth == len(names) - 1 and opening == "[[":
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
    scanner = Scanner()
    for number, line in enumerate(toml_lines(text), start=1):
        continued = scanner.inside
        code, _ = scanner.split(line)
        if continued:  # inside a multi-line string or array: a value, not a header or a key
            continue
        found = header(code)
        if found:
            lines.setdefault(tables.enter(found), number)
            continue
        key = KEY.match(code)
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

"""Finding the line of a key: in time linear in the text, whatever a line holds (issue 10 point 14)."""

from __future__ import annotations

import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scoring.io.toml_comments import collect
from scoring.io.toml_lines import header, key_lines, split_comment

BUDGET = 2.0
"""Seconds for texts of ~100 KB; the backtracking header pattern took hours on 20 KB."""


def _timed(text: str) -> float:
    start = time.perf_counter()
    key_lines(text)
    collect(text)
    return time.perf_counter() - start


def test_a_long_bracket_line_is_read_in_linear_time() -> None:
    # a line of a multi-line string: "[" + spaces + "x" (15 s for 3,000 spaces with the old pattern)
    text = '[evaluation]\nnote = """\n' + ("[" + " " * 50_000 + "x\n") * 2 + '"""\n'
    assert _timed(text) < BUDGET


adversarial = st.lists(st.sampled_from(["[", "]", " ", "\t", "x", ".", '"', "'", "#", "="]), max_size=4000)


@settings(max_examples=60, deadline=None)
@given(pieces=adversarial, repeat=st.integers(1, 25))
@example(pieces=["["] + [" "] * 3000 + ["x"], repeat=25)
@example(pieces=["[", "["] + [" ", "x"] * 1500 + [" "], repeat=25)
@example(pieces=["a"] * 4000, repeat=25)
def test_adversarial_lines_within_a_time_budget(pieces: list[str], repeat: int) -> None:
    line = "".join(pieces)
    text = "[evaluation]\n" + "\n".join([line] * repeat) + "\n"
    assert _timed(text) < BUDGET


def test_headers_are_still_found() -> None:
    assert header("[evaluation]") == ("[", "evaluation")
    assert header("  [[ indicators ]]  # 第一行") == ("[[", "indicators")
    assert header("[[funds.sources]]") == ("[[", "funds.sources")
    assert header("[ ]") is None
    assert header("[evaluation] x") is None
    assert header("name = 1") is None
    text = '[evaluation]\nname = "a"\n[[indicators]]\nlevel1 = "x"\n[[indicators]]\nlevel1 = "y"\n'
    assert key_lines(text)[("indicators", 1, "level1")] == 6


def test_a_header_inside_a_multi_line_string_is_text() -> None:
    text = '[evaluation]\nnote = """\n[[indicators]]\n"""\n[[indicators]]\nlevel1 = "x"\n'
    assert key_lines(text)[("indicators", 0)] == 5


def _one_char_at_a_time(
    line: str, open_quote: str | None, depth: int
) -> tuple[str, str | None, str | None, int]:
    """The reader ``split_comment`` replaced, kept as the reference: it looks at every character."""
    i, quote = 0, open_quote
    while i < len(line):
        if quote is None:
            if line.startswith(('"""', "'''"), i):
                quote = line[i : i + 3]
                i += 3
                continue
            ch = line[i]
            if ch == "#":
                return line[:i], line[i:], None, depth
            if ch in "\"'":
                quote = ch
            elif ch in "[{":
                depth += 1
            elif ch in "]}":
                depth = max(depth - 1, 0)
        elif quote in ('"""', "'''"):
            if line.startswith(quote, i):
                quote = None
                i += 3
                continue
            if quote == '"""' and line[i] == "\\":
                i += 1
        elif line[i] == "\\" and quote == '"':
            i += 1
        elif line[i] == quote:
            quote = None
        i += 1
    return line, None, quote if quote in ('"""', "'''") else None, depth


@settings(max_examples=2000, deadline=None)
@given(
    line=st.text(st.sampled_from(list("ab =1中\"'#[]{}\\")), max_size=30),
    open_quote=st.sampled_from([None, '"', "'", '"""', "'''"]),
    depth=st.integers(0, 2),
)
@example(line='name = "a\\"#b" # 注', open_quote=None, depth=0)
@example(line="path = 'C:\\dir\\' # 注", open_quote=None, depth=0)
@example(line='a\\"""" # x', open_quote='"""', depth=0)
@example(line="tags = [\"a\", 'b',", open_quote=None, depth=0)
def test_split_comment_reads_a_line_as_reading_every_character_would(
    line: str, open_quote: str | None, depth: int
) -> None:
    assert split_comment(line, open_quote, depth) == _one_char_at_a_time(line, open_quote, depth)


def test_escapes_and_literal_strings_around_a_comment() -> None:
    assert split_comment('name = "a\\"#b" # 注', None) == ('name = "a\\"#b" ', "# 注", None, 0)
    assert split_comment("path = 'C:\\dir\\' # 注", None) == ("path = 'C:\\dir\\' ", "# 注", None, 0)
    assert split_comment('note = """第一行 # 不是注释', None) == (
        'note = """第一行 # 不是注释',
        None,
        '"""',
        0,
    )
    assert split_comment('还是文字 \\""" # 仍在字符串中', '"""') == (
        '还是文字 \\""" # 仍在字符串中',
        None,
        '"""',
        0,
    )
    assert split_comment('结束""" # 注', '"""') == ('结束""" ', "# 注", None, 0)

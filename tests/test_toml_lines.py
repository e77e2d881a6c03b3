"""Finding the line of a key: in time linear in the text, whatever a line holds (issue 10 point 14)."""

from __future__ import annotations

import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scoring.io.toml_comments import collect
from scoring.io.toml_lines import header, key_lines

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

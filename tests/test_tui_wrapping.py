"""Chinese line breaking in the multi-line fields (偏差原因, goals, tasks, 情况说明): no wrapped line starts
with 、，。 and the like (避头), as in the printed tables."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from scoring.domain.vocabulary import NO_LINE_START
from tests.tui_helpers import sync
from tui.widgets.fields import TextField
from tui.widgets.wrapping import wrap_offsets

pytestmark = pytest.mark.tui


def sections(line: str, offsets: list[int]) -> list[str]:
    bounds = [0, *offsets, len(line)]
    return [line[a:b] for a, b in pairwise(bounds)]


def wrapped(line: str, width: int) -> list[str]:
    return sections(line, wrap_offsets(line, width))


def test_a_closing_mark_takes_the_character_before_it_down() -> None:
    assert wrapped("一二三四五。六七", 10) == ["一二三四", "五。六七"]  # folded: 一二三四五 | 。六七


def test_a_run_of_closing_marks_moves_as_one() -> None:
    assert wrapped("一二三四五。」六", 10) == ["一二三四", "五。」六"]


def test_the_lines_after_a_moved_break_are_folded_again() -> None:
    # folded: 一二三四五 | 。六七八九 | 十
    assert wrapped("一二三四五。六七八九十", 10) == ["一二三四", "五。六七八", "九十"]


def test_a_line_of_marks_only_stays_as_folded() -> None:
    assert wrapped("。。。。。。", 10) == ["。。。。。", "。"]


def test_words_still_wrap_at_spaces() -> None:
    assert wrapped("the reason is clear", 10) == ["the ", "reason is ", "clear"]


def test_a_space_never_goes_down_with_a_mark() -> None:
    """Found in review: the break moved back across a space, giving a line of one space."""
    from textual._wrap import compute_wrap_offsets

    for line, width in (("a b 。c", 3), ("the work is done 。next", 10)):
        assert wrap_offsets(line, width) == compute_wrap_offsets(line, width, tab_size=4)


def test_a_long_paragraph_wraps_as_folding_it_whole_would() -> None:
    """Each break is looked for in a window of the text after the last one (folding the whole rest at
    every break cost the square of the paragraph's length at every keystroke)."""
    line = ("偏差原因：受资金拨付进度影响，项目实施延后。" * 40 + "下一步将加快支付进度。") * 2
    width = 40
    parts = wrapped(line, width)
    assert "".join(parts) == line
    assert all(cell_len(part) <= width for part in parts)
    assert not any(part[:1] in NO_LINE_START for part in parts[1:])
    assert len(parts) >= cell_len(line) // width


@given(st.text(alphabet="一二三四五六七八九十，。、；：”）》abc ", max_size=80), st.integers(4, 20))
def test_every_line_fits_and_starts_with_a_mark_only_where_nothing_could_go_down(
    text: str, width: int
) -> None:
    parts = wrapped(text, width)
    assert "".join(parts) == text
    assert all(cell_len(part.rstrip()) <= width for part in parts)
    for before, part in pairwise(parts):
        if part[:1] in NO_LINE_START:  # the line above ends with a space, or is marks after its first
            spaced = before[-1:].isspace()
            assert spaced or all(ch in NO_LINE_START for ch in before[1:]), (before, part)


class OneField(App[None]):
    CSS = "TextField { width: 13; height: 5; }"  # 10 cells of text (a cell kept for the cursor)

    def compose(self) -> ComposeResult:
        yield TextField("一二三四五。六七")


@sync
async def test_the_reason_field_wraps_without_a_mark_at_a_line_start() -> None:
    app = OneField()
    async with app.run_test(size=(30, 8)) as pilot:
        field = app.query_one(TextField)
        await pilot.pause()
        width = field.wrapped_document._width
        assert width == 10
        assert field.wrapped_document.get_sections(0) == ["一二三四", "五。六七"]
        # typing re-wraps the same way, and the cursor walks the wrapped lines
        field.focus()
        field.move_cursor(field.document.end)
        await pilot.press("八", "九")
        field.insert("，")  # an edit (re-wrapped from where it was made), as a paste is
        await pilot.press("十")
        await pilot.pause()
        assert field.text == "一二三四五。六七八九，十"
        parts = field.wrapped_document.get_sections(0)
        assert "".join(parts) == field.text
        assert parts == ["一二三四", "五。六七八", "九，十"]
        await pilot.press("home", "up", "down", "end")
        assert field.cursor_location[0] == 0

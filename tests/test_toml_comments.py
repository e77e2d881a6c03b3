"""Saving keeps the comments a clerk wrote: above or beside their table or key, whatever jixiao rewrites."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.io.toml_comments import collect, restore
from scoring.io.toml_read import load_evaluation
from scoring.io.toml_write import save_evaluation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.toml"))


def _comment_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_every_example_keeps_its_comments_through_a_save(tmp_path: Path) -> None:
    for source in EXAMPLES:
        copy = tmp_path / source.name
        shutil.copy(source, copy)
        evaluation = load_evaluation(copy)
        save_evaluation(evaluation, copy)
        before, after = source.read_text(encoding="utf-8"), copy.read_text(encoding="utf-8")
        # blocks may move (jixiao writes the documented order); their comments move with them
        assert sorted(_comment_lines(after)) == sorted(_comment_lines(before)), source
        assert after.count("#") == before.count("#"), source
        assert load_evaluation(copy).model_dump() == evaluation.model_dump(), source


def test_an_edit_keeps_the_comments_at_their_rows(tmp_path: Path) -> None:
    copy = tmp_path / "p.toml"
    shutil.copy(ROOT / "examples" / "beiguan-2023" / "project-equipment.toml", copy)
    evaluation = load_evaluation(copy)
    evaluation.indicators[0].actual = "0.06%"
    evaluation.funds.reported_rate = "5.69"  # type: ignore[union-attr]
    save_evaluation(evaluation, copy)
    lines = copy.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# 项目支出绩效自评情况表")
    rate = next(line for line in lines if line.startswith("reported_rate"))
    assert rate == 'reported_rate = "5.69"      # printed without "%" (column header 执行率（B/Ax100%）)'
    sources = next(line for line in lines if line.startswith("[[funds.sources]]"))
    assert sources.endswith('# 财政专户管理资金 / 单位资金 rows are printed "— —": omitted')
    assert 'actual = "0.06%"' in lines
    assert load_evaluation(copy).indicators[0].actual == "0.06%"


def test_hashes_inside_strings_are_not_comments() -> None:
    text = (
        "[evaluation]\nname = \"项目#1\"  # 第一个\nsource = 'a # b'\n"
        'note = """\n# not a comment\n"""\n# 末尾\n'
    )
    comments = collect(text)
    assert comments.beside == {((("evaluation",)), "name"): "  # 第一个"}
    assert comments.tail == ["# 末尾"]
    rewritten = restore("[evaluation]\nname = \"项目#1\"\nsource = 'a # b'\n", comments)
    assert rewritten == "[evaluation]\nname = \"项目#1\"  # 第一个\nsource = 'a # b'\n\n# 末尾\n"


def test_comments_of_a_removed_row_are_kept_at_the_end() -> None:
    text = '[evaluation]\nname = 1\n\n# 第二行的说明\n[[indicators]]\nlevel3 = "a"\n'
    rewritten = restore("[evaluation]\nname = 1\n", collect(text))
    assert rewritten.endswith("\n# 第二行的说明\n")


KEYS = st.sampled_from(["name", "target", "actual", "weight", "reason"])
NOTES = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12).map(
    lambda s: "# " + s.replace("\n", " ")
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(KEYS, st.text(max_size=8), st.none() | NOTES, st.none() | NOTES), max_size=6))
def test_restore_puts_every_comment_back_and_changes_no_value(
    rows: list[tuple[str, str, str | None, str | None]],
) -> None:
    """Any keys with any values (quotes, #, CJK) and comments above or beside: the values read back the
    same, and every comment is still there."""
    seen: dict[str, str] = {}
    original, plain = ["[[indicators]]"], ["[[indicators]]"]
    for key, value, above, beside in rows:
        if key in seen:
            continue
        seen[key] = value
        literal = tomli_w.dumps({"v": value}).split("=", 1)[1].strip()
        if above:
            original.append(above)
        original.append(f"{key} = {literal}" + (f"  {beside}" if beside else ""))
        plain.append(f"{key} = {literal}")
    text = "\n".join(original) + "\n"
    expected = tomllib.loads(text)
    rewritten = restore("\n".join(plain) + "\n", collect(text))
    assert tomllib.loads(rewritten) == expected
    assert sorted(_comment_lines(rewritten)) == sorted(_comment_lines(text))

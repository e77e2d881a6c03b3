"""指标方向 / 指标性质 / 计算符号 as a field (``direction``): when given it decides the rule of a numeric
年度指标值; an operator written in the 年度指标值 that says otherwise is direction_conflict; a bare number
follows the direction, else the rules of today (a bare number under 成本指标 is a ceiling: ``lower_levels``).
The words are data (scoring/domain/directions.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.api import score
from scoring.core.convert import results
from scoring.core.pipeline import score_frames
from scoring.domain.directions import direction_words, read_direction
from scoring.domain.errors import InputError
from scoring.domain.results import EvaluationResult
from scoring.io.long_table import read_table
from scoring.io.toml_read import load_evaluation

from .conftest import codes, make, row

WORDINGS = [
    ("正向", "higher"), ("正向指标", "higher"), ("越大越好", "higher"), ("大于等于", "higher"),
    ("大于 等于", "higher"), ("≥", "higher"), (">=", "higher"), ("＞＝", "higher"), ("≧", "higher"),
    ("反向", "lower"), ("逆向指标", "lower"), ("越小越好", "lower"), ("小于等于", "lower"), ("≤", "lower"),
    ("<=", "lower"), ("≦", "lower"), ("等于", "equal"), ("=", "equal"), ("＝", "equal"),
    ("定性", "qualitative"), ("定性指标", "qualitative"),
]  # fmt: skip


@pytest.mark.parametrize(("word", "direction"), WORDINGS)
def test_the_wordings_of_a_direction(word: str, direction: str) -> None:
    assert read_direction(word) == direction


def one(target: str, actual: str, direction: str | None, level: str = "产出指标") -> EvaluationResult:
    extra = {"reason": '"x"'} | ({"direction": f'"{direction}"'} if direction is not None else {})
    return score(make(row(target, actual, **extra).replace("产出指标", level)))


@pytest.mark.parametrize(
    ("target", "actual", "direction", "rule", "points"),
    [
        ("95%", "90%", "正向", "higher", "9.47"),  # a bare number follows the direction
        ("95%", "90%", "大于等于", "higher", "9.47"),
        ("10%", "14.88%", "反向", "lower", "6.72"),
        ("10%", "14.88%", "小于等于", "lower", "6.72"),
        ("100%", "100%", "等于", "equal", "10.00"),
        ("≥95%", "96%", "正向", "higher", "10.00"),  # agreeing: nothing to say
        ("≤10%", "8%", "反向", "lower", "10.00"),
        ("≤95%", "90%", "正向", "higher", "9.47"),  # contradicting: the direction decides
        ("≥10%", "14.88%", "反向", "lower", "6.72"),
        ("95%", "90%", None, "higher", "9.47"),  # no direction: the rules of today
    ],
)
def test_the_direction_decides_a_numeric_rule(
    target: str, actual: str, direction: str | None, rule: str, points: str
) -> None:
    result = one(target, actual, direction)
    assert (result.indicators[0].rule, str(result.indicators[0].score)) == (rule, points)


@pytest.mark.parametrize(
    ("target", "direction", "conflict"),
    [
        ("≤95%", "正向", True),
        ("不超过95%", "大于等于", True),
        ("≥10%", "反向", True),
        ("95%以上", "小于等于", True),
        ("=100%", "正向", True),
        ("≥95%", "正向", False),
        ("≤95%", "反向", False),
        ("=100%", "等于", False),
        ("95%", "反向", False),  # a bare number has no operator to contradict
        ("≤95%", None, False),
    ],
)
def test_a_written_operator_against_the_direction_is_a_finding(
    target: str, direction: str | None, conflict: bool
) -> None:
    result = one(target, "90%", direction)
    assert ("direction_conflict" in codes(result)) is conflict
    if conflict:
        message = next(f.message for f in result.findings if f.code == "direction_conflict")
        assert "指标方向" in message and target in message


def test_under_a_cost_level_a_bare_number_follows_the_direction_else_lower_levels() -> None:
    cost = "成本指标"
    assert one("20万元", "18万元", None, cost).indicators[0].rule == "lower"  # today's rule: lower_levels
    assert one("20万元", "18万元", "正向", cost).indicators[0].rule == "higher"
    assert one("20万元", "22万元", "反向", cost).indicators[0].rule == "lower"
    assert "direction_conflict" not in codes(one("20万元", "18万元", "正向", cost))


def test_dates_ranges_and_verdicts_keep_their_rule() -> None:
    assert one("2023年9月底前", "2023年9月20日", "正向").indicators[0].rule == "deadline"
    assert one("90%-110%", "100%", "正向").indicators[0].rule == "range"
    assert one("达成预期", "达成预期", "定性").indicators[0].rule == "qualitative"


def test_an_unknown_direction_is_refused_with_the_accepted_words(tmp_toml) -> None:
    text = (
        '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n[[indicators]]\nlevel1 = "产出指标"\n'
        'level3 = "a"\ntarget = "95%"\nweight = 10\ndirection = "往上"\n'
    )
    with pytest.raises(InputError) as caught:
        load_evaluation(tmp_toml(text))
    assert "往上" in str(caught.value) and "正向" in str(caught.value) and "大于等于" in str(caught.value)


def test_direction_survives_a_save(tmp_path: Path) -> None:
    from scoring.api import load, save

    path = tmp_path / "e.toml"
    path.write_text(
        '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n[[indicators]]\nlevel1 = "产出指标"\n'
        'level3 = "a"\ntarget = "95%"\nweight = 10\ndirection = "大于等于"\n',
        encoding="utf-8",
    )
    save(load(path), path)
    assert load(path).indicators[0].direction == "大于等于"


HEADER = "evaluation_id,kind,name,year,level1,level2,level3,target,actual,weight,reason,direction\n"


def test_long_tables_read_the_direction_column(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        HEADER
        + "a,project,甲,2023,产出指标,数量指标,甲,10%,14.88%,10,原因,反向\n"
        + "a,project,甲,2023,产出指标,数量指标,乙,≤95%,90%,10,原因,大于等于\n"
        + "a,project,甲,2023,产出指标,数量指标,丙,95%,90%,10,原因,\n",
        encoding="utf-8",
    )
    result = results(score_frames(read_table(table)))[0]
    assert [i.rule for i in result.indicators] == ["lower", "higher", "higher"]
    assert [f.where.split(" / ")[-1] for f in result.findings if f.code == "direction_conflict"] == ["乙"]


def test_long_tables_name_an_unknown_direction(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        HEADER + "a,project,甲,2023,产出指标,数量指标,甲,95%,90%,10,原因,往上\n", encoding="utf-8"
    )
    result = results(score_frames(read_table(table)))[0]
    assert any("往上" in f.message and "指标方向" in f.message for f in result.findings)


def test_every_word_in_the_table_reads() -> None:
    assert set(direction_words().values()) == {"higher", "lower", "equal", "qualitative"}
    for word, direction in direction_words().items():
        assert read_direction(word) == direction


def test_a_platform_list_carries_its_calculation_symbol_as_the_direction(tmp_path: Path) -> None:
    """A budget platform's 计算符号 column becomes each row's direction; one printed against the operator
    of its 年度指标值 (a clerk's ≤ in the value, 大于等于 in 计算符号) is direction_conflict."""
    from scoring import api
    from tests.conftest import SEED
    from tests.document_tables import C, platform_list, write_xlsx

    original = api.load(SEED / "project-equipment.toml")
    table = platform_list(original)
    heads = [cell.text for cell in table.rows[3]]
    symbol, value = heads.index("计算符号"), heads.index("指标值")
    first = table.rows[4]
    assert first[symbol].text == "≥"
    (imported,) = api.import_document(write_xlsx([table], tmp_path / "平台.xlsx")).found
    rows = imported.evaluation.indicators
    assert rows[0].direction == "≥" and read_direction(rows[0].direction) == "higher"
    assert "direction_conflict" not in codes(api.score_imported(imported))

    first[value] = C("≤" + first[value].text)  # the clerk wrote the operator into the value too
    (conflicting,) = api.import_document(write_xlsx([table], tmp_path / "平台2.xlsx")).found
    result = api.score_imported(conflicting)
    assert "direction_conflict" in codes(result)
    assert result.indicators[0].rule == "higher"  # the 计算符号 decides


OPERATORS = {"≥": "higher", "不低于": "higher", "≤": "lower", "不超过": "lower", "=": "equal", "": None}


@settings(max_examples=60, deadline=None)
@given(
    operator=st.sampled_from(sorted(OPERATORS)),
    word=st.sampled_from(sorted(w for w, d in direction_words().items() if d != "qualitative")),
    target=st.integers(1, 500),
    actual=st.integers(0, 1000),
)
def test_the_direction_always_decides_and_a_contradiction_is_always_said(
    operator: str, word: str, target: int, actual: int
) -> None:
    result = one(f"{operator}{target}台", f"{actual}台", word)
    direction = direction_words()[word]
    assert result.indicators[0].rule == direction
    written = OPERATORS[operator]
    assert ("direction_conflict" in codes(result)) is (written is not None and written != direction)


def test_the_streamed_summary_counts_directions_and_placeholders_as_the_full_road(tmp_path: Path) -> None:
    """A table summarised without --detail counts the same errors and warnings as scored in full."""
    from scoring.io.long_table import summarize_table

    table = tmp_path / "t.csv"
    table.write_text(
        HEADER
        + "a,project,甲,2023,产出指标,数量指标,甲,10%,14.88%,10,无。,反向\n"
        + "a,project,甲,2023,产出指标,数量指标,乙,≤95%,90%,10,原因,大于等于\n"
        + "b,project,乙,2023,产出指标,数量指标,丙,95%,90%,10,／,\n"
        + "b,project,乙,2023,产出指标,数量指标,丁,≥95%,90%,10,设备未到,正向\n",
        encoding="utf-8",
    )
    full = results(score_frames(read_table(table)))
    streamed = summarize_table(table)
    assert streamed["errors"].to_list() == [r.errors for r in full]
    assert streamed["warnings"].to_list() == [r.warnings for r in full]
    first = [f.code for f in full[0].findings]
    assert first.count("reason_missing") == 1 and first.count("direction_conflict") == 1

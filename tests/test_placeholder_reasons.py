"""Placeholder reasons are no reasons: on a row that needs a 偏差原因 (and on the funds block below
execution_reason_below), 无, 0, /, —, 暂无, 见附件 … alone count as missing, and the message says so.
The words are data (scoring/domain/placeholder_reasons.toml)."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.api import score
from scoring.core.reasons import reason_placeholder
from scoring.domain.placeholders import placeholder_words
from scoring.domain.results import EvaluationResult

from .conftest import make, row

PLACEHOLDERS = [
    "无", "无。", "無", "（无）", " 无 ", "无；", "0", "０", "0.00", "/", "／", "—", "——", "-", "－", "……",
    "暂无", "暂无。", "无偏差", "无偏差。", "不适用", "见附件", "详见附件。", "N/A", "n/a", "NA", "略",
    "【无】", "“无”", "无!",
]  # fmt: skip
REASONS = [
    "资金拨付滞后，下年度提前启动采购",
    "无法按期完成：因天气原因工期顺延",
    "0起事故以外，另有2起轻微事件",
    "见附件：设备到货延迟，已督促供应商",
    "无偏差以外的情况已整改",
    "暂无资金，改进措施：提前申请",
    "不适用原指标，已调整为新指标",
]

SHORT = ("≥100台", "50台")  # half the target: a row that needs a reason


def short_row(reason: str) -> EvaluationResult:
    return score(make(row(*SHORT, reason=f'"""{reason}"""')))


def reason_findings(result: EvaluationResult) -> list[str]:
    return [f.message for f in result.findings if f.code == "reason_missing"]


@pytest.mark.parametrize("reason", PLACEHOLDERS)
def test_a_placeholder_counts_as_missing_and_is_named(reason: str) -> None:
    result = short_row(reason)
    messages = reason_findings(result)
    assert len(messages) == 1, reason
    assert "占位文字" in messages[0] and f"“{reason.strip()}”" in messages[0]
    assert result.indicators[0].reason_missing


@pytest.mark.parametrize("reason", REASONS)
def test_a_text_that_gives_a_reason_is_a_reason(reason: str) -> None:
    result = short_row(reason)
    assert reason_findings(result) == []
    assert not result.indicators[0].reason_missing


def test_blank_is_missing_without_the_placeholder_note() -> None:
    for blank in ("", "   "):
        messages = reason_findings(short_row(blank))
        assert len(messages) == 1 and "占位文字" not in messages[0]
    messages = reason_findings(score(make(row(*SHORT))))
    assert len(messages) == 1 and "占位文字" not in messages[0]


def test_a_placeholder_on_a_row_that_needs_no_reason_is_left_alone() -> None:
    met = score(make(row("≥100台", "100台", reason='"无"')))
    assert reason_findings(met) == [] and not met.indicators[0].reason_missing


def test_placeholders_on_over_achieved_and_not_applicable_rows() -> None:
    over = score(make(row("≥10台", "30台", reason='"无"')))
    assert any("超过" in m and "占位文字" in m for m in reason_findings(over))
    excluded = score(make(row("≥10台", None, applicable="false", reason='"/"')))
    assert any("不适用" in m and "占位文字" in m for m in reason_findings(excluded))


FUNDS = "annual = 100\nexecuted = 50\n"


@pytest.mark.parametrize(
    ("reason", "missing", "placeholder"),
    [
        (None, True, False),
        ("无", True, True),
        ("—", True, True),
        ("暂无。", True, True),
        ("见附件", True, True),
        ("资金下达较晚，已督促加快支出", False, False),
    ],
)
def test_funds_reason_placeholders(reason: str | None, missing: bool, placeholder: bool) -> None:
    funds = FUNDS + (f'reason = "{reason}"\n' if reason is not None else "")
    result = score(make(row("≥1", "1", "90"), funds=funds, rules="execution_reason_below = 0.8"))
    found = [f.message for f in result.findings if f.code == "execution_reason_missing"]
    assert bool(found) is missing
    assert any("占位文字" in m for m in found) is placeholder


def test_long_table_reads_placeholders_like_files(tmp_path) -> None:
    from scoring.core.convert import results
    from scoring.core.pipeline import score_frames
    from scoring.io.long_table import read_table

    table = tmp_path / "t.csv"
    table.write_text(
        "evaluation_id,kind,name,year,level1,level2,level3,target,actual,weight,reason\n"
        "a,project,甲,2023,产出指标,数量指标,台数,≥100台,50台,10,无。\n"
        "a,project,甲,2023,产出指标,数量指标,套数,≥100套,50套,10,采购延迟\n",
        encoding="utf-8",
    )
    result = results(score_frames(read_table(table)))[0]
    missing = [f for f in result.findings if f.code == "reason_missing"]
    assert len(missing) == 1 and "占位文字" in missing[0].message and "台数" in missing[0].message


def test_every_listed_word_is_a_placeholder() -> None:
    for word in placeholder_words():
        assert reason_findings(short_row(word)), word


PUNCTUATION = ["Pd", "Po", "Ps", "Pe", "Sm", "So", "Zs"]


def placeholder(texts: list[str]) -> list[bool]:
    """The core's reading of 偏差原因 cells (the expression every road uses)."""
    frame = pl.DataFrame({"reason": texts}, schema={"reason": pl.String})
    return frame.select(reason_placeholder(pl.col("reason"))).to_series().to_list()


@settings(deadline=None)
@given(
    word=st.sampled_from(placeholder_words()),
    before=st.text(alphabet=" 　\t（【“《(", max_size=3),
    after=st.text(alphabet=" 　。．.，,；;！!）】”》)…", max_size=3),
)
def test_placeholders_with_any_punctuation_around_them(word: str, before: str, after: str) -> None:
    assert placeholder([before + word + after, (before + word + after).upper()]) == [True, True]


@settings(deadline=None)
@given(text=st.text(alphabet="资金拨付滞后原因项目进度未完成设备到货延迟", min_size=2, max_size=12))
def test_wording_of_letters_is_never_a_placeholder(text: str) -> None:
    assert placeholder([text, f"无，{text}", f"{text}，见附件"]) == [False, False, False]


@settings(deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(categories=["Pd", "Po", "Ps", "Pe", "Sm", "So", "Zs"]), min_size=1
    ).filter(
        # punctuation, symbols and spaces once NFKC has run (⒜ is "(a)", a letter; 𝆹𝅥 gains a combining mark)
        lambda t: all(unicodedata.category(ch)[0] in "PSZ" for ch in unicodedata.normalize("NFKC", t))
    )
)
def test_punctuation_alone_is_a_placeholder(text: str) -> None:
    assert placeholder([text]) == [bool(text.strip())]

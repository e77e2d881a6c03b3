"""Whatever a clerk types, loader and engine answer with a value or a Chinese finding, never a crash."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.api import score as score_evaluation
from scoring.domain.errors import InputError
from scoring.io.toml_read import load_evaluation

from .conftest import make, row

pieces = st.sampled_from(
    [
        "≥",
        "≤",
        "＝",
        "﹦",
        "%",
        "％",
        "万元",
        "元",
        "亿元",
        "小时",
        "天",
        "年",
        "月",
        "日前",
        "底前",
        "以内",
        "不低于",
        "控制在",
        "达成",
        "部分达成",
        "未完成",
        "-",
        "～",
        ".",
        ",",
        "１",
        "９",
        "0",
        "5",
        "12",
        "2023",
        "1e9",
        " ",
    ]
)
clerk_text = st.one_of(st.text(max_size=20), st.lists(pieces, max_size=8).map("".join))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=clerk_text, actual=clerk_text)
def test_engine_never_raises_on_any_target_or_actual(target: str, actual: str) -> None:
    escape = str.maketrans({"\\": "\\\\", '"': '\\"'})
    text = row(target.translate(escape), actual.translate(escape))
    try:
        evaluation = make(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return  # control characters cannot be written in TOML at all
    result = score_evaluation(evaluation)
    indicator = result.indicators[0]
    assert indicator.status in {"met", "short", "over", "missing", "judgement", "not_applicable", "invalid"}
    if indicator.score is not None:
        assert 0 <= indicator.score <= 10
    if indicator.status == "invalid":
        assert any(f.severity == "error" for f in result.findings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=200), st.text(max_size=300).map(str.encode)))
def test_loader_gives_a_model_or_a_chinese_error(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(b'[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n' + content)
    try:
        load_evaluation(path)
    except InputError as exc:
        assert str(path) in str(exc)
        assert exc.problems and all(p.message for p in exc.problems)

"""Control, bidirectional and zero-width characters: a finding wherever they are, never obeyed by a terminal,
never a broken export (issue 10 points 10, 19, 23)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import api
from scoring.domain.hidden import hidden_in, terminal_safe, xml_safe
from scoring.io.long_table import read_table, summarize_table

from .conftest import EXAMPLES, codes, make, row

RLO = "\u202e"


def test_terminal_safe_escapes_what_a_terminal_would_obey() -> None:
    assert terminal_safe("名\x1b]0;标题\x07称") == "名\\x1b]0;标题\\x07称"
    assert terminal_safe(f"{RLO}%09") == "\\u202e%09"
    assert terminal_safe("a\rb") == "a\\x0db"  # a lone CR would overwrite the line
    assert terminal_safe("一\t二\n三\r\n") == "一\t二\n三\r\n"
    assert terminal_safe("\x9b31m") == "\\x9b31m"  # C1 CSI


def test_xml_safe_keeps_line_breaks_and_drops_the_rest() -> None:
    assert xml_safe("第一行\x0b第二行\x07\x00") == "第一行\n第二行"
    assert xml_safe("普通文字\n") == "普通文字\n"


def test_hidden_in_names_each_kind() -> None:
    assert hidden_in("9\u200b5%") == ["U+200B（零宽空格）"]
    assert hidden_in(f"{RLO}a\x07") == ["U+202E（从右至左覆盖）", "U+0007（控制字符）"]
    assert hidden_in("正常的文字 100%") == []


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "h.toml"
    path.write_text(
        '[evaluation]\nkind = "project"\nyear = 2023\nname = "项目\\u001b[2J"\n\n'
        '[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nlevel3 = "台数"\ntarget = "≥90%"\n'
        f'actual = "{RLO}%09"\nweight = 50\nreason = "从Word粘贴\\u000b的"\n\n'
        '[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nlevel3 = "套数"\ntarget = "≥95%"\n'
        'actual = "9\u200b5%"\nweight = 50\n',
        encoding="utf-8",
    )
    return path


def test_a_file_with_hidden_characters_has_findings(tmp_path: Path) -> None:
    result = api.score_inputs(api.gather([_file(tmp_path)]))[0][0]
    hidden = [f for f in result.findings if f.code == "hidden_chars"]
    assert len(hidden) == 4
    by_char = {next(c for c in ("U+202E", "U+000B", "U+001B", "U+200B") if c in f.message): f for f in hidden}
    reversed_actual = by_char["U+202E"]
    assert reversed_actual.severity == "error" and "第 11 行" in reversed_actual.message
    assert "（actual）" in reversed_actual.message and "\\u202e%09" in reversed_actual.message
    assert "（reason）" in by_char["U+000B"].message and "（name）" in by_char["U+001B"].message
    assert "（actual）" in by_char["U+200B"].message
    assert {by_char[c].severity for c in ("U+000B", "U+001B", "U+200B")} == {"warning"}
    # the zero-width space is no part of the number: "9​5%" is read as 95%
    assert result.indicators[1].status == "met" and result.indicators[1].score == 50


def test_an_evaluation_in_memory_has_them_too() -> None:
    evaluation = make(row("≥90%", "95%", "10"), header='authority = "主管\\u0007部门"')
    assert "hidden_chars" in codes(api.score(evaluation))
    assert "hidden_chars" not in codes(api.score(make(row("≥90%", "95%", "10"))))


@pytest.mark.parametrize(
    "char",
    [chr(n) for n in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F)]
    + ["\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\u061c"],
)
def test_every_hidden_character_is_found_in_a_model_the_screen_edits(char: str) -> None:
    """The live road looks for candidates in the model's JSON first: no character may hide there."""
    evaluation = make(row("≥90%", "95%", "10"))
    evaluation.indicators[0].reason = f"原因{char}说明"
    assert "hidden_chars" in codes(api.score(evaluation))


def test_the_examples_have_none() -> None:
    results, _ = api.score_inputs(api.gather([EXAMPLES]))
    assert results and not any(f.code == "hidden_chars" for r in results for f in r.findings)


HEADER = "evaluation_id,kind,name,year,level1,level2,level3,target,actual,weight,reason\n"


def test_a_long_table_with_hidden_characters(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        HEADER
        + f"e1,project,项目\x1b[2J,2023,产出指标,数量指标,台数,≥90%,{RLO}%09,50,\n"
        + "e1,project,项目\x1b[2J,2023,产出指标,数量指标,套数,≥95%,9\u200b5%,50,粘贴\x0b的\n"
        + "e2,project,干净,2023,产出指标,数量指标,套数,≥95%,95%,100,\n",
        encoding="utf-8",
    )
    scored = api.score_inputs(api.gather([path]))[0]
    first = scored[0]
    hidden = [f for f in first.findings if f.code == "hidden_chars"]
    assert len(hidden) == 4  # actual (error), actual and reason (warnings), name once (not per row)
    assert [f.severity for f in hidden].count("error") == 1
    assert any("第 2 行" in f.message and "实际完成值" in f.message for f in hidden)
    assert not any(f.code == "hidden_chars" for f in scored[1].findings)
    # the streamed summary counts what check lists
    summary = summarize_table(path)
    assert summary["errors"].to_list() == [first.errors, scored[1].errors]
    assert summary["warnings"].to_list() == [first.warnings, scored[1].warnings]
    assert read_table(path).notes.filter(code="hidden_chars").height == 4


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_office_exports_survive_control_characters(tmp_path: Path, fmt: str) -> None:
    results, _ = api.score_inputs(api.gather([_file(tmp_path)]))
    target = tmp_path / f"out.{fmt}"
    api.export(fmt, results, target)
    assert target.read_bytes()[:2] == b"PK"


def test_the_report_and_a_folder_export_survive_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from scoring import cli

    source = tmp_path / "in"
    source.mkdir()
    _file(source)
    shutil.copy(EXAMPLES / "demo" / "rural-roads-2024.toml", source / "clean.toml")
    # two departments (one unnamed): a 情况说明 each
    assert cli.main(["report", str(source), "--split", "--format", "docx", "-o", f"{tmp_path}/说明/"]) == 0
    assert len(list((tmp_path / "说明").iterdir())) == 2
    assert cli.main(["score", str(source), "--format", "xlsx", "-o", f"{tmp_path}/out/"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["clean.xlsx", "h.xlsx"]
    assert "Traceback" not in capsys.readouterr().err


CELLS = {
    "level1": ["产出指标", f"产出{RLO}指标", "产出\u200b指标"],
    "level3": ["台数", f"台{RLO}数", "套\x07数"],
    "actual": ["95%", "9\u200b5%", "80%"],
    "reason": ["", "无", "／", "设备延期到货", f"延期{RLO}", "粘贴\x0b的"],
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(*(st.integers(0, len(v) - 1) for v in CELLS.values()), st.booleans()),
        min_size=1,
        max_size=8,
    )
)
def test_the_streamed_summary_counts_hidden_characters_and_placeholders_as_the_full_road(
    tmp_path: Path, rows: list[tuple[int, int, int, int, bool]]
) -> None:
    """The summary judges 三级指标 and 偏差原因 once per distinct text and the key cells once per combination;
    its counts are those of scoring every row (texts repeated across rows and evaluations included)."""
    lines = []
    for l1, l3, actual, reason, second in rows:
        cells = [CELLS["level1"][l1], CELLS["level3"][l3], CELLS["actual"][actual], CELLS["reason"][reason]]
        ev = "e2" if second else "e1"
        lines.append(f"{ev},project,项目,2023,{cells[0]},数量指标,{cells[1]},≥95%,{cells[2]},10,{cells[3]}\n")
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    full = api.score_inputs(api.gather([path]))[0]
    summary = summarize_table(path)
    assert summary["errors"].to_list() == [r.errors for r in full]
    assert summary["warnings"].to_list() == [r.warnings for r in full]

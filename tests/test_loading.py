"""Reading and writing files: round trips, and Chinese messages for every kind of broken input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scoring.domain.errors import InputError
from scoring.io.sets import shipped_sets
from scoring.io.toml_read import load_evaluation, load_set_file
from scoring.io.toml_write import dump_evaluation, save_evaluation

from .conftest import EXAMPLES, ROOT

ALL_EXAMPLES = sorted(EXAMPLES.rglob("*.toml"))


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.name)
def test_examples_round_trip(path: Path, tmp_path: Path) -> None:
    first = load_evaluation(path)
    out = tmp_path / path.name
    save_evaluation(first, out)
    second = load_evaluation(out)
    assert second == first
    assert dump_evaluation(second) == out.read_text(encoding="utf-8")


def test_written_layout_keeps_the_documented_order(tmp_path: Path) -> None:
    text = dump_evaluation(load_evaluation(EXAMPLES / "beiguan-2023" / "project-equipment.toml"))
    order = [
        text.index(h)
        for h in (
            "[evaluation]",
            "[funds]",
            "[[funds.sources]]",
            "[[goals]]",
            "[[reviews]]",
            "[[indicators]]",
        )
    ]
    assert order == sorted(order)
    assert 'target = "2023年9月前"' in text and "reported_total = 85.87" in text


@pytest.mark.parametrize("path", shipped_sets(), ids=lambda p: p.stem)
def test_shipped_sets_load_and_sum_to_100(path: Path) -> None:
    item = load_set_file(path)
    assert item.set.id == path.stem
    assert item.weight_total == 100
    assert item.set.source


BROKEN = {
    "syntax": ('[evaluation]\nkind = "project"\nyear = 2023\nname = 采购项目\n', "第 4 行", "英文双引号"),
    "unknown_key": (
        '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n\n[[indicators]]\nlevel1 = "产出指标"\n'
        'level3 = "数量"\nweight = 5\nwieght = 5\n',
        "第 10 行",
        "未知字段“wieght”",
    ),
    "text_for_number": (
        '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n\n[[indicators]]\nlevel1 = "产出指标"\n'
        'level2 = "数量指标"\nlevel3 = "设备采购数量"\nweight = "五"\n',
        "第 10 行",
        "产出指标 / 数量指标 / 设备采购数量",
    ),
    "bad_kind": ('[evaluation]\nkind = "projects"\nyear = 2023\nname = "x"\n', "第 2 行", "projects"),
    "empty": ("", "文件为空", "[evaluation]"),
    "not_utf8": ('[evaluation]\nname = "采购项目"\n'.encode("gbk"), "UTF-8", "第 2 行"),
    "money_with_wrong_unit": (
        '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n[funds]\nannual = "5美元"\n',
        "第 6 行",
        "全年预算数",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_give_chinese_messages(name: str, tmp_toml) -> None:
    content, *expected = BROKEN[name]
    path = tmp_toml(content, f"{name}.toml")
    with pytest.raises(InputError) as caught:
        load_evaluation(path)
    message = str(caught.value)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_missing_file() -> None:
    with pytest.raises(InputError, match="文件不存在"):
        load_evaluation("/nonexistent/x.toml")


def test_money_accepts_yuan_and_full_width(tmp_toml) -> None:
    path = tmp_toml(
        '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n[funds]\nannual = "50000元"\n'
        'executed = "８３．６５"\n'
    )
    funds = load_evaluation(path).funds
    assert funds is not None and str(funds.annual) == "5.0000" and str(funds.executed) == "83.65"


@pytest.mark.parametrize("name", sorted([*BROKEN, "missing"]))
def test_cli_exits_2_without_traceback(name: str, tmp_toml) -> None:
    path = Path("/nonexistent/x.toml") if name == "missing" else tmp_toml(BROKEN[name][0], f"{name}.toml")
    for command in ("score", "check"):
        done = subprocess.run(
            [sys.executable, "-m", "scoring.cli", command, str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert str(path) in done.stderr + done.stdout


def test_core_imports_no_textual() -> None:
    code = (
        "import sys, scoring.cli, scoring.api, scoring.core.pipeline, scoring.io.batch;"
        "import scoring.core.row_rules;"
        "import scoring.io.toml_read, scoring.io.toml_write;"
        "from scoring.io.batch import score_paths; score_paths(['examples/beiguan-2023']);"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')]; print(bad); assert not bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


HEAD = '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n'
ROW = '[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nlevel3 = "设备采购数量"\nweight = 5\n'


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (HEAD.replace("project", "projekt"), "可选：“project”或“department”"),
        (HEAD + ROW + 'tier = "好"\n', "可选：“达成”、“部分达成”或“未达成”"),
        (HEAD.replace("2023", "1800"), "年度（year）的值“1800”超出范围；应不小于 1990"),
        (HEAD.replace("2023", "2300"), "年度（year）的值“2300”超出范围；应不大于 2100"),
        (HEAD + ROW + 'applicable = "是"\n', "应为 true 或 false"),
    ],
)
def test_messages_are_chinese_without_pydantic_english(content: str, expected: str, tmp_toml) -> None:
    with pytest.raises(InputError) as caught:
        load_evaluation(tmp_toml(content))
    message = str(caught.value)
    assert expected in message
    assert "Input should" not in message and " or " not in message


@pytest.mark.parametrize(
    ("block", "line"),
    [
        ("[funds]\nannual = 100\nexecuted = -5\n", "第 7 行"),
        ("[funds]\nannual = -100\nexecuted = 5\n", "第 6 行"),
        ('[funds]\nannual = 100\ninitial = "-5万元"\n', "第 7 行"),
        ('[[funds.sources]]\nname = "财政拨款"\nannual = -1\n', "第 7 行"),
    ],
)
def test_negative_money_is_refused(block: str, line: str, tmp_toml) -> None:
    """A negative 预算数/执行数 is a typo: scored, it gave a negative 执行率 without any finding."""
    with pytest.raises(InputError) as caught:
        load_evaluation(tmp_toml(HEAD + block))
    message = str(caught.value)
    assert line in message and "不能为负数" in message


def test_save_keeps_the_files_permissions(tmp_path: Path) -> None:
    """Saving (the TUI's Ctrl+S, jixiao new) must not make a shared file private (mkstemp creates 0600)."""
    import os
    import stat

    evaluation = load_evaluation(EXAMPLES / "beiguan-2023" / "project-equipment.toml")
    shared = tmp_path / "shared.toml"
    shared.write_text("", encoding="utf-8")
    shared.chmod(0o664)
    save_evaluation(evaluation, shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.toml"
        save_evaluation(evaluation, fresh)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644

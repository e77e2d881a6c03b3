"""The command line: exit codes, outputs, and bad input said in Chinese without a traceback."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scoring import cli
from scoring.io.batch import collect, score_paths
from scoring.io.progress import Progress, score_files_with_progress

from .conftest import ROOT

SEED = "examples/beiguan-2023"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_score_one_prints_the_official_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", f"{SEED}/project-equipment.toml")
    assert code == 0
    assert out.startswith("项目支出绩效自评情况表（2023 年度）")
    assert "其中：财政拨款" in out and "得分 90.87" in out and "（填报总分 85.87）" in out
    assert "[错误] weights_total" in out


def test_score_folder_summary_and_detail(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", SEED)
    assert code == 0
    assert "按全年预算数加权平均总分" in out and "等级分布" in out
    assert out.count("绩效自评情况表") == 0
    code, out, _ = run(capsys, "score", SEED, "--detail")
    assert out.count("项目支出绩效自评情况表") == 2 and out.count("部门整体支出绩效自评情况表") == 1


def test_missing_file_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "score", "nowhere.toml")
    assert code == 2 and "nowhere.toml" in err and "文件不存在" in err
    assert out == ""


def test_broken_toml_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[evaluation]\nkind = "project"\nname = 采购\n', encoding="utf-8")
    code, _, err = run(capsys, "score", str(bad))
    assert code == 2 and "bad.toml" in err
    code, out, _ = run(capsys, "check", str(bad))
    assert code == 2 and "input_error" in out


def test_unknown_format_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "score", SEED, "--format", "pdf")
    assert code == 2 and "不支持的格式“pdf”" in err
    code, _, err = run(capsys, "score", SEED, "--format", "xlsx")
    assert code == 2 and "-o" in err
    with pytest.raises(SystemExit) as exc:
        cli.main(["score"])
    assert exc.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_unwritable_output_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "score", SEED, "-o", str(tmp_path / "no" / "such" / "out.xlsx"))
    assert code == 2 and "无法写入" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "score", SEED, "--format", "md", "-o", f"{blocker}/")
    assert code == 2 and "无法" in err


def test_failed_export_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch) -> None:
    import scoring.render.xlsx as xlsx

    def boom(*_: object) -> None:
        raise ValueError("坏了")

    monkeypatch.setattr(xlsx, "write_xlsx", boom)
    code, _, err = run(capsys, "score", SEED, "-o", str(tmp_path / "out.xlsx"))
    assert code == 1 and "导出 xlsx 失败" in err


def test_output_format_from_extension_and_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, _ = run(capsys, "score", SEED, "-o", str(tmp_path / "seed.xlsx"))
    assert code == 0 and (tmp_path / "seed.xlsx").read_bytes()[:2] == b"PK"
    code, _, _ = run(capsys, "score", SEED, "--format", "csv", "-o", f"{tmp_path}/each/")
    assert code == 0
    names = sorted(p.name for p in (tmp_path / "each").iterdir())
    assert names == ["department.csv", "project-equipment.csv", "project-platform.csv"]
    code, out, _ = run(capsys, "score", SEED, "--format", "json")
    assert code == 0 and out.lstrip().startswith('{\n  "evaluations"')


def test_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", SEED)
    assert code == 1
    # 14: 预算调整率's printed 得分 1 is its 1.02 at whole points, right as printed (docs/rules.md §8)
    assert "examples/beiguan-2023/department.toml（安阳市北关区便民服务中心）：错误 14" in out
    assert "[错误] weights_total" in out and "reported_total_mismatch" in out
    assert "第 112 行" in out
    clean = "examples/demo/rural-roads-2024.toml"
    code, out, _ = run(capsys, "check", clean)
    assert code == 0 and "错误 0" in out
    code, _, _ = run(capsys, "check", clean, "--strict")
    assert code == 1


def test_sets_and_new(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "sets")
    assert code == 0 and "henan-project" in out and "来源" in out
    target = tmp_path / "new.toml"
    code, _, _ = run(capsys, "new", "--set", "henan-project", "-o", str(target))
    assert code == 0 and "[evaluation]" in target.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "check", str(target))  # a blank template: everything still to fill in
    assert code == 1 and "未填写实际完成值（年度指标值也未填写）" in out and "年度指标值 ）" not in out
    code, _, err = run(capsys, "new", "--set", "henan-project", "-o", str(tmp_path / "x" / "y.toml"))
    assert code == 2 and "无法写入" in err
    code, _, err = run(capsys, "new", "--set", "no-such-set")
    assert code == 2 and "找不到指标模板" in err


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    for i in range(21):
        shutil.copy(ROOT / SEED / "project-equipment.toml", tmp_path / f"p{i:02}.toml")

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    batch = score_files_with_progress(collect([str(tmp_path)]), stream=tty)
    assert "读取 [" in tty.getvalue() and "21/21" in tty.getvalue()
    plain = io.StringIO()
    again = score_files_with_progress(collect([str(tmp_path)]), stream=plain)
    assert plain.getvalue() == ""
    direct = score_paths([str(tmp_path)])
    assert (
        [r.total for r in batch.results]
        == [r.total for r in again.results]
        == [r.total for r in direct.results]
    )
    bar = Progress(3, "x", io.StringIO(), enabled=False)
    bar.advance()
    bar.close()


def test_score_imports_no_screen_or_office_libraries() -> None:
    """Scoring one TOML file loads neither the screen, the document readers nor the long tables' reader."""
    code = (
        "import sys, io, contextlib\n"
        "from scoring.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['score', 'examples/beiguan-2023/project-equipment.toml'])\n"
        "heavy = ('textual', 'openpyxl', 'docx', 'tui', 'python_calamine', 'pdfplumber', 'pdfminer',\n"
        "         'scoring.io.long_table', 'scoring.core.long_table', 'scoring.io.documents.importer')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("collector", "plugins", "expected"),
    [("on", None, "True __all__ True"), ("off", "logfire", "False logfire True")],
)
def test_the_cli_start_up_leaves_the_collector_as_it_was_and_a_plugin_setting_alone(
    collector: str, plugins: str | None, expected: str
) -> None:
    """Importing the CLI freezes what its imports made, puts the cycle collector back as it found it, and
    turns pydantic's plugin search off only where the environment does not say otherwise."""
    code = (
        "import gc, os, sys\n"
        "if sys.argv[1] == 'off':\n"
        "    gc.disable()\n"
        "import scoring.cli\n"
        "print(gc.isenabled(), os.environ['PYDANTIC_DISABLE_PLUGINS'], gc.get_freeze_count() > 0)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if plugins is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = plugins
    out = subprocess.run(
        [sys.executable, "-c", code, collector], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected


@pytest.mark.parametrize("fmt", ["csv", "md", "table"])
def test_summary_unwritable_output_no_traceback(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    """A summary (several evaluations, csv/md/table) written where writing fails: Chinese, exit 2."""
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    code, _, err = run(capsys, "score", SEED, "--format", fmt, "-o", "/dev/full")
    assert code == 2 and "无法写入 /dev/full：磁盘空间不足" in err


@pytest.mark.parametrize(
    "argv", [["score", SEED, "-o"], ["report", SEED, "-o"], ["new", "--set", "henan-project", "-o"]]
)
def test_output_name_too_long_no_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    long = str(tmp_path / ("甲" * 200 + ".md"))
    code, _, err = run(capsys, *argv, long)
    assert code == 2 and "文件名过长" in err


def test_binary_export_to_a_full_disk_says_it_once(capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    code, _, err = run(capsys, "score", SEED, "--format", "xlsx", "-o", "/dev/full")
    assert code == 2 and err.strip() == "无法写入 /dev/full：磁盘空间不足"


def test_new_into_a_folder_is_refused_in_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "new", "--set", "henan-project", "-o", str(tmp_path))
    assert code == 2 and "文件夹" in err and "Is a directory" not in err
    code, _, err = run(capsys, "new", "--set", "henan-project", "-o", f"{tmp_path}/fresh/")
    assert code == 2 and "文件夹" in err and not (tmp_path / "fresh").exists()


@pytest.mark.parametrize(
    "argv", [["--help"], ["score", "--help"], ["new", "--help"], ["tui", "-h"], ["sets", "-h"]]
)
def test_help_is_chinese(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """argparse's own words (usage, positional arguments, options, show this help message) in Chinese."""
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "用法" in out and "显示本说明" in out
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in out, (english, out)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["score"], "缺少"),
        (["bogus"], "无效的命令"),
        (["score", "x.toml", "--detial"], "无法识别"),
        (["new", "--set"], "需要"),
    ],
)
def test_usage_errors_are_chinese(capsys: pytest.CaptureFixture[str], argv: list[str], said: str) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "用法" in err, err
    for english in ("usage:", "the following arguments", "invalid choice", "unrecognized", "expected one"):
        assert english not in err, (english, err)


def test_new_from_last_year(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`jixiao new --from 2023.toml`: structure, targets and weights carried; what was done, scored and
    explained cleared; the year one on."""
    from scoring.io.toml_read import load_evaluation

    source = "examples/beiguan-2023/project-equipment.toml"
    last = load_evaluation(ROOT / source)
    target = tmp_path / "next.toml"
    code, _, err = run(capsys, "new", "--from", source, "-o", str(target))
    assert code == 0, err
    assert "jixiao tui" in err and "jixiao score" not in err.split("，")[0]
    new = load_evaluation(target)
    assert new.evaluation.year == last.evaluation.year + 1
    assert new.evaluation.name == last.evaluation.name and new.evaluation.reported_total is None
    assert [(r.level1, r.level2, r.level3, r.target, r.weight) for r in new.indicators] == [
        (r.level1, r.level2, r.level3, r.target, r.weight) for r in last.indicators
    ]
    cleared = [(r.actual, r.reason, r.score, r.tier, r.reported_score) for r in new.indicators]
    assert cleared == [(None, None, None, None, None)] * len(new.indicators)
    assert all(r.applicable and not r.target_too_low for r in new.indicators)
    assert new.funds is not None and last.funds is not None
    assert new.funds.weight == last.funds.weight and new.funds.executed is None and new.funds.annual is None
    assert [s.name for s in new.funds.sources] == [s.name for s in last.funds.sources]
    assert all(s.executed is None for s in new.funds.sources)
    assert [g.expected for g in new.goals] == [g.expected for g in last.goals]
    assert all(not g.actual for g in new.goals)
    assert [(r.name, r.weight) for r in new.reviews] == [(r.name, r.weight) for r in last.reviews]
    assert all(r.score is None and not r.note and not r.problem for r in new.reviews)
    code, _, err = run(capsys, "new", "--from", str(tmp_path / "missing.toml"))
    assert code == 2 and "missing.toml" in err


def test_new_from_never_writes_over_last_year(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`new --from a.toml -o a.toml --force` would clear last year's filled evaluation: refused, file kept."""
    last = tmp_path / "2023.toml"
    last.write_bytes((ROOT / "examples/beiguan-2023/project-equipment.toml").read_bytes())
    before = last.read_bytes()
    code, _, err = run(capsys, "new", "--from", str(last), "-o", str(last), "--force")
    assert code == 2 and "是输入文件" in err
    assert last.read_bytes() == before
    existing = tmp_path / "2024.toml"
    existing.write_text("# 已填写\n", encoding="utf-8")
    code, _, err = run(capsys, "new", "--from", str(last), "-o", str(existing))
    assert code == 2 and "已存在" in err and existing.read_text(encoding="utf-8") == "# 已填写\n"

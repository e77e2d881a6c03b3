"""The department view: 主管部门 in the summary, --group-by 主管部门 (fund-weighted), --sort, and the
情况说明 that refuses (or --split's) evaluations of different departments."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import cli
from scoring.domain.numbers import fmt2, fmt_plain, percent
from scoring.domain.results import EvaluationResult
from scoring.io.batch import score_paths
from scoring.io.long_table import summarize_table
from scoring.render.batch_summary import SummaryRow, group_rows, rows_from_frame, sort_rows

from .conftest import ROOT


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def everything() -> list[EvaluationResult]:
    here = Path.cwd()
    import os

    os.chdir(ROOT)
    try:
        return score_paths(["examples"]).results
    finally:
        os.chdir(here)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _department(result: EvaluationResult) -> str:
    return result.authority or (result.name if result.kind == "department" else "")


def _expected(results: list[EvaluationResult]) -> dict[str, dict[str, str]]:
    """Each department's figures, computed here from the evaluations' own results."""
    found: dict[str, list[EvaluationResult]] = {}
    for r in results:
        found.setdefault(_department(r), []).append(r)
    out = {}
    for name, items in found.items():
        funded = [r for r in items if r.execution and r.execution.annual is not None]
        annual = sum((r.execution.annual for r in funded if r.execution and r.execution.annual), Decimal(0))
        executed = sum(
            (r.execution.executed for r in funded if r.execution and r.execution.executed), Decimal(0)
        )
        weighted = [r for r in funded if r.total is not None and r.execution and r.execution.annual]
        mean = sum(
            (
                r.execution.annual * r.total
                for r in weighted
                if r.execution and r.execution.annual and r.total
            ),
            Decimal(0),
        ) / sum((r.execution.annual for r in weighted if r.execution and r.execution.annual), Decimal(0))
        out[name] = {
            "count": str(len(items)),
            "annual": fmt_plain(annual),
            "executed": fmt_plain(executed),
            "rate": fmt2(percent(executed, annual)),
            "total": fmt2(mean),
            "errors": str(sum(r.errors for r in items)),
        }
    return out


def test_summary_rows_carry_the_department(everything: list[EvaluationResult]) -> None:
    batch = score_paths(["examples"], detail=False)
    assert batch.summary is not None
    rows = rows_from_frame(batch.summary)
    assert [r.department for r in rows] == [_department(r) for r in everything]
    assert [r.executed for r in rows] == [r.execution.executed if r.execution else None for r in everything]
    # a 部门整体 evaluation without a 主管部门 is its own department
    dept = next(r for r in rows if r.kind == "department" and not r.authority)
    assert dept.department == dept.name and dept.cells()[2] == dept.name


def test_grouped_figures_are_sums_and_fund_weighted(everything: list[EvaluationResult]) -> None:
    groups = group_rows([SummaryRow.of(r) for r in everything], "主管部门")
    expected = _expected(everything)
    assert [g.department for g in groups] == list(expected)  # in the order first seen
    for g in groups:
        want = expected[g.department]
        cells = g.cells()
        printed = [
            fmt2(Decimal(want["annual"])),
            fmt2(Decimal(want["executed"])),
        ]  # 万元 to the cent
        assert cells[1:5] == [want["count"], *printed, want["rate"] + "%"]
        assert (cells[5], cells[7]) == (want["total"], want["errors"])
    seed = next(g for g in groups if g.department == "安阳市北关区政务服务和大数据管理局")
    assert seed.count == 2 and seed.cells()[6] == "优 1 个，差 1 个"


def test_sort_by_total_errors_and_rate(everything: list[EvaluationResult]) -> None:
    rows = [SummaryRow.of(r) for r in everything]
    for key, figure in (("总分", "total"), ("errors", "errors"), ("执行率", "rate")):
        ordered = [getattr(r, figure) for r in sort_rows(rows, key)]
        present = [v for v in ordered if v is not None]
        assert present == sorted(present, reverse=True) and ordered[len(present) :] == [None] * (
            len(ordered) - len(present)
        )
    groups = sort_rows(group_rows(rows, "主管部门"), "总分")
    totals = [g.total for g in groups if g.total is not None]
    assert totals == sorted(totals, reverse=True)


def test_cli_group_by_department_sorted_by_total(
    capsys: pytest.CaptureFixture[str], everything: list[EvaluationResult]
) -> None:
    code, out, _ = _run(capsys, "score", "examples/", "--group-by", "主管部门", "--sort", "总分")
    assert code == 0
    expected = _expected(everything)
    by_total = sorted(expected, key=lambda name: -Decimal(expected[name]["total"]))
    lines = [line for line in out.splitlines() if line.startswith("| ") and "主管部门" not in line]
    firsts = [line.split("|")[1].strip() for line in lines if line.split("|")[2].strip()]
    assert [name[:10] for name in by_total] == [name[:10] for name in firsts]  # wrapped names: first part
    amounts = [cell.strip() for line in lines for cell in line.split("|")[3:5] if cell.strip()]
    assert amounts and all(re.fullmatch(r"[0-9]+\.[0-9]{2}", a) for a in amounts)  # 万元 to the cent
    assert f"共 {len(expected)} 个主管部门、{len(everything)} 个自评" in out


def test_cli_group_by_as_csv(capsys: pytest.CaptureFixture[str], everything: list[EvaluationResult]) -> None:
    code, out, _ = _run(capsys, "score", "examples/", "--group-by", "主管部门", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    expected = _expected(everything)
    assert {r["authority"]: r["weighted_total"] for r in rows} == {k: v["total"] for k, v in expected.items()}
    assert {r["authority"]: r["rate"] for r in rows} == {k: v["rate"] for k, v in expected.items()}


def test_cli_summary_sorted_csv_keeps_the_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, plain, _ = _run(capsys, "score", "examples/", "--format", "csv")
    code_sorted, ordered, _ = _run(capsys, "score", "examples/", "--format", "csv", "--sort", "errors")
    assert code == code_sorted == 0
    head = plain.lstrip("\ufeff").splitlines()[0]
    assert head.endswith("authority,executed") and ordered.lstrip("\ufeff").splitlines()[0] == head
    errors = [int(r["errors"]) for r in csv.DictReader(io.StringIO(ordered.lstrip("\ufeff")))]
    assert errors == sorted(errors, reverse=True)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--group-by", "实施单位"], "不支持的分组“实施单位”"),
        (["--sort", "名称"], "不支持的排序“名称”"),
        (["--group-by", "主管部门", "--detail"], "--group-by 只用于汇总输出"),
        (["--group-by", "主管部门", "--format", "xlsx", "-o", "x.xlsx"], "--group-by 只用于汇总输出"),
        (["--orientation", "斜向", "-o", "x.docx"], "不支持的纸张方向“斜向”"),
        (["--orientation", "横向", "--format", "md"], "--orientation 只用于 docx、xlsx"),
    ],
)
def test_cli_refuses_unknown_keys_in_chinese(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = _run(capsys, "score", "examples/", *argv)
    assert code == 2 and message in err


def test_cli_sorted_tables_follow_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "score", "examples/beiguan-2023", "--detail", "--sort", "总分")
    assert code == 0
    tables = out.split("绩效自评情况表（2023 年度）")[1:]
    names = [t.split("名称：")[1].split("\n")[0] for t in tables]
    totals = [Decimal(t.split("    得分 ")[1].split()[0]) for t in tables]
    assert totals == sorted(totals, reverse=True) and names[0] == "安阳市北关区便民服务中心"


def test_cli_documents_findings_and_orientation(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    plain, reviewed = tmp_path / "a.docx", tmp_path / "b.docx"
    assert _run(capsys, "score", "examples/beiguan-2023", "-o", str(plain))[0] == 0
    args = ["--findings", "--orientation", "横向"]
    assert _run(capsys, "score", "examples/beiguan-2023", "-o", str(reviewed), *args)[0] == 0
    text = {p: "\n".join(x.text for x in Document(str(p)).paragraphs) for p in (plain, reviewed)}
    assert "问题清单" not in text[plain] and "问题清单" in text[reviewed]
    assert {s.orientation for s in Document(str(reviewed)).sections} == {WD_ORIENT.LANDSCAPE}


def test_report_refuses_evaluations_of_several_departments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "report", "examples/")
    assert code == 2 and out == ""
    assert (
        "这些自评属于 4 个部门" in err and "安阳市北关区便民服务中心（3 个自评）" in err and "--split" in err
    )
    # the seed's projects are 主管 by another bureau but carried out by 便民服务中心: its 情况说明 holds them
    code, out, _ = _run(capsys, "report", "examples/beiguan-2023")
    assert code == 0 and "项目支出共 2 个" in out


def test_report_split_one_per_department(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "说明"
    code, _, err = _run(capsys, "report", "examples/", "--split", "--format", "md", "-o", f"{folder}/")
    assert code == 0
    written = sorted(p.name for p in folder.iterdir())
    assert written == sorted(
        f"{name}-情况说明.md"
        for name in (
            "安阳市北关区便民服务中心",
            "安和县卫生健康委员会",
            "青禾县交通运输局",
            "岷阳县农业农村局",
        )
    )
    roads = (folder / "青禾县交通运输局-情况说明.md").read_text(encoding="utf-8")
    assert roads.startswith("# 预算绩效情况说明（青禾县交通运输局）") and "项目支出共 1 个" in roads
    assert "已写入" in err
    code, _, err = _run(capsys, "report", "examples/", "--split", "-o", str(tmp_path / "one.txt"))
    assert code == 2 and "--split 时 -o 应为文件夹" in err


def test_report_notes_only_with_findings(capsys: pytest.CaptureFixture[str]) -> None:
    _, plain, _ = _run(capsys, "report", "examples/beiguan-2023")
    _, noted, _ = _run(capsys, "report", "examples/beiguan-2023", "--findings")
    assert "jixiao" not in plain and "附注" not in plain
    assert "jixiao" in noted and "附注（复核）" in noted


def test_long_tables_carry_the_department(tmp_path: Path) -> None:
    head = "evaluation_id,kind,name,year,level1,level2,level3,target,actual,weight,reason"
    head += ",authority,annual,executed\n"
    body = (
        "A,project,甲,2023,产出指标,数量指标,人次,≥100人次,100人次,90,,交通局,100,90\n"
        "B,project,乙,2023,产出指标,数量指标,人次,≥100人次,50人次,90,x,交通局,300,300\n"
        "C,project,丙,2023,产出指标,数量指标,人次,≥100人次,100人次,90,,农业局,50,10\n"
    )
    path = tmp_path / "t.csv"
    path.write_text(head + body, encoding="utf-8")
    rows = rows_from_frame(summarize_table(path))
    assert [r.department for r in rows] == ["交通局", "交通局", "农业局"]
    (traffic, farming) = group_rows(rows, "主管部门")
    assert traffic.annual == Decimal(400) and traffic.executed == Decimal(390)
    assert traffic.rate == percent(Decimal(390), Decimal(400))
    totals = {r.name: r.total for r in rows}
    assert traffic.total == (100 * totals["甲"] + 300 * totals["乙"]) / 400  # type: ignore[operator]
    assert farming.count == 1

"""jixiao import / score / check on documents, as a reviewer and an evaluator use them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scoring import api
from scoring.cli import main
from tests.conftest import SEED
from tests.document_tables import WRITERS, platform_list, seed_project, write_docx, write_xlsx
from tests.test_documents_layouts import SETS, seed, seed_tables


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_toml_headed_by_its_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_xlsx(seed_tables()[1:2], tmp_path / "某单位.xlsx")
    target = tmp_path / "2023.toml"
    code, _out, err = run(capsys, "import", source, "-o", target, "--set", "henan-project")
    assert code == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# 导入自：{source} 工作表「自评表1」A1:I33（jixiao import）"
    # what was mapped: the table → the evaluation, headings → fields with their cells
    assert "→ 项目「采购政务服务自动化设备项目」（2023 年度）" in err
    assert "三级指标（工作表「自评表1」C18）→ level3" in err
    assert "绩效指标 14 行" in err and f"已写入 {target}" in err
    written = api.load(target)
    assert api.score(written, target).total == api.score(seed()["project-equipment"]).total


def test_import_never_writes_over_an_input_or_an_existing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_xlsx(seed_tables()[1:2], tmp_path / "a.xlsx")
    before = source.read_bytes()
    code, _out, err = run(capsys, "import", source, "-o", source)
    assert code == 2 and "输入文件从不改写" in err
    assert source.read_bytes() == before
    existing = tmp_path / "old.toml"
    existing.write_text("# mine\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", source, "-o", existing)
    assert code == 2 and "已存在" in err and "--force" in err
    assert existing.read_text(encoding="utf-8") == "# mine\n"
    code, _out, _err = run(capsys, "import", source, "-o", existing, "--force")
    assert code == 0 and existing.read_text(encoding="utf-8").startswith("# 导入自：")


def test_import_of_several_tables_needs_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_docx(seed_tables(), tmp_path / "决算.docx")
    code, _out, err = run(capsys, "import", source, "-o", tmp_path / "one.toml")
    assert code == 2 and "找到 3 个自评表" in err
    code, _out, err = run(
        capsys,
        "import",
        source,
        "-o",
        f"{tmp_path / '导入'}/",
        *[part for s in SETS for part in ("--set", s)],
    )
    assert code == 0
    names = sorted(p.name for p in (tmp_path / "导入").glob("*.toml"))
    assert names == sorted(f"{ev.evaluation.name}.toml" for ev in seed().values())


def test_import_prints_toml_without_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_xlsx([platform_list(seed()["project-equipment"])], tmp_path / "平台.xlsx")
    code, out, _err = run(capsys, "import", source)
    assert code == 0
    assert out.startswith(f"# 导入自：{source} 工作表「绩效指标」")
    assert "[[indicators]]" in out
    assert "未指定指标模板" in out


def test_check_points_at_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_xlsx(seed_tables()[1:2], tmp_path / "某单位.xlsx")
    code, out, _err = run(capsys, "check", source, "--set", "henan-project")
    assert code == 1
    assert f"{source}（采购政务服务自动化设备项目）：错误 3" in out
    assert "[错误] reported_total_mismatch  工作表「自评表1」A33 总分：填报总分 85.87" in out


def test_score_and_check_a_folder_of_mixed_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewer's folder: .xlsx, .xls, .ods, .docx, .pdf and a .toml, an Office lock file, a subfolder."""
    folder = tmp_path / "各单位自评表"
    (folder / "二级").mkdir(parents=True)
    evs = seed()
    for fmt, ev in zip(["xlsx", "xls", "ods", "docx", "pdf"], [evs["project-equipment"]] * 5, strict=True):
        WRITERS[fmt]([seed_project(ev)], folder / ("二级" if fmt == "pdf" else "") / f"单位-{fmt}.{fmt}")
    shutil.copy(SEED / "project-platform.toml", folder / "平台.toml")
    (folder / "~$单位-xlsx.xlsx").write_bytes(b"lock")
    code, out, err = run(capsys, "score", folder, "--set", "henan-project", "--format", "csv")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1 + 6
    assert sum("90.87" in line for line in lines) == 5 and sum("13.20" in line for line in lines) == 1
    code, out, _err = run(capsys, "check", folder, "--set", "henan-project")
    assert "共 6 个自评" in out
    assert "单位-pdf.pdf（采购政务服务自动化设备项目）" in out
    assert "第 2 页 表 1 第" in out or "第 1 页 表 1 第" in out


def test_year_and_set_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = platform_list(seed()["project-equipment"])
    table.rows[0][0].text = "项目支出绩效自评表"  # no 年度 anywhere
    source = write_xlsx([table], tmp_path / "无年度.xlsx")
    code, _out, err = run(capsys, "import", source)
    assert code == 2 and "--year" in err
    code, out, _err = run(capsys, "import", source, "--year", "2022")
    assert code == 0 and "year = 2022" in out
    code, _out, err = run(capsys, "import", source, "--year", "2022", "--set", "no-such-set")
    assert code == 2 and "--set no-such-set" in err


def test_score_on_a_document_finds_what_score_on_its_imported_toml_finds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_docx(seed_tables(), tmp_path / "决算.docx")
    folder = tmp_path / "导入"
    sets = [part for s in SETS for part in ("--set", s)]
    assert run(capsys, "import", source, "-o", f"{folder}/", *sets)[0] == 0
    direct = {r.name: r for r in api.score_inputs(api.gather([source], sets=SETS))[0]}
    for path in folder.glob("*.toml"):
        result = api.score(api.load(path), path, near=path)
        twin = direct[result.name]
        assert twin.total == result.total
        assert [(f.code, f.where, f.message) for f in twin.findings] == [
            (f.code, f.where, f.message) for f in result.findings
        ]
        assert all(f.cell for f in twin.findings) and not any(f.cell for f in result.findings)

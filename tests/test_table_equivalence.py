"""The same evaluations as TOML files and as one long table (CSV and Parquet) give identical results."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from benchmarks.generate import TABLE_COLUMNS, evaluations, table_rows, write_files
from scoring.core.convert import results
from scoring.core.pipeline import score_frames
from scoring.domain.errors import InputError
from scoring.io.batch import score_paths
from scoring.io.long_table import read_table as table_frames


def _comparable(result) -> dict:
    data = result.model_dump(mode="json", exclude={"file", "goals", "tasks"})
    for finding in data["findings"]:
        finding.pop("line")
        finding.pop("row")
    data["findings"].sort(key=lambda f: (f["code"], f["where"], f["message"]))
    if data["execution"]:
        data["execution"].pop("sources")
    return data


def _table_results(path: Path) -> list:
    scored = score_frames(table_frames(path))
    scored.table_lines = True
    return results(scored)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("files")
    items = list(evaluations(300, seed=11))
    write_files(folder, 300, seed=11)
    table = pl.DataFrame(table_rows(items))
    csv = folder.parent / "table.csv"
    parquet = folder.parent / "table.parquet"
    table.write_csv(csv)
    table.write_parquet(parquet)
    return folder, csv, parquet


def test_files_and_tables_score_identically(generated: tuple[Path, Path, Path]) -> None:
    folder, csv, parquet = generated
    from_files = score_paths([str(folder)]).results
    from_csv = _table_results(csv)
    from_parquet = _table_results(parquet)
    assert len(from_files) == len(from_csv) == len(from_parquet) == 300
    statuses = {i.status for r in from_files for i in r.indicators}
    rules = {i.rule for r in from_files for i in r.indicators}
    assert statuses >= {"met", "short", "over", "judgement", "not_applicable"}
    assert rules >= {"higher", "lower", "equal", "range", "deadline", "qualitative"}
    for a, b, c in zip(from_files, from_csv, from_parquet, strict=True):
        assert _comparable(a) == _comparable(b) == _comparable(c)


def test_table_findings_name_the_csv_line(generated: tuple[Path, Path, Path]) -> None:
    _, csv, _ = generated
    result = _table_results(csv)[0]
    lines = [f.line for f in result.findings if f.line is not None]
    assert lines and all(2 <= line <= 2 + 25 for line in lines)


def test_funds_columns_must_agree(tmp_path: Path) -> None:
    items = list(evaluations(1))
    columns = table_rows(items)
    columns["annual"][3] = "999"
    path = tmp_path / "t.csv"
    pl.DataFrame(columns).write_csv(path)
    (result,) = _table_results(path)
    assert "funds_columns_disagree" in {f.code for f in result.findings}


def test_table_with_missing_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    pl.DataFrame({"evaluation_id": ["a"], "name": ["x"]}).write_csv(path)
    with pytest.raises(InputError, match="缺少列"):
        table_frames(path)
    assert "evaluation_id" in TABLE_COLUMNS


def test_cli_summary_csv_is_the_same_for_files_and_table(
    generated: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    from scoring.cli import main

    folder, csv, parquet = generated
    outputs = {}
    for name, source in (("files", folder), ("csv", csv), ("parquet", parquet)):
        out = tmp_path / f"{name}.csv"
        assert main(["score", str(source), "--format", "csv", "-o", str(out)]) == 0
        raw = out.read_bytes()
        assert raw.startswith("\ufeff".encode())
        outputs[name] = pl.read_csv(out).drop("file")
    assert outputs["files"].height == 300
    assert outputs["files"].equals(outputs["csv"]) and outputs["csv"].equals(outputs["parquet"])
    detail = score_paths([str(folder)]).results
    assert [str(t) for t in outputs["files"]["total"].cast(pl.String)] == [
        str(float(r.total)) if r.total is not None else "None" for r in detail
    ]


def test_optimiser_passes_never_change_a_result(
    generated: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small queries skip polars' optimiser (queries.collect); the results must be the same either way."""
    from scoring.core import queries as engine

    _, csv, _ = generated
    monkeypatch.setattr(engine, "SMALL_QUERY", 0)  # every query optimised
    optimised = _table_results(csv)
    monkeypatch.setattr(engine, "SMALL_QUERY", 10**9)  # none optimised
    plain = _table_results(csv)
    assert len(plain) == 300
    assert [r.model_dump() for r in plain] == [r.model_dump() for r in optimised]

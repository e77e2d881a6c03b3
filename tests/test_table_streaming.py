"""check and json on a long table are streamed (issue 10 point 18): a batch of evaluations at a time, the same
text as when the table was held whole, the lines the table's own."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from scoring import api, cli
from scoring.domain.results import EvaluationResult
from scoring.io import long_table
from scoring.io.long_table import stream_results

from .conftest import ROOT


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import sys

    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import big_table

    path = tmp_path_factory.mktemp("stream") / "t.csv"
    big_table(40).write_csv(path)  # 40 evaluations × 25 rows
    return path


@pytest.fixture(scope="module")
def scattered(table: Path) -> Path:
    path = table.with_name("scattered.csv")
    pl.read_csv(table, infer_schema=False).sample(fraction=1.0, shuffle=True, seed=11).write_csv(path)
    return path


def _dumps(results: list[EvaluationResult]) -> list[dict[str, object]]:
    return [r.model_dump() for r in results]


@pytest.mark.parametrize("batch_rows", [1, 30, 260, 100_000])
def test_streamed_results_are_the_whole_tables(table: Path, scattered: Path, batch_rows: int) -> None:
    for path in (table, scattered):
        whole, _ = api.score_inputs(api.gather([path]))
        streamed = [r for batch in stream_results(path, batch_rows) for r in batch]
        assert _dumps(streamed) == _dumps(whole)


def test_a_batch_holds_about_batch_rows(table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    real = long_table.table_frames

    def counting(frame: pl.LazyFrame, *args: object) -> object:
        sizes.append(frame.select(pl.len()).collect().item())
        return real(frame, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(long_table, "table_frames", counting)
    batches = list(stream_results(table, 100))
    assert len(batches) > 5 and sum(sizes) == 1000
    assert max(sizes) <= 100 + 25  # a batch ends where an evaluation ends


def test_check_prints_the_same_text_streamed(
    capsys: pytest.CaptureFixture[str], table: Path, scattered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in (table, scattered):
        cli.main(["check", str(path)])
        whole = capsys.readouterr().out
        monkeypatch.setattr(long_table.stream_results, "__defaults__", (37,))
        code = cli.main(["check", str(path)])
        assert capsys.readouterr().out == whole and code == 1
        monkeypatch.undo()
        assert "共 40 个自评" in whole and " 行 " in whole


def test_json_is_written_in_pieces_and_reads_as_one_document(
    capsys: pytest.CaptureFixture[str], table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole, _ = api.score_inputs(api.gather([table]))
    expected = api.render("json", whole)
    monkeypatch.setattr(long_table.stream_results, "__defaults__", (53,))
    assert cli.main(["score", str(table), "--format", "json"]) == 0
    assert capsys.readouterr().out == expected
    out = tmp_path / "t.json"
    assert cli.main(["score", str(table), "--format", "json", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == expected
    assert len(json.loads(expected)["evaluations"]) == 40


def test_a_table_that_cannot_be_read_among_others(
    capsys: pytest.CaptureFixture[str], table: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("evaluation_id,kind\n", encoding="utf-8")
    code = cli.main(["check", str(table), str(broken)])
    out = capsys.readouterr().out
    assert code == 2 and "共 41 个自评" in out and "1 个文件无法读取" in out

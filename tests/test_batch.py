"""Many files: loaded by worker processes, one unusable file reported while the rest are scored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scoring.io import batch

from .conftest import EXAMPLES, SEED


def _folder(tmp_path: Path) -> Path:
    for source in sorted(EXAMPLES.rglob("*.toml")):
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "broken.toml").write_text('[evaluation]\nkind = "project"\nname = 采购\n', encoding="utf-8")
    shutil.copy(SEED.parent.parent / "indicator_sets" / "henan-project.toml", tmp_path / "a-set.toml")
    return tmp_path


def test_parallel_loading_gives_the_same_results_and_reports_the_broken_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    alone = batch.score_paths([str(folder)], detail=False)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    monkeypatch.setattr(batch, "CHUNK", 2)
    parallel = batch.score_paths([str(folder)], detail=False)
    assert alone.summary is not None and parallel.summary is not None
    assert alone.summary.equals(parallel.summary)
    assert parallel.summary.height == 7  # six evaluations and the broken file; the set is skipped
    broken = parallel.summary.filter(parallel.summary["file"].str.ends_with("broken.toml"))
    assert broken["kind"].to_list() == ["unknown"] and broken["errors"].to_list() == [1]
    assert [e.path for e in parallel.errors] == [str(folder / "broken.toml")]
    totals = dict(zip(parallel.summary["name"].to_list(), parallel.summary["total"].to_list(), strict=True))
    assert totals["采购政务服务自动化设备项目"] == "90.87"

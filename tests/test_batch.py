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


def test_the_cycle_collector_is_off_for_evaluations_on_for_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a chunk pauses the cycle collector (its passes cost a quarter of building the frames), but a
    document's readers make cycles (a Word document and its parts, megabytes each): with the collector off
    for a whole chunk of 250 documents a worker grew by gigabytes. On while a document is read; as it was
    once the chunk is loaded."""
    import gc

    from scoring.io.documents import cases as document_cases_module

    seen: dict[str, bool] = {}
    real_loader = batch.load_case

    def loader(path: Path, *, lines: bool = True) -> object:
        seen["evaluation"] = gc.isenabled()
        return real_loader(path, lines=lines)

    def document_cases(path: Path, options: object) -> tuple[list[object], list[object]]:
        seen["document"] = gc.isenabled()
        return [], []

    monkeypatch.setattr(document_cases_module, "document_cases", document_cases)
    document = tmp_path / "自评表.docx"
    document.write_bytes(b"not read")
    evaluation = tmp_path / "a.toml"
    shutil.copy(SEED / "project-equipment.toml", evaluation)
    assert gc.isenabled()
    loaded = batch.load_chunk([evaluation, document], keep_cases=False, loader=loader)  # type: ignore[arg-type]
    assert seen == {"evaluation": False, "document": True}
    assert gc.isenabled() and loaded.frames.meta.height == 1

"""Exports carry a clerk's text as text: no formula a spreadsheet would run, no Markdown a viewer would
follow, and the same bytes for the same input (issue 10 points 8, 12, 24)."""

from __future__ import annotations

import csv
import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest

from scoring import api, cli

from .conftest import SEED

PAYLOADS = {
    "name": '+项目=HYPERLINK("http://evil.example/?x","点我")',
    "level3": "=cmd|' /C calc'!A0",
    "target": "=100%",
    "actual": "@SUM(1+1)*cmd|' /C calc'!A0",
    "reason": "-2+3",
}


def _file(folder: Path, filename: str = "e.toml", **texts: str) -> Path:
    values = PAYLOADS | texts
    quoted = {key: value.replace("\\", "\\\\").replace('"', '\\"') for key, value in values.items()}
    path = folder / filename
    path.write_text(
        f'[evaluation]\nkind = "project"\nyear = 2023\nname = "{quoted["name"]}"\n\n'
        '[[goals]]\nname = "目标 1"\nexpected = "![](http://beacon.example/p.png)"\nactual = "已完成"\n\n'
        f'[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nlevel3 = "{quoted["level3"]}"\n'
        f'target = "{quoted["target"]}"\nactual = "{quoted["actual"]}"\nweight = 100\n'
        f'reason = "{quoted["reason"]}"\n',
        encoding="utf-8",
    )
    return path


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    results, _ = api.score_inputs(api.gather([_file(tmp_path)]))
    rows = _cells(api.render("csv", results))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    for column in ("name", "level3", "target", "actual", "reason"):
        assert cells[column].startswith("'"), (column, cells[column])
        assert cells[column][1:] == PAYLOADS[column]  # the clerk's text, shown as text
    assert cells["weight"] == "100"


def test_the_summary_csv_neutralises_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _file(tmp_path, "a.toml")
    _file(tmp_path, "b.toml", name="@SUM(A1:A9)")
    out = tmp_path / "summary.csv"
    assert cli.main(["score", str(tmp_path), "--format", "csv", "-o", str(out)]) == 0
    rows = _cells(out.read_text(encoding="utf-8"))
    names = [dict(zip(rows[0], r, strict=True))["name"] for r in rows[1:]]
    assert names == ["'" + PAYLOADS["name"], "'@SUM(A1:A9)"]
    capsys.readouterr()


def test_markdown_shows_html_links_and_images_as_text(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        name="项目<img src=x onerror=alert(1)>\n- 注入的一行",
        reason="[点我](javascript:alert(1)) <script>alert(2)</script>",
    )
    results, _ = api.score_inputs(api.gather([path]))
    md = api.render("md", results)
    assert "<img" not in md and "<script" not in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # a link needs an unescaped "]("
    assert "![" not in md  # an image needs "![" (escaped, it reads "\\!\\[")
    assert "\n- 注入的一行" not in md  # a newline in a name does not start a list item
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" not in md  # parentheses are left alone
    assert "&lt;img src=x onerror=alert(1)&gt;" in md


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_office_files_are_the_same_bytes_for_the_same_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    source = tmp_path / "p.toml"
    source.write_bytes((SEED / "project-equipment.toml").read_bytes())
    os.utime(source, (1_700_000_000, 1_700_000_000))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    results, _ = api.score_inputs(api.gather([source]))
    api.export(fmt, results, tmp_path / f"a.{fmt}")
    later = time.time() + 3 * 3600  # written hours later: zip entries would carry another time
    monkeypatch.setattr(time, "time", lambda: later)
    api.export(fmt, results, tmp_path / f"b.{fmt}")
    first, second = (tmp_path / f"a.{fmt}").read_bytes(), (tmp_path / f"b.{fmt}").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / f"a.{fmt}") as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert "2023-11-14T22:13:20Z" in core  # the source file's time
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    api.export(fmt, results, tmp_path / f"c.{fmt}")
    with zipfile.ZipFile(tmp_path / f"c.{fmt}") as archive:
        assert "2020-09-13T12:26:40Z" in archive.read("docProps/core.xml").decode()


def test_the_report_docx_is_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    results, _ = api.score_inputs(api.gather([SEED]))
    built = api.report(results)
    api.report_docx(built, tmp_path / "a.docx")
    later = time.time() + 3 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    api.report_docx(built, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@pytest.mark.parametrize(
    "options",
    [[], ["--findings"], ["--findings", "--orientation", "landscape"], ["--orientation", "portrait"]],
    ids=["official", "findings", "landscape", "portrait"],
)
def test_the_publish_ready_exports_are_the_same_bytes_for_the_same_input(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    options: list[str],
) -> None:
    """Every layout of the publish-ready exports (summary sheet, 问题清单, print setup)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    argv = ["score", str(SEED), "--format", fmt, *options, "-o"]
    assert cli.main([*argv, str(tmp_path / f"a.{fmt}")]) == 0
    later = time.time() + 3 * 3600  # written hours later: zip entries would carry another time
    monkeypatch.setattr(time, "time", lambda: later)
    assert cli.main([*argv, str(tmp_path / f"b.{fmt}")]) == 0
    assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()
    capsys.readouterr()


def test_the_split_report_docx_is_reproducible(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    argv = ["report", "examples/", "--split", "--findings", "--format", "docx", "-o"]
    assert cli.main([*argv, f"{tmp_path}/a/"]) == 0
    later = time.time() + 3 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert cli.main([*argv, f"{tmp_path}/b/"]) == 0
    written = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(written) > 1 and written == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in written:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    capsys.readouterr()

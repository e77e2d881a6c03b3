"""Special files, unreadable folders, encodings, nesting and dying workers (issue 10 points 7, 13, 16, 17,
23): each said in Chinese, none hangs, none sinks a batch."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scoring import cli
from scoring.domain.errors import InputError
from scoring.io import batch
from scoring.io.batch import CRASHED, score_files
from scoring.io.toml_read import load_evaluation

from .conftest import SEED
from .hostile.faults import crash_or_load
from .hostile.limits import deadline

PROJECT = SEED / "project-equipment.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str, seconds: float = 20) -> tuple[int, str, str]:
    with deadline(seconds):
        code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- special files (17) -----------------------------------------------------------------------------------


def test_a_fifo_named_toml_is_refused_not_waited_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "管道.toml"
    os.mkfifo(fifo)
    code, out, err = run(capsys, "check", str(fifo), seconds=10)
    assert code == 2 and "命名管道" in out + err
    shutil.copy(PROJECT, tmp_path / "a.toml")
    code, out, _ = run(capsys, "check", str(tmp_path), seconds=10)  # found in a folder: said, not hung
    assert code == 2 and "命名管道" in out and "采购政务服务自动化设备项目" in out


def test_a_device_is_refused_not_read_without_bound(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "check", "/dev/zero", seconds=10)
    assert code == 2 and "设备文件" in out + err
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    code, out, _ = run(capsys, "score", str(tmp_path), seconds=10)
    assert code == 2 and "设备文件" in out + _


@pytest.mark.parametrize("command", ["check", "import"])
def test_special_files_named_as_documents_are_refused_not_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    """A FIFO named .xlsx hung the document readers; a link to /dev/zero named .docx read without bound."""
    os.mkfifo(tmp_path / "管道.xlsx")
    (tmp_path / "零.docx").symlink_to("/dev/zero")
    for name, said in [("管道.xlsx", "命名管道"), ("零.docx", "设备文件")]:
        code, out, err = run(capsys, command, str(tmp_path / name), seconds=10)
        assert code == 2 and said in out + err and name in out + err


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("断.xlsx", b"PK\x03\x04" + b"\x00" * 40),
        ("乱.docx", bytes(range(256)) * 2),
        ("截.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"),
        ("空.xlsx", b""),
    ],
)
def test_broken_documents_are_a_message_through_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, _, err = run(capsys, "import", str(path), seconds=20)
    assert code == 2 and name in err and ("无法" in err or "为空" in err)


def test_a_file_above_the_size_limit_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.toml"
    big.write_text(PROJECT.read_text(encoding="utf-8") + "# " + "填" * 20_000 + "\n", encoding="utf-8")
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "0.05")
    code, _, err = run(capsys, "check", str(big))
    assert code == 2 and "文件过大" in _ + err and "JIXIAO_MAX_FILE_MB" in _ + err
    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", "1")
    assert run(capsys, "check", str(big))[0] == 1  # the seed's own findings: read


@pytest.mark.parametrize("value", ["inf", "nan", "-5", "0", "二十"])
def test_a_limit_that_is_no_number_above_zero_keeps_the_default(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """JIXIAO_MAX_DOCUMENT_MB=inf was an internal error (OverflowError) for every document read."""
    from scoring.io.reading import (
        DEFAULT_DOCUMENT_LIMIT_MB,
        DEFAULT_LIMIT_MB,
        document_limit_bytes,
        limit_bytes,
    )

    monkeypatch.setenv("JIXIAO_MAX_FILE_MB", value)
    monkeypatch.setenv("JIXIAO_MAX_DOCUMENT_MB", value)
    assert limit_bytes() == DEFAULT_LIMIT_MB * 1024 * 1024
    assert document_limit_bytes() == DEFAULT_DOCUMENT_LIMIT_MB * 1024 * 1024


# --- folders that cannot be read (7, 17) ------------------------------------------------------------------


def _unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """``folder`` behaves as a folder without read permission (the tests may run as root, whom chmod
    does not stop)."""
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_folder_on_the_command_line_is_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _unreadable(monkeypatch, tmp_path)
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "无法读取文件夹（没有读取权限）" in out + err


def test_an_unreadable_subfolder_is_a_row_of_the_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for source in SEED.glob("*.toml"):
        shutil.copy(source, tmp_path / source.name)
    locked = tmp_path / "区县"
    locked.mkdir()
    shutil.copy(PROJECT, locked / "hidden.toml")
    _unreadable(monkeypatch, locked)
    code, out, err = run(capsys, "score", str(tmp_path))
    assert code == 2
    assert "区县" in out + err and "无法读取文件夹" in err
    assert "共 4 个自评" in out and "无法读取 1 个" in out  # the three readable files and the folder


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_without_permission(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        code, out, err = run(capsys, "check", str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert code == 2 and "无法读取文件夹" in out + err


# --- nesting and dying workers (13, 16) ---------------------------------------------------------------------

DEEP = '[evaluation]\nkind = "project"\nyear = 2023\nname = "深"\nnote = ' + "[" * 3000 + "]" * 3000 + "\n"


def test_arrays_nested_thousands_deep_are_said(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "deep.toml").write_text(DEEP, encoding="utf-8")
    code, out, err = run(capsys, "check", str(tmp_path / "deep.toml"))
    assert code == 2 and "嵌套层次过深" in out + err


def _folder(tmp_path: Path, count: int, *odd: tuple[str, str]) -> list[Path]:
    text = PROJECT.read_text(encoding="utf-8")
    files = []
    for number in range(count):
        path = tmp_path / f"p{number:03}.toml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    for name, content in odd:
        (tmp_path / name).write_text(content, encoding="utf-8")
        files.insert(count // 2, tmp_path / name)
    return files


def test_a_deep_file_among_many_loaded_in_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "PARALLEL_FROM", 4)
    monkeypatch.setattr(batch, "CHUNK", 3)
    files = _folder(tmp_path, 8, ("deep.toml", DEEP))
    with deadline(120):
        done = score_files(files)
    assert len(done.results) == 9 and len(done.errors) == 1
    assert "嵌套层次过深" in str(done.errors[0])
    assert sum(r.kind == "project" for r in done.results) == 8


def test_a_killed_worker_loses_one_file_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "PARALLEL_FROM", 4)
    monkeypatch.setattr(batch, "CHUNK", 3)
    text = PROJECT.read_text(encoding="utf-8")
    files = _folder(tmp_path, 8, ("crash.toml", text), ("memory.toml", text))
    with deadline(120):
        done = score_files(files, detail=False, loader=crash_or_load)
    assert done.summary is not None and done.summary.height == 10
    failed = {Path(e.path).name: str(e) for e in done.errors}
    assert set(failed) == {"crash.toml", "memory.toml"}
    assert CRASHED in failed["crash.toml"] and "内存不足" in failed["memory.toml"]
    assert done.summary.filter(done.summary["kind"] == "project").height == 8


def test_memory_error_in_this_process_loses_one_file(tmp_path: Path) -> None:
    text = PROJECT.read_text(encoding="utf-8")
    files = _folder(tmp_path, 3, ("memory.toml", text))
    done = score_files(files, loader=crash_or_load)
    assert [r.kind for r in done.results].count("project") == 3
    assert "内存不足" in str(done.errors[0])


# --- encodings and line ends (23) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "said"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")],
)
def test_wide_encodings_are_named(tmp_path: Path, codec: str, said: str) -> None:
    path = tmp_path / "wide.toml"
    path.write_bytes(PROJECT.read_text(encoding="utf-8").encode(codec))
    with pytest.raises(InputError) as caught:
        load_evaluation(path)
    assert f"是 {said} 编码" in str(caught.value) and "GBK" not in str(caught.value)


def test_a_wide_csv_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("evaluation_id,kind,name,year\n".encode("utf-16"))
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and "UTF-16 编码" in out + err


def test_old_mac_line_ends_and_a_double_bom_are_read(tmp_path: Path) -> None:
    text = PROJECT.read_text(encoding="utf-8")
    expected = load_evaluation(PROJECT).model_dump()
    cr = tmp_path / "cr.toml"
    cr.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    assert load_evaluation(cr).model_dump() == expected
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_evaluation(bom).model_dump() == expected


def test_a_syntax_error_on_a_long_line_is_not_echoed_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text('[evaluation]\nname = "' + "很长" * 5000 + '" x\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_evaluation(path)
    assert len(str(caught.value)) < 300

"""What the command line writes: never over an input, never a file it was not asked to replace, nothing a
terminal would obey, and a full disk said in Chinese (issue 10 points 1, 2, 10, 20)."""

from __future__ import annotations

import errno
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scoring import cli

from .conftest import ROOT, SEED

PROJECT = SEED / "project-equipment.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "a.toml"
    shutil.copy(PROJECT, path)
    return path


# --- 1. an output is never one of the inputs; an unknown suffix is refused


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "{a}", "-o", "{a}"],
        ["score", "{a}", "--format", "csv", "-o", "{a}"],
        ["score", "{dir}", "--format", "md", "-o", "{a}"],
        ["report", "{a}", "-o", "{a}"],
        ["score", "{a}", "-o", "{link}"],
    ],
)
def test_an_output_that_is_an_input_is_refused(
    capsys: pytest.CaptureFixture[str], project: Path, argv: list[str]
) -> None:
    link = project.parent / "link.md"
    link.symlink_to(project)
    before = project.read_bytes()
    filled = [arg.format(a=project, dir=project.parent, link=link) for arg in argv]
    code, _, err = run(capsys, *filled)
    assert code == 2 and "是输入文件" in err
    assert project.read_bytes() == before


def test_a_table_written_over_itself_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "evaluation_id,kind,name,year,level1,level2,level3,target,actual,weight,reason\n"
        "e1,project,项目,2023,产出指标,数量指标,台数,10台,10台,100,\n",
        encoding="utf-8",
    )
    before = table.read_bytes()
    code, _, err = run(capsys, "score", str(table), "--format", "csv", "-o", str(table))
    assert code == 2 and "是输入文件" in err and table.read_bytes() == before


@pytest.mark.parametrize("name", ["out.pdf", "out.toml", "out.doc", "out.xls"])
def test_an_unknown_output_suffix_is_refused(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path, name: str
) -> None:
    code, _, err = run(capsys, "score", str(project), "-o", str(tmp_path / name))
    assert code == 2 and "扩展名" in err and not (tmp_path / name).exists()


def test_a_suffix_that_names_another_format_is_refused(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "score", str(project), "--format", "csv", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "扩展名" in err and not (tmp_path / "x.xlsx").exists()
    code, _, err = run(capsys, "report", str(project), "-o", str(tmp_path / "说明.pdf"))
    assert code == 2 and "扩展名" in err


def test_known_suffixes_still_choose_the_format(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    for name in ("t.txt", "t.md", "t.markdown", "t.htm", "t.csv", "t.json", "t.xlsx", "t.docx", "plain"):
        code, _, _ = run(capsys, "score", str(project), "-o", str(tmp_path / name))
        assert code == 0 and (tmp_path / name).stat().st_size > 0, name
    code, _, _ = run(capsys, "report", str(project), "-o", str(tmp_path / "说明.txt"))
    assert code == 0


# --- 2. new never replaces a file without --force


def test_new_refuses_an_existing_file(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    before = project.read_bytes()
    code, _, err = run(capsys, "new", "--set", "henan-project", "-o", str(project))
    assert code == 2 and "已存在" in err and "--force" in err
    assert project.read_bytes() == before
    code, _, _ = run(capsys, "new", "--set", "henan-project", "-o", str(project), "--force")
    assert code == 0 and project.read_bytes() != before


# --- 10. nothing printed is obeyed by the terminal

ESCAPES = "\\u001b]0;窗口标题\\u0007\\u001b[2J"  # as written in TOML: retitle the window, clear the screen


def _hostile(tmp_path: Path, name: str = "e.toml") -> Path:
    path = tmp_path / name
    path.write_text(
        f'[evaluation]\nkind = "project"\nyear = 2023\nname = "项目{ESCAPES}"\n'
        '[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nlevel3 = "台数\\u202e"\n'
        'target = "≥90%"\nactual = "\\u202e%09"\nweight = 100\n',
        encoding="utf-8",
    )
    return path


def _raw(text: str) -> bool:
    return any(ch in text for ch in "\x1b\x07\u202e\r")


@pytest.mark.parametrize(
    "argv",
    [["score", "{f}"], ["check", "{f}"], ["score", "{f}", "--format", "md"], ["report", "{f}"]],
)
def test_score_and_check_escape_terminal_controls(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    path = _hostile(tmp_path)
    _, out, err = run(capsys, *[a.format(f=path) for a in argv])
    assert not _raw(out + err)
    assert "\\x1b" in out + err or "\\u202e" in out + err


def test_error_snippets_and_written_lines_are_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, project: Path
) -> None:
    broken = tmp_path / "b.toml"
    broken.write_text('[evaluation]\nname = "\u202e项目" x\n', encoding="utf-8")
    code, out, err = run(capsys, "check", str(broken))
    assert code == 2 and not _raw(out + err) and "\\u202e" in out + err
    target = tmp_path / "\x1b[31m红.md"
    code, _, err = run(capsys, "score", str(project), "-o", str(target))
    assert code == 0 and "已写入" in err and not _raw(err)


def test_exported_file_names_hold_no_control_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(PROJECT, source / "a\x1b[2J\u202eb.toml")
    shutil.copy(PROJECT, source / "con.toml")
    shutil.copy(PROJECT, source / ".hidden.toml")
    out = tmp_path / "out"
    code, _, _ = run(capsys, "score", str(source), "--format", "md", "-o", f"{out}/")
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 3
    assert not any(_raw(n) or n.startswith(".") for n in names), names
    assert not any(n.split(".")[0].upper() in {"CON", "NUL", "PRN", "AUX"} for n in names), names


# --- 20. a full standard output is said, not a traceback


class Full(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "argv",
    [
        ["sets"],
        ["new", "--set", "henan-project"],
        ["check", str(PROJECT)],
        ["score", str(PROJECT)],
        ["score", str(SEED)],
        ["report", str(PROJECT)],
    ],
)
def test_a_full_stdout_is_said_in_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", Full())
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert "无法写入标准输出：磁盘空间不足" in err and "None" not in err and "Traceback" not in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["sets"], ["check", str(PROJECT)]])
def test_dev_full_in_a_real_process(argv: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "scoring.cli", *argv],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "磁盘空间不足" in done.stderr and "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr

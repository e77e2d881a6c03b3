"""Saving an evaluation: a read-only or another user's file is refused (never forced), a link is written
through, hard links stay one file, and no comment is lost (issue 10 points 5 and 6)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from scoring import api
from scoring.domain.errors import WriteRefused, os_reason
from scoring.domain.models import Evaluation
from scoring.io.toml_read import load_evaluation
from scoring.io.toml_write import save_evaluation

from .conftest import SEED
from .hostile.limits import deadline

PROJECT = SEED / "project-equipment.toml"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "p.toml"
    shutil.copy(PROJECT, path)
    return path


def _edited(path: Path) -> Evaluation:
    evaluation = load_evaluation(path)
    evaluation.evaluation.implementer = "改过的实施单位"
    return evaluation


# --- 5. permissions, links ----------------------------------------------------------------------------------


def test_a_read_only_file_is_refused_not_replaced(copy: Path) -> None:
    before = copy.read_bytes()
    assert api.save_refusal(copy) is None
    copy.chmod(0o444)
    assert api.save_refusal(copy) == "只读文件（权限 -r--r--r--）"
    with pytest.raises(WriteRefused) as caught:
        save_evaluation(_edited(copy), copy)
    assert "只读" in caught.value.reason and "r--r--r--" in caught.value.reason
    assert isinstance(caught.value, PermissionError)  # callers that know only OSError still stop
    assert os_reason(caught.value) == caught.value.reason
    assert copy.read_bytes() == before and stat.S_IMODE(copy.stat().st_mode) == 0o444
    assert sorted(p.name for p in copy.parent.iterdir()) == ["p.toml"]  # no temporary file left


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_another_users_file_is_refused(copy: Path) -> None:
    before = copy.read_bytes()
    os.chown(copy, 65534, -1)
    with pytest.raises(WriteRefused) as caught:
        save_evaluation(_edited(copy), copy)
    assert "其他用户" in caught.value.reason
    assert copy.read_bytes() == before and copy.stat().st_uid == 65534


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write every file")
def test_a_file_without_write_permission_is_refused(copy: Path) -> None:
    copy.parent.chmod(0o755)
    copy.chmod(0o644)
    os.chmod(copy, 0o444)
    with pytest.raises(WriteRefused):
        save_evaluation(_edited(copy), copy)


def test_a_symlink_is_written_through_to_its_target(copy: Path) -> None:
    link = copy.parent / "link.toml"
    link.symlink_to(copy.name)
    save_evaluation(_edited(link), link)
    assert link.is_symlink() and os.readlink(link) == "p.toml"
    assert load_evaluation(copy).evaluation.implementer == "改过的实施单位"
    chain = copy.parent / "chain.toml"
    chain.symlink_to(link.name)
    evaluation = _edited(chain)
    evaluation.evaluation.authority = "经两层链接"
    save_evaluation(evaluation, chain)
    assert chain.is_symlink() and load_evaluation(copy).evaluation.authority == "经两层链接"


def test_a_symlink_to_a_read_only_file_is_refused(copy: Path) -> None:
    link = copy.parent / "link.toml"
    link.symlink_to(copy.name)
    copy.chmod(0o444)
    with pytest.raises(WriteRefused):
        save_evaluation(_edited(link), link)
    assert link.is_symlink()


def test_hard_links_stay_one_file(copy: Path) -> None:
    other = copy.parent / "hard.toml"
    os.link(copy, other)
    inode = copy.stat().st_ino
    copy.chmod(0o640)
    save_evaluation(_edited(copy), copy)
    assert copy.stat().st_ino == inode == other.stat().st_ino and copy.stat().st_nlink == 2
    assert load_evaluation(other).evaluation.implementer == "改过的实施单位"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640
    assert sorted(p.name for p in copy.parent.iterdir()) == ["hard.toml", "p.toml"]
    # a shorter text leaves nothing of the longer one behind
    evaluation = load_evaluation(copy)
    evaluation.indicators = evaluation.indicators[:1]
    save_evaluation(evaluation, copy)
    assert load_evaluation(other).model_dump() == evaluation.model_dump()


def test_a_special_file_is_not_saved_over(tmp_path: Path) -> None:
    fifo = tmp_path / "管道.toml"
    os.mkfifo(fifo)
    with deadline(10), pytest.raises(WriteRefused):  # reading it for its comments waited for ever
        save_evaluation(load_evaluation(PROJECT), fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_new_file_and_an_ordinary_save_still_work(copy: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "新" / "fresh.toml"
    save_evaluation(load_evaluation(PROJECT), fresh)
    assert load_evaluation(fresh).model_dump() == load_evaluation(PROJECT).model_dump()
    copy.chmod(0o600)
    save_evaluation(_edited(copy), copy)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


# --- 6. comments --------------------------------------------------------------------------------------------


def test_a_bom_file_keeps_its_first_line_comment(copy: Path) -> None:
    text = PROJECT.read_text(encoding="utf-8")
    assert text.startswith("# ")
    copy.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    save_evaluation(_edited(copy), copy)
    saved = copy.read_text(encoding="utf-8-sig")
    assert saved.splitlines()[0] == text.splitlines()[0]


MULTI = '''# 文件头
[evaluation]
kind = "project"
year = 2023
name = "多行"
source = """
第一行
第二行
"""  # 来源写了两行

[rules]
grades = [
  { min = 90, grade = "优" },  # 九十分以上
  # 八十到九十
  { min = 80, grade = "良" },
  { grade = "差" },  # 其余
]  # 等级的注释

[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
level3 = "台数"
target = "≥10台"
actual = "10台"
weight = 100
bands = [
  { upto = "0%", score = 100 },   # 满分
  { upto = "10%", score = 80 },   # 偏差一成以内
]
'''


def test_comments_inside_multi_line_values_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(MULTI, encoding="utf-8")
    evaluation = load_evaluation(path)
    save_evaluation(evaluation, path)
    saved = path.read_text(encoding="utf-8")
    for comment in ("# 来源写了两行", "# 九十分以上", "# 八十到九十", "# 其余", "# 等级的注释", "# 满分"):
        assert comment in saved, comment
    assert "# 偏差一成以内" in saved
    assert load_evaluation(path).model_dump() == evaluation.model_dump()
    save_evaluation(evaluation, path)  # a second save changes nothing
    assert path.read_text(encoding="utf-8") == saved

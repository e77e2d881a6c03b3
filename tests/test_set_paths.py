"""``set = …`` names an indicator set: an id, or a path to a ``.toml`` set file, never any file (issue 10
point 9). A file that is not a set is refused without a word of its content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring import cli
from scoring.domain.errors import InputError
from scoring.io.sets import find_set

SECRET = "root:x:0:0:秘密内容:/root:/bin/bash"


def _evaluation(tmp_path: Path, set_ref: str) -> Path:
    path = tmp_path / "e.toml"
    path.write_text(
        f'[evaluation]\nkind = "project"\nyear = 2023\nname = "项目"\nset = "{set_ref}"\n'
        '[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nlevel3 = "台数"\ntarget = "10台"\n'
        'actual = "10台"\nweight = 100\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("name", ["passwd", "passwd.toml"])
def test_a_file_that_is_not_a_set_is_refused_without_its_content(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    secret = tmp_path / "etc" / name
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n", encoding="utf-8")
    evaluation = _evaluation(tmp_path, f"etc/{name}")
    code = cli.main(["score", str(evaluation), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "秘密内容" not in out + err and "root:x" not in out + err
    findings = json.loads(out)["evaluations"][0]["findings"]
    unknown = [f for f in findings if f["code"] == "set_unknown"]
    assert unknown, findings
    assert "不是指标模板" in unknown[0]["message"] or ".toml" in unknown[0]["message"]


def test_only_toml_paths_are_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        find_set(str(secret))
    assert "秘密内容" not in str(caught.value) and ".toml" in str(caught.value)
    with pytest.raises(InputError) as caught:
        find_set("../../../../etc/passwd")
    assert "root" not in str(caught.value) and ".toml" in str(caught.value)


def test_an_evaluation_named_as_a_set_is_refused_without_its_content(tmp_path: Path) -> None:
    other = _evaluation(tmp_path, "henan-project")
    with pytest.raises(InputError) as caught:
        find_set(str(other))
    assert "[set]" in str(caught.value) and "台数" not in str(caught.value)


def test_sets_by_id_and_by_path_still_work(tmp_path: Path) -> None:
    assert find_set("henan-project").set.id == "henan-project"
    root = Path(__file__).resolve().parent.parent
    assert find_set(str(root / "indicator_sets" / "henan-project.toml")).set.id == "henan-project"

"""Findings of a funds source name that row (资金来源「其他资金」) and point at it (place sources, index)."""

from __future__ import annotations

from scoring.api import score
from scoring.domain.results import Place

from .conftest import make, row

SOURCES = (
    "annual = 100\nexecuted = 50\n"
    '[[funds.sources]]\nname = "财政拨款"\nannual = 80\nexecuted = 40\nreported_rate = "50%"\n'
    '[[funds.sources]]\nname = "其他资金"\nannual = 20\nexecuted = 10\nreported_rate = "40%"\n'
)


def test_a_source_rate_mismatch_names_its_row_and_index() -> None:
    result = score(make(row("≥1", "1", "90"), funds=SOURCES))
    found = [f for f in result.findings if f.code == "reported_rate_mismatch"]
    assert len(found) == 1
    assert found[0].where == "资金来源「其他资金」"
    assert found[0].place == Place(section="sources", index=1)
    assert "文件" not in found[0].where


def test_each_source_named_when_both_disagree() -> None:
    both = SOURCES.replace('"50%"', '"60%"')
    result = score(make(row("≥1", "1", "90"), funds=both))
    places = sorted(
        (f.place.index, f.where) for f in result.findings if f.code == "reported_rate_mismatch" and f.place
    )
    assert places == [(0, "资金来源「财政拨款」"), (1, "资金来源「其他资金」")]


def test_a_source_finding_names_the_line_of_its_row(tmp_path) -> None:
    from scoring.api import gather, score_inputs
    from scoring.cli import main

    text = (
        '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n[funds]\n'
        + SOURCES
        + ('[[indicators]]\nlevel1 = "产出指标"\nlevel3 = "a"\ntarget = "≥1"\nactual = "1"\nweight = 90\n')
    )
    path = tmp_path / "e.toml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    header = lines.index("[[funds.sources]]", lines.index("[[funds.sources]]") + 1) + 1  # the second source
    (result,), _ = score_inputs(gather([path]))
    found = next(f for f in result.findings if f.code == "reported_rate_mismatch")
    assert found.line == header and found.where == "资金来源「其他资金」"
    assert main(["check", str(path)]) == 1

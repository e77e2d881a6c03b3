"""The committed JSON Schemas match the models (python -m scoring.io.schema regenerates them)."""

from __future__ import annotations

import json

import pytest

from scoring.io.schema import FOLDER, SCHEMAS, render


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (FOLDER / name).read_text(encoding="utf-8")
    assert committed == render(name), f"{name} is stale: run python -m scoring.io.schema and commit it"


def test_schema_names_every_contract_field() -> None:
    schema = json.loads((FOLDER / "evaluation.schema.json").read_text(encoding="utf-8"))
    indicator = schema["$defs"]["Indicator"]["properties"]
    for field in (
        "level1",
        "level2",
        "level3",
        "target",
        "actual",
        "weight",
        "reason",
        "reported_score",
        "rule",
        "tier",
        "score",
        "applicable",
        "target_too_low",
        "bands",
        "deduct",
    ):
        assert field in indicator
    assert schema["$defs"]["Deduct"]["properties"].keys() >= {"from", "per", "points"}
    assert schema["$defs"]["Indicator"]["additionalProperties"] is False

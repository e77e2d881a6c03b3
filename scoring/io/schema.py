"""The published JSON Schemas of the file formats (docs/formats.md §2–3), generated from the pydantic models.

``python -m scoring.io.schema`` rewrites scoring/schemas/*.json; a test keeps the committed files current.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from scoring.domain.models import Evaluation, IndicatorSet

FOLDER = Path(__file__).resolve().parent.parent / "schemas"
SCHEMAS: dict[str, type[BaseModel]] = {
    "evaluation.schema.json": Evaluation,
    "indicator-set.schema.json": IndicatorSet,
}


def render(name: str) -> str:
    schema = SCHEMAS[name].model_json_schema(by_alias=True)
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    for name in SCHEMAS:
        (FOLDER / name).write_text(render(name), encoding="utf-8")
        print(f"wrote {FOLDER / name}")


if __name__ == "__main__":
    main()

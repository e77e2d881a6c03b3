"""指标方向 / 指标性质 / 计算符号 words (``directions.toml``) and the rule each stands for."""

from __future__ import annotations

import tomllib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Literal

DIRECTIONS_FILE = Path(__file__).with_name("directions.toml")

Direction = Literal["higher", "lower", "equal", "qualitative"]


def direction_key(text: str) -> str:
    """A word as the table is matched: NFKC, no spaces, lower case
    ("大于 等于" → "大于等于", "＞＝" → ">=")."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@cache
def direction_words() -> dict[str, Direction]:
    """Every word of the table (as matched) → the rule it stands for."""
    with DIRECTIONS_FILE.open("rb") as handle:
        table = tomllib.load(handle)
    found: dict[str, Direction] = {}
    for direction in ("higher", "lower", "equal", "qualitative"):
        for word in table.get(direction, []):
            found[direction_key(str(word))] = direction
    return found


def read_direction(text: str | None) -> Direction | None:
    """The rule a 指标方向 word stands for; None for a blank or an unknown word."""
    if text is None or not text.strip():
        return None
    return direction_words().get(direction_key(text))


def accepted_directions() -> str:
    """The words a message offers: 正向、反向、等于、定性 and the 计算符号."""
    return "正向、反向、定性，或计算符号：大于等于、小于等于、等于、≥、≤、="

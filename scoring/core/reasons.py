"""Whether a 偏差原因 cell gives a reason: blank, a placeholder (``placeholder_reasons.toml``), or a text.

One expression for indicator rows and the funds block, for files and long tables alike.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from scoring.domain.placeholders import placeholder_words

_AROUND = r"[\s\p{P}\p{S}]+"


def reason_key(text: pl.Expr) -> pl.Expr:
    """A cell as placeholders are matched: NFKC, lower case, no whitespace, punctuation or symbols around it
    ("（無。）" → "無", "／" → "", "N/A" → "n/a")."""
    folded = text.str.normalize("NFKC").str.to_lowercase()
    return folded.str.replace(f"^{_AROUND}", "").str.replace(f"{_AROUND}$", "")


@cache
def _keys() -> tuple[str, ...]:
    words = pl.Series("w", placeholder_words(), dtype=pl.String)
    return tuple(words.to_frame().select(reason_key(pl.col("w"))).to_series().unique().to_list())


def reason_blank(text: pl.Expr) -> pl.Expr:
    return text.is_null() | (text.str.strip_chars() == "")


def reason_placeholder(text: pl.Expr) -> pl.Expr:
    """Written, but no reason: a listed placeholder, or punctuation and symbols only."""
    key = reason_key(text)
    return (~reason_blank(text) & ((key == "") | key.is_in(_keys()))).fill_null(False)


def reason_absent(text: pl.Expr) -> pl.Expr:
    """No reason given: blank or a placeholder."""
    return reason_blank(text) | reason_placeholder(text)

"""The heading synonyms (``headings.toml``) read once, as lookup tables keyed by a heading's normal form."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from scoring.domain.vocabulary import Kind

_SPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"[(\[【〔<][^()\[\]【】〔〕<>]*[)\]】〕>]")


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """A heading's normal form: NFKC, no whitespace, no bracketed parts, no trailing colon, lower case.

    "全年 预\\n算 数（A）" → "全年预算数"; "部门（单位）名称" → "部门名称"; "分值（20）" → "分值".
    """
    if not text:
        return ""
    s = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    previous = None
    while previous != s and ("(" in s or "[" in s or "【" in s or "〔" in s or "<" in s):
        previous, s = s, _BRACKETED.sub("", s)
    return s.rstrip(":").lower()


Columns = dict[str, tuple[tuple[str, int], ...]]
"""A heading's normal form → the fields it may name, each with its rank (0 = the field's first wording)."""


def _columns(table: dict[str, list[str]]) -> Columns:
    found: dict[str, list[tuple[str, int]]] = {}
    for field, words in table.items():
        for rank, word in enumerate(words):
            found.setdefault(key(word), []).append((field, rank))
    return {word: tuple(fields) for word, fields in found.items()}


def _words(words: list[str]) -> frozenset[str]:
    return frozenset(key(word) for word in words)


@dataclass(frozen=True)
class Title:
    kind: Kind
    targets: bool  # a 绩效目标表 (to fill in), not a 自评表
    words: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One block of the table: its labels, its column headings, the words that start an item in a cell."""

    labels: frozenset[str]
    columns: Columns
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Headings:
    titles: tuple[Title, ...]
    year_labels: frozenset[str]
    header: dict[str, str]  # label → field (name / authority / implementer)
    department_names: frozenset[str]
    funds: Block
    fund_totals: frozenset[str]
    source_prefixes: tuple[str, ...]
    reviews: Block
    goals: Block
    tasks: Block
    indicators: Block
    subtotal_rows: frozenset[str]
    operators: dict[str, str]  # a 计算符号 / 指标性质 word → the operator written before 指标值
    total_rows: frozenset[str]
    grade_labels: frozenset[str]
    families: dict[str, str]  # 二级 → the one 一级 it belongs to
    words: frozenset[str]  # every heading and label above: a row with none of these is a data row

    def title(self, text: str) -> Title | None:
        """The table a title names (its kind and form), when the text holds one of the title words."""
        normal = key(text)
        if len(normal) < 4:
            return None
        for title in self.titles:
            if any(word in normal for word in title.words):
                return title
        return None


HEADINGS_FILE = Path(__file__).with_name("headings.toml")


@cache
def headings() -> Headings:
    with HEADINGS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    header: dict[str, str] = {}
    for field in ("name", "authority", "implementer"):
        for word in data["header"][field]:
            header[key(word)] = field
    operators = {key(word): op for op, words in data["operators"].items() for word in words}

    def block(name: str) -> Block:
        section = data[name]
        return Block(
            labels=_words(section.get("labels", [])),
            columns=_columns(section["columns"]),
            items=tuple(section.get("item_words", ())),
        )

    found = Headings(
        titles=tuple(
            Title(kind=t["kind"], targets=t["form"] == "targets", words=tuple(key(w) for w in t["words"]))
            for t in data["titles"]
        ),
        year_labels=_words(data["year"]["labels"]),
        header=header,
        department_names=_words(data["header"]["department_name"]),
        funds=block("funds"),
        fund_totals=_words(data["funds"]["total_rows"]),
        source_prefixes=tuple(sorted(data["funds"]["source_prefixes"], key=len, reverse=True)),
        reviews=block("reviews"),
        goals=block("goals"),
        tasks=block("tasks"),
        indicators=block("indicators"),
        subtotal_rows=_words(data["indicators"]["subtotal_rows"]),
        operators=operators,
        total_rows=_words(data["total"]["rows"]),
        grade_labels=_words(data["total"]["grade"]),
        families={
            key(level2): key(level1) for level1, words in data["level_families"].items() for level2 in words
        },
        words=frozenset(),
    )
    every = set(found.header) | found.year_labels | found.fund_totals | found.total_rows | found.subtotal_rows
    for part in (found.funds, found.reviews, found.goals, found.tasks, found.indicators):
        every |= part.labels | set(part.columns)
    return replace(found, words=frozenset(every))


def assign(cells: list[tuple[int, str]], columns: Columns) -> dict[str, int]:
    """Which column holds which field: each heading (column, normal form) to at most one field and each
    field to one column; a field's earlier wording wins, then the leftmost column."""
    candidates = sorted((rank, col, field) for col, word in cells for field, rank in columns.get(word, ()))
    fields: dict[str, int] = {}
    taken: set[int] = set()
    for _rank, col, field in candidates:
        if field not in fields and col not in taken:
            fields[field] = col
            taken.add(col)
    return fields

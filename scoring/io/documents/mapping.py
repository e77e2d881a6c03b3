"""From a table found in a document (``layout.Form``) to an ``Evaluation``, remembering every cell.

Printed 得分, 执行率, 偏差度 and 总分 become the ``reported_*`` fields, so the audit works on an imported
table as on a TOML file; text keeps the clerk's wording. Whatever cannot be read or placed becomes a
``Problem`` naming its cell; nothing is guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scoring.domain.directions import read_direction
from scoring.domain.models import Evaluation, IndicatorSet
from scoring.domain.numbers import NumberError, to_decimal
from scoring.domain.vocabulary import COMPUTED_SCORES
from scoring.io.documents.headings import Headings, headings, key
from scoring.io.documents.layout import At, Form, Row, Where, blank, say
from scoring.io.documents.noted import NOTE, NotedTotals
from scoring.io.documents.problems import Problem

Loc = tuple[str | int, ...]
"""A field's place in the evaluation, as pydantic names it: ("indicators", 3, "actual")."""


@dataclass
class Imported:
    """One evaluation read from a document, and where each part of it came from."""

    evaluation: Evaluation
    file: str
    table: str  # the table and its cell range: 工作表「项目自评」A1:I34
    cells: dict[Loc, Where] = field(default_factory=dict)  # a field (not of an indicator row) → its cell
    columns: dict[str, int] = field(default_factory=dict)  # an indicator field → its column
    places: dict[tuple[str, int | None], Where] = field(default_factory=dict)  # (section, index) → cell
    headings: list[tuple[str, str, Where, str]] = field(default_factory=list)  # (block, heading, cell, field)
    problems: list[Problem] = field(default_factory=list)
    printed: dict[int, Decimal] = field(default_factory=dict)  # indicator → the 得分 printed beside it
    targets: bool = False  # read from a 绩效目标表: to be filled in
    computed: bool = False  # jixiao's own table: its 得分 are computed, not the clerk's

    @property
    def source(self) -> str:
        return f"{self.file} {self.table}"

    def where(self, loc: Loc) -> Where | None:
        """The cell a field came from: ("indicators", 3, "actual") → its cell, ("funds", "annual") …"""
        if loc[:1] == ("indicators",) and len(loc) == 3 and isinstance(loc[1], int):
            row = self.places.get(("indicator", loc[1]))
            col = self.columns.get(_HEADING_OF.get(str(loc[2]), str(loc[2])))
            return None if row is None or col is None else (row[0], row[1], col)
        return self.cells.get(loc)

    def cell(self, section: str, index: int | None = None) -> str | None:
        """The cell a row of the evaluation came from (its 三级指标, its name …), said for a reviewer."""
        where = self.places.get((section, index))
        return say(where) if where is not None else None


_HEADING_OF = {"reported_score": "score", "reported_deviation": "deviation"}
"""An indicator field → the heading's field it is read from, where the two are named apart."""
_LEVEL_WEIGHT = re.compile(r"^(.*?)\s*[（(]\s*([0-9]+(?:\.[0-9]+)?)\s*分?\s*[）)]\s*$", re.S)
_YEAR = re.compile(r"((?:19|20|21)[0-9]{2})\s*年")
_FILE_YEAR = re.compile(r"(?<![0-9])((?:19|20|21)[0-9]{2})(?![0-9])")
_ITEM = r"(?:{words})\s*[0-9０-９一二三四五六七八九十]+\s*[：:、.．]"
_BARE_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,，][0-9]+)*")


def oneline(text: str) -> str:
    """A name or a short value on one line: line breaks a narrow cell forced are dropped (kept as a space
    between two Latin letters or digits)."""
    if "\n" not in text and "\r" not in text:
        return text.strip()
    parts = [part.strip() for part in re.split(r"[\r\n]+", text.strip()) if part.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        latin = out[-1:].isascii() and out[-1:].isalnum() and part[:1].isascii() and part[:1].isalnum()
        out += (" " if latin else "") + part
    return out


class _Reader:
    """Reads one form's cells into the evaluation's data, collecting problems and cell references."""

    def __init__(self, form: Form, computed: bool) -> None:
        self.form = form
        self.computed = computed
        self.ats: dict[Loc, At] = {}  # where each field came from (made into Where only for the result)
        self.places: dict[tuple[str, int | None], Where] = {}
        self.problems: list[Problem] = list(form.problems)
        self.printed: dict[int, Decimal] = {}
        self.h: Headings = headings()

    def note(self, message: str, at: At | None, *, blocking: bool = False) -> None:
        self.problems.append(Problem(message, at.ref if at is not None else None, blocking))

    # --- values -----------------------------------------------------------------------------------------

    def text(self, row: Row, name: str, loc: Loc, *, one_line: bool = True) -> str | None:
        at = row.get(name)
        if at is None:
            return None
        value = at.text
        if blank(value):
            return None
        self.ats[loc] = at
        if at.grid.percent is not None and at.grid.is_percent(at.row, at.col):
            number = at.grid.number(at.row, at.col)
            assert number is not None
            return f"{(number * 100).normalize():f}%"
        return oneline(value) if one_line else value

    def number(self, row: Row, name: str, loc: Loc, what: str, *, money: bool = False) -> Decimal | None:
        at = row.get(name)
        if at is None:
            return None
        number = at.grid.number(at.row, at.col)
        if number is None:
            text = at.text
            if blank(text):
                return None
            text = oneline(text)
            if what == "偏差度":
                text = text.rstrip("%％")
            try:
                number = to_decimal(text, money=money)
            except NumberError:
                accepted = "金额（万元），如 83.65 或 5万元" if money else "数字，如 5 或 2.5"
                self.note(f"{what}“{text}”不是数字，未读取；应为{accepted}", at)
                return None
        elif what == "偏差度" and at.grid.percent is not None and at.grid.is_percent(at.row, at.col):
            number *= 100
        self.ats[loc] = at
        return number

    # --- the header -----------------------------------------------------------------------------------------

    def header(self, year: int | None, file: str) -> dict[str, Any]:
        form = self.form
        head: dict[str, Any] = {}
        kind = form.kind
        if kind is None:
            kind = "project"
            self.note("未找到表名（项目支出/部门整体支出绩效自评表），按项目支出读取", form.first)
        head["kind"] = kind
        for name in ("name", "authority", "implementer"):
            at = form.header.get(name)
            if at is None:
                continue
            value = _after_label(at.text)
            if not blank(value):
                head[name] = oneline(value)
                self.ats[("evaluation", name)] = at
        if "name" not in head:
            fallback = Path(file).stem
            head["name"] = fallback
            self.note(f"未找到项目名称/部门名称，暂以文件名“{fallback}”为名称", form.first)
        head["year"] = self.year(year, file)
        return head

    def year(self, given: int | None, file: str) -> int | None:
        if given is not None:
            return given
        form = self.form
        at = form.header.get("year")
        texts = [_after_label(at.text) + "年"] if at is not None else []
        if form.title is not None:
            texts.append(form.title.text)
            grid, row = form.title.grid, form.title.row
            for r in range(row + 1, min(row + 3, grid.nrows)):
                texts.extend(grid.text(r, c) for c in range(grid.ncols))
        texts.extend(form.title_lines)
        for text in texts:
            match = _YEAR.search(text.replace(" ", ""))
            if match:
                if at is not None:
                    self.ats[("evaluation", "year")] = at
                return int(match.group(1))
        match = _FILE_YEAR.search(Path(file).stem)
        if match:
            self.note(f"表中未写年度，按文件名取 {match.group(1)} 年度；如不对请用 --year 指定", form.first)
            return int(match.group(1))
        self.note(
            "未找到年度（如表名下的“（2023 年度）”）；请用 --year 指定，如 --year 2023",
            form.first,
            blocking=True,
        )
        return None

    # --- blocks -------------------------------------------------------------------------------------------

    def funds(self) -> dict[str, Any] | None:
        form = self.form
        if form.funds is None:
            if form.sources:
                self.note("资金情况中没有年度资金总额（合计）行，资金来源未读取", form.sources[0]["name"])
            return None
        row = form.funds
        funds: dict[str, Any] = {}
        self.places[("funds", None)] = row["name"].where
        weight = self.number(row, "weight", ("funds", "weight"), "预算执行率分值")
        if weight is not None:
            funds["weight"] = weight
        elif not form.targets:
            self.note("资金情况未列预算执行率的分值，按 10 分计", row["name"])
        for name, what in (("initial", "年初预算数"), ("annual", "全年预算数"), ("executed", "全年执行数")):
            value = self.number(row, name, ("funds", name), what, money=True)
            if value is not None:
                funds[name] = value
        if not self.computed:
            rate = self.text(row, "rate", ("funds", "reported_rate"))
            if rate is not None:
                funds["reported_rate"] = rate
            score = self.number(row, "score", ("funds", "reported_score"), "预算执行率得分")
            if score is not None:
                funds["reported_score"] = score
        sources = []
        for index, source in enumerate(form.sources):
            loc: Loc = ("funds", "sources", index)
            item: dict[str, Any] = {"name": _source_name(source["name"].text, self.h.source_prefixes)}
            self.ats[(*loc, "name")] = source["name"]
            self.places[("sources", index)] = source["name"].where
            for name, what in (
                ("initial", "年初预算数"),
                ("annual", "全年预算数"),
                ("executed", "全年执行数"),
            ):
                value = self.number(source, name, (*loc, name), f"{item['name']}{what}", money=True)
                if value is not None:
                    item[name] = value
            if not self.computed:
                rate = self.text(source, "rate", (*loc, "reported_rate"))
                if rate is not None:
                    item["reported_rate"] = rate
            sources.append(item)
        if sources:
            funds["sources"] = sources
        return funds

    def reviews(self) -> list[dict[str, Any]]:
        found = []
        for index, row in enumerate(self.form.reviews):
            loc: Loc = ("reviews", index)
            name = oneline(row["name"].text)
            self.ats[(*loc, "name")] = row["name"]
            self.places[("review", index)] = row["name"].where
            item: dict[str, Any] = {"name": name}
            weight = self.number(row, "weight", (*loc, "weight"), f"资金管理情况「{name}」分值")
            if weight is None:
                self.note(f"资金管理情况「{name}」没有分值，按 0 分计；请补填分值", row["name"])
                weight = Decimal(0)
            item["weight"] = weight
            score = self.number(row, "score", (*loc, "score"), f"资金管理情况「{name}」得分")
            if score is not None:
                item["score"] = score
            for part in ("note", "problem"):
                item[part] = self.text(row, part, (*loc, part), one_line=False) or ""
            found.append(item)
        return found

    def items(self, block: str) -> list[dict[str, Any]]:
        """Goals or tasks; one cell holding "目标 1：… 目标 2：…" gives one item per 目标."""
        goals = block == "goals"
        rows = self.form.goals if goals else self.form.tasks
        content = "expected" if goals else "content"
        words = "|".join(re.escape(w) for w in (self.h.goals if goals else self.h.tasks).items)
        marker = re.compile(_ITEM.format(words=words))
        found: list[dict[str, Any]] = []
        for row in rows:
            name_at, text_at, actual_at = row.get("name"), row.get(content), row.get("actual")
            name = _strip_item_colon(oneline(name_at.text)) if name_at and not blank(name_at.text) else None
            body = text_at.text if text_at is not None and not blank(text_at.text) else ""
            actual = actual_at.text if actual_at is not None and not blank(actual_at.text) else ""
            if text_at is not None and actual_at is not None and actual_at.anchor_row < text_at.anchor_row:
                actual = ""  # a 完成情况 merged down from the row above belongs to that row
            pieces = _split_items(body, marker) if name is None else [(None, body)]
            first = text_at or name_at or actual_at
            for piece_name, piece in pieces:
                index = len(found)
                item: dict[str, Any] = {content: piece, "actual": actual}
                if name or piece_name:
                    item["name"] = name or piece_name
                if first is not None:
                    self.ats[(block, index, content)] = first
                    self.places[(block, index)] = first.where
                if actual_at is not None and actual:
                    self.ats[(block, index, "actual")] = actual_at
                found.append(item)
        return found

    def indicators(self, levels: dict[str, tuple[Decimal, At]]) -> list[dict[str, Any]]:
        form = self.form
        found: list[dict[str, Any]] = []
        previous = {"level1": "", "level2": ""}
        for row in form.indicators:
            index = len(found)
            loc: Loc = ("indicators", index)
            item: dict[str, Any] = {}
            for name in ("level1", "level2"):
                at = row.get(name)
                text = oneline(at.text) if at is not None and not blank(at.text) else ""
                if not text and at is not None and previous[name]:
                    text = previous[
                        name
                    ]  # a platform prints the 一级/二级 once, leaving the rows below blank
                if name == "level1" and at is not None:
                    match = _LEVEL_WEIGHT.match(text)
                    if match:
                        text = oneline(match.group(1))
                        levels.setdefault(text, (Decimal(match.group(2)), at))
                item[name] = text
                if at is not None:
                    self.ats[(*loc, name)] = at
            previous = {"level1": item["level1"], "level2": item["level2"]}
            level3 = row.get("level3")
            item["level3"] = oneline(level3.text) if level3 is not None else ""
            first = level3 or next(iter(row.values()))
            self.places[("indicator", index)] = first.where
            if level3 is not None:
                self.ats[(*loc, "level3")] = level3
            weight_at = row.get("level1_weight")
            if weight_at is not None and item["level1"] and item["level1"] not in levels:
                weight = self.number(row, "level1_weight", ("levels", item["level1"]), "一级指标分值")
                if weight is not None:
                    levels[item["level1"]] = (weight, weight_at)
            if not item["level3"]:
                path = " / ".join(p for p in (item["level1"], item["level2"]) if p)
                self.note(f"指标行（{path or '无名称'}）没有三级指标名称", first)
            item["target"] = self.target(row, loc) or ""
            direction = self.direction(row, loc)
            if direction is not None:
                item["direction"] = direction
            actual = self.value(row, "actual", (*loc, "actual"))
            if actual is not None:
                item["actual"] = actual
            weight = self.number(row, "weight", (*loc, "weight"), f"「{item['level3']}」分值")
            if weight is None and not form.targets:
                self.note(f"「{item['level3']}」没有分值，按 0 分计；请补填分值", row.get("weight") or first)
                weight = Decimal(0)
            if weight is not None:
                item["weight"] = weight
            reason = self.text(row, "reason", (*loc, "reason"), one_line=False)
            if reason is not None:
                item["reason"] = reason
            score = self.number(row, "score", (*loc, "reported_score"), f"「{item['level3']}」得分")
            if score is not None:
                self.printed[index] = score
                if not self.computed:
                    item["reported_score"] = score
            if not self.computed:
                deviation = self.number(row, "deviation", (*loc, "reported_deviation"), "偏差度")
                if deviation is not None:
                    item["reported_deviation"] = deviation
            found.append(item)
        self.check_merges(found)
        return found

    def value(self, row: Row, name: str, loc: Loc) -> str | None:
        """年度指标值 / 实际完成值, with the platform's 度量单位 after a bare number."""
        text = self.text(row, name, loc)
        if text is None:
            return None
        if "unit" in row and _BARE_NUMBER.fullmatch(text):
            unit = self.text(row, "unit", (*loc[:-1], "unit"))
            if unit:
                text += unit
        return text

    def target(self, row: Row, loc: Loc) -> str | None:
        """年度指标值; a platform's 计算符号 (or 指标性质) is put before a number."""
        text = self.value(row, "target", (*loc, "target"))
        if text is None:
            return None
        operator = None
        for name in ("operator", "nature"):
            word = self.text(row, name, (*loc, name)) if name in row else None
            if word is not None and operator is None:
                operator = self.h.operators.get(key(word))
                if operator is None and name == "operator":
                    self.note(f"计算符号“{word}”无法识别，未加到指标值前；可用 ≥、≤、=、定性", row[name])
        if operator and _BARE_NUMBER.match(text):
            text = operator + text
        return text

    def direction(self, row: Row, loc: Loc) -> str | None:
        """The row's 指标方向 as printed: the first 计算符号 / 指标性质 cell that names one (正向, 大于等于,
        ≤ …; 定量 or — names none). It decides the rule; an operator in 年度指标值 against it is a finding."""
        for name in ("operator", "nature"):
            at = row.get(name)
            if at is not None and read_direction(oneline(at.text)) is not None:
                return self.text(row, name, (*loc, "direction"))
        return None

    def check_merges(self, items: list[dict[str, Any]]) -> None:
        """A 一级 merged over a row whose 二级 belongs to another 一级, or a 二级 merged across two 一级."""
        rows = self.form.indicators
        for index, (row, item) in enumerate(zip(rows, items, strict=True)):
            level1, level2 = row.get("level1"), row.get("level2")
            if level1 is None:
                continue
            merged = not level1.grid.is_anchor(level1.row, level1.col)
            family = self.h.families.get(key(item["level2"])) if item["level2"] else None
            own = key(item["level1"])
            if merged and family is not None and own in self.h.families.values() and family != own:
                self.note(
                    f"一级指标「{item['level1']}」的合并单元格盖住了“{item['level3']}”这一行，而它的二级指标"
                    f"「{item['level2']}」属于{family}：一级指标合并的行不对；请改正合并（每行对应正确的一级指标）后再导入",
                    level1,
                    blocking=True,
                )
            if level2 is None or index == 0 or level2.grid.is_anchor(level2.row, level2.col):
                continue
            previous = rows[index - 1].get("level2")
            if (
                previous is not None
                and previous.grid is level2.grid
                and previous.grid.anchor(previous.row, previous.col)
                == level2.grid.anchor(level2.row, level2.col)
                and items[index - 1]["level1"] != item["level1"]
            ):
                above = items[index - 1]["level1"]
                self.note(
                    f"二级指标「{item['level2']}」的合并单元格跨过了两个一级指标（「{above}」"
                    f"和「{item['level1']}」）：一级或二级指标合并的行不对；请改正合并后再导入",
                    level2,
                    blocking=True,
                )

    def total(self, name: str, noted: NotedTotals | None) -> Decimal | None:
        """The clerk's 总分: printed in the 总分 row, or in jixiao's own file (whose 总分 row is computed)
        noted in its 问题清单, or (as jixiao once wrote it) in the note right under the table."""
        form = self.form
        if form.total is not None:
            self.places[("total", None)] = form.total["label"].where
        if noted is not None:
            return noted.take(name)
        for note in form.notes:
            match = NOTE.search(note)
            if match:
                return Decimal(match.group("total")) if match.group("total") else None
        if form.total is None or self.computed:
            return None
        return self.number(form.total, "score", ("evaluation", "reported_total"), "总分")


def _after_label(text: str) -> str:
    """The value of "项目名称：农村公路养护" (the whole text when it carries no label)."""
    match = re.match(r"^\s*[^:：\n]{2,12}\s*[:：]\s*(.+)$", text, re.S)
    return match.group(1).strip() if match else text.strip()


def _source_name(text: str, prefixes: tuple[str, ...]) -> str:
    name = oneline(text)
    for prefix in prefixes:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :].lstrip("：: ")
    return name


def _strip_item_colon(text: str) -> str:
    return text.rstrip("：:、.． ")


def _split_items(text: str, marker: re.Pattern[str]) -> list[tuple[str | None, str]]:
    """One item per "目标 N：" that starts a line or sentence: "目标 1：甲。目标 2：乙。" gives
    [("目标 1", "甲。"), ("目标 2", "乙。")]; text without such markers is one item, unnamed."""
    starts = [m for m in marker.finditer(text) if m.start() == 0 or text[m.start() - 1] in "\n\r。；;. "]
    if not starts or starts[0].start() != 0:
        return [(None, text)]
    items: list[tuple[str | None, str]] = []
    for here, after in zip(starts, [*starts[1:], None], strict=True):
        body = text[here.end() : after.start() if after else len(text)].strip()
        items.append((_strip_item_colon(here.group(0)), body))
    return items


def is_jixiao_export(form: Form) -> bool:
    """jixiao's own tables print the computed 得分 (the file says jixiao wrote it, the note under the
    table says the 得分 are computed): they are not the clerk's printed figures."""
    made_by = form.first.grid.made_by if form.first is not None else ""
    return made_by == "jixiao" or any(COMPUTED_SCORES in note for note in form.notes)


def to_evaluation(
    form: Form,
    file: str,
    *,
    year: int | None = None,
    indicator_set: IndicatorSet | None = None,
    set_ref: str | None = None,
    noted: NotedTotals | None = None,
) -> Imported | list[Problem]:
    """The evaluation a form holds, or the blocking problems that keep it from being used. ``noted``: the
    填报总分 the 问题清单 of a file jixiao wrote notes, by evaluation name."""
    computed = is_jixiao_export(form)
    reader = _Reader(form, computed)
    heading = form.indicator_heading
    if not form.indicators:
        if heading is not None:
            message = "绩效指标表头下没有指标行（只有表头）"
        else:
            message = (
                "看起来是自评表，但没有找到绩效指标表头（应有 三级指标、年度指标值 或 指标值、分值 等列）"
            )
        reader.note(message, heading or form.title or form.first, blocking=True)
        return [p for p in reader.problems if p.blocking]
    if (
        not any(name == "weight" for block, _at, name in form.headings if block == "indicators")
        and not form.targets
    ):
        reader.note("绩效指标表头缺少“分值”（或 权重）列，无法计分", heading, blocking=True)
    header = reader.header(year, file)
    data: dict[str, Any] = {"evaluation": header, "funds": reader.funds()}
    levels: dict[str, tuple[Decimal, At]] = {}
    for text, at in form.level_weights:
        weight = reader.number({"w": at}, "w", ("levels", text), "一级指标分值")
        if weight is not None and text:
            levels[oneline(text)] = (weight, at)
    data["indicators"] = reader.indicators(levels)
    data["levels"] = [{"level1": name, "weight": weight} for name, (weight, _at) in levels.items()]
    for index, (_w, at) in enumerate(levels.values()):
        reader.ats[("levels", index, "weight")] = at
    data["goals"] = reader.items("goals")
    data["tasks"] = reader.items("tasks")
    data["reviews"] = reader.reviews()
    reported_total = reader.total(header["name"], noted)
    if reported_total is not None:
        header["reported_total"] = reported_total
    if set_ref:
        header["set"] = set_ref
    if form.targets:
        _fill_from_set(data, indicator_set, reader)
    table = _range(form)
    header["source"] = f"{Path(file).name} {table}".strip()
    if any(p.blocking for p in reader.problems):
        return [p for p in reader.problems if p.blocking]
    evaluation = _validate(data, reader)
    if evaluation is None:
        return [p for p in reader.problems if p.blocking]
    first = form.title or form.first
    if first is not None:
        reader.places.setdefault(("header", None), first.where)
    return Imported(
        evaluation=evaluation,
        file=file,
        table=table,
        cells={loc: at.where for loc, at in reader.ats.items() if loc[0] != "indicators"},
        columns={name: col for block, at, name in form.headings if block == "indicators" for col in [at.col]},
        places=reader.places,
        headings=[(block, oneline(at.text), at.where, name) for block, at, name in form.headings],
        problems=reader.problems,
        printed=reader.printed,
        targets=form.targets,
        computed=computed,
    )


def _range(form: Form) -> str:
    first, last = form.first, form.last
    if first is None or last is None:
        return ""
    top = (
        min(first.row, form.title.row)
        if form.title is not None and form.title.grid is first.grid
        else first.row
    )
    if first.grid is last.grid:
        return first.grid.range_ref(top, last.row, form.left or 0, form.right)
    return f"{first.grid.ref(top)} 至 {last.grid.ref(last.row)}"


def _fill_from_set(data: dict[str, Any], indicator_set: IndicatorSet | None, reader: _Reader) -> None:
    """A 绩效目标表: weights from the table, or where it prints none, from the set the user named."""
    rows = data["indicators"]
    missing = [row for row in rows if "weight" not in row]
    if indicator_set is None:
        if missing:
            reader.note(
                "绩效目标表未列分值：请用 --set 指定指标模板（如 --set henan-project），按模板的分值导入",
                reader.form.indicator_heading,
                blocking=True,
            )
        return
    if indicator_set.funds is not None:
        if data.get("funds") is not None:
            data["funds"].setdefault("weight", indicator_set.funds.weight)
        else:
            data["funds"] = {"weight": indicator_set.funds.weight}
    if not data["reviews"]:
        data["reviews"] = [review.model_dump(exclude_none=True) for review in indicator_set.reviews]
    if not data["levels"]:
        data["levels"] = [level.model_dump() for level in indicator_set.levels]
    by_name = {key(row.level3): row.weight for row in indicator_set.indicators}
    declared = {key(level["level1"]): level["weight"] for level in data["levels"]}
    for level1 in dict.fromkeys(row["level1"] for row in missing):
        group = [row for row in missing if row["level1"] == level1]
        for row in group:
            if key(row["level3"]) in by_name:
                row["weight"] = by_name[key(row["level3"])]
        unnamed = [row for row in group if "weight" not in row]
        if not unnamed:
            continue
        total = declared.get(key(level1))
        if total is None:
            for row in unnamed:
                row["weight"] = Decimal(0)
            reader.note(
                f"模板中没有一级指标「{level1}」的分值，其下指标按 0 分计；请补填分值", reader.form.first
            )
            continue
        taken = sum(
            (row["weight"] for row in rows if row["level1"] == level1 and "weight" in row), Decimal(0)
        )
        shares = _shares(max(total - taken, Decimal(0)), len(unnamed))
        for row, share in zip(unnamed, shares, strict=True):
            row["weight"] = share
        reader.note(
            f"一级指标「{level1}」的 {len(unnamed)} 个指标没有分值，按模板中该一级的分值 {total} 平均分配"
            f"（{'、'.join(str(s) for s in shares)}）；请核对",
            reader.form.indicator_heading,
        )


def _shares(total: Decimal, count: int) -> list[Decimal]:
    """``total`` split into ``count`` parts of two decimals that add up exactly (the first ones larger)."""
    cents = int(total * 100)
    base, extra = divmod(cents, count)
    return [Decimal(base + (1 if index < extra else 0)).scaleb(-2).normalize() for index in range(count)]


def _validate(data: dict[str, Any], reader: _Reader) -> Evaluation | None:
    """The model from the data; a value it refuses is dropped (a 分值 set to 0) with a problem at its cell."""
    from scoring.io.toml_read import describe_error

    for _attempt in range(10):
        try:
            return Evaluation.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc, message = describe_error(Evaluation, error)
                at = reader.ats.get(loc)
                cell = at.ref if at is not None else None
                dropped = _drop(data, loc)
                reader.problems.append(
                    Problem(message + ("（未读取）" if dropped else ""), cell, not dropped)
                )
                if not dropped:
                    return None
    return None


def _drop(data: dict[str, Any], loc: Loc) -> bool:
    """Remove the value at ``loc`` (a required 分值 becomes 0); False when it cannot be removed."""
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if not isinstance(parent, dict) or last not in parent:
        return False
    if last == "weight":
        if parent[last] == 0:
            return False
        parent[last] = Decimal(0)
    elif last in ("name", "level1", "level3", "kind", "year"):
        return False
    else:
        del parent[last]
    return True

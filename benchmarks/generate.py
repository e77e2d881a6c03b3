"""Realistic synthetic evaluations for benchmarks and the file/table equivalence test.

Every target form of docs/rules.md appears (operators and words, full-width forms, units with scale, ranges,
deadlines, qualitative targets), with actuals that meet, fall short, over-achieve, are judged, or are not
applicable. The same evaluations can be written as TOML files or as one long table (docs/formats.md §5).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w

from scoring.core.long_table import REQUIRED

# (level1, level2, level3, target, [actuals...]) — actuals chosen at random; "NA" marks not applicable,
# ("tier", score) a qualitative verdict with the evaluator's score.
ROWS: list[tuple[str, str, str, str, list[Any]]] = [
    (
        "产出指标",
        "数量指标",
        "培训人次",
        "≥1200人次",
        ["1200人次", "1320人次", "980人次", "1500人次", "1,250人次"],
    ),
    ("产出指标", "数量指标", "新建村道里程", "不少于15公里", ["15公里", "16.2公里", "12公里", "19.5公里"]),
    ("产出指标", "数量指标", "设备采购数量", "=112套", ["112套", "110套", "0套"]),
    ("产出指标", "数量指标", "覆盖乡镇数", "１２个", ["12个", "11个", "１２个"]),
    ("产出指标", "质量指标", "验收合格率", "≥95%", ["100%", "96.5%", "88%", "≥95%"]),
    ("产出指标", "质量指标", "设备完好率", "不低于９８％", ["99%", "98%", "93.1%"]),
    ("产出指标", "质量指标", "资金使用偏差率", "90%-110%", ["100%", "85%", "118%"]),
    (
        "产出指标",
        "时效指标",
        "项目完成时间",
        "2023年9月底前",
        ["2023年9月20日", "2023年10月15日", "6%", "80%", "按时完成"],
    ),
    ("产出指标", "时效指标", "资金拨付时间", "12月31日前", ["2023年12月20日", "2024年1月10日", "100%"]),
    ("产出指标", "时效指标", "响应时间", "≤4小时", ["3小时", "4小时", "10小时", "0.5天"]),
    ("产出指标", "成本指标", "项目总成本", "≤83.65万元", ["80万元", "836500元", "90万元", "83.65"]),
    ("产出指标", "成本指标", "单位造价", "控制在120万元以内", ["118万元", "126万元"]),
    ("效益指标", "经济效益指标", "带动增收", "≥1000元", ["1000元", "1260元", "900元"]),
    (
        "效益指标",
        "社会效益指标",
        "政务服务效率",
        "显著提升",
        ["显著提升", "达成预期", ("部分达成", "0.7"), "已完成"],
    ),
    ("效益指标", "社会效益指标", "群众办事便利度", "明显", ["明显", ("部分达成", "0.65"), ("未达成", "0.3")]),
    ("效益指标", "社会效益指标", "信息公开率", "=100%", ["=100%", "100%", "95%"]),
    ("效益指标", "生态效益指标", "污染排放减少率", "≥5%", ["5%", "6.1%", "3%", "NA"]),
    ("效益指标", "可持续影响指标", "长效管护机制", "健全", ["健全", "基本健全", ("部分达成", "0.75")]),
    ("效益指标", "可持续影响指标", "投诉率", "≤2‰", ["1‰", "0.2%", "3‰"]),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", ["95%", "92.3%", "85%", "≥90%"]),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "不低于85%", ["90%", "86%", "80%"]),
]
# weights per row (sum to 90 with funds 10)
WEIGHTS = [5, 5, 5, 3, 5, 4, 3, 4, 3, 3, 4, 3, 5, 8, 5, 4, 3, 3, 3, 7, 5]
assert sum(WEIGHTS) == 90 and len(WEIGHTS) == len(ROWS)


AUTHORITIES = ["青禾县交通运输局", "青禾县农业农村局", "青禾县卫生健康委员会", "青禾县教育局"]
"""The 主管部门 the generated projects belong to, in turn (no draw from the random stream)."""


def evaluations(count: int, seed: int = 7, rows_per: int | None = None) -> Iterator[dict[str, Any]]:
    """``count`` evaluations as dicts in the evaluation-file layout."""
    rnd = random.Random(seed)
    for number in range(count):
        annual = round(rnd.uniform(5, 5000), 2)
        executed = round(annual * rnd.choice([1, 1, 0.98, 0.9, 0.75, 0.4]), 2)
        indicators = []
        chosen = list(zip(ROWS, WEIGHTS, strict=True))
        if rows_per is not None:  # cycle the templates; weights spread so the rows still make 90
            spread = [90 // rows_per + (1 if i < 90 % rows_per else 0) for i in range(rows_per)]
            chosen = [(ROWS[i % len(ROWS)], spread[i]) for i in range(rows_per)]
        for (level1, level2, level3, target, actuals), weight in chosen:
            actual = rnd.choice(actuals)
            row: dict[str, Any] = {"level1": level1, "level2": level2, "level3": level3, "target": target}
            if actual == "NA":
                row |= {"actual": "", "weight": weight, "applicable": False, "reason": "本年度未涉及"}
            elif isinstance(actual, tuple):
                tier, share = actual
                row |= {
                    "actual": tier,
                    "weight": weight,
                    "tier": tier,
                    "score": round(weight * float(share), 2),
                    "reason": "部分乡镇尚未覆盖",
                }
            else:
                row |= {"actual": actual, "weight": weight}
                if rnd.random() < 0.5:
                    row["reason"] = "按计划推进"
            if rnd.random() < 0.3:
                row["reported_score"] = weight
            indicators.append(row)
        authority = AUTHORITIES[number % len(AUTHORITIES)]
        yield {
            "evaluation": {
                "kind": "project",
                "year": 2023,
                "name": f"项目{number:06d}",
                "authority": authority,
            },
            "funds": {"weight": 10, "annual": annual, "executed": executed},
            "indicators": indicators,
        }


def write_files(folder: Path, count: int, seed: int = 7, rows_per: int | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, data in enumerate(evaluations(count, seed, rows_per)):
        path = folder / f"eval-{number:06d}.toml"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


TABLE_COLUMNS = [
    *REQUIRED,
    "tier",
    "score",
    "applicable",
    "reported_score",
    "funds_weight",
    "annual",
    "executed",
    "authority",
]


def table_rows(items: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The evaluations as the columns of one long table."""
    columns: dict[str, list[Any]] = {name: [] for name in TABLE_COLUMNS}
    for data in items:
        head, funds = data["evaluation"], data["funds"]
        for row in data["indicators"]:
            values = {
                "evaluation_id": head["name"],
                "kind": head["kind"],
                "name": head["name"],
                "authority": head["authority"],
                "year": head["year"],
                "funds_weight": str(funds["weight"]),
                "annual": str(funds["annual"]),
                "executed": str(funds["executed"]),
                "level1": row["level1"],
                "level2": row["level2"],
                "level3": row["level3"],
                "target": row["target"],
                "actual": row.get("actual"),
                "weight": str(row["weight"]),
                "reason": row.get("reason"),
                "tier": row.get("tier"),
                "score": None if "score" not in row else str(row["score"]),
                "applicable": row.get("applicable", True),
                "reported_score": None if "reported_score" not in row else str(row["reported_score"]),
            }
            for name in TABLE_COLUMNS:
                columns[name].append(values[name])
    return columns


# --- a province-sized long table, generated column-wise ------------------------------------------

# numeric variation per template: (low, span, unit) → actual = low + random(span) with the unit, so the
# table holds many distinct actual values, as real tables do
VARIATION: dict[str, tuple[int, int, str]] = {
    "培训人次": (900, 700, "人次"),
    "新建村道里程": (10, 12, "公里"),
    "验收合格率": (85, 16, "%"),
    "响应时间": (1, 9, "小时"),
    "项目总成本": (70, 25, "万元"),
    "带动增收": (800, 600, "元"),
    "服务对象满意度": (80, 21, "%"),
    "群众满意度": (78, 23, "%"),
}
WEIGHTS_25 = [4] * 15 + [3] * 10


def big_table(evaluations_count: int, seed: int = 5) -> Any:
    """``evaluations_count`` × 25 rows as a polars DataFrame in the long-table layout (docs/formats.md §5)."""
    import polars as pl

    rows_per = 25
    templates = [ROWS[i % len(ROWS)] for i in range(rows_per)]
    actual_lists = [[a if isinstance(a, str) else a[0] for a in t[4]] for t in templates]
    total = evaluations_count * rows_per
    index = pl.int_range(total, dtype=pl.Int64)
    # pseudo-random but reproducible: hashes of the row number
    base = pl.DataFrame().select(
        ev=index // rows_per,
        slot=index % rows_per,
        pick=(index.hash(seed) % (1 << 30)).cast(pl.Int64),
        vary=(index.hash(seed + 1) % (1 << 30)).cast(pl.Int64),
    )
    tmpl = pl.DataFrame(
        {
            "slot": list(range(rows_per)),
            "level1": [t[0] for t in templates],
            "level2": [t[1] for t in templates],
            "level3": [t[2] for t in templates],
            "target": [t[3] for t in templates],
            "choices": actual_lists,
            "weight": [str(w) for w in WEIGHTS_25],
            "v_low": [VARIATION.get(t[2], (None, None, None))[0] for t in templates],
            "v_span": [VARIATION.get(t[2], (None, None, None))[1] for t in templates],
            "v_unit": [VARIATION.get(t[2], (None, None, None))[2] for t in templates],
        }
    )
    shares = pl.Series([100, 100, 98, 90, 75, 40])
    ev_index = pl.int_range(evaluations_count, dtype=pl.Int64)
    funds = (
        pl.DataFrame()
        .select(
            ev=ev_index,
            a=(ev_index.hash(seed + 2) % 49_999_500 + 500).cast(pl.Int64),  # in 0.01 万元
            s=pl.lit(shares).get((ev_index.hash(seed + 3) % 6).cast(pl.Int64)).cast(pl.Int64),
        )
        .with_columns(
            annual=(pl.col("a") // 100).cast(pl.String)
            + "."
            + (pl.col("a") % 100).cast(pl.String).str.zfill(2),
            executed=((pl.col("a") * pl.col("s")) // 10000).cast(pl.String)
            + "."
            + (((pl.col("a") * pl.col("s")) // 100) % 100).cast(pl.String).str.zfill(2),
        )
    )
    c = pl.col
    frame = (
        base.join(tmpl, on="slot", how="left")
        .join(funds.select("ev", "annual", "executed"), on="ev", how="left")
        .with_columns(
            actual=pl.when(c("v_low").is_not_null() & (c("vary") % 3 == 0))
            .then((c("v_low") + c("vary") // 3 % c("v_span")).cast(pl.String) + c("v_unit"))
            .otherwise(c("choices").list.get(c("pick") % c("choices").list.len())),
            evaluation_id=pl.lit("E") + c("ev").cast(pl.String).str.zfill(7),
            reason=pl.when(c("pick") % 2 == 0).then(pl.lit("按计划推进")).otherwise(None),
            reported_score=pl.when(c("pick") % 10 < 3).then(c("weight")).otherwise(None),
        )
    )
    return frame.select(
        "evaluation_id",
        kind=pl.lit("project"),
        name=pl.lit("项目") + c("evaluation_id"),
        year=pl.lit("2023"),
        level1="level1",
        level2="level2",
        level3="level3",
        target="target",
        actual="actual",
        weight="weight",
        reason="reason",
        reported_score="reported_score",
        funds_weight=pl.lit("10"),
        annual="annual",
        executed="executed",
    )

"""Evaluations to fill in (``jixiao new``): from an indicator set, or from last year's evaluation."""

from __future__ import annotations

import datetime

from scoring.domain.models import YEARS, Evaluation, EvaluationHeader, Funds, IndicatorSet
from scoring.domain.vocabulary import NAME_TO_FILL


def evaluation_from_set(indicator_set: IndicatorSet, set_ref: str, year: int | None = None) -> Evaluation:
    head = indicator_set.set
    return Evaluation(
        evaluation=EvaluationHeader(
            kind=head.kind,
            year=year or datetime.date.today().year - 1,
            name=NAME_TO_FILL,
            set=set_ref,
        ),
        funds=indicator_set.funds,
        goals=indicator_set.goals,
        tasks=indicator_set.tasks,
        reviews=indicator_set.reviews,
        indicators=[row.model_copy() for row in indicator_set.indicators],
    )


def next_year(last: Evaluation) -> Evaluation:
    """Next year's evaluation from this year's: the structure, 年度指标值, 分值, goals and tasks as planned,
    the rules and the fund sources carried; what was done, scored, judged and explained cleared; the year
    one on (deadlines written in a 年度指标值, such as 2023年9月前, are the evaluator's to move)."""
    head = last.evaluation
    year = head.year + 1 if head.year + 1 in YEARS else head.year
    funds = last.funds
    return last.model_copy(
        update={
            "evaluation": head.model_copy(update={"year": year, "reported_total": None, "source": None}),
            "funds": None
            if funds is None
            else Funds(
                weight=funds.weight,
                sources=[source.model_copy(update=_CLEARED_SOURCE) for source in funds.sources],
            ),
            "goals": [goal.model_copy(update={"actual": ""}) for goal in last.goals],
            "tasks": [task.model_copy(update={"actual": ""}) for task in last.tasks],
            "reviews": [item.model_copy(update=_CLEARED_REVIEW) for item in last.reviews],
            "indicators": [row.model_copy(update=_CLEARED_ROW) for row in last.indicators],
            "levels": [level.model_copy() for level in last.levels],
        },
        deep=True,
    )


_CLEARED_REVIEW = {"score": None, "note": "", "problem": ""}
_CLEARED_SOURCE = {"initial": None, "annual": None, "executed": None, "reported_rate": None}
_CLEARED_ROW = {
    "actual": None,
    "reason": None,
    "reported_score": None,
    "reported_deviation": None,
    "tier": None,
    "score": None,
    "applicable": True,
    "target_too_low": False,
}

"""Turning an indicator set into an evaluation file to fill in (``jixiao new``)."""

from __future__ import annotations

import datetime

from scoring.domain.models import Evaluation, EvaluationHeader, IndicatorSet


def evaluation_from_set(indicator_set: IndicatorSet, set_ref: str, year: int | None = None) -> Evaluation:
    head = indicator_set.set
    return Evaluation(
        evaluation=EvaluationHeader(
            kind=head.kind,
            year=year or datetime.date.today().year - 1,
            name="（请填写名称）",
            set=set_ref,
        ),
        funds=indicator_set.funds,
        goals=indicator_set.goals,
        tasks=indicator_set.tasks,
        reviews=indicator_set.reviews,
        indicators=[row.model_copy() for row in indicator_set.indicators],
    )

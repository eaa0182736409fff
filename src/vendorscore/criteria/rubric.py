"""The `rubric` kind: evaluators' scores on a scale, aggregated by mean or median."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from vendorscore.criteria.base import CriterionBase, Kind, RawContext, RawValue, Sample
from vendorscore.formatting import fmt_num
from vendorscore.models.common import FiniteFloat, Percent
from vendorscore.models.scores import ScoresFile, score_value
from vendorscore.models.vendor import Vendor


class RubricCriterion(CriterionBase):
    """Evaluators' scores on a scale, aggregated by mean or median."""

    kind: Literal["rubric"]
    scale: tuple[FiniteFloat, FiniteFloat] = Field(
        (1.0, 5.0),
        strict=False,
        description="[lowest, highest] score on the rubric (default [1, 5]).",
    )
    aggregate: Literal["mean", "median"] = Field("mean", description="How scores combine.")
    uncertainty: Literal["evaluators"] | None = Field(
        None,
        description="evaluators: the uncertainty analysis draws one evaluator's score per "
        "sample instead of the aggregate.",
    )
    disagreement: Percent = Field(
        30.0, description="Flag when evaluators' spread is at least this % of the scale range."
    )

    @field_validator("scale")
    @classmethod
    def _scale(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not value[0] < value[1]:
            raise PydanticCustomError(
                "bad-scale",
                "scale must be [lowest, highest] with lowest < highest, got [{a}, {b}]",
                {"a": fmt_num(value[0]), "b": fmt_num(value[1])},
            )
        return value


@dataclass(frozen=True)
class RubricValue(RawValue):
    """The aggregated score, the evaluators' scores behind it, and whether it was moderated."""

    scores: tuple[tuple[str, float], ...] = ()
    consensus: bool = False
    disagreement: bool = False


def rubric(criterion: RubricCriterion, vendor_id: str, sheets: Sequence[ScoresFile]) -> RubricValue:
    """Mean (or median) of the evaluators' scores; consensus sheets replace the aggregate."""
    scores: list[tuple[str, float]] = []
    agreed: list[float] = []
    for sheet in sheets:
        entry = sheet.scores.get(vendor_id, {}).get(criterion.id)
        if entry is None:
            continue
        if sheet.consensus:
            agreed.append(score_value(entry))
        else:
            scores.append((sheet.evaluator, score_value(entry)))
    values = [v for _, v in scores]
    low, high = criterion.scale
    spread = max(values) - min(values) if len(values) > 1 else 0.0
    threshold = criterion.disagreement / 100 * (high - low)
    # equal scores never disagree; a spread equal to the threshold up to rounding does
    flagged = spread > 0 and (spread >= threshold or math.isclose(spread, threshold, rel_tol=1e-9))
    if agreed:
        value: float | None = _mean(agreed)
    elif values:
        value = _median(values) if criterion.aggregate == "median" else _mean(values)
    else:
        value = None
    return RubricValue(value, (), tuple(sorted(scores)), bool(agreed), flagged)


def _mean(values: Sequence[float]) -> float:
    """``statistics.fmean`` (a correctly rounded sum over the count), without importing the
    statistics module (~7 ms of every ``rank``)."""
    return math.fsum(values) / len(values)


def _median(values: Sequence[float]) -> float:
    """``statistics.median``: the middle value, or the mean of the two middle ones."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _column(
    criterion: RubricCriterion, vendors: Sequence[Vendor], ctx: RawContext
) -> list[RubricValue]:
    return [rubric(criterion, v.id, ctx.scores) for v in vendors]


def sampled_rubric(
    criterion: RubricCriterion, vendor: Vendor, sample: Sample, ctx: RawContext
) -> Any:
    """One evaluator's score per sample (``uncertainty: evaluators``), else None."""
    return sample.evaluators.get(criterion.id)


def _scale(criterion: RubricCriterion) -> tuple[float, float]:
    return criterion.scale


KIND = Kind(
    name="rubric",
    model=RubricCriterion,
    summary=(
        "mean (or median) of the evaluators' scores; a `consensus: true` sheet replaces it; a "
        "spread ≥ `disagreement` % of the scale is flagged"
    ),
    raw=_column,
    unit=lambda criterion, currency: "points",
    scale=_scale,
    sampled=sampled_rubric,
)

"""What the criteria file implies before any vendor is scored: value functions, units,
effective weights."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.base import Absolute, CriterionBase, MinMax, Piecewise, Ratio
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.registry import kind_of
from vendorscore.errors import UnknownWeight, UsageError
from vendorscore.formatting import amount, fmt_num
from vendorscore.models.limits import MAX_MAGNITUDE
from vendorscore.scoring.utility import ValueFunction

Array = NDArray[np.float64]


def unit_of(criterion: CriterionBase, currency: str) -> str:
    """The unit of a criterion's raw value."""
    return kind_of(criterion).unit(criterion, currency)


def value_function(criterion: CriterionBase) -> ValueFunction:
    """The criterion's value function with the defaults of SPEC §4.2 filled in: min-max for
    kinds without a natural scale, absolute over the natural scale for the others."""
    higher = criterion.better() == "higher"
    scoring = criterion.scoring
    scale = kind_of(criterion).scale
    if scoring is None:
        if scale is None:
            return ValueFunction("min_max", higher)
        scoring = Absolute(method="absolute")
    if isinstance(scoring, MinMax):
        return ValueFunction("min_max", higher)
    if isinstance(scoring, Ratio):
        return ValueFunction("ratio", higher)
    if isinstance(scoring, Piecewise):
        xs, us = zip(*scoring.points, strict=True)
        return ValueFunction("piecewise", higher, xs=tuple(xs), us=tuple(us))
    low, high = scale(criterion) if scale is not None else (0.0, 100.0)
    best = scoring.best if scoring.best is not None else high
    worst = scoring.worst if scoring.worst is not None else low
    return ValueFunction("absolute", higher, best=best, worst=worst)


def describe(fn: ValueFunction, unit: str) -> str:
    """One line saying how a criterion is scored."""
    if fn.method == "min_max":
        return "min-max over the ranked vendors (relative)"
    if fn.method == "ratio":
        return (
            "x / highest" if fn.higher else "lowest / x"
        ) + " over the ranked vendors (relative)"
    if fn.method == "absolute":
        assert fn.best is not None
        assert fn.worst is not None
        worst, best = amount(fn.worst, unit), amount(fn.best, unit)
        return f"absolute: worst {worst} = 0, best {best} = 1"
    points = ", ".join(f"{fmt_num(x)} → {fmt_num(u)}" for x, u in zip(fn.xs, fn.us, strict=True))
    return f"piecewise: {points}"


def apply_overrides(
    criteria: CriteriaFile, overrides: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, float]]:
    """The criteria's and the groups' nominal weights with ``--weight`` overrides applied (a
    key naming both a criterion and a group sets the criterion's); UsageError for a weight
    out of range, UnknownWeight for a key that names neither."""
    groups = dict(criteria.groups or {})
    nominal = {c.id: c.weight for c in criteria.criteria}
    for key, value in overrides.items():
        if not 0 <= value < MAX_MAGNITUDE:
            raise UsageError(
                f"--weight {key}={fmt_num(value)}: a weight must be >= 0 and below 1e15"
            )
        if key in nominal:
            nominal[key] = value
        elif key in groups:
            groups[key] = value
        else:
            raise UnknownWeight(key)
    return nominal, groups


def effective_weights(criteria: CriteriaFile, overrides: Mapping[str, float]) -> Array:
    """w_j = group share x share within the group (or share of the total), summing to 1."""
    nominal, groups = apply_overrides(criteria, overrides)
    top = {name: w for name, w in groups.items()}
    top.update({c.id: nominal[c.id] for c in criteria.criteria if c.group is None})
    total = sum(top.values())
    if total <= 0:
        raise UsageError("every weight is 0: nothing would be scored")
    out = np.zeros(len(criteria.criteria))
    for j, c in enumerate(criteria.criteria):
        if c.group is None:
            out[j] = nominal[c.id] / total
        else:
            inside = sum(nominal[o.id] for o in criteria.criteria if o.group == c.group)
            out[j] = groups[c.group] / total * (nominal[c.id] / inside) if inside > 0 else 0.0
    if out.sum() <= 0:
        raise UsageError("every criterion weight is 0: nothing would be scored")
    return np.asarray(out / out.sum(), dtype=np.float64)

"""The numeric state of a ranking, and re-scoring it under other weights or methods.

The analysis (explain, stability, SMAA, leave-one-out) works on these matrices only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from vendorscore.models.choices import Method
from vendorscore.models.results import Ranking
from vendorscore.scoring import methods
from vendorscore.scoring.ranking import rank
from vendorscore.scoring.utility import ValueFunction, utilities

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass
class Evaluation:
    """Everything computed for one ranking; the analysis re-scores from these matrices."""

    ranking: Ranking
    method: Method
    weights: Array  # effective weights of the criteria, sum 1
    ranked_ids: tuple[str, ...]  # rows of the matrices below, in input (id) order
    utilities: Array  # ranked vendors x criteria
    used: Mask  # False where the `ignore` policy dropped a criterion for a vendor
    raw: Array  # ranked vendors x criteria, missing filled as TOPSIS needs
    higher: Mask  # per criterion: is higher raw better
    topsis_on_utilities: bool
    tie_breakers: tuple[int, ...] = field(default=())
    values: Array = field(default_factory=lambda: np.zeros((0, 0)))  # raw, NaN where missing
    functions: tuple[ValueFunction, ...] = ()

    def rescore(self, weights: Array, method: Method | None = None) -> Array:
        """Scores of the ranked vendors under other effective weights (and/or method)."""
        return score(
            method or self.method,
            self.utilities,
            row_weights(weights, self.used),
            self.raw,
            self.higher,
            self.used,
            self.topsis_on_utilities,
        )

    def order(self, scores: Array, rows: Sequence[int] | None = None) -> list[tuple[int, int]]:
        """``rank`` of the given rows (default all) under these scores: [(row, rank), ...]."""
        keep = list(range(len(self.ranked_ids))) if rows is None else list(rows)
        ids = [self.ranked_ids[r] for r in keep]
        breakers = [[float(self.utilities[r, j]) for j in self.tie_breakers] for r in keep]
        return [
            (keep[i], position)
            for i, position in rank(ids, [float(scores[r]) for r in keep], breakers)
        ]

    def without(self, row: int) -> tuple[list[int], Array]:
        """Rows kept and their scores when the vendor at ``row`` is removed: relative value
        functions are recomputed over the vendors that remain (SPEC §5 leave-one-out)."""
        keep = [r for r in range(len(self.ranked_ids)) if r != row]
        x = self.values[keep]
        present = ~np.isnan(x)
        u = np.zeros_like(x)
        for j, fn in enumerate(self.functions):
            u[:, j], _ = utilities(fn, x[:, j], present[:, j])
        used = self.used[keep]
        raw = fill_worst(x, present, self.higher)
        out = np.full(len(self.ranked_ids), np.nan)
        out[keep] = score(
            self.method,
            u,
            row_weights(self.weights, used),
            raw,
            self.higher,
            used,
            self.topsis_on_utilities,
        )
        return keep, out


def row_weights(w: Array, used: Mask) -> Array:
    if used.all():
        return w
    rows = np.where(used, w, 0.0)
    sums = rows.sum(axis=1, keepdims=True)
    return np.asarray(
        np.divide(rows, sums, out=np.zeros_like(rows), where=sums > 0), dtype=np.float64
    )


def fill_worst(x: Array, present: Mask, higher: Mask) -> Array:
    """For TOPSIS, a missing raw value becomes the worst value among the others (SPEC §4.4)."""
    filled: Array = x.copy()
    for j in range(x.shape[1]):
        column = x[present[:, j], j]
        worst = (column.min() if higher[j] else column.max()) if column.size else 0.0
        filled[~present[:, j], j] = worst
    return filled


def _topsis(
    u: Array, weights: Array, raw_values: Array, higher: Mask, used: Mask, on_utilities: bool
) -> Array:
    if on_utilities:
        return methods.topsis(u, weights, np.ones_like(higher), used)
    return methods.topsis(raw_values, weights, higher, used)


Scorer = Callable[[Array, Array, Array, Mask, Mask, bool], Array]
SCORERS: dict[Method, Scorer] = {
    "weighted_sum": lambda u, w, raw, higher, used, on_u: methods.weighted_sum(u, w),
    "weighted_product": lambda u, w, raw, higher, used, on_u: methods.weighted_product(u, w),
    "topsis": _topsis,
}


def score(
    method: Method,
    u: Array,
    weights: Array,
    raw_values: Array,
    higher: Mask,
    used: Mask,
    on_utilities: bool,
) -> Array:
    """Scores 0-100 of every vendor under ``method``."""
    return SCORERS[method](u, weights, raw_values, higher, used, on_utilities)

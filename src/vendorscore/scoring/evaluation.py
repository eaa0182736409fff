"""The numeric state of a ranking, and re-scoring it under other weights or methods.

The analysis (explain, stability, SMAA, leave-one-out) works on these matrices only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.base import RawContext
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.models.choices import RELATIVE, Method
from vendorscore.models.results import Ranking
from vendorscore.models.staffing import Staffing
from vendorscore.models.vendor import Vendor
from vendorscore.scoring import methods
from vendorscore.scoring.ranking import TIE, rank_rows
from vendorscore.scoring.utility import ValueFunction, utilities

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class Context:
    """What the uncertainty analysis needs beyond the matrices: the evaluation's input, every
    vendor (id order, the excluded ones too) with its raw values at the point, and the
    context the kinds read."""

    inputs: EvaluationInput
    vendors: tuple[Vendor, ...]
    raw: RawContext
    values: Array  # every vendor x criteria, NaN where missing
    units: tuple[str, ...]
    staffing: Staffing | None = None  # the year staffed at the point (staffing models)
    lacking: tuple[tuple[tuple[str, ...], ...], ...] = ()  # [criterion][vendor]: items lacked


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
    context: Context | None = None  # set by the engine (absent in hand-built evaluations)

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
        keep = np.arange(len(self.ranked_ids)) if rows is None else np.asarray(rows, dtype=int)
        by, positions = self._rank(scores, keep)
        return [(int(keep[i]), int(p)) for i, p in zip(by, positions, strict=True)]

    def ranks(self, scores: Array, rows: Sequence[int] | NDArray[np.int64]) -> NDArray[np.int64]:
        """Competition ranks of ``rows`` under ``scores``, aligned with ``rows``."""
        keep = np.asarray(rows, dtype=np.int64)
        by, positions = self._rank(scores, keep)
        out = np.empty(keep.size, dtype=np.int64)
        out[by] = positions
        return out

    def _rank(
        self, scores: Array, keep: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        columns = np.asarray(self.tie_breakers, dtype=np.int64)
        breakers = self.utilities[np.ix_(keep, columns)]
        return rank_rows(scores[keep], self._id_key[keep], breakers)

    def without(self, row: int) -> tuple[NDArray[np.int64], Array]:
        """Rows kept and their scores when the vendor at ``row`` is removed: relative value
        functions are recomputed over the vendors that remain (SPEC §5 leave-one-out); the
        other columns keep their utilities, which depend on no other vendor."""
        keep = np.delete(np.arange(len(self.ranked_ids)), row)
        x = self.values[keep]
        present = ~np.isnan(x)
        vector = self.method == "topsis" and not self.topsis_on_utilities
        u = self.utilities[keep]  # TOPSIS on raw values reads no utility
        relative = [j for j, fn in enumerate(self.functions) if fn.method in RELATIVE]
        for j in [] if vector else relative:
            u[:, j], _ = utilities(self.functions[j], x[:, j], present[:, j])
        used = self.used[keep]
        raw = fill_worst(x, present, self.higher) if vector else self.raw[keep]
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

    def removal_matters(self, scores: Array) -> Mask:
        """Per row: whether removing that vendor can change the order of the others.

        The others' scores change only through what depends on every vendor: the extremes of
        a relative column (min-max, ratio), the ideals of TOPSIS on utilities, and, for
        TOPSIS on raw values, the vector norms (every vendor). Their order can also change
        when the removed vendor links a chain of 1e-9 ties (``ranking.py``). Any other
        removal leaves every other score, and so the order, as it was."""
        n = len(self.ranked_ids)
        if self.method == "topsis" and not (self.topsis_on_utilities and self.used.all()):
            return np.ones(n, dtype=bool)
        matters = np.zeros(n, dtype=bool)
        present = ~np.isnan(self.values)
        for j, fn in enumerate(self.functions):
            if fn.method in RELATIVE:
                matters |= _extreme(self.values[:, j], present[:, j])
        if self.method == "topsis":
            for j in range(self.utilities.shape[1]):
                matters |= _extreme(self.utilities[:, j], self.used[:, j])
        return matters | _chain_links(scores)

    @cached_property
    def _id_key(self) -> NDArray[np.int64]:
        """Each row's position in id order (the last key of every ranking)."""
        key = np.empty(len(self.ranked_ids), dtype=np.int64)
        by_id = sorted(range(len(self.ranked_ids)), key=self.ranked_ids.__getitem__)
        key[by_id] = np.arange(len(by_id))
        return key


def _extreme(column: Array, present: Mask) -> Mask:
    """Rows holding the lowest or the highest present value of a column."""
    if not present.any():
        return np.zeros(column.size, dtype=bool)
    values = column[present]
    low, high = values.min(), values.max()
    return np.asarray(present & ((column == low) | (column == high)), dtype=np.bool_)


def _chain_links(scores: Array) -> Mask:
    """Rows whose score is within 1e-9 of both neighbours in score order: removing one may
    split a chain of ties in two."""
    out = np.zeros(scores.size, dtype=bool)
    if scores.size < 3:
        return out
    by = np.argsort(-scores, kind="stable")
    gaps = -np.diff(scores[by]) <= TIE
    out[by[1:-1]] = gaps[:-1] & gaps[1:]
    return out


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
    if present.all():
        return x
    filled: Array = x.copy()
    for j in range(x.shape[1]):
        column = x[present[:, j], j]
        worst = (column.min() if higher[j] else column.max()) if column.size else 0.0
        filled[~present[:, j], j] = worst
    return filled


def _topsis(
    u: Array, weights: Array, raw_values: Array, higher: Mask, used: Mask, on_utilities: bool
) -> Array:
    if on_utilities:  # utilities are already on 0-1, higher is better: no vector normalisation
        return methods.topsis(u, weights, np.ones_like(higher), used, normalise=False)
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

"""One chunk of SMAA samples under uncertain data: the ranked vendors' utilities recomputed
from the chunk's draws, and their scores under any weights.

Only what the draws can change is recomputed: the columns whose raw values vary, and, when
a gate excludes vendors in some samples, the relative columns (min-max and ratio look at
the vendors that pass in that sample). Every other column keeps the ranking's utilities,
and the weighted sum and product add the changed columns' differences to the ranking's own
matrix product, so a draw that changes nothing gives the ranking's scores to the bit.
TOPSIS (raw-value normalisation and ideals both depend on every vendor present) is
recomputed whole, sample by sample, over the vendors that pass.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from vendorscore.errors import ScoringError
from vendorscore.formatting import fmt_num
from vendorscore.models.choices import RELATIVE
from vendorscore.scoring import methods
from vendorscore.scoring.evaluation import Evaluation
from vendorscore.scoring.uncertain import Drawn
from vendorscore.scoring.utility import ValueFunction, piecewise

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


def utilities_rows(
    fn: ValueFunction, x: Array, present: Mask, passing: Mask | None, j: int = 0
) -> Array:
    """Utilities of a samples x vendors column: ``utility.utilities`` row by row, relative
    methods over the vendors present and passing in each row (0 where not present)."""
    mask = np.broadcast_to(present[None, :], x.shape)
    if passing is not None:
        mask = mask & passing
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        if fn.method == "min_max":
            low = np.where(mask, x, np.inf).min(axis=1, keepdims=True)
            high = np.where(mask, x, -np.inf).max(axis=1, keepdims=True)
            span = high - low
            scaled = (x - low) / span if fn.higher else (high - x) / span
            u = np.where(span > 0, np.clip(scaled, 0.0, 1.0), 1.0)
        elif fn.method == "ratio":
            low = np.where(mask, x, np.inf).min(axis=1, keepdims=True)
            if (low <= 0).any():
                raise ScoringError(
                    ("criteria", j, "scoring"),
                    "cannot-score",
                    "ratio scoring needs every value to be > 0, and a vendor's range reaches "
                    f"{fmt_num(float(low.min()))}; use min_max or absolute scoring",
                )
            high = np.where(mask, x, -np.inf).max(axis=1, keepdims=True)
            u = np.clip(x / high if fn.higher else low / x, 0.0, 1.0)
        elif fn.method == "absolute":
            assert fn.best is not None
            assert fn.worst is not None
            u = np.clip((x - fn.worst) / (fn.best - fn.worst), 0.0, 1.0)
        else:
            u = piecewise(x, fn.xs, fn.us)
    return np.asarray(np.where(mask & np.isfinite(u), u, 0.0), dtype=np.float64)


class Chunk:
    """The ranked vendors' state in one chunk of samples."""

    def __init__(self, evaluation: Evaluation, drawn: Drawn, rows: NDArray[np.int64]) -> None:
        self.evaluation = evaluation
        self.size = len(drawn.quantiles)
        self.passing = None if drawn.passing is None else drawn.passing[:, rows]
        present = ~np.isnan(evaluation.values)
        self.raw: dict[int, Array] = {j: col[:, rows] for j, col in drawn.raw.items()}
        self.changed: dict[int, Array] = {}
        for j, fn in enumerate(evaluation.functions):
            varies = j in self.raw
            if varies or (fn.method in RELATIVE and self.passing is not None):
                column = self.raw.get(j)
                if column is None:
                    column = np.broadcast_to(evaluation.values[None, :, j], (self.size, len(rows)))
                self.changed[j] = utilities_rows(fn, column, present[:, j], self.passing, j)

    def scores(self, weights: Array) -> Array:
        """Scores (samples x vendors) under ``weights`` (samples x criteria, or one row);
        -inf for a vendor a gate excludes in that sample."""
        method = self.evaluation.method
        if method == "weighted_sum":
            out = self._sum(weights)
        elif method == "weighted_product":
            out = self._product(weights)
        else:
            out = self._topsis(weights)
        out = np.broadcast_to(out, (self.size, out.shape[1]))
        if self.passing is not None:
            out = np.where(self.passing, out, -np.inf)
        return np.asarray(out, dtype=np.float64)

    def _sum(self, w: Array) -> Array:
        ev = self.evaluation
        u, used = ev.utilities, ev.used
        mask = used.astype(np.float64)
        base = w @ u.T if used.all() else w @ (mask * u).T
        for j, uj in self.changed.items():
            base = base + w[:, j : j + 1] * (mask[:, j] * (uj - u[:, j]))
        if used.all():
            return methods.within_100(100.0 * base)
        den = w @ mask.T
        return methods.within_100(100.0 * base / np.where(den > 0, den, 1.0))

    def _product(self, w: Array) -> Array:
        ev = self.evaluation
        u, mask = ev.utilities, ev.used.astype(np.float64)

        def logs(x: Array) -> Array:
            return np.asarray(np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), 0.0))

        total = w @ (logs(u) * mask).T
        zeros = (w > 0).astype(np.float64) @ ((u <= 0) * mask).T
        for j, uj in self.changed.items():
            total = total + w[:, j : j + 1] * (mask[:, j] * (logs(uj) - logs(u[:, j])))
            flips = ((uj <= 0).astype(np.float64) - (u[:, j] <= 0)) * mask[:, j]
            zeros = zeros + (w[:, j : j + 1] > 0) * flips
        den = w @ mask.T
        safe = np.where(den > 0, den, 1.0)
        return methods.within_100(np.where(zeros > 0.5, 0.0, 100.0 * np.exp(total / safe)))

    def _topsis(self, w: Array) -> Array:
        ev = self.evaluation
        n, m = ev.utilities.shape
        shape = (self.size, n, m)
        passing = np.ones((self.size, n), dtype=bool) if self.passing is None else self.passing
        live = ev.used[None, :, :] & passing[:, :, None]
        if ev.topsis_on_utilities:
            x = np.array(np.broadcast_to(ev.utilities, shape))
            for j, uj in self.changed.items():
                x[:, :, j] = uj
            higher = np.ones(m, dtype=bool)
            r = x
        else:
            x = np.array(np.broadcast_to(ev.values, shape))
            for j, col in self.raw.items():
                x[:, :, j] = col
            higher = ev.higher
            r = _normalised(x, live, higher)
        rows = np.broadcast_to(w[:, None, :], shape) * ev.used[None, :, :]
        sums = rows.sum(axis=2, keepdims=True)
        rows = rows / np.where(sums > 0, sums, 1.0)
        v = rows * r
        top = np.where(live, v, -np.inf).max(axis=1, keepdims=True)
        bottom = np.where(live, v, np.inf).min(axis=1, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)
        bottom = np.where(np.isfinite(bottom), bottom, 0.0)
        best = np.where(higher, top, bottom)
        worst = np.where(higher, bottom, top)
        d_plus = np.sqrt((np.where(ev.used[None], v - best, 0.0) ** 2).sum(axis=2))
        d_minus = np.sqrt((np.where(ev.used[None], v - worst, 0.0) ** 2).sum(axis=2))
        total = d_plus + d_minus
        safe = np.where(total > 0, total, 1.0)
        return methods.within_100(np.where(total > 0, 100.0 * d_minus / safe, 100.0))


def _normalised(x: Array, live: Mask, higher: Mask) -> Array:
    """Raw values with missing ones filled by the worst present value of the sample, each
    column divided by its norm over the vendors that pass (TOPSIS's vector normalisation)."""
    present = ~np.isnan(x)
    worst_high = np.where(present & live, x, np.inf).min(axis=1, keepdims=True)
    worst_low = np.where(present & live, x, -np.inf).max(axis=1, keepdims=True)
    worst = np.where(higher, worst_high, worst_low)
    worst = np.where(np.isfinite(worst), worst, 0.0)
    filled = np.where(present, x, worst)
    norm = np.sqrt((np.where(live, filled, 0.0) ** 2).sum(axis=1, keepdims=True))
    return np.asarray(filled / np.where(norm > 0, norm, 1.0), dtype=np.float64)

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

from collections.abc import Callable
from typing import Any

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
    whole = bool(present.all()) and passing is None  # every value counts: no masking
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        if fn.method == "min_max":
            low = (x if whole else np.where(mask, x, np.inf)).min(axis=1, keepdims=True)
            high = (x if whole else np.where(mask, x, -np.inf)).max(axis=1, keepdims=True)
            span = high - low
            scaled = x - low if fn.higher else high - x
            scaled /= np.where(span > 0, span, 1.0)
            np.clip(scaled, 0.0, 1.0, out=scaled)
            u = scaled if bool((span > 0).all()) else np.where(span > 0, scaled, 1.0)
        elif fn.method == "ratio":
            low = (x if whole else np.where(mask, x, np.inf)).min(axis=1, keepdims=True)
            if (low <= 0).any():
                raise ScoringError(
                    ("criteria", j, "scoring"),
                    "cannot-score",
                    "ratio scoring needs every value to be > 0, and a vendor's range reaches "
                    f"{fmt_num(float(low.min()))}; use min_max or absolute scoring",
                )
            high = (x if whole else np.where(mask, x, -np.inf)).max(axis=1, keepdims=True)
            u = np.clip(x / high if fn.higher else low / x, 0.0, 1.0)
        elif fn.method == "absolute":
            assert fn.best is not None
            assert fn.worst is not None
            u = np.clip((x - fn.worst) / (fn.best - fn.worst), 0.0, 1.0)
        else:
            u = piecewise(x, fn.xs, fn.us)
    if whole and fn.method != "ratio":  # clipped to 0..1 (min-max's equal rows are 1)
        return np.asarray(u, dtype=np.float64)
    return np.asarray(np.where(mask & np.isfinite(u), u, 0.0), dtype=np.float64)


class Chunk:
    """The ranked vendors' state in one chunk of samples."""

    def __init__(self, evaluation: Evaluation, drawn: Drawn, rows: NDArray[np.int64]) -> None:
        self.evaluation = evaluation
        self.size = len(drawn.quantiles)
        self.passing = None if drawn.passing is None else drawn.passing[:, rows]
        present = ~np.isnan(evaluation.values)
        width = next(iter(drawn.raw.values())).shape[1] if drawn.raw else -1
        # every vendor ranked, in order: the drawn columns are the ranked ones, uncopied
        identity = len(rows) == width and bool((rows == np.arange(width)).all())
        self.raw: dict[int, Array] = {
            j: col if identity else col[:, rows] for j, col in drawn.raw.items()
        }
        self.changed: dict[int, Array] = {}
        for j, fn in enumerate(evaluation.functions):
            varies = j in self.raw
            if varies or (fn.method in RELATIVE and self.passing is not None):
                column = self.raw.get(j)
                if column is None:
                    column = np.broadcast_to(evaluation.values[None, :, j], (self.size, len(rows)))
                self.changed[j] = utilities_rows(fn, column, present[:, j], self.passing, j)

        self._parts: tuple[Array, dict[int, Array], Array | None, dict[int, Array]] | None = None

    def tie_rank(self) -> Callable[[], NDArray[np.int64]] | None:
        """When a tie-breaker's utilities were drawn: each vendor's place in each sample's tie
        order (its drawn tie-breakers, higher first, then id), made only if a tie shows up."""
        ev = self.evaluation
        if not any(j in self.changed for j in ev.tie_breakers):
            return None

        def rank() -> NDArray[np.int64]:
            n = len(ev.ranked_ids)
            shape = (self.size, n)
            by_id = np.argsort(np.array(ev.ranked_ids, dtype=object)).argsort()
            keys: list[NDArray[Any]] = [np.broadcast_to(by_id, shape)]
            for j in reversed(ev.tie_breakers):
                drawn = self.changed.get(j)
                point = np.broadcast_to(ev.utilities[:, j], shape)
                keys.append(-(drawn if drawn is not None else point))
            order = np.lexsort(keys, axis=-1)
            place = np.empty(shape, dtype=np.int64)
            np.put_along_axis(place, order, np.arange(n)[None, :], axis=1)
            return place

        return rank

    def scores(self, weights: Array) -> Array:
        """Scores (samples x vendors) under ``weights`` (samples x criteria, or one row);
        -inf for a vendor a gate excludes in that sample."""
        if self.evaluation.method == "topsis":
            out = self._topsis(weights)
        else:
            matrix, deltas, zeros, flips = self.parts()
            value = weights @ matrix.T
            for j, delta in deltas.items():
                value = value + weights[:, j : j + 1] * delta
            zero = None
            if zeros is not None:
                count = (weights > 0).astype(np.float64) @ zeros.T
                for j, flip in flips.items():
                    count = count + (weights[:, j : j + 1] > 0) * flip
                zero = count > 0.5
            out = self.finish(value, self.denominators(weights), zero)
        out = np.broadcast_to(out, (self.size, out.shape[1]))
        if self.passing is not None:
            out = np.where(self.passing, out, -np.inf)
        return np.asarray(out, dtype=np.float64)

    def parts(self) -> tuple[Array, dict[int, Array], Array | None, dict[int, Array]]:
        """The weighted sum (product) as ``weights @ matrix.T + sum_j w_j delta_j`` before its
        last step: ``matrix`` the ranking's utilities (logs) where used, ``delta_j`` what the
        draws change in column j (samples x vendors); for the product, which utilities are 0
        (``zeros``, vendors x criteria) and where the draws change that (``flips``)."""
        if self._parts is None:
            ev = self.evaluation
            u, mask = ev.utilities, ev.used.astype(np.float64)
            product = ev.method == "weighted_product"
            f = _logs if product else (lambda x: x)
            matrix = f(u) * mask if product or not ev.used.all() else u
            every = ev.used.all()
            deltas = {
                j: (f(uj) - f(u[:, j])) if every else mask[:, j] * (f(uj) - f(u[:, j]))
                for j, uj in self.changed.items()
            }
            zeros = ((u <= 0) * mask) if product else None
            flips = {
                j: ((uj <= 0).astype(np.float64) - (u[:, j] <= 0)) * mask[:, j]
                for j, uj in (self.changed.items() if product else ())
            }
            self._parts = (matrix, deltas, zeros, flips)
        return self._parts

    def denominators(self, weights: Array) -> Array | None:
        """Each vendor's sum of the weights it is scored on (None: every weight, 1)."""
        ev = self.evaluation
        if ev.method == "weighted_sum" and ev.used.all():
            return None
        den = weights @ ev.used.astype(np.float64).T
        return np.asarray(np.where(den > 0, den, 1.0), dtype=np.float64)

    def finish(self, value: Array, den: Array | None, zero: Array | None) -> Array:
        """The method's last step on the weighted value: x 100 (sum), exp (product)."""
        if self.evaluation.method == "weighted_sum":
            return methods.within_100(100.0 * value if den is None else 100.0 * value / den)
        assert den is not None
        scored = 100.0 * np.exp(value / den)
        return methods.within_100(scored if zero is None else np.where(zero, 0.0, scored))

    def wins(self, weights: Array, rows: list[int], ties: NDArray[np.int64]) -> NDArray[np.int64]:
        """For each ``rows[i]``, the samples of this chunk in which it ranks first under its
        own weight vector ``weights[i]`` (the confidence factors' count; ties settled in tie
        order). Under the sum and product, the draws move a vendor's value by at most what
        they move it in the chunk's largest draw: a vendor whose bound stays below the
        candidate's lowest own score can never beat it, and only the others are scored."""
        if self.evaluation.method == "topsis":
            out = np.zeros(len(rows), dtype=np.int64)
            for i, row in enumerate(rows):
                out[i] = self._firsts(self.scores(weights[i : i + 1]), row, ties)
            return out
        matrix, deltas, _, _ = self.parts()
        base = weights @ matrix.T  # candidates x vendors
        top = {j: d.max(axis=0) for j, d in deltas.items()}
        bound = base + sum((weights[:, j : j + 1] * t for j, t in top.items()), np.zeros(1))
        bound = self.finish(bound, self.denominators(weights), None)
        out = np.zeros(len(rows), dtype=np.int64)
        position = np.empty(len(ties), dtype=np.int64)
        position[ties] = np.arange(len(ties))
        for i, row in enumerate(rows):
            own = self._columns(weights[i], base[i], [row])[:, 0]
            alive = own[np.isfinite(own)]
            if alive.size == 0:
                continue
            rivals = np.union1d(np.flatnonzero(bound[i] >= alive.min()), [row])
            keep = rivals[np.argsort(position[rivals])]  # in tie order
            scores = self._columns(weights[i], base[i], keep.tolist())
            best = keep[np.argmax(scores, axis=1)]
            out[i] = int(((best == row) & np.isfinite(own)).sum())
        return out

    def _columns(self, weights: Array, base: Array, columns: list[int]) -> Array:
        """Scores (samples x the given vendors) under one weight vector: the same arithmetic
        as ``scores`` on those columns only."""
        _, deltas, zeros, flips = self.parts()
        value = np.broadcast_to(base[columns], (self.size, len(columns)))
        for j, delta in deltas.items():
            value = value + weights[j] * delta[:, columns]
        zero = None
        if zeros is not None:
            count = ((weights > 0).astype(np.float64) @ zeros[columns].T)[None, :]
            for j, flip in flips.items():
                count = count + (weights[j] > 0) * flip[:, columns]
            zero = np.broadcast_to(count > 0.5, value.shape)
        den = self.denominators(weights[None, :])
        out = self.finish(value, None if den is None else den[:, columns], zero)
        out = np.broadcast_to(out, (self.size, len(columns)))
        if self.passing is not None:
            out = np.where(self.passing[:, columns], out, -np.inf)
        return np.asarray(out, dtype=np.float64)

    def _firsts(self, scores: Array, row: int, ties: NDArray[np.int64]) -> int:
        best = ties[np.argmax(scores[:, ties], axis=1)]
        alive = np.isfinite(scores[np.arange(self.size), best])
        return int(((best == row) & alive).sum())

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


def _logs(x: Array) -> Array:
    return np.asarray(np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), 0.0), dtype=np.float64)


def _normalised(x: Array, live: Mask, higher: Mask) -> Array:
    """Raw values with missing ones filled by the worst present value of the sample, each
    column divided by its norm over the vendors that pass (TOPSIS's vector normalisation)."""
    present = ~np.isnan(x)
    worst_high = np.where(present & live, x, np.inf).min(axis=1, keepdims=True)
    worst_low = np.where(present & live, x, -np.inf).max(axis=1, keepdims=True)
    worst = np.where(higher, worst_high, worst_low)
    worst = np.where(np.isfinite(worst), worst, 0.0)
    filled = np.where(present, x, worst)
    kept = np.where(live, filled, 0.0)
    # divided by the largest magnitude first, as methods.vector_normalise: squaring then
    # neither overflows nor underflows to nothing
    scale = np.abs(kept).max(axis=1, keepdims=True)
    scale = np.where(scale > 0, scale, 1.0)
    with np.errstate(under="ignore"):
        norm = np.sqrt(((kept / scale) ** 2).sum(axis=1, keepdims=True))
    y = filled / scale
    return np.asarray(y / np.where(norm > 0, norm, 1.0), dtype=np.float64)

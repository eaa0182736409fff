"""Value functions (SPEC §4.2): raw values to utilities in [0, 1], one criterion column at a time.

Pure numpy; no IO. Relative methods (min_max, ratio) look at the other vendors' values, so
they are computed over the vendors that passed the gates only, and only over present values.

Raw values are below 10^15 in magnitude (``models/limits.py``), but spans may be as small as
a denormal: every quotient is clipped to [0, 1], so a tiny span gives a utility of 0 or 1
(or in between), never an infinity or a NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from typing_extensions import assert_never

from vendorscore.models.choices import ScoringMethod

Array = NDArray[np.float64]


class UtilityProblem(ValueError):
    """A column that a value function cannot score (a zero under `ratio`, say)."""


@dataclass(frozen=True)
class ValueFunction:
    """One criterion's value function, resolved to plain numbers."""

    method: ScoringMethod
    higher: bool
    best: float | None = None
    worst: float | None = None
    xs: tuple[float, ...] = ()
    us: tuple[float, ...] = ()


def utilities(fn: ValueFunction, x: Array, present: NDArray[np.bool_]) -> tuple[Array, bool]:
    """Utilities of ``x`` where ``present`` (0 elsewhere) and whether the column discriminated
    at all under a relative method (False when every present value is equal)."""
    u = np.zeros_like(x, dtype=np.float64)
    values = x[present]
    if values.size == 0:
        return u, True
    with np.errstate(over="ignore", under="ignore"):
        if fn.method == "min_max":
            low, high = float(values.min()), float(values.max())
            if high == low:
                u[present] = 1.0
                return u, False
            span = high - low
            scaled = (values - low) / span if fn.higher else (high - values) / span
            u[present] = np.clip(scaled, 0.0, 1.0)
        elif fn.method == "ratio":
            if float(values.min()) <= 0:
                raise UtilityProblem("ratio scoring needs every value to be > 0")
            ratio = values / values.max() if fn.higher else values.min() / values
            u[present] = np.clip(ratio, 0.0, 1.0)
        elif fn.method == "absolute":
            assert fn.best is not None
            assert fn.worst is not None
            u[present] = np.clip((values - fn.worst) / (fn.best - fn.worst), 0.0, 1.0)
        elif fn.method == "piecewise":
            u[present] = piecewise(values, fn.xs, fn.us)
        else:
            assert_never(fn.method)
    return u, True


def piecewise(values: Array, xs: tuple[float, ...], us: tuple[float, ...]) -> Array:
    """Linear between the points, flat beyond the ends. As ``numpy.interp``, but the position
    inside a segment is a clipped fraction rather than a slope, so a segment narrower than any
    normal float (a denormal step) gives a utility between its ends, not an infinity."""
    xp = np.asarray(xs, dtype=np.float64)
    fp = np.asarray(us, dtype=np.float64)
    j = np.clip(np.searchsorted(xp, values, side="right") - 1, 0, xp.size - 2)
    x0, x1, u0, u1 = xp[j], xp[j + 1], fp[j], fp[j + 1]
    with np.errstate(over="ignore", under="ignore"):
        t = np.clip((values - x0) / (x1 - x0), 0.0, 1.0)
    inside = u0 + t * (u1 - u0)
    return np.asarray(
        np.where(values <= xp[0], fp[0], np.where(values >= xp[-1], fp[-1], inside)),
        dtype=np.float64,
    )

"""Value functions (SPEC §4.2): raw values to utilities in [0, 1], one criterion column at a time.

Pure numpy; no IO. Relative methods (min_max, ratio) look at the other vendors' values, so
they are computed over the vendors that passed the gates only, and only over present values.
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
    if fn.method == "min_max":
        low, high = float(values.min()), float(values.max())
        if high == low:
            u[present] = 1.0
            return u, False
        span = high - low
        u[present] = (values - low) / span if fn.higher else (high - values) / span
    elif fn.method == "ratio":
        if float(values.min()) <= 0:
            raise UtilityProblem("ratio scoring needs every value to be > 0")
        u[present] = values / values.max() if fn.higher else values.min() / values
    elif fn.method == "absolute":
        assert fn.best is not None
        assert fn.worst is not None
        u[present] = np.clip((values - fn.worst) / (fn.best - fn.worst), 0.0, 1.0)
    elif fn.method == "piecewise":
        u[present] = np.interp(values, fn.xs, fn.us)
    else:
        assert_never(fn.method)
    return u, True

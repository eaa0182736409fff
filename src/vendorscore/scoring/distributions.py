"""Draws from the distributions vendors' figures are written with, each by its inverse CDF.

Every uncertain input takes exactly one uniform number per sample, mapped through the
inverse of its distribution function. So an input's quantile in its own distribution is the
uniform it was drawn from, which orders the draws as their ranks do: the attribution of
``analysis/uncertainty.py`` correlates those quantiles with the outcome (a rank
correlation). One uniform per input per sample also makes the draws independent of how the
samples are cut into chunks.

- uniform(low, high): low + u (high − low);
- triangular(low, mode, high): the closed-form inverse;
- PERT(low, mode, high): Beta(α, β) on [low, high] with α = 1 + 4 (mode − low) / (high − low),
  β = 1 + 4 (high − mode) / (high − low); its CDF is tabulated on ``PERT_GRID`` points
  (α, β ≥ 1: the density is bounded, and the tabulated quantile is within 1e-6 of the
  range's width) and inverted by linear interpolation;
- normal(mean, sd) truncated to the field's bounds: Φ⁻¹(Φ(a) + u (Φ(b) − Φ(a))), with Φ⁻¹ by
  Wichura's algorithm AS 241 (relative error about 1e-16);
- discrete (one evaluator's score): the k-th smallest of k scores for u in [(k−1)/n, k/n).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from vendorscore.models.spread import NORMAL_REACH, NORMAL_SHOWN

Array = NDArray[np.float64]
PERT_GRID = 4097


@dataclass(frozen=True)
class Law:
    """One input's distribution: its family and parameters (see the module docstring)."""

    family: str  # uniform | triangular | pert | normal | discrete
    low: float = 0.0
    mode: float = 0.0
    high: float = 0.0
    mean: float = 0.0
    sd: float = 0.0
    values: tuple[float, ...] = ()  # discrete: the scores, ascending
    whole: bool = False  # draws rounded to whole numbers (agent counts)


# Wichura (1988), AS 241 PPND16
_A = (3.387132872796366608, 133.14166789178437745, 1971.5909503065514427,
      13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
      33430.575583588128105, 2509.0809287301226727)  # fmt: skip
_B = (1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
      21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
      5226.495278852545925)  # fmt: skip
_C = (1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055,
      3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
      0.0227238449892691845833, 7.7454501427834140764e-4)  # fmt: skip
_D = (1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
      0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
      1.05075007164441684324e-9)  # fmt: skip
_E = (6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358,
      0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386,
      2.71155556874348757815e-5, 2.01033439929228813265e-7)  # fmt: skip
_F = (1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
      7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
      2.04426310338993978564e-15)  # fmt: skip


def _poly(coefficients: tuple[float, ...], x: Array) -> Array:
    out = np.full_like(x, coefficients[-1])
    for c in reversed(coefficients[:-1]):
        out = out * x + c
    return out


def normal_quantile(p: Array) -> Array:
    """Φ⁻¹(p) for p in (0, 1) (AS 241)."""
    q = p - 0.5
    out = np.empty_like(p)
    central = np.abs(q) <= 0.425
    r = 0.180625 - q[central] ** 2
    out[central] = q[central] * _poly(_A, r) / _poly(_B, r)
    tail = ~central
    r = np.sqrt(-np.log(np.minimum(p[tail], 1.0 - p[tail])))
    near = r <= 5.0
    value = np.where(
        near, _poly(_C, r - 1.6) / _poly(_D, r - 1.6), _poly(_E, r - 5.0) / _poly(_F, r - 5.0)
    )
    out[tail] = np.where(q[tail] < 0, -value, value)
    return out


def normal_cdf(x: float) -> float:
    """Φ(x)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _pert_table(law: Law) -> tuple[Array, Array]:
    width = law.high - law.low
    alpha = 1.0 + 4.0 * (law.mode - law.low) / width
    beta = 1.0 + 4.0 * (law.high - law.mode) / width
    return _beta_table(alpha, beta)


@lru_cache(maxsize=128)  # 64 KiB each: memory stays bounded whatever the number of PERT inputs
def _beta_table(alpha: float, beta: float) -> tuple[Array, Array]:
    """The Beta(alpha, beta) CDF on ``PERT_GRID`` points of [0, 1]."""
    t = np.linspace(0.0, 1.0, PERT_GRID)
    density = t ** (alpha - 1.0) * (1.0 - t) ** (beta - 1.0)
    steps = (density[1:] + density[:-1]) / 2.0
    cdf = np.concatenate(([0.0], np.cumsum(steps)))
    return cdf / cdf[-1], t


def quantile(law: Law, u: Array) -> Array:
    """The values at quantiles ``u`` (in [0, 1))."""
    width = law.high - law.low
    if law.family == "uniform":
        out = law.low + u * width
    elif law.family == "triangular":
        split = (law.mode - law.low) / width
        below = law.low + np.sqrt(u * width * (law.mode - law.low))
        above = law.high - np.sqrt((1.0 - u) * width * (law.high - law.mode))
        out = np.where(u < split, below, above)
    elif law.family == "pert":
        cdf, t = _pert_table(law)
        out = law.low + width * np.interp(u, cdf, t)
    elif law.family == "normal":
        lo = normal_cdf((law.low - law.mean) / law.sd)
        hi = normal_cdf((law.high - law.mean) / law.sd)
        p = np.clip(lo + u * (hi - lo), 1e-300, 1.0 - 2.0**-53)
        out = np.clip(law.mean + law.sd * normal_quantile(p), law.low, law.high)
    else:  # discrete
        index = np.minimum((u * len(law.values)).astype(np.int64), len(law.values) - 1)
        out = np.asarray(law.values, dtype=np.float64)[index]
    return np.rint(out) if law.whole else out


def shown_ends(law: Law) -> tuple[float, float]:
    """The ends of an input's range as shown: its support, a normal's mean ± 2 sd (within
    its bounds), the lowest and highest of discrete scores."""
    if law.family == "discrete":
        return law.values[0], law.values[-1]
    if law.family == "normal":
        spread = NORMAL_SHOWN * law.sd
        low, high = max(law.low, law.mean - spread), min(law.high, law.mean + spread)
        return (float(round(low)), float(round(high))) if law.whole else (low, high)
    return law.low, law.high


def reach(law: Law) -> tuple[float, float]:
    """The lowest and highest value an input can be drawn at (a normal's: mean ± 8.3 sd,
    within its bounds)."""
    if law.family == "discrete":
        return law.values[0], law.values[-1]
    if law.family == "normal":
        spread = NORMAL_REACH * law.sd
        return max(law.low, law.mean - spread), min(law.high, law.mean + spread)
    return law.low, law.high


def _some(columns: NDArray[np.int64] | slice) -> bool:
    return isinstance(columns, slice) or bool(columns.size)


class Laws:
    """Many inputs' laws, drawn together: uniform, triangular and normal inputs by one numpy
    expression each (over all their columns at once), PERT and discrete inputs one by one."""

    def __init__(self, laws: tuple[Law, ...]) -> None:
        self.laws = laws
        self.groups: dict[str, NDArray[np.int64] | slice] = {}
        for family in ("uniform", "triangular", "normal"):
            found = [k for k, law in enumerate(laws) if law.family == family]
            contiguous = bool(found) and found == list(range(found[0], found[-1] + 1))
            self.groups[family] = (
                slice(found[0], found[-1] + 1) if contiguous else np.array(found, dtype=np.int64)
            )
        self.others = [k for k, law in enumerate(laws) if law.family in ("pert", "discrete")]
        self.low = np.array([law.low for law in laws])
        self.high = np.array([law.high for law in laws])
        self.mode = np.array([law.mode for law in laws])
        self.mean = np.array([law.mean for law in laws])
        self.sd = np.array([law.sd if law.sd > 0 else 1.0 for law in laws])
        normal = [law for law in laws if law.family == "normal"]
        self.cdf_low = np.array([normal_cdf((law.low - law.mean) / law.sd) for law in normal])
        self.cdf_high = np.array([normal_cdf((law.high - law.mean) / law.sd) for law in normal])
        self.width = self.high - self.low
        self.whole = np.array([law.whole for law in laws], dtype=bool)
        shown = [shown_ends(law) for law in laws]
        self.shown_low = np.array([end[0] for end in shown])
        self.shown_high = np.array([end[1] for end in shown])

    def draw(self, u: Array) -> Array:
        """Values (samples x inputs) at the quantiles ``u`` (samples x inputs)."""
        out = u * self.width  # uniform: every column at once, the others overwritten below
        out += self.low
        k = self.groups["triangular"]
        if _some(k):
            a, c, b = self.low[k], self.mode[k], self.high[k]
            v = u[:, k]
            below = a + np.sqrt(v * (b - a) * (c - a))
            above = b - np.sqrt((1.0 - v) * (b - a) * (b - c))
            out[:, k] = np.where(v * (b - a) < (c - a), below, above)
        k = self.groups["normal"]
        if _some(k):
            p = self.cdf_low + u[:, k] * (self.cdf_high - self.cdf_low)
            p = np.clip(p, 1e-300, 1.0 - 2.0**-53)
            x = self.mean[k] + self.sd[k] * normal_quantile(p.ravel()).reshape(p.shape)
            out[:, k] = np.clip(x, self.low[k], self.high[k])
        for j in self.others:
            law = self.laws[j]
            if law.family == "pert":
                cdf, t = _pert_table(law)
                out[:, j] = law.low + (law.high - law.low) * np.interp(u[:, j], cdf, t)
            else:
                out[:, j] = quantile(law, u[:, j])
        if self.whole.any():
            out[:, self.whole] = np.rint(out[:, self.whole])
        return np.asarray(out, dtype=np.float64)

"""Aggregation kernels (SPEC §4.3): vendors x criteria matrices in, scores (0-100) out.

Pure numpy, no IO, no validation (that happened at the edge). ``weights`` is either one
vector shared by every vendor, or one row per vendor when the `ignore` missing-data policy
dropped criteria for some vendors and their other weights were renormalised.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


def weighted_sum(utilities: Array, weights: Array) -> Array:
    """100 * sum_j w_j u_j, clipped to 0..100 (weights summing to 1 + 1e-16 must not give
    100.00000000000001)."""
    if weights.ndim == 1:
        return within_100(100.0 * (utilities @ weights))
    return within_100(100.0 * np.einsum("ij,ij->i", utilities, weights))


def within_100(scores: Array) -> Array:
    """Scores clipped to 0..100: the kernels' last step, so rounding never leaves the scale."""
    return np.asarray(np.clip(scores, 0.0, 100.0), dtype=np.float64)


def contributions(utilities: Array, weights: Array) -> Array:
    """100 * w_j u_j per vendor and criterion (rows sum to the weighted-sum score)."""
    return np.asarray(100.0 * utilities * weights, dtype=np.float64)


def weighted_product(utilities: Array, weights: Array) -> Array:
    """100 * prod_j u_j ** w_j; 0 when any u_j is 0 with w_j > 0."""
    w = np.broadcast_to(weights, utilities.shape)
    zero = (utilities <= 0.0) & (w > 0.0)
    with np.errstate(divide="ignore"):
        logs = np.where(w > 0.0, w * np.log(np.where(utilities > 0.0, utilities, 1.0)), 0.0)
    return within_100(np.where(zero.any(axis=1), 0.0, 100.0 * np.exp(logs.sum(axis=1))))


def vector_normalise(x: Array) -> Array:
    """Each column divided by its Euclidean norm. The column is first divided by its largest
    magnitude, so squaring neither overflows (values near 1e200) nor underflows to nothing
    (values near 1e-200): x / |x| is the same vector either way."""
    scale = np.abs(x).max(axis=0, initial=0.0)
    y = x / np.where(scale > 0, scale, 1.0)
    with np.errstate(under="ignore"):
        norms = np.sqrt((y * y).sum(axis=0))
    return np.asarray(np.divide(y, norms, out=np.zeros_like(y), where=norms > 0), dtype=np.float64)


def topsis(
    values: Array,
    weights: Array,
    higher: Mask,
    used: Mask | None = None,
    normalise: bool = True,
) -> Array:
    """TOPSIS (Hwang & Yoon 1981): Euclidean distances to the ideal and anti-ideal vendors.

    ``values`` are raw values, vector-normalised first (the textbook method), or utilities
    already on 0-1 and higher-is-better, used as they are (``normalise=False``, as pymcdm and
    scikit-criteria run TOPSIS on a matrix normalised beforehand). The ideal and anti-ideal
    are the best and worst weighted values present in each column. ``used`` marks the cells
    that count (False where a vendor's criterion was dropped by the `ignore` policy).
    Returns 100 * d- / (d+ + d-); a vendor at distance 0 from both ideals scores 100.
    """
    if (used is None or bool(used.all())) and weights.ndim == 1 and values.shape[0] > 0:
        return _topsis_dense(values, weights, higher, normalise)
    mask = np.ones(values.shape, dtype=bool) if used is None else used
    x = np.where(mask, values, 0.0)
    r = vector_normalise(x) if normalise else x
    v = r * weights
    big = np.where(mask, v, -np.inf)
    small = np.where(mask, v, np.inf)
    col_max = big.max(axis=0, initial=-np.inf)  # initial: a column may have no vendor at all
    col_min = small.min(axis=0, initial=np.inf)
    col_max = np.where(np.isfinite(col_max), col_max, 0.0)
    col_min = np.where(np.isfinite(col_min), col_min, 0.0)
    best = np.where(higher, col_max, col_min)
    worst = np.where(higher, col_min, col_max)
    d_plus = np.sqrt((np.where(mask, v - best, 0.0) ** 2).sum(axis=1))
    d_minus = np.sqrt((np.where(mask, v - worst, 0.0) ** 2).sum(axis=1))
    total = d_plus + d_minus
    return within_100(np.where(total > 0, 100.0 * d_minus / np.where(total > 0, total, 1.0), 100.0))


def _topsis_dense(values: Array, weights: Array, higher: Mask, normalise: bool) -> Array:
    """``topsis`` when every cell counts and every vendor has the same weights: the same
    numbers without the masks (leave-one-out calls it once per removed vendor)."""
    v = (vector_normalise(values) if normalise else values) * weights
    col_max, col_min = v.max(axis=0), v.min(axis=0)
    best = np.where(higher, col_max, col_min)
    worst = np.where(higher, col_min, col_max)
    d_plus = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - worst) ** 2).sum(axis=1))
    total = d_plus + d_minus
    return within_100(np.where(total > 0, 100.0 * d_minus / np.where(total > 0, total, 1.0), 100.0))

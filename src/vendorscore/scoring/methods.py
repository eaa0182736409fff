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
    """100 * sum_j w_j u_j."""
    if weights.ndim == 1:
        return np.asarray(100.0 * (utilities @ weights), dtype=np.float64)
    return np.asarray(100.0 * np.einsum("ij,ij->i", utilities, weights), dtype=np.float64)


def contributions(utilities: Array, weights: Array) -> Array:
    """100 * w_j u_j per vendor and criterion (rows sum to the weighted-sum score)."""
    return np.asarray(100.0 * utilities * weights, dtype=np.float64)


def weighted_product(utilities: Array, weights: Array) -> Array:
    """100 * prod_j u_j ** w_j; 0 when any u_j is 0 with w_j > 0."""
    w = np.broadcast_to(weights, utilities.shape)
    zero = (utilities <= 0.0) & (w > 0.0)
    with np.errstate(divide="ignore"):
        logs = np.where(w > 0.0, w * np.log(np.where(utilities > 0.0, utilities, 1.0)), 0.0)
    return np.where(zero.any(axis=1), 0.0, 100.0 * np.exp(logs.sum(axis=1)))


def topsis(values: Array, weights: Array, higher: Mask, used: Mask | None = None) -> Array:
    """Textbook TOPSIS (Hwang & Yoon 1981): vector normalisation, Euclidean distances.

    ``values`` are raw values (or utilities, all higher-is-better); ``used`` marks the cells
    that count (False where a vendor's criterion was dropped by the `ignore` policy).
    Returns 100 * d- / (d+ + d-); a vendor at distance 0 from both ideals scores 100.
    """
    mask = np.ones(values.shape, dtype=bool) if used is None else used
    x = np.where(mask, values, 0.0)
    norms = np.sqrt((x * x).sum(axis=0))
    r = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
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
    return np.asarray(
        np.where(total > 0, 100.0 * d_minus / np.where(total > 0, total, 1.0), 100.0),
        dtype=np.float64,
    )

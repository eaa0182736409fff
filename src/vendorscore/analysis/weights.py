"""Moving one criterion's effective weight while the others keep their proportions."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


def with_weight(weights: Array, k: int, t: float) -> Array | None:
    """Weights with w_k = t and the others rescaled in proportion to sum 1 - t.

    None when that is impossible: criterion k already holds all the weight, so there are no
    other weights to rescale. ``t`` is clamped to [0, 1], so no weight is ever negative (a
    step one rounding error past 0 or 1 would otherwise flip a sign).
    """
    rest = 1.0 - float(weights[k])
    if rest <= 1e-15:
        return None
    t = min(1.0, max(0.0, t))
    out = np.asarray(weights * ((1.0 - t) / rest), dtype=np.float64)
    out[k] = t
    return out

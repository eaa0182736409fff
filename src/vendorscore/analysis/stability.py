"""Weight stability: how far one criterion's weight can move before the winner changes.

Moving criterion k's effective weight from w_k to t rescales every other weight by
(1 - t) / (1 - w_k), so the weights still sum to 1 (SPEC §5).

Closed form for `weighted_sum` (every criterion used by every vendor). Write
R_v = sum_{j != k} w_j u_vj / (1 - w_k), vendor v's score on the other criteria at their
rescaled proportions. Then

    S_v(t) = 100 * (t * u_vk + (1 - t) * R_v)

is linear in t, and so is the lead of the winner W over any rival v:

    D_v(t) = S_W(t) - S_v(t) = 100 * (b + t * (a - b)),  a = u_Wk - u_vk,  b = R_W - R_v.

W keeps first place against v while D_v(t) >= 0, i.e. b + t * (a - b) >= 0. When a > b
the lead grows with t and W loses only below t* = b / (b - a); when a < b it shrinks with t
and W loses above the same t*; when a = b the lead does not depend on t. The interval is
the intersection over all rivals, clipped to [0, 1]; a side that never binds is None.

Other methods (and `ignore`d cells, where weights are renormalised per vendor) are not
linear in t: there the lead is evaluated on a grid of 400 steps from w_k towards 0 and
towards 1, and the first step where W loses (trails by more than the 1e-9 tie tolerance, so
rounding noise in an exact tie is not a loss) is refined by bisection to 1e-9. A losing region
narrower than one grid step could be missed; the closed form has no such limit. Every weight
tried lies in [0, 1] exactly (the steps are clamped, and ``with_weight`` clamps too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vendorscore.analysis.weights import with_weight
from vendorscore.scoring.evaluation import Evaluation
from vendorscore.scoring.ranking import TIE

Array = NDArray[np.float64]
GRID = 400
PRECISION = 1e-9


@dataclass(frozen=True)
class Interval:
    """The range of one criterion's effective weight in which the winner stays first."""

    criterion: str
    weight: float
    low: float | None  # None: the winner stays first down to weight 0
    high: float | None  # None: the winner stays first up to weight 1
    top3_kept: bool  # the first three keep their order across the whole interval


def closed_form(evaluation: Evaluation) -> bool:
    """Whether the exact linear solution applies."""
    return evaluation.method == "weighted_sum" and bool(evaluation.used.all())


def _linear_bounds(
    evaluation: Evaluation, k: int, leader: int, rivals: Sequence[int]
) -> tuple[float | None, float | None]:
    u, w = evaluation.utilities, evaluation.weights
    rest = 1.0 - float(w[k])
    others = np.delete(np.arange(len(w)), k)
    r = (u[:, others] @ w[others]) / rest
    low: float | None = None
    high: float | None = None
    for v in rivals:
        a = float(u[leader, k] - u[v, k])
        b = float(r[leader] - r[v])
        if a == b:
            continue
        t = b / (b - a)
        if a > b and t > 0.0:
            low = t if low is None else max(low, t)
        elif a < b and t < 1.0:
            high = t if high is None else min(high, t)
    return low, high


def _lead(evaluation: Evaluation, k: int, t: float, leader: int, rivals: Sequence[int]) -> float:
    weights = with_weight(evaluation.weights, k, t)
    assert weights is not None
    scores = evaluation.rescore(weights)
    return float(scores[leader] - np.max(scores[list(rivals)]))


def _search(
    evaluation: Evaluation, k: int, leader: int, rivals: Sequence[int], toward: float
) -> float | None:
    """First weight (from the current one toward ``toward``) at which the leader loses."""
    start = float(evaluation.weights[k])
    good = start
    for step in range(1, GRID + 1):
        # the last step is ``toward`` itself, and no step leaves [0, 1] by a rounding error
        # (a weight of -2e-16 turns TOPSIS's ideal upside down and invents a threshold)
        t = toward if step == GRID else min(1.0, max(0.0, start + (toward - start) * step / GRID))
        if _lead(evaluation, k, t, leader, rivals) < -TIE:
            bad = t
            while abs(bad - good) > PRECISION:
                middle = (good + bad) / 2
                if _lead(evaluation, k, middle, leader, rivals) < -TIE:
                    bad = middle
                else:
                    good = middle
            return (good + bad) / 2
        good = t
    return None


def bounds(
    evaluation: Evaluation, k: int, leader: int, rivals: Sequence[int], exact: bool | None = None
) -> tuple[float | None, float | None]:
    """(low, high): the weight of criterion k below / above which ``leader`` stops being ahead
    of every rival; None on a side where it never does. ``exact=False`` forces the numerical
    search even where the closed form applies (the tests compare the two)."""
    if not rivals or with_weight(evaluation.weights, k, 0.0) is None:
        return None, None
    if closed_form(evaluation) if exact is None else exact:
        low, high = _linear_bounds(evaluation, k, leader, rivals)
        current = float(evaluation.weights[k])
        return (
            low if low is not None and low <= current else None,
            high if high is not None and high >= current else None,
        )
    return _search(evaluation, k, leader, rivals, 0.0), _search(evaluation, k, leader, rivals, 1.0)


def crossing(evaluation: Evaluation, k: int, ahead: int, behind: int) -> list[float]:
    """Weights of criterion k at which ``behind`` would overtake ``ahead`` (nearest each side)."""
    return [t for t in bounds(evaluation, k, ahead, [behind]) if t is not None]


def _top3(evaluation: Evaluation, weights: Array) -> list[int]:
    return [row for row, _ in evaluation.order(evaluation.rescore(weights))[:3]]


def _kept(evaluation: Evaluation, k: int, low: float, high: float) -> bool:
    reference = _top3(evaluation, evaluation.weights)
    for t in np.linspace(low, high, 41):
        weights = with_weight(evaluation.weights, k, float(t))
        if weights is not None and _top3(evaluation, weights) != reference:
            return False
    return True


def stability(evaluation: Evaluation) -> list[Interval]:
    """For every criterion, the interval of its weight in which the current winner stays first."""
    order = evaluation.order(evaluation.rescore(evaluation.weights))
    out: list[Interval] = []
    if not order:
        return out
    leader = order[0][0]
    rivals = [row for row, _ in order[1:]]
    for k, info in enumerate(evaluation.ranking.criteria):
        low, high = bounds(evaluation, k, leader, rivals)
        inner_low = low if low is not None else 0.0
        inner_high = high if high is not None else 1.0
        margin = PRECISION * 10
        kept = _kept(
            evaluation,
            k,
            inner_low + (margin if low is not None else 0.0),
            inner_high - (margin if high is not None else 0.0),
        )
        out.append(Interval(info.id, float(evaluation.weights[k]), low, high, kept))
    return out

"""Leave-one-out rank reversal and agreement between the three methods (SPEC §5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vendorscore.models.choices import METHODS
from vendorscore.scoring.evaluation import Evaluation


@dataclass(frozen=True)
class Removal:
    """What happens to the others' order when one vendor is removed."""

    removed: str
    flips: tuple[tuple[str, str], ...]  # (was ahead, now behind) pairs


def leave_one_out(evaluation: Evaluation) -> list[Removal]:
    """Remove each ranked vendor in turn, rescore (relative value functions are recomputed
    over the vendors that remain) and list every pair of the others whose order flips.

    Only the removals that can change the others' scores are rescored
    (``Evaluation.removal_matters``: the holders of a relative column's extremes, every
    vendor under TOPSIS on raw values); each is one vectorised re-score, ranked by numpy,
    and its flips are found among the rows out of order (``_flips``), not over all n² pairs.
    """
    ids = evaluation.ranked_ids
    base = evaluation.rescore(evaluation.weights)
    before = np.zeros(len(ids), dtype=np.int64)
    for row, position in evaluation.order(base):
        before[row] = position
    placed = sorted(range(len(ids)), key=lambda r: (before[r], ids[r]))
    listed = np.asarray(placed, dtype=np.int64)
    matters = evaluation.removal_matters(base)
    out: list[Removal] = []
    for index, row in enumerate(placed):
        if not matters[row]:
            out.append(Removal(ids[row], ()))
            continue
        keep, scores = evaluation.without(row)
        after = np.zeros(len(ids), dtype=np.int64)
        after[keep] = evaluation.ranks(scores, keep)
        pairs = _flips(np.delete(listed, index), before, after)
        pairs.sort(key=lambda p: (before[p[0]], ids[p[0]], ids[p[1]]))
        flips = [(ids[a], ids[b]) for a, b in pairs]
        out.append(Removal(ids[row], tuple(flips)))
    return out


def _flips(
    sequence: NDArray[np.int64], before: NDArray[np.int64], after: NDArray[np.int64]
) -> list[tuple[int, int]]:
    """Pairs (a, b) of rows with a ranked strictly ahead of b before and strictly behind it
    after. ``sequence`` lists the rows in their order before, so a flip is an inversion of
    ``after`` along it: a can only be a row with a lower rank after it, b only a row with a
    higher rank before it; those few candidates are compared pairwise, 1024 at a time."""
    a = after[sequence]
    if a.size < 2 or bool((a[1:] >= a[:-1]).all()):
        return []
    later_min = np.append(np.minimum.accumulate(a[::-1])[::-1][1:], np.iinfo(np.int64).max)
    earlier_max = np.insert(np.maximum.accumulate(a)[:-1], 0, np.iinfo(np.int64).min)
    first = np.flatnonzero(a > later_min)
    second = np.flatnonzero(a < earlier_max)
    b = before[sequence]
    out: list[tuple[int, int]] = []
    for start in range(0, first.size, 1024):
        i = first[start : start + 1024, None]
        j = second[None, :]
        hit = (i < j) & (a[i] > a[j]) & (b[i] < b[j])
        rows, cols = np.nonzero(hit)
        out += [
            (int(sequence[i[r, 0]]), int(sequence[j[0, c]]))
            for r, c in zip(rows, cols, strict=True)
        ]
    return out


def kendall_tau(first: Sequence[int], second: Sequence[int]) -> float | None:
    """Kendall's tau-b between two rankings of the same items (ranks may tie); None where it
    is undefined: fewer than two items, or a ranking that ties every item (tau-b divides by
    the pairs each ranking orders, and such a ranking orders none)."""
    a = np.asarray(first, dtype=np.float64)
    b = np.asarray(second, dtype=np.float64)
    n = a.size
    if n < 2:
        return None
    concordant = discordant = ties_a = ties_b = 0
    for start in range(0, n, 1024):  # chunks of rows keep memory at O(1024 x n)
        da = np.sign(a[start : start + 1024, None] - a[None, :])
        db = np.sign(b[start : start + 1024, None] - b[None, :])
        upper = np.arange(start, min(start + 1024, n))[:, None] < np.arange(n)[None, :]
        product = (da * db)[upper]
        concordant += int((product > 0).sum())
        discordant += int((product < 0).sum())
        ties_a += int(((da == 0) & (db != 0))[upper].sum())
        ties_b += int(((db == 0) & (da != 0))[upper].sum())
    denominator = np.sqrt(
        float(concordant + discordant + ties_a) * float(concordant + discordant + ties_b)
    )
    if denominator == 0:
        return None
    return float((concordant - discordant) / denominator)


def method_agreement(evaluation: Evaluation) -> dict[str, float | None]:
    """Kendall's tau between the rankings of weighted_sum, weighted_product and topsis (None:
    undefined, a method ties every vendor)."""
    ranks: dict[str, list[int]] = {}
    for method in METHODS:
        placed = dict(evaluation.order(evaluation.rescore(evaluation.weights, method)))
        ranks[method] = [placed[r] for r in range(len(evaluation.ranked_ids))]
    out: dict[str, float | None] = {}
    for i, first in enumerate(METHODS):
        for second in METHODS[i + 1 :]:
            out[f"{first}/{second}"] = kendall_tau(ranks[first], ranks[second])
    return out

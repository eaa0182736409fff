"""Leave-one-out rank reversal and agreement between the three methods (SPEC §5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from vendorscore.models.choices import METHODS
from vendorscore.scoring.evaluation import Evaluation


@dataclass(frozen=True)
class Removal:
    """What happens to the others' order when one vendor is removed."""

    removed: str
    flips: tuple[tuple[str, str], ...]  # (was ahead, now behind) pairs


def leave_one_out(evaluation: Evaluation) -> list[Removal]:
    """Remove each ranked vendor in turn, rescore (relative value functions are recomputed
    over the vendors that remain) and list every pair of the others whose order flips."""
    ids = evaluation.ranked_ids
    before = dict(evaluation.order(evaluation.rescore(evaluation.weights)))
    out: list[Removal] = []
    placed = sorted(before, key=lambda r: (before[r], ids[r]))
    for row in placed:
        keep, scores = evaluation.without(row)
        after = dict(evaluation.order(scores, keep))
        flips = [
            (ids[a], ids[b])
            for a in keep
            for b in keep
            if before[a] < before[b] and after[a] > after[b]
        ]
        flips.sort(key=lambda pair: (before[ids.index(pair[0])], pair))
        out.append(Removal(ids[row], tuple(flips)))
    return out


def kendall_tau(first: Sequence[int], second: Sequence[int]) -> float:
    """Kendall's tau-b between two rankings of the same items (ranks may tie)."""
    a = np.asarray(first, dtype=np.float64)
    b = np.asarray(second, dtype=np.float64)
    n = a.size
    if n < 2:
        return 1.0
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
        return 1.0 if list(first) == list(second) else 0.0
    return float((concordant - discordant) / denominator)


def method_agreement(evaluation: Evaluation) -> dict[str, float]:
    """Kendall's tau between the rankings of weighted_sum, weighted_product and topsis."""
    ranks: dict[str, list[int]] = {}
    for method in METHODS:
        placed = dict(evaluation.order(evaluation.rescore(evaluation.weights, method)))
        ranks[method] = [placed[r] for r in range(len(evaluation.ranked_ids))]
    out: dict[str, float] = {}
    for i, first in enumerate(METHODS):
        for second in METHODS[i + 1 :]:
            out[f"{first}/{second}"] = kendall_tau(ranks[first], ranks[second])
    return out

"""Ranking with the tie tolerance, tie breakers and competition ranks (SPEC §4.5).

The tie rule is a chain: sorted by score, a vendor is tied with the one just above it when
its score is within ``TIE`` (1e-9) of that vendor's score, and ties are transitive, so a run
of vendors each within 1e-9 of the next forms one tie group however wide the run (scores 50,
50 - 6e-10 and 50 - 1.2e-9 all rank 1). "Within 1e-9 of each other" alone is not an
equivalence (the first and the last differ by 1.2e-9), so the chain is what makes the ranks
well defined. Tie-breaker utilities are compared the same way, each with the previous vendor
of the group.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

TIE = 1e-9


def _tied(a: Sequence[float], b: Sequence[float]) -> bool:
    return all(abs(x - y) <= TIE for x, y in zip(a, b, strict=True))


def rank(
    ids: Sequence[str], scores: Sequence[float], breakers: Sequence[Sequence[float]]
) -> list[tuple[int, int]]:
    """Order of vendors and their competition ranks: ``[(index, rank), ...]`` best first.

    A vendor whose score is within 1e-9 of the previous vendor's joins its tie group (a
    chain); tie breakers (utilities, higher first) then order the group; vendors still tied
    share a rank and are listed by id.
    """
    order = sorted(range(len(ids)), key=lambda i: (-scores[i], ids[i]))
    groups: list[list[int]] = []
    for index in order:
        if groups and scores[groups[-1][-1]] - scores[index] <= TIE:
            groups[-1].append(index)
        else:
            groups.append([index])
    result: list[tuple[int, int]] = []
    for group in groups:
        group.sort(key=lambda i: (tuple(-b for b in breakers[i]), ids[i]))
        position = len(result) + 1
        previous: int | None = None
        for index in group:
            if previous is None or not _tied(breakers[previous], breakers[index]):
                position = len(result) + 1
            result.append((index, position))
            previous = index
    return result


def rank_rows(
    scores: NDArray[np.float64], id_key: NDArray[np.int64], breakers: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``rank`` over arrays, for thousands of re-rankings: (indices best first, their ranks).

    ``id_key`` is each index's position in id order; ``breakers`` holds one row of tie-breaker
    utilities per index. The same rule as ``rank``, step by step: sort by score (then id),
    cut into chains of 1e-9 ties, sort each chain by its breakers (higher first, then id), and
    start a new competition rank wherever the breakers differ from the previous vendor's by
    more than 1e-9 (or a new chain begins). A test checks the two agree."""
    n = scores.size
    by = np.lexsort((id_key, -scores)).astype(np.int64)
    ordered = scores[by]
    chain = np.concatenate(([True], ordered[:-1] - ordered[1:] > TIE)) if n else np.zeros(0, bool)
    if chain.all():
        return by, np.arange(1, n + 1, dtype=np.int64)
    group = np.cumsum(chain)
    rows = breakers[by]
    keys = [id_key[by], *(-rows[:, c] for c in reversed(range(rows.shape[1]))), group]
    by = by[np.lexsort(keys)]
    rows = breakers[by]
    new = np.concatenate(([True], group[1:] != group[:-1]))  # group stays sorted
    if rows.shape[1]:
        new[1:] |= (np.abs(rows[1:] - rows[:-1]) > TIE).any(axis=1)
    starts = np.maximum.accumulate(np.where(new, np.arange(n), 0))
    return by, (starts + 1).astype(np.int64)

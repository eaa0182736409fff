"""The ranked vendors as records: each one's position, score and, per criterion, its raw
value, utility, contribution and uncertain range, read from the engine's matrices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.registry import Criterion
from vendorscore.models.results import CriterionScore, ScoredVendor
from vendorscore.scoring.ranking import rank

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


def scored_vendors(
    criteria: Sequence[Criterion],
    ids: Sequence[str],
    names: Sequence[str],
    scores: Array,
    x: Array,
    u: Array,
    used: Mask,
    contrib: Array | None,
    breaker_idx: Sequence[int],
    ends: Mapping[tuple[int, int], tuple[float, float]],
) -> tuple[ScoredVendor, ...]:
    """The ranked vendors, best first, with every criterion's raw value, utility and
    contribution (weighted sum only). The matrices are read as Python lists once (indexing
    numpy one cell at a time cost ~45 us a vendor)."""
    present: list[list[bool]] = (~np.isnan(x)).tolist()
    raw: list[list[float]] = x.tolist()
    utility: list[list[float]] = u.tolist()
    counted: list[list[bool]] = used.tolist()
    points: list[list[float]] | None = None if contrib is None else contrib.tolist()
    by_row: dict[int, dict[int, tuple[float, float]]] = {}
    for (row, j), span in ends.items():
        by_row.setdefault(row, {})[j] = span
    breakers = [[utility[r][j] for j in breaker_idx] for r in range(len(ids))]
    return tuple(
        ScoredVendor(
            position,
            ids[r],
            names[r],
            float(scores[r]),
            _cells(
                criteria,
                raw[r],
                present[r],
                utility[r],
                counted[r],
                None if points is None else points[r],
                by_row.get(r, {}),
            ),
        )
        for r, position in rank(list(ids), scores.tolist(), breakers)
    )


def _cells(
    criteria: Sequence[Criterion],
    x: list[float],
    present: list[bool],
    u: list[float],
    used: list[bool],
    contrib: list[float] | None,
    ends: Mapping[int, tuple[float, float]],
) -> dict[str, CriterionScore]:
    return {
        c.id: CriterionScore(
            x[j] if present[j] else None,
            u[j] if used[j] else None,
            contrib[j] if contrib is not None and used[j] else None,
            *ends.get(j, (None, None)),
        )
        for j, c in enumerate(criteria)
    }

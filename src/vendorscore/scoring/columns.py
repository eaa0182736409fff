"""The raw-value column of each criterion kind, as the engine computes it.

A kind declares its raw values in plain Python (``Kind.raw``, in ``criteria/``, which must
not import numpy: the loader and ``validate`` import every kind). A kind whose values are
computed on arrays registers its column here, by kind name, and declares ``raw=None``: the
engine asks ``raw_column`` and names no kind. Registered today: coverage, every day and
window of the evaluation year at once (``timeline.coverage_column``).
"""

from __future__ import annotations

from vendorscore.criteria.base import CriterionBase, RawFunction
from vendorscore.criteria.registry import kind_of
from vendorscore.scoring.timeline import coverage_column

COLUMNS: dict[str, RawFunction] = {"coverage": coverage_column}


def raw_column(criterion: CriterionBase) -> RawFunction:
    """What gives a criterion's raw values for every vendor: the column registered for its
    kind, else the kind's own function."""
    column = COLUMNS.get(criterion.kind) or kind_of(criterion).raw
    if column is None:  # a kind declared without either: a mistake in the code, not the input
        raise TypeError(f"criterion kind {criterion.kind!r} declares no raw values")
    return column

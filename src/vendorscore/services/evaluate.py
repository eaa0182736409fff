"""`vendorscore rank` and `explain`: load, score, rank; why two vendors are ordered so."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from vendorscore.services.project import Selection, load, placed

if TYPE_CHECKING:
    from vendorscore.analysis.explain import Explanation
    from vendorscore.loading.project import Loaded
    from vendorscore.models.choices import Method
    from vendorscore.scoring.evaluation import Evaluation

Weights = Mapping[str, float]


def evaluate_loaded(
    loaded: Loaded, method: Method | None = None, weights: Weights | None = None
) -> Evaluation:
    """Score and rank a loaded evaluation; a scoring problem is placed in its file."""
    from vendorscore.scoring.engine import evaluate

    with placed(loaded.sources):
        return evaluate(loaded.inputs, method, weights or {})


def rank_project(
    selection: Selection,
    method: Method | None = None,
    weights: Weights | None = None,
    strict: bool = False,
) -> Evaluation:
    """Load, validate, score and rank (SPEC §4)."""
    return evaluate_loaded(load(selection, strict), method, weights)


def explain_pair(
    selection: Selection,
    a: str,
    b: str,
    method: Method | None = None,
    weights: Weights | None = None,
) -> Explanation:
    """Why A and B are ranked as they are."""
    from vendorscore.analysis.explain import explain

    loaded = load(selection)
    return explain(evaluate_loaded(loaded, method, weights), a, b, loaded.inputs)

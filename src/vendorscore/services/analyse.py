"""`vendorscore sensitivity`: rank, then the whole sensitivity analysis (SPEC §5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendorscore.services.evaluate import Weights, evaluate_loaded
from vendorscore.services.project import Selection, load, placed

if TYPE_CHECKING:
    from vendorscore.analysis.smaa import Progress, SmaaOptions
    from vendorscore.analysis.summary import Sensitivity
    from vendorscore.models.choices import Method
    from vendorscore.scoring.evaluation import Evaluation


def analyse(
    selection: Selection,
    options: SmaaOptions,
    method: Method | None = None,
    weights: Weights | None = None,
    progress: Progress | None = None,
) -> tuple[Evaluation, Sensitivity]:
    """Rank, then run stability, SMAA, leave-one-out and method agreement."""
    from vendorscore.analysis.summary import analyse as run_analysis

    loaded = load(selection)
    evaluation = evaluate_loaded(loaded, method, weights)
    with placed(loaded.sources):  # a drawn figure can fail to score (ratio at 0, say)
        return evaluation, run_analysis(evaluation, options, progress)

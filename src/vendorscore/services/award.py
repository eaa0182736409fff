"""`vendorscore award`: load, rank, and solve the criteria file's award problem."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from vendorscore.services.project import Selection, load, placed

if TYPE_CHECKING:
    from vendorscore.analysis.award_result import AwardReport
    from vendorscore.scoring.evaluation import Evaluation

MEMO = 8  # awards kept per process (report, diff and award of the same inputs share one)
_memo: OrderedDict[tuple[Any, ...], AwardReport] = OrderedDict()


def award_of(
    evaluation: Evaluation, top: int = 1, frontier: bool = True, explain: bool = True
) -> AwardReport:
    """The award of an evaluation, solved once per process for the same input files (their
    paths and digest), method, weights and options: the solve is a pure function of them."""
    from vendorscore.analysis.award import award

    ranking = evaluation.ranking
    key = (
        ranking.inputs,
        ranking.method,
        tuple(evaluation.weights.tolist()),
        top,
        frontier,
        explain,
    )
    if key not in _memo:
        _memo[key] = award(evaluation, top=top, frontier=frontier, explain=explain)
        while len(_memo) > MEMO:
            _memo.popitem(last=False)
    return _memo[key]


def award_project(selection: Selection, top: int = 1, frontier: bool = True) -> AwardReport:
    """The best split of the contacts between the vendors that pass the gates; a problem in
    the award section is placed in the criteria file."""
    from vendorscore.analysis.award import MAX_TOP
    from vendorscore.errors import UsageError
    from vendorscore.scoring.engine import evaluate

    if not 1 <= top <= MAX_TOP:  # before the work
        raise UsageError(f"--top must be from 1 to {MAX_TOP}, got {top}")
    loaded = load(selection)
    with placed(loaded.sources):
        return award_of(evaluate(loaded.inputs, None, {}), top=top, frontier=frontier)

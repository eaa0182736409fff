"""`vendorscore award`: load, rank, and solve the criteria file's award problem."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendorscore.services.project import Selection, load, placed

if TYPE_CHECKING:
    from vendorscore.analysis.award_result import AwardReport


def award_project(selection: Selection, top: int = 1, frontier: bool = True) -> AwardReport:
    """The best split of the contacts between the vendors that pass the gates; a problem in
    the award section is placed in the criteria file."""
    from vendorscore.analysis.award import MAX_TOP, award
    from vendorscore.errors import UsageError
    from vendorscore.scoring.engine import evaluate

    if not 1 <= top <= MAX_TOP:  # before the work
        raise UsageError(f"--top must be from 1 to {MAX_TOP}, got {top}")
    loaded = load(selection)
    with placed(loaded.sources):
        return award(evaluate(loaded.inputs, None, {}), top=top, frontier=frontier)

"""`vendorscore staffing`: each vendor's staffing of the year and its cost, and the
service-level / price trade-off."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from vendorscore.services.project import Selection, load, placed

if TYPE_CHECKING:
    from vendorscore.analysis.staffing_report import StaffingReport


def staffing_project(
    selection: Selection, levels: Sequence[tuple[float, float]] = ()
) -> StaffingReport:
    """Load the evaluation and staff it (at the workload's target and at each ``(percent,
    seconds)`` of ``levels``); a problem the staffing finds is placed in its file."""
    from vendorscore.analysis.staffing_report import staffing_report
    from vendorscore.criteria.settings import ServiceLevel

    targets = [ServiceLevel(percent=p, seconds=s) for p, s in levels]
    loaded = load(selection)
    with placed(loaded.sources):
        return staffing_report(loaded.inputs, targets)

"""Staffed hours at drawn loads (staffing models under an uncertain volume or AHT).

Each vendor whose load varies gets its own grid of ``LOAD_GRID`` factors spanning its own
drawn range, plus the stated figures (factor 1) exactly, so a draw at the stated figures
gives the ranking's cost. At each factor its agents are staffed interval by interval (the
arrivals times the factor for a volume; its AHT times the factor for an AHT of its own,
which changes the service time as well as the load), and its hours and peak headcount in
between are interpolated linearly. When both vary, the grid runs over the volume and an AHT
draw is applied as the same change of load.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.cost import vendor_aht
from vendorscore.criteria.settings import StaffedHours
from vendorscore.errors import ScoringError
from vendorscore.formatting import fmt_num
from vendorscore.scoring import staffing
from vendorscore.scoring.evaluation import Context

Array = NDArray[np.float64]
LOAD_GRID = 9  # factors a vendor is staffed at when its load varies (and its stated load)


@dataclasses.dataclass(frozen=True)
class Span:
    """The factors a vendor's load is drawn between, and whether they scale its AHT."""

    low: float
    high: float
    aht: bool  # True: the factor scales the vendor's AHT; False: the volume


class LoadGrid:
    """Each moving vendor's hours and peak rostered headcount over its own grid."""

    def __init__(self, context: Context, spans: Mapping[int, Span]) -> None:
        crit = context.inputs.criteria
        workload = crit.workload
        assert workload is not None
        year = staffing.build_year(crit, context.raw.on.year, context.inputs.history)
        level = staffing.level_of(workload)
        kept = 1 - workload.shrinkage / 100
        self.rows = dict(spans)
        self.grids: dict[int, tuple[Array, Array, Array, Array]] = {}
        for row, span in spans.items():
            vendor = context.vendors[row]
            aht, _ = vendor_aht(vendor, workload)
            points = np.unique(np.append(np.linspace(span.low, span.high, LOAD_GRID), 1.0))
            hours, peaks = [], []
            for factor in points.tolist():
                scaled = (
                    year if span.aht else dataclasses.replace(year, arrivals=year.arrivals * factor)
                )
                try:
                    need = staffing.agents(
                        workload, scaled, aht * factor if span.aht else aht, level
                    )
                except ScoringError as error:
                    what = "AHT" if span.aht else "contact volume"
                    raise ScoringError(
                        error.path,
                        error.code,
                        f"{vendor.id} at {fmt_num(round(factor, 4))} × its {what} (the top "
                        f"of its drawn range): {error.message}",
                    ) from None
                hours.append(float(need.sum()) * year.minutes / 60)
                peaks.append(math.ceil(int(need.max()) / kept - 1e-9))
            productive = np.array(hours)
            self.grids[row] = (points, productive, productive / kept, np.array(peaks, float))

    def at(self, row: int, load: Array) -> tuple[StaffedHours, Array]:
        """A vendor's hours and peak rostered headcount at drawn load factors."""
        points, productive, rostered, peak = self.grids[row]
        hours = StaffedHours(
            np.interp(load, points, productive),  # type: ignore[arg-type]
            np.interp(load, points, rostered),  # type: ignore[arg-type]
        )
        return hours, np.ceil(np.interp(load, points, peak) - 1e-9)

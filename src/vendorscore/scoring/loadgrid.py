"""Staffed hours at sampled loads (staffing models under an uncertain volume or AHT): each
vendor whose load varies is staffed at ``LOAD_GRID`` load factors spanning the sampled
range, and the hours and peak headcount in between are interpolated linearly."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.settings import StaffedHours
from vendorscore.scoring import staffing
from vendorscore.scoring.evaluation import Context

Array = NDArray[np.float64]
LOAD_GRID = 9  # load factors a vendor is staffed at when its load varies


class LoadGrid:
    """Hours and peak headcount of the vendors whose load varies, at ``LOAD_GRID`` factors on
    the contact volume (linear in between)."""

    def __init__(self, context: Context, rows: Sequence[int], low: float, high: float) -> None:
        crit = context.inputs.criteria
        assert crit.workload is not None
        self.factors = np.linspace(low, high, LOAD_GRID)
        vendors = [context.vendors[r] for r in rows]
        self.rows = {r: k for k, r in enumerate(rows)}
        shape = (len(rows), LOAD_GRID)
        self.productive, self.rostered, self.peak = (
            np.zeros(shape),
            np.zeros(shape),
            np.zeros(shape),
        )
        for g, factor in enumerate(self.factors):
            contacts = crit.workload.contacts_per_year * float(factor)
            scaled = crit.model_copy(
                update={
                    "workload": crit.workload.model_copy(update={"contacts_per_year": contacts})
                }
            )
            staffed = staffing.staff(scaled, vendors, context.raw.on.year, context.inputs.history)
            for k, figures in enumerate(staffed.vendors):
                self.productive[k, g] = figures.staffed_hours
                self.rostered[k, g] = figures.rostered_hours
                self.peak[k, g] = figures.peak_rostered

    def at(self, row: int, load: Array) -> tuple[StaffedHours, Array]:
        """A vendor's hours and peak rostered headcount at sampled load factors."""
        k = self.rows[row]
        hours = StaffedHours(
            np.interp(load, self.factors, self.productive[k]),
            np.interp(load, self.factors, self.rostered[k]),
        )
        return hours, np.ceil(np.interp(load, self.factors, self.peak[k]) - 1e-9)

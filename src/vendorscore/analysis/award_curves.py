"""Each (vendor, segment) pair's annual cost and peak headcount over the segment's share.

Under a staffing model every breakpoint is staffed on its own (the arrivals times the share,
interval by interval, at the vendor's AHT), so a small share pays for its own queue: that is
the pooling a split loses. The cost at the first breakpoint is the cost of a share just above 0
(one agent in every open interval, and so on). The staffing runs once per distinct AHT over
the year's distinct (arrivals, open) intervals (a few hundred on a profile of 17 520
intervals), so the curves of 50 vendors x 6 segments take well under a second. With the flat
formula, or with ``cost_model: linear``, a share costs its fraction of the whole segment.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vendorscore.analysis.award_segments import Segment
from vendorscore.criteria.award import AwardSettings
from vendorscore.criteria.base import Sample
from vendorscore.criteria.cost import billing, vendor_aht
from vendorscore.criteria.settings import StaffedHours
from vendorscore.models.vendor import Vendor
from vendorscore.scoring import staffing
from vendorscore.scoring.evaluation import Context

Array = NDArray[np.float64]
GRID = 5  # % of a segment between a staffed curve's breakpoints
FINE = 200  # the curve is checked against the staffing at every 0.5 % of its segment
FLOOR_SHARE = 0.01  # a vendor given a segment holds at least 1 % of it (or min_if_used)
TINY = 1e-9  # the share "just above 0" a curve's first point is staffed at


@dataclass(frozen=True)
class Curve:
    """One (vendor, segment) pair: annual cost (without setup) and peak rostered agents at
    breakpoints of the segment's share; linear in between. The first breakpoint, 0, stands
    for a share just above 0 (its queue's fixed staffing)."""

    breaks: Array  # (K+1,) shares, 0 .. 1
    cost: Array  # (K+1,)
    peak: Array | None  # (K+1,) (None without a staffing model)

    def cost_at(self, share: float) -> float:
        return float(np.interp(share, self.breaks, self.cost))

    def peak_at(self, share: float) -> float | None:
        return None if self.peak is None else float(np.interp(share, self.breaks, self.peak))

    @property
    def whole(self) -> float:
        """The cost of the whole segment."""
        return float(self.cost[-1])


class Calendar:
    """Staffed hours and peaks of a share of all contacts, per distinct AHT."""

    def __init__(self, context: Context) -> None:
        crit = context.inputs.criteria
        workload = crit.workload
        assert workload is not None
        self.workload = workload
        self.year = staffing.build_year(crit, context.raw.on.year, context.inputs.history)
        pairs = np.stack([self.year.arrivals, self.year.open.astype(np.float64)], axis=1)
        self.unique, self.counts = np.unique(pairs, axis=0, return_counts=True)
        self.level = staffing.level_of(workload)
        self.kept = 1 - workload.shrinkage / 100

    def at(self, aht: float, fractions: Array) -> tuple[Array, Array]:
        """Productive hours and peak rostered agents at each fraction of all contacts."""
        arrivals = (fractions[:, None] * self.unique[None, :, 0]).ravel()
        opened = np.tile(self.unique[:, 1] > 0, fractions.size)
        year = dataclasses.replace(self.year, arrivals=arrivals, open=opened)
        need = staffing.agents(self.workload, year, aht, self.level).reshape(fractions.size, -1)
        hours = (need * self.counts[None, :]).sum(axis=1) * self.year.minutes / 60
        peaks = np.ceil(need.max(axis=1) / self.kept - 1e-9)
        return hours.astype(np.float64), peaks.astype(np.float64)


def cost_of(vendor: Vendor, context: Context, fractions: Array, hours: Array | None) -> Array:
    """Annual cost without setup at fractions of all contacts (hours: staffed, or flat)."""
    crit = context.inputs.criteria
    assert crit.workload is not None
    kept = 1 - crit.workload.shrinkage / 100
    staffed = None if hours is None else StaffedHours(hours, hours / kept)  # type: ignore[arg-type]
    bill = billing(
        vendor,
        crit.workload,
        crit.currency,
        crit.fx,
        sample=Sample(volume=fractions, staffed=staffed),
    )
    assert bill is not None
    return np.asarray(bill.annual - bill.setup_per_year * bill.fx, dtype=np.float64)


def curves_of(
    context: Context,
    vendors: Sequence[Vendor],
    segments: Sequence[Segment],
    pairs: Sequence[tuple[int, int]],
    settings: AwardSettings,
    linear: bool,
) -> tuple[dict[tuple[int, int], Curve], float]:
    """Every pair's curve, and the largest gap between a staffed curve and the staffing at
    the fine grid's points a share may take (from the least share a vendor may hold), over
    the whole segment's cost (0 when the cost is linear). Breakpoints: every ``GRID`` %,
    the share step's multiples, and the least share (so its cost is exact)."""
    step = settings.share.step
    workload = context.inputs.criteria.workload
    assert workload is not None
    staffed = workload.model != "flat"
    calendar = Calendar(context) if staffed else None
    must = set(range(0, FINE + 1, FINE * step // 100)) if step else set()
    least = max(FLOOR_SHARE, (settings.share.min_if_used or 0) / 100)
    first = math.ceil(least * FINE - 1e-9)
    grid = set(range(0, FINE + 1, FINE * GRID // 100)) | {first}
    fine = np.arange(FINE + 1, dtype=np.float64) / FINE
    out: dict[tuple[int, int], Curve] = {}
    gap = 0.0
    for i, j in pairs:
        vendor, share = vendors[i], segments[j].share
        aht, _ = vendor_aht(vendor, workload)
        if linear:
            points = np.array(sorted({0, FINE} | must), dtype=np.float64) / FINE
            hours = peaks = None
            if calendar is not None:
                hours, peaks = calendar.at(aht, np.array([share]))
            whole = float(cost_of(vendor, context, np.array([share]), hours)[0])
            peak = None if peaks is None else points * float(peaks[0])
            out[i, j] = Curve(points, points * whole, peak)
            continue
        assert calendar is not None
        fractions = share * np.maximum(fine, TINY)
        hours, peaks = calendar.at(aht, fractions)
        cost = cost_of(vendor, context, fractions, hours)
        keep = np.array(sorted(grid | must), dtype=np.int64)
        out[i, j] = Curve(fine[keep], cost[keep], peaks[keep])
        line = np.interp(fine, fine[keep], cost[keep])
        error = np.abs(cost - line)[first:]
        gap = max(gap, float(np.max(error)) / max(float(cost[-1]), 1e-12))
    return out, gap


def exact_costs(
    context: Context,
    ids: Sequence[str],
    segments: Sequence[Segment],
    shares: Array,
    curves: dict[tuple[int, int], Curve] | None,
) -> Array:
    """Each pair's annual cost (without setup) with its share staffed exactly (``curves``:
    the linear model's, read instead of staffing)."""
    by_id = {v.id: v for v in context.vendors}
    workload = context.inputs.criteria.workload
    assert workload is not None
    calendar = None if curves is not None else Calendar(context)
    out = np.zeros(shares.shape)
    for v, s in zip(*np.nonzero(shares > 1e-9), strict=True):
        if curves is not None:
            out[v, s] = curves[v, s].cost_at(float(shares[v, s]))
            continue
        assert calendar is not None
        vendor = by_id[ids[v]]
        fraction = np.array([segments[s].share * shares[v, s]])
        hours, _ = calendar.at(vendor_aht(vendor, workload)[0], fraction)
        out[v, s] = float(cost_of(vendor, context, fraction, hours)[0])
    return out

"""Staffing the evaluation year (issue 12): the contacts arriving in every interval, the agents
each vendor needs in each interval to meet the service level (Erlang C or exact Erlang A,
``queueing.py``), and what that means in hours, headcount and peak.

The year is the calendar year of the evaluation date, cut into ``interval_minutes`` intervals
of the customers' local clock (``profile.timezone``), day by day, so a spring-forward day has
23 hours of intervals and a fall-back day 25 (``timeline.day_intervals``, on arrays). The
arrivals of an interval are ``contacts_per_year`` times its weight over the year's total,
where the weight is intraday x weekday x month x every event covering the day (or the shape
of an arrival history, ``profile_file``). An interval inside the required coverage (the
coverage criteria's ``required`` windows) is staffed with at least one agent even when no
contact is expected; an interval with arrivals is staffed whatever the coverage says.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria import arrivals as shape
from vendorscore.criteria.calendar import Window
from vendorscore.criteria.cost import flat_hours, vendor_aht
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.settings import (
    History,
    Profile,
    ServiceLevel,
    StaffedHours,
    Workload,
)
from vendorscore.errors import ScoringError
from vendorscore.formatting import fmt_num
from vendorscore.models.common import load_zone
from vendorscore.models.staffing import Staffing, VendorStaffing
from vendorscore.models.vendor import Vendor
from vendorscore.scoring.queueing import erlang_a_agents_many, erlang_c_agents
from vendorscore.scoring.timeline import day_intervals, required

Array = NDArray[np.float64]
Ints = NDArray[np.int64]
Mask = NDArray[np.bool_]

MAX_ERLANG_A_STEPS = 5000  # peak agents x answer time / AHT: bounds exact Erlang A's work
MAX_LOAD = 1000.0  # Erlangs offered in one interval: about 1,000 agents on queue


@dataclass(frozen=True)
class Year:
    """The intervals of the evaluation year and the contacts arriving in each."""

    year: int
    zone: str
    minutes: int
    starts: Ints  # UTC instant of each interval
    day: Ints  # index of its local date from 1 January
    slot: Ints  # its slot of the local clock (minute of the day // minutes)
    arrivals: Array  # contacts
    open: Mask  # inside the required coverage or with arrivals: at least one agent

    def local(self, i: int) -> str:
        """The local start of interval i, '2027-11-29 10:00'."""
        when = datetime.fromtimestamp(int(self.starts[i]), load_zone(self.zone))
        return when.strftime("%Y-%m-%d %H:%M")


def slot_weights(profile: Profile | None, minutes: int) -> Array:
    """The intraday weight of each slot of the day (``criteria/arrivals.py``)."""
    return np.asarray(shape.slot_weights(profile, minutes), dtype=np.float64)


def day_weights(profile: Profile | None, first: date, days: int) -> Array:
    """Weekday x month x events, for each local date of the year (``criteria/arrivals.py``)."""
    return np.asarray(shape.day_weights(profile, first, days), dtype=np.float64)


def build_year(criteria: CriteriaFile, year: int, history: History | None = None) -> Year:
    """The evaluation year's intervals, arrivals and open intervals."""
    workload = criteria.workload
    assert workload is not None
    zone = shape.zone_of(workload)
    minutes = workload.interval_minutes
    first, last = date(year, 1, 1), date(year, 12, 31)
    starts, day, slot = day_intervals(zone, first, last, minutes)
    days = (last - first).days + 1
    if history is not None:
        weights = history_weights(history, first, day, slot, minutes)
    else:
        profile = workload.profile
        weights = slot_weights(profile, minutes)[slot] * day_weights(profile, first, days)[day]
    total = float(weights.sum())
    if not total > 0:
        raise ScoringError(
            ("workload", "profile"),
            "profile-closed",
            "the arrival profile has no open interval in the year: every weight is 0",
        )
    arrivals = workload.contacts_per_year * weights / total
    windows = shape.required_windows(criteria.criteria)
    covered = _covered(starts, minutes, windows, first, last)
    return Year(year, zone, minutes, starts, day, slot, arrivals, covered | (arrivals > 0))


def _covered(
    starts: Ints, minutes: int, windows: Sequence[Window], first: date, last: date
) -> Mask:
    """Intervals that overlap the required coverage."""
    if not windows:
        return np.zeros(starts.shape, dtype=bool)
    spans = required(tuple(windows), first, last)
    if spans.size == 0:
        return np.zeros(starts.shape, dtype=bool)
    after = np.searchsorted(spans[:, 1], starts, side="right")
    inside = after < len(spans)
    ends = starts + minutes * 60
    result = np.zeros(starts.shape, dtype=bool)
    result[inside] = spans[after[inside], 0] < ends[inside]
    return result


def history_weights(history: History, first: date, day: Ints, slot: Ints, minutes: int) -> Array:
    """The shape of an arrival history laid on the evaluation year, moved by whole weeks
    (``criteria/arrivals.py: history_table``), for every interval."""
    table = shape.history_table(history, first, int(day.max()) + 1, minutes)
    return np.asarray(np.asarray(table, dtype=np.float64)[day, slot], dtype=np.float64)


def agents(workload: Workload, year: Year, aht: float, level: ServiceLevel) -> Ints:
    """Agents on queue in every interval of the year at this AHT."""
    seconds = year.minutes * 60
    rate = year.arrivals / seconds  # contacts per second
    load = rate * aht
    peak = float(load.max())
    if peak > MAX_LOAD:
        raise ScoringError(
            ("workload", "contacts_per_year"),
            "load-too-large",
            f"the busiest interval offers {fmt_num(round(peak, 1))} Erlangs at an AHT of "
            f"{fmt_num(aht)} s, beyond the {fmt_num(MAX_LOAD)} the staffing models handle "
            "(about 1,000 agents on queue at once): check contacts_per_year, or use "
            "model: flat",
        )
    target, t = level.percent / 100, level.seconds
    cap = workload.max_occupancy / 100
    if workload.model == "erlang_a":
        assert workload.patience_seconds is not None
        steps = (peak + 1) * t / aht  # the exact chain's uniformisation takes this many steps
        if steps > MAX_ERLANG_A_STEPS:
            raise ScoringError(
                ("workload", "service_level", "seconds"),
                "erlang-a-too-long",
                f"exact Erlang A needs about {fmt_num(round(steps))} steps here (agents × "
                f"answer time / AHT = {fmt_num(round(peak + 1))} × {fmt_num(t)} / "
                f"{fmt_num(aht)}), more than the {MAX_ERLANG_A_STEPS:,} it allows: a long "
                "answer time against a short AHT is Erlang C's case (use model: erlang_c)",
            )
        need = erlang_a_agents_many(rate, aht, workload.patience_seconds, target, t, cap)
    else:
        need = erlang_c_agents(load, aht, target, t, cap)
    return np.where(year.open, np.maximum(need, 1), need)


def vendor_staffing(
    vendor: Vendor, workload: Workload, year: Year, level: ServiceLevel
) -> tuple[VendorStaffing, Ints]:
    """One vendor's figures, and its agents per interval."""
    aht, source = vendor_aht(vendor, workload)
    need = agents(workload, year, aht, level)
    hours = float(need.sum()) * year.minutes / 60
    kept = 1 - workload.shrinkage / 100
    rostered = hours / kept
    handle = workload.contacts_per_year * aht / 3600
    top = int(np.argmax(need))
    peak = int(need[top])
    per_fte = workload.hours_per_fte_month
    capacity, text = declared_capacity(vendor)
    return (
        VendorStaffing(
            vendor=vendor.id,
            aht_seconds=aht,
            aht_source=source,
            staffed_hours=hours,
            rostered_hours=rostered,
            fte=rostered / (12 * per_fte) if per_fte else None,
            occupancy=100 * handle / hours if hours > 0 else 0.0,
            flat_hours=flat_hours(workload, aht),
            peak_agents=peak,
            peak_rostered=math.ceil(peak / kept - 1e-9),
            peak_at=year.local(top),
            capacity=capacity,
            capacity_text=text,
        ),
        need,
    )


def declared_capacity(vendor: Vendor) -> tuple[int | None, str]:
    """What a vendor says it can field at peak: its agents plus the extra agents it can ramp,
    or its agents times its peak flex (200 % = double), whichever is more."""
    capacity = vendor.capacity
    if capacity is None or capacity.agents is None:
        return None, "no capacity.agents declared"
    base = capacity.agents
    ramp = base + (capacity.ramp_agents or 0)
    flex = math.floor(base * capacity.peak_flex / 100 + 1e-9) if capacity.peak_flex else base
    parts = [f"{base} agents"]
    if capacity.ramp_agents:
        parts.append(f"+ {capacity.ramp_agents} ramp = {ramp}")
    if capacity.peak_flex:
        parts.append(f"peak flex {fmt_num(capacity.peak_flex)} % = {flex}")
    best = max(ramp, flex)
    return best, f"offers {best} ({'; '.join(parts)})"


def heatmap(year: Year, need: Ints) -> tuple[tuple[int, ...], ...]:
    """Peak agents on queue by hour of the local day (rows) and week of the year (columns;
    week k is days 7(k-1)+1 .. 7k from 1 January)."""
    hours = year.slot * year.minutes // 60
    weeks = year.day // 7
    grid = np.zeros((24, int(weeks.max()) + 1), dtype=np.int64)
    np.maximum.at(grid, (hours, weeks), need)
    return tuple(tuple(int(x) for x in row) for row in grid)


def level_of(workload: Workload) -> ServiceLevel:
    """The workload's service-level target (the loader insists on one for erlang models)."""
    assert workload.service_level is not None
    return workload.service_level


def staff(
    criteria: CriteriaFile,
    vendors: Sequence[Vendor],
    year: int,
    history: History | None = None,
    level: ServiceLevel | None = None,
) -> Staffing:
    """Staff the evaluation year for every vendor (``level`` overrides the workload's
    service-level target, for the trade-off table)."""
    workload = criteria.workload
    assert workload is not None
    target = level or level_of(workload)
    grid = build_year(criteria, year, history)
    figures = [vendor_staffing(v, workload, grid, target)[0] for v in vendors]
    base = agents(workload, grid, workload.aht_seconds, target)
    busiest = int(np.argmax(grid.arrivals))
    return Staffing(
        model=workload.model,
        service_level=target.text(),
        max_occupancy=workload.max_occupancy,
        shrinkage=workload.shrinkage,
        patience_seconds=workload.patience_seconds if workload.model == "erlang_a" else None,
        interval_minutes=workload.interval_minutes,
        timezone=grid.zone,
        year=year,
        contacts=workload.contacts_per_year,
        intervals=int(grid.starts.size),
        open_intervals=int(grid.open.sum()),
        peak_contacts=float(grid.arrivals[busiest]),
        peak_contacts_at=grid.local(busiest),
        vendors=tuple(figures),
        heatmap=heatmap(grid, base),
        heatmap_aht=workload.aht_seconds,
    )


def hours_of(figures: VendorStaffing) -> StaffedHours:
    """What the cost kind reads of one vendor's staffing: productive and rostered hours."""
    return StaffedHours(figures.staffed_hours, figures.rostered_hours)


def hours_by_vendor(staffing: Staffing) -> dict[str, StaffedHours]:
    """``hours_of`` every vendor, by id."""
    return {v.vendor: hours_of(v) for v in staffing.vendors}


def peak_reason(figures: VendorStaffing, zone: str) -> str | None:
    """Why a vendor fails the peak-capacity gate (None when it passes)."""
    needs = (
        f"peak capacity: needs {figures.peak_rostered} agents rostered on {figures.peak_at} {zone}"
    )
    if figures.capacity is None:
        return f"{needs}; {figures.capacity_text}"
    if figures.capacity >= figures.peak_rostered:
        return None
    return f"{needs}; {figures.capacity_text}"

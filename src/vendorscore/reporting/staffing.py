"""The report's staffing section (issue 12): the year in a few sentences, the heat map of
agents on queue, and each vendor's hours, headcount and peak, formatted for the templates.

Present only under an Erlang model (``Ranking.staffing``); under ``model: flat`` the section
is None and the templates print nothing for it, so a flat report is what it always was.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from vendorscore.criteria.settings import Workload
from vendorscore.formatting import MONTHS, fmt_num
from vendorscore.models.results import Ranking
from vendorscore.models.staffing import Staffing, VendorStaffing
from vendorscore.reporting import charts
from vendorscore.reporting.figure import Figure, count, none

MODELS = {"erlang_c": "Erlang C", "erlang_a": "Erlang A"}
SOURCES = {"vendor": "vendor's own", "workload": "workload's"}


@dataclass(frozen=True)
class StaffingRow:
    """One vendor's line of the staffing table."""

    id: str
    """The vendor's id."""
    vendor: str
    """The vendor's name."""
    aht: Figure
    """The average handle time it is staffed at, seconds (``300 s``)."""
    aht_source: str
    """Whose AHT that is: the vendor's own, or the workload's."""
    staffed_hours: Figure
    """Agent-hours on queue over the year (what per-hour quotes bill)."""
    flat_hours: Figure
    """Productive hours by the flat formula (no number when it has none)."""
    versus_flat: Figure
    """Staffed hours against the flat formula's: the change as a share (0.05 prints
    ``+5.0 %``)."""
    occupancy: Figure
    """Implied occupancy, in percent (85.0 prints ``85.0 %``)."""
    rostered_hours: Figure
    """Staffed hours grossed up by shrinkage (paid hours)."""
    fte: Figure
    """Rostered FTEs (no number without hours per FTE-month)."""
    peak_agents: Figure
    """Agents on queue in the peak interval."""
    peak_rostered: Figure
    """The headcount the peak interval needs rostered."""
    peak_at: str
    """Local start of the peak interval, ``2027-11-29 10:00``."""
    capacity: Figure
    """The headcount the vendor declares it can field at peak (no number when none)."""
    capacity_text: str
    """How that capacity was worked out."""
    meets: bool
    """Whether the declared capacity covers the peak rostered headcount."""
    check: str
    """The same, in words: ``meets (40 ≥ 36)``, ``short by 4``, ``no capacity declared``."""


@dataclass(frozen=True)
class MonthRow:
    """One hour of the day in the month-by-hour table."""

    hour: str
    """The hour, ``07:00``."""
    cells: tuple[Figure, ...]
    """Agents needed in the busiest interval of that hour, one per month (January first)."""


@dataclass(frozen=True)
class MonthTable:
    """A coarse heat map for text formats: peak agents by hour of the day and month."""

    columns: tuple[str, ...]
    """The months' short names, Jan … Dec."""
    rows: tuple[MonthRow, ...]
    """One row per hour that needs an agent at some time of the year."""
    idle: str
    """The hours that need no agent all year, ``00, 01, 23`` (empty when none)."""


@dataclass(frozen=True)
class StaffingSection:
    """The staffing section (only under an Erlang model)."""

    model: str
    """The queueing model, ``Erlang C`` or ``Erlang A (patience 90 s)``."""
    service_level: str
    """The service-level target, ``80/20``."""
    timezone: str
    """The customers' time zone the hours are in."""
    year: int
    """The year staffed."""
    interval_minutes: int
    """The length of one staffing interval, minutes."""
    heatmap_aht: Figure
    """The AHT the heat map is staffed at (the workload's), seconds."""
    heatmap_peak: Figure
    """The most agents any cell of the heat map needs."""
    legend: str
    """What the heat map's colours count and how they were staffed."""
    summary: tuple[str, ...]
    """The year in a few sentences."""
    vendors: tuple[StaffingRow, ...]
    """One row per vendor staffed."""
    months: MonthTable
    """The heat map by month, for text formats."""


def model_label(s: Staffing) -> str:
    """Erlang C, or Erlang A with the customers' patience."""
    label = MODELS.get(s.model, s.model)
    if s.patience_seconds is not None:
        label += f" (patience {fmt_num(s.patience_seconds)} s)"
    return label


def week_starts(s: Staffing) -> list[date]:
    """The first local date of each heat-map column (week k: days 7k .. 7k+6 from 1 January)."""
    weeks = len(s.heatmap[0]) if s.heatmap else 0
    first = date(s.year, 1, 1)
    return [first + timedelta(days=7 * k) for k in range(weeks)]


def legend(s: Staffing) -> str:
    """What the heat map's colours count and how they were staffed."""
    return (
        f"Agents on queue at AHT {fmt_num(s.heatmap_aht)} s (the workload's) · {model_label(s)} "
        f"{s.service_level} · max occupancy {fmt_num(s.max_occupancy)} % · hours in "
        f"{s.timezone} · weeks from 1 January {s.year}"
    )


def staffing_chart(s: Staffing) -> str:
    """The heat map as inline SVG."""
    starts = week_starts(s)
    first = date(s.year, 1, 1)
    months = [((date(s.year, m, 1) - first).days // 7, MONTHS[m - 1]) for m in range(1, 13)]
    return charts.staffing_heat_map(
        s.heatmap,
        [f"week {k + 1} (from {d.isoformat()})" for k, d in enumerate(starts)],
        months,
        f"Agents needed on queue in {s.year}, by hour of the day ({s.timezone}) and week",
        legend(s),
    )


def by_month(s: Staffing) -> MonthTable:
    """A coarse heat map for text formats: the peak of the weeks that begin in each month, by
    hour of the day; hours that need no agent all year are left out and named."""
    months = [d.month for d in week_starts(s)]
    rows, idle = [], []
    for hour, row in enumerate(s.heatmap):
        if not any(row):
            idle.append(f"{hour:02d}")
            continue
        peaks = [0] * 12
        for n, month in zip(row, months, strict=True):
            peaks[month - 1] = max(peaks[month - 1], n)
        rows.append(MonthRow(f"{hour:02d}:00", tuple(Figure(n, str(n)) for n in peaks)))
    return MonthTable(MONTHS, tuple(rows), ", ".join(idle))


def _check(v: VendorStaffing) -> tuple[bool, str]:
    """Whether the declared capacity covers the peak rostered headcount, in words."""
    if v.capacity is None:
        return False, "no capacity declared"
    if v.capacity >= v.peak_rostered:
        return True, f"meets ({v.capacity} ≥ {v.peak_rostered})"
    return False, f"short by {v.peak_rostered - v.capacity}"


def _versus(staffed: float, flat: float) -> Figure:
    if not (flat > 0 and math.isfinite(flat)):
        return none()
    change = staffed / flat - 1
    return Figure(change, f"{change * 100:+.1f} %")


def _seconds(value: float) -> Figure:
    return Figure(value, f"{fmt_num(value)} s")


def _whole(value: int) -> Figure:
    return Figure(value, str(value))


def vendor_row(v: VendorStaffing, name: str) -> StaffingRow:
    """One vendor's line of the staffing table."""
    meets, check = _check(v)
    return StaffingRow(
        id=v.vendor,
        vendor=name,
        aht=_seconds(v.aht_seconds),
        aht_source=SOURCES.get(v.aht_source, v.aht_source),
        staffed_hours=count(v.staffed_hours),
        flat_hours=count(v.flat_hours) if math.isfinite(v.flat_hours) else none(),
        versus_flat=_versus(v.staffed_hours, v.flat_hours),
        occupancy=Figure(v.occupancy, f"{v.occupancy:.1f} %"),
        rostered_hours=count(v.rostered_hours),
        fte=none() if v.fte is None else Figure(v.fte, f"{v.fte:,.1f}"),
        peak_agents=_whole(v.peak_agents),
        peak_rostered=_whole(v.peak_rostered),
        peak_at=v.peak_at,
        capacity=none() if v.capacity is None else _whole(v.capacity),
        capacity_text=v.capacity_text,
        meets=meets,
        check=check,
    )


def _aht_rule(s: Staffing, workload: Workload | None) -> str:
    if workload is not None and workload.aht == "vendor":
        return (
            "Each vendor is staffed at its own AHT (kpis.aht_seconds), the workload's "
            f"{fmt_num(s.heatmap_aht)} s where it gives none."
        )
    return f"Every vendor is staffed at the workload's AHT of {fmt_num(s.heatmap_aht)} s."


def summary(s: Staffing, workload: Workload | None) -> tuple[str, ...]:
    """The year in sentences: what was staffed, how, and what the peak gate does."""
    gate = workload is not None and workload.peak_gate
    occupancy = fmt_num(workload.occupancy) if workload is not None else none().text
    return (
        f"Every {s.interval_minutes}-minute interval of {s.year} on the customers' clock "
        f"({s.timezone}) is staffed with {model_label(s)} to a service level of "
        f"{s.service_level}, at most {fmt_num(s.max_occupancy)} % occupancy: "
        f"{s.intervals:,} intervals, {s.open_intervals:,} of them with at least one agent.",
        f"{s.contacts:,.0f} contacts a year; the busiest interval, {s.peak_contacts_at}, "
        f"brings {s.peak_contacts:,.0f}. Rostered figures add {fmt_num(s.shrinkage)} % "
        f"shrinkage. {_aht_rule(s, workload)}",
        "Per-hour and per-FTE quotes are priced on the staffed hours; the flat formula's hours "
        f"(contacts × AHT / 3600 / {occupancy} % occupancy) are shown beside them.",
        "Vendors whose declared capacity falls short of the peak rostered headcount are "
        "excluded (peak_gate)."
        if gate
        else "The peak check is for information: the peak gate is off.",
    )


def staffing_section(r: Ranking, workload: Workload | None) -> StaffingSection | None:
    """The staffing section of a report, or None under the flat model."""
    s = r.staffing
    if s is None:
        return None
    names = {v.id: v.name for v in r.ranking} | {x.id: x.name for x in r.excluded}
    top = max((max(row, default=0) for row in s.heatmap), default=0)
    return StaffingSection(
        model=model_label(s),
        service_level=s.service_level,
        timezone=s.timezone,
        year=s.year,
        interval_minutes=s.interval_minutes,
        heatmap_aht=_seconds(s.heatmap_aht),
        heatmap_peak=_whole(top),
        legend=legend(s),
        summary=summary(s, workload),
        vendors=tuple(vendor_row(v, names.get(v.vendor, v.vendor)) for v in s.vendors),
        months=by_month(s),
    )

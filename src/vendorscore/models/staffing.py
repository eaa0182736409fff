"""What the staffing model computed (plain data, read by the cost kind, the peak gate and the
views): the year's intervals in summary, and each vendor's hours, headcount and peak."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VendorStaffing:
    """One vendor's staffing of the buyer's year, at the vendor's AHT."""

    vendor: str
    aht_seconds: float
    aht_source: str  # "vendor" (its kpis.aht_seconds) or "workload"
    staffed_hours: float  # agent-hours on queue over the year (what per-hour quotes bill)
    rostered_hours: float  # staffed hours grossed up by shrinkage (paid hours)
    fte: float | None  # rostered FTEs: rostered hours / (12 x hours_per_fte_month)
    occupancy: float  # implied occupancy, %: handle hours / staffed hours
    flat_hours: float  # productive hours by the flat formula at the workload's occupancy
    peak_agents: int  # agents on queue in the peak interval
    peak_rostered: int  # the headcount that interval needs rostered: ceil(peak / (1 - shrinkage))
    peak_at: str  # local start of the peak interval, "2027-11-29 10:00"
    capacity: int | None = None  # what the vendor declares it can field at peak (None: nothing)
    capacity_text: str = ""  # how that was worked out, for reasons and reports


@dataclass(frozen=True)
class Staffing:
    """The staffing of the evaluation year under the workload's model."""

    model: str  # erlang_c | erlang_a
    service_level: str  # "80/20"
    max_occupancy: float  # %
    shrinkage: float  # %
    patience_seconds: float | None
    interval_minutes: int
    timezone: str
    year: int
    contacts: float
    intervals: int  # intervals of the year (days of 23 and 25 hours included)
    open_intervals: int  # intervals staffed with at least one agent
    peak_contacts: float  # contacts arriving in the busiest interval
    peak_contacts_at: str
    vendors: tuple[VendorStaffing, ...]
    heatmap: tuple[tuple[int, ...], ...] = ()  # hour of day (24 rows) x week of year: peak agents
    heatmap_aht: float = 0.0  # the AHT the heat map is staffed at (the workload's)

    def of(self, vendor: str) -> VendorStaffing | None:
        """The figures of one vendor."""
        return next((v for v in self.vendors if v.vendor == vendor), None)

"""The human view of `vendorscore staffing`: the staffing, the annual cost both ways and the
service-level / price trade-off as rich tables (cells from ``views/staffing.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from vendorscore.cli.markup import markup_text as _t
from vendorscore.cli.tables import _console
from vendorscore.cli.tables import titled_table as _table
from vendorscore.views.staffing import (
    aht_cell,
    capacity_cell,
    difference_cell,
    fte_cell,
    hours_cell,
    money,
    occupancy_cell,
    peak_cell,
    settings_line,
    unit_cell,
)

if TYPE_CHECKING:
    from vendorscore.analysis.staffing_report import StaffingReport


def _staffing_table(r: StaffingReport) -> Any:
    zone = _t(r.staffing.timezone)
    table = _table(
        f"Staffing at {_t(r.staffing.service_level)}",
        [
            ("Vendor", "left"),
            ("AHT", "right"),
            ("Staffed h", "right"),
            ("Occupancy", "right"),
            ("FTEs", "right"),
            ("Peak queue / rostered", "right"),
            (f"Peak interval\n{zone}", "left"),
            ("Capacity at peak", "left"),
        ],
    )
    for v in r.vendors:
        table.add_row(
            _t(v.name),
            aht_cell(v),
            hours_cell(v.figures.staffed_hours),
            occupancy_cell(v),
            fte_cell(v),
            peak_cell(v),
            _t(v.figures.peak_at),
            _t(capacity_cell(v)),
        )
    return table


def _cost_table(r: StaffingReport) -> Any:
    table = _table(
        f"Annual cost ({_t(r.currency)})",
        [
            ("Vendor", "left"),
            ("Pricing", "left"),
            (f"Staffed at {_t(r.staffing.service_level)}", "right"),
            ("Flat formula", "right"),
            ("Difference", "right"),
        ],
    )
    for v in r.vendors:
        table.add_row(
            _t(v.name),
            _t(unit_cell(v)),
            money(v.cost, r.currency),
            money(v.flat_cost, r.currency),
            difference_cell(v),
        )
    return table


def _tradeoff_table(r: StaffingReport) -> Any:
    table = _table(
        f"Service level and price ({_t(r.currency)} a year)",
        [("Vendor", "left"), ("Pricing", "left")]
        + [(_t(x.service_level), "right") for x in r.levels],
    )
    for i, v in enumerate(r.vendors):
        table.add_row(
            _t(v.name), _t(unit_cell(v)), *(money(x.costs[i], r.currency) for x in r.levels)
        )
    return table


def print_staffing(r: StaffingReport, file: TextIO | None = None) -> None:
    """The settings line, then staffing, cost and (with --service-level) the trade-off, then
    the vendors the peak gate excludes."""
    console = _console(file, 160)
    console.print(f"[bold]{_t(r.name)}[/bold]", soft_wrap=True)
    console.print(_t(settings_line(r)), soft_wrap=True)
    console.print(_staffing_table(r))
    console.print(_cost_table(r))
    if r.levels:
        console.print(_tradeoff_table(r))
    if r.excluded:
        console.print("\n[bold red]Excluded by the peak gate[/bold red]")
        for v in r.excluded:
            console.print(f"  {_t(v.name)} ({_t(v.id)}): {_t(v.peak_reason or '')}", soft_wrap=True)

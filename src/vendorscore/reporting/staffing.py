"""The report's staffing section (issue 12): the year in a few sentences, the heat map of
agents on queue, and each vendor's hours, headcount and peak, formatted for the templates.

Present only under an Erlang model (``Ranking.staffing``); under ``model: flat`` the section
is None and the templates print nothing for it, so a flat report is what it always was.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from vendorscore.criteria.settings import Workload
from vendorscore.formatting import MISSING, fmt_num
from vendorscore.models.results import Ranking
from vendorscore.models.staffing import Staffing, VendorStaffing
from vendorscore.reporting import charts

MODELS = {"erlang_c": "Erlang C", "erlang_a": "Erlang A"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SOURCES = {"vendor": "vendor's own", "workload": "workload's"}


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


def by_month(s: Staffing) -> dict[str, Any]:
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
        rows.append({"hour": f"{hour:02d}:00", "cells": [str(n) for n in peaks]})
    return {"columns": list(MONTHS), "rows": rows, "idle": ", ".join(idle)}


def _check(v: VendorStaffing) -> tuple[bool, str]:
    """Whether the declared capacity covers the peak rostered headcount, in words."""
    if v.capacity is None:
        return False, "no capacity declared"
    if v.capacity >= v.peak_rostered:
        return True, f"meets ({v.capacity} ≥ {v.peak_rostered})"
    return False, f"short by {v.peak_rostered - v.capacity}"


def _versus(staffed: float, flat: float) -> str:
    if not (flat > 0 and math.isfinite(flat)):
        return MISSING
    return f"{(staffed / flat - 1) * 100:+.1f} %"


def vendor_row(v: VendorStaffing, name: str) -> dict[str, Any]:
    """One vendor's line of the staffing table."""
    meets, check = _check(v)
    return {
        "id": v.vendor,
        "vendor": name,
        "aht": f"{fmt_num(v.aht_seconds)} s",
        "aht_source": SOURCES.get(v.aht_source, v.aht_source),
        "staffed_hours": f"{v.staffed_hours:,.0f}",
        "flat_hours": f"{v.flat_hours:,.0f}" if math.isfinite(v.flat_hours) else MISSING,
        "versus_flat": _versus(v.staffed_hours, v.flat_hours),
        "occupancy": f"{v.occupancy:.1f} %",
        "rostered_hours": f"{v.rostered_hours:,.0f}",
        "fte": MISSING if v.fte is None else f"{v.fte:,.1f}",
        "peak_agents": str(v.peak_agents),
        "peak_rostered": str(v.peak_rostered),
        "peak_at": v.peak_at,
        "capacity": MISSING if v.capacity is None else str(v.capacity),
        "capacity_text": v.capacity_text,
        "meets": meets,
        "check": check,
    }


def _aht_rule(s: Staffing, workload: Workload | None) -> str:
    if workload is not None and workload.aht == "vendor":
        return (
            "Each vendor is staffed at its own AHT (kpis.aht_seconds), the workload's "
            f"{fmt_num(s.heatmap_aht)} s where it gives none."
        )
    return f"Every vendor is staffed at the workload's AHT of {fmt_num(s.heatmap_aht)} s."


def summary(s: Staffing, workload: Workload | None) -> list[str]:
    """The year in sentences: what was staffed, how, and what the peak gate does."""
    gate = workload is not None and workload.peak_gate
    occupancy = fmt_num(workload.occupancy) if workload is not None else MISSING
    return [
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
    ]


def staffing_section(r: Ranking, workload: Workload | None) -> dict[str, Any] | None:
    """The staffing section of a report, or None under the flat model."""
    s = r.staffing
    if s is None:
        return None
    names = {v.id: v.name for v in r.ranking} | {x.id: x.name for x in r.excluded}
    top = max((max(row, default=0) for row in s.heatmap), default=0)
    return {
        "model": model_label(s),
        "service_level": s.service_level,
        "timezone": s.timezone,
        "year": s.year,
        "interval_minutes": s.interval_minutes,
        "heatmap_aht": f"{fmt_num(s.heatmap_aht)} s",
        "heatmap_peak": str(top),
        "legend": legend(s),
        "summary": summary(s, workload),
        "vendors": [vendor_row(v, names.get(v.vendor, v.vendor)) for v in s.vendors],
        "months": by_month(s),
    }

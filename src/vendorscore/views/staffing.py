"""Views of the staffing command's result: JSON, CSV and Markdown, and the cells every view
shares (the rich table is in cli/staffing_table.py)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from vendorscore.analysis.staffing_report import StaffingReport, VendorRow
from vendorscore.formatting import MISSING, amount, fmt_num, json_visible, md_escape, safe_cell
from vendorscore.version import __version__

# --- cells: the same fact in the same words in the table and in Markdown ---------------------


def settings_line(r: StaffingReport) -> str:
    """The model and its settings in one line."""
    s = r.staffing
    patience = (
        f" · patience {fmt_num(s.patience_seconds)} s" if s.patience_seconds is not None else ""
    )
    return (
        f"{s.model} at {s.service_level} · {s.interval_minutes}-minute intervals of {s.year} "
        f"({s.timezone}) · shrinkage {fmt_num(s.shrinkage)} % · max occupancy "
        f"{fmt_num(s.max_occupancy)} %{patience} · costs in {r.currency}"
    )


def money(value: float | None, currency: str) -> str:
    """An annual cost in whole units of the base currency; ``—`` without pricing."""
    return MISSING if value is None else amount(value, currency)


def hours_cell(value: float) -> str:
    """Agent-hours, whole."""
    return f"{value:,.0f}"


def aht_cell(v: VendorRow) -> str:
    """The AHT staffed and priced, and whose it is: ``350 s (vendor)``."""
    return f"{fmt_num(v.figures.aht_seconds)} s ({v.figures.aht_source})"


def fte_cell(v: VendorRow) -> str:
    """Rostered FTEs, one decimal; ``—`` without workload.hours_per_fte_month."""
    return MISSING if v.figures.fte is None else f"{v.figures.fte:,.1f}"


def occupancy_cell(v: VendorRow) -> str:
    """Implied occupancy: handle hours over staffed hours."""
    return amount(v.figures.occupancy, "%")


def peak_cell(v: VendorRow) -> str:
    """Agents on queue / headcount rostered in the peak interval: ``41 / 59``."""
    return f"{v.figures.peak_agents} / {v.figures.peak_rostered}"


def capacity_cell(v: VendorRow) -> str:
    """Declared capacity against the peak rostered headcount: ``passes: 210 >= 59``."""
    f = v.figures
    if f.capacity is None:
        verdict = "fails: no capacity.agents declared"
    else:
        sign = ">=" if v.peak_ok else "<"
        verdict = f"{'passes' if v.peak_ok else 'fails'}: {f.capacity} {sign} {f.peak_rostered}"
    return verdict + (" (excluded)" if v.excluded else "")


def difference_cell(v: VendorRow) -> str:
    """Staffed cost against the flat formula's, in %: ``+12.4 %``."""
    d = v.difference
    return MISSING if d is None else f"{d:+.1f} %"


def unit_cell(v: VendorRow) -> str:
    """The pricing unit, or ``no pricing``."""
    return v.unit or "no pricing"


# --- JSON ------------------------------------------------------------------------------------


def document_head(r: Any) -> dict[str, Any]:
    """What every result document of a command starts with: the tool, the input files and
    their digest, the evaluation's name, date and currency (``r``: a result that has them)."""
    return {
        "tool": {"name": "vendorscore", "version": __version__},
        "inputs": {
            "criteria": r.inputs.criteria,
            "vendors": list(r.inputs.vendors),
            "scores": list(r.inputs.scores),
            "sha256": r.inputs.sha256,
        },
        "name": r.name,
        "evaluation_date": r.evaluation_date.isoformat(),
        "currency": r.currency,
    }


def _vendor_dict(v: VendorRow, zone: str) -> dict[str, Any]:
    f = v.figures
    return {
        "id": v.id,
        "name": v.name,
        "aht_seconds": f.aht_seconds,
        "aht_source": f.aht_source,
        "staffed_hours": f.staffed_hours,
        "rostered_hours": f.rostered_hours,
        "flat_hours": f.flat_hours,
        "occupancy_percent": f.occupancy,
        "fte": f.fte,
        "peak_agents": f.peak_agents,
        "peak_rostered": f.peak_rostered,
        "peak_at": f.peak_at,
        "peak_timezone": zone,
        "capacity": f.capacity,
        "capacity_text": f.capacity_text,
        "peak_capacity": "passes" if v.peak_ok else "fails",
        "excluded_by_peak_gate": v.excluded,
        "pricing_unit": v.unit,
        "annual_cost": v.cost,
        "flat_annual_cost": v.flat_cost,
        "difference_percent": v.difference,
    }


def staffing_dict(r: StaffingReport) -> dict[str, Any]:
    """The JSON document of `staffing --format json`."""
    s = r.staffing
    return {
        **document_head(r),
        "staffing": {
            "model": s.model,
            "service_level": s.service_level,
            "year": s.year,
            "timezone": s.timezone,
            "interval_minutes": s.interval_minutes,
            "shrinkage_percent": s.shrinkage,
            "max_occupancy_percent": s.max_occupancy,
            "patience_seconds": s.patience_seconds,
            "contacts": s.contacts,
            "intervals": s.intervals,
            "open_intervals": s.open_intervals,
            "peak_contacts": s.peak_contacts,
            "peak_contacts_at": s.peak_contacts_at,
            "peak_gate": r.peak_gate,
        },
        "vendors": [_vendor_dict(v, s.timezone) for v in r.vendors],
        "service_levels": [
            {
                "service_level": level.service_level,
                "vendors": [
                    {"id": v.id, "staffed_hours": h, "annual_cost": c}
                    for v, h, c in zip(r.vendors, level.staffed_hours, level.costs, strict=True)
                ],
            }
            for level in r.levels
        ],
    }


def to_json(r: StaffingReport) -> str:
    """JSON text, full-precision numbers, no NaN or infinity (a cost past the limit was
    refused before)."""
    text = json.dumps(staffing_dict(r), indent=2, ensure_ascii=False, allow_nan=False)
    return json_visible(text) + "\n"


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id", "name", "aht_seconds", "aht_source", "staffed_hours", "rostered_hours", "flat_hours",
    "occupancy_percent", "fte", "peak_agents", "peak_rostered", "peak_at", "peak_timezone",
    "capacity", "peak_capacity", "excluded_by_peak_gate", "pricing_unit", "annual_cost",
    "flat_annual_cost", "difference_percent",
)  # fmt: skip


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return value
    return safe_cell(str(value))


def to_csv(r: StaffingReport) -> str:
    """One row per vendor, then one annual-cost column per ``--service-level`` target: numbers
    as numbers, every text cell through the cell-safety rule."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *(f"annual_cost_at_{x.service_level}" for x in r.levels)])
    for i, v in enumerate(r.vendors):
        row = _vendor_dict(v, r.staffing.timezone)
        cells = [_csv_value(row[c]) for c in CSV_COLUMNS]
        writer.writerow([*cells, *(_csv_value(x.costs[i]) for x in r.levels)])
    return out.getvalue()


# --- Markdown --------------------------------------------------------------------------------


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return lines + ["| " + " | ".join(cells) + " |" for cells in rows]


def _md_staffing(r: StaffingReport) -> list[str]:
    head = ["Vendor", "AHT", "Staffed h", "Occupancy", "FTEs", "Peak queue / rostered"]
    head += [f"Peak interval ({md_escape(r.staffing.timezone)})", "Capacity at peak"]
    rows = [
        [
            md_escape(v.name),
            aht_cell(v),
            hours_cell(v.figures.staffed_hours),
            occupancy_cell(v),
            fte_cell(v),
            peak_cell(v),
            md_escape(v.figures.peak_at),
            md_escape(capacity_cell(v)),
        ]
        for v in r.vendors
    ]
    return ["## Staffing", "", *_md_table(head, rows)]


def _md_cost(r: StaffingReport) -> list[str]:
    level = md_escape(r.staffing.service_level)
    head = ["Vendor", "Pricing", f"Staffed at {level}", "Flat formula", "Difference"]
    rows = [
        [
            md_escape(v.name),
            md_escape(unit_cell(v)),
            money(v.cost, r.currency),
            money(v.flat_cost, r.currency),
            difference_cell(v),
        ]
        for v in r.vendors
    ]
    return [f"## Annual cost ({md_escape(r.currency)})", "", *_md_table(head, rows)]


def _md_tradeoff(r: StaffingReport) -> list[str]:
    head = ["Vendor", "Pricing", *(md_escape(x.service_level) for x in r.levels)]
    rows = [
        [
            md_escape(v.name),
            md_escape(unit_cell(v)),
            *(money(x.costs[i], r.currency) for x in r.levels),
        ]
        for i, v in enumerate(r.vendors)
    ]
    title = f"## Service level and price ({md_escape(r.currency)} a year)"
    return [title, "", *_md_table(head, rows)]


def to_markdown(r: StaffingReport) -> str:
    """The tables of the text view in Markdown; every cell escaped."""
    lines = [f"# Staffing: {md_escape(r.name)}", "", md_escape(settings_line(r)), ""]
    lines += [*_md_staffing(r), "", *_md_cost(r)]
    if r.levels:
        lines += ["", *_md_tradeoff(r)]
    if r.excluded:
        lines += ["", "## Excluded by the peak gate", ""]
        lines += [
            f"- **{md_escape(v.name)}**: {md_escape(v.peak_reason or '')}" for v in r.excluded
        ]
    return "\n".join(lines) + "\n"

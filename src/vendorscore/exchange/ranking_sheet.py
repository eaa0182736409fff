"""The ranking workbook's sheets as rows and number formats (no openpyxl here: xlsx.py writes
them)."""

from __future__ import annotations

from typing import Any

from vendorscore.models.results import Ranking
from vendorscore.scoring.costlines import report_order


def shown_width(value: Any, shape: str | None) -> int:
    """About how many characters a cell shows."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return len(str(value))
    extra = len(shape.split('"')[1]) + 1 if shape and '"' in shape else 0
    return len(f"{value:,.2f}") + extra


def unit_format(unit: str) -> str | None:
    """The number format for a raw value in ``unit``: money in whole units of its currency,
    percentages (0-100) with one decimal, evaluators' points with two."""
    if len(unit) == 3 and unit.isupper():
        return f'#,##0 "{unit}"'
    if unit == "%":
        return '0.0" %"'
    return "0.00"


def breakdown(r: Ranking) -> tuple[list[str], list[list[Any]]]:
    """The Breakdown sheet: a row per vendor and criterion (with the raw value's range
    when some raw value comes from uncertain figures)."""
    ranged = any(s.low is not None for v in r.ranking for s in v.criteria.values())
    ends = ["raw low", "raw high"] if ranged else []
    header = ["vendor", "criterion", "weight", "raw", *ends, "unit", "utility", "contribution"]
    rows = [
        [
            v.id,
            c.id,
            c.weight,
            v.criteria[c.id].raw,
            *([v.criteria[c.id].low, v.criteria[c.id].high] if ranged else []),
            c.unit,
            v.criteria[c.id].utility,
            v.criteria[c.id].contribution,
            c.scoring_detail,
        ]
        for v in r.ranking
        for c in r.criteria
    ]
    return [*header, "scoring"], rows


def cost_rows(r: Ranking) -> tuple[list[str], list[list[Any]], list[str | None]]:
    """The Costs sheet: its header, a row per priced vendor, and each column's format."""
    money = f'#,##0 "{r.currency}"'
    header = [
        "vendor", "name", "excluded", "unit", "rate", "quote currency", "fx", "fx as of",
        "quantity", "quantity unit", "run-rate a year", "setup fee", "setup a year", "annual",
        "contract years", "contract total", "occupancy", "peak rostered",
    ]  # fmt: skip
    formats = [
        None, None, None, None, "#,##0.00##", None, "0.0000", "yyyy-mm-dd", "#,##0", None,
        money, "#,##0", money, money, None, money, '0.0" %"', "#,##0",
    ]  # fmt: skip
    rows = [
        [
            c.id,
            c.name,
            "yes" if c.excluded else "no",
            c.unit,
            c.rate,
            c.quote_currency,
            c.fx,
            c.fx_as_of,
            c.quantity,
            c.quantity_unit,
            c.run_rate,
            c.setup_fee,
            c.setup_per_year,
            c.annual,
            c.contract_years,
            c.contract_total,
            c.occupancy,
            c.peak_rostered,
        ]
        for c in report_order(r)  # as the report lists them: ranked, then excluded
    ]
    return header, rows, formats

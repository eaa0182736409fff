"""Views of `explain` and `sensitivity`: JSON (SPEC §6.2; the rich tables are in cli/tables.py),
and the cost derivation of `explain` as plain lines (the table view prints them)."""

from __future__ import annotations

import json
import math
from typing import Any

from vendorscore.analysis.costing import CostDerivation
from vendorscore.analysis.explain import Explanation
from vendorscore.analysis.smaa import SmaaResult
from vendorscore.analysis.summary import Sensitivity, sources
from vendorscore.formatting import MISSING, fmt_num, json_visible, shown_diff
from vendorscore.reporting.costs import CostRow, cost_row
from vendorscore.views import jsontext
from vendorscore.views.ranking import cost_line_dict


def _num(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


def sensitivity_dict(s: Sensitivity, vectors: bool = False) -> dict[str, Any]:
    """The document of `sensitivity --format json` (SPEC §6.2, plus a few documented extras);
    ``vectors``: the acceptability rows left as numpy vectors (for ``jsontext.dumps``)."""
    smaa = s.smaa
    return {
        "method": s.method,
        "winner": s.winner,
        "robustness": {
            "level": s.robustness.level,
            "summary": s.robustness.summary,
            "details": list(s.robustness.details),
        },
        "stability": {
            i.criterion: {
                "weight": i.weight,
                "low": _num(i.low),
                "high": _num(i.high),
                "top3_order_kept": i.top3_kept,
            }
            for i in s.stability
        },
        "stability_method": "closed form" if s.exact_stability else "numerical (bisection to 1e-9)",
        "smaa": {
            "samples": smaa.samples,
            "seed": smaa.seed,
            "weights": smaa.model,
            "jitter": smaa.jitter,
            "acceptability": {
                v: row if vectors else [float(x) for x in row]
                for v, row in zip(smaa.vendors, smaa.acceptability, strict=True)
            },
            "central_weights": {
                v: None
                if math.isnan(row[0])
                else {c: float(w) for c, w in zip(smaa.criteria, row, strict=True)}
                for v, row in zip(smaa.vendors, smaa.central, strict=True)
            },
            "confidence": {v: float(c) for v, c in zip(smaa.vendors, smaa.confidence, strict=True)},
            "fixed_weights": smaa.fixed_weights,
            "sources": sources(smaa),
            "pairwise": {
                "vendors": list(smaa.pairwise_ids),
                "above": [[float(x) for x in row] for row in smaa.pairwise],
            },
            "uncertain_data": _data_dict(smaa),
        },
        "leave_one_out": [
            {"removed": r.removed, "flips": [list(p) for p in r.flips]} for r in s.leave_one_out
        ],
        "method_agreement": s.method_agreement,
    }


def _data_dict(smaa: SmaaResult) -> dict[str, Any] | None:
    """The measurement side of SMAA (None when no vendor figure was drawn)."""
    data = smaa.data
    if data is None:
        return None
    return {
        "inputs": [{"key": i.key, "label": i.label, "origin": i.origin} for i in data.inputs],
        "excluded": {v: float(x) for v, x in zip(smaa.vendors, data.excluded, strict=True)},
        "exclusions": list(data.exclusions),
        "runner_up": data.runner_up,
        "attribution": [
            {
                "input": a.key,
                "label": a.label,
                "origin": a.origin,
                "winner_first": a.winner_first,
                "runner_up_rank": a.runner_up_rank,
            }
            for a in data.attribution
        ],
    }


def sensitivity_json(s: Sensitivity) -> str:
    """JSON text of a sensitivity analysis."""
    return json_visible(jsontext.dumps(sensitivity_dict(s, vectors=True))) + "\n"


def explanation_dict(e: Explanation) -> dict[str, Any]:
    """The document of `explain --format json` (``cost_derivation`` only under a staffing
    model: under ``model: flat`` the document is what it always was)."""
    change = e.change
    document = {
        "method": e.method,
        "a": {"id": e.a, "name": e.a_name, "rank": e.a_rank, "score": e.a_score},
        "b": {"id": e.b, "name": e.b_name, "rank": e.b_rank, "score": e.b_score},
        "criteria": [
            {
                "id": g.id,
                "weight": g.weight,
                "utility_a": g.utility_a,
                "utility_b": g.utility_b,
                "utility_diff": g.utility_diff,
                "contribution_diff": g.contribution_diff,
            }
            for g in e.gaps
        ],
        "smallest_change": None
        if change is None
        else {
            "criterion": change.criterion,
            "weight": change.current,
            "threshold": change.threshold,
        },
    }
    if e.costs:
        document["cost_derivation"] = [cost_dict(d) for d in e.costs]
    if e.breakdown:
        document["cost_breakdown"] = [cost_line_dict(line) for line in e.breakdown]
    return document


def breakdown_rows(e: Explanation) -> list[tuple[str, str, str, str]]:
    """A's and B's cost breakdowns side by side (when cost separates them): a row per line,
    with A's figure, B's figure and, for money, A minus B in the base currency between the
    whole units shown. A vendor that gives no pricing has ``no pricing`` and dashes."""
    rows_of = {line.id: cost_row(line, e.currency) for line in e.breakdown}
    a, b = rows_of.get(e.a), rows_of.get(e.b)
    if a is None and b is None:
        return []

    def cell(row: CostRow | None, field: str) -> str:
        if row is None:
            return "no pricing" if field == "quote" else MISSING
        value = getattr(row, field)
        return value if isinstance(value, str) else value.text

    def whole(row: CostRow, field: str) -> float:
        if field == "run_rate":  # printed as the annual cost less the setup share
            return shown_diff(row.annual.value or 0.0, row.setup_per_year.value or 0.0)
        return float(round(getattr(row, field).value or 0.0))

    def diff(field: str) -> str:
        if a is None or b is None:
            return ""
        return fmt_money_diff(whole(a, field) - whole(b, field), e.currency)

    either = a if a is not None else b
    years = either.contract_years.text if either is not None else ""
    lines = [
        ("quote", "quote", False), ("exchange rate", "fx", False),
        ("volume a year", "volume", False), ("run-rate a year", "run_rate", True),
        ("setup fee", "setup_fee", False), ("setup a year", "setup_per_year", True),
        ("annual cost", "annual", True), (f"contract total ({years})", "contract_total", True),
    ]  # fmt: skip
    if any(r is not None and r.occupancy.value is not None for r in (a, b)):
        lines += [("implied occupancy", "occupancy", False)]
        lines += [("peak agents rostered", "peak_rostered", False)]
    return [
        (label, cell(a, field), cell(b, field), diff(field) if money else "")
        for label, field, money in lines
    ]


def fmt_money_diff(value: float, currency: str) -> str:
    """A signed difference in whole units: ``+12,345 USD``, ``-3,000 USD``, ``0 USD``."""
    shown = round(value)
    return f"{shown:+,} {currency}" if shown else f"0 {currency}"


def cost_dict(d: CostDerivation) -> dict[str, Any]:
    """One vendor's cost derivation as JSON (an infinite figure, such as a missing fx rate,
    as null)."""
    return {k: _num(v) if isinstance(v, float) else v for k, v in d.__dict__.items()}


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}" if math.isfinite(value) else f"unbounded {currency}"


def _qty(value: float) -> str:
    if not math.isfinite(value):
        return "unbounded"
    return f"{value:,.0f}" if abs(value - round(value)) < 0.005 else f"{value:,.2f}"


def _billed(d: CostDerivation) -> list[str]:
    """How the billed quantity follows from the hours or the contacts."""
    if d.unit == "per_fte_month":
        return [
            f"rostered hours = {_qty(d.staffed_hours)} / (1 − {fmt_num(d.shrinkage)} %) "
            f"= {_qty(d.rostered_hours)}",
            f"FTE-months = {_qty(d.rostered_hours)} / {fmt_num(d.hours_per_fte_month)} "
            f"hours per FTE-month = {d.quantity:,.2f}",
        ]
    if d.unit == "per_minute":
        return [
            f"handled minutes = {d.contacts:,.0f} contacts × {fmt_num(d.aht_seconds)} s / 60 "
            f"= {_qty(d.quantity)}"
        ]
    if d.unit == "per_resolved_contact":
        return [
            f"resolved contacts = {d.contacts:,.0f} × {fmt_num(d.resolution_rate)} % "
            f"= {_qty(d.quantity)}"
        ]
    if d.unit == "per_contact":
        return [f"contacts = {_qty(d.quantity)}"]
    return []


def _flat(d: CostDerivation) -> str:
    """The flat formula's figure, for comparison."""
    hours = (
        f"{d.contacts:,.0f} contacts × {fmt_num(d.aht_seconds)} s / 3600 / "
        f"{fmt_num(d.flat_occupancy)} % occupancy = {_qty(d.flat_hours)} hours"
    )
    if d.unit == "per_fte_month":
        hours += (
            f"; / (1 − {fmt_num(d.shrinkage)} %) / {fmt_num(d.hours_per_fte_month)} "
            f"= {d.flat_quantity:,.2f} FTE-months"
        )
    elif d.unit != "per_productive_hour":
        hours += f", not billed {d.unit}: the same {d.quantity_unit} either way"
    return f"flat formula: {hours} → {_money(d.flat_annual, d.base_currency)} a year"


def cost_lines(d: CostDerivation) -> list[str]:
    """One vendor's cost derivation in words: a heading line, then indented steps."""
    model = {"erlang_c": "Erlang C", "erlang_a": "Erlang A"}.get(d.model, d.model)
    source = "from the vendor" if d.aht_source == "vendor" else "from the workload"
    lines = [
        f"{d.name} ({d.vendor}): {d.unit} at {fmt_num(d.rate)} {d.currency}"
        + (
            f" (quoted as {fmt_num(d.rate_range[0])}–{fmt_num(d.rate_range[1])})"
            if d.rate_range
            else ""
        ),
        f"staffed hours {_qty(d.staffed_hours)} ({model} {d.service_level}, AHT "
        f"{fmt_num(d.aht_seconds)} s {source}, implied occupancy {d.occupancy:.1f} %)",
        *_billed(d),
        f"{fmt_num(d.rate)} {d.currency} × {_qty(d.quantity)} {d.quantity_unit} = "
        f"{_money(d.usage, d.currency)}",
    ]
    if d.setup_fee:
        lines.append(
            f"+ setup fee {_money(d.setup_fee, d.currency)} / {fmt_num(d.contract_years)} "
            f"contract years = {_money(d.setup_per_year, d.currency)} a year"
        )
    if d.currency != d.base_currency:
        lines.append(
            f"× fx {fmt_num(d.fx)} {d.base_currency} per {d.currency}"
            + (f" (drawn {d.fx_spread})" if d.fx_spread else "")
            + ": "
            f"{_money(d.usage + d.setup_per_year, d.currency)} → "
            f"{_money(d.annual, d.base_currency)} a year"
        )
    else:
        lines.append(f"= {_money(d.annual, d.base_currency)} a year")
    return [lines[0], *("  " + line for line in lines[1:]), "  " + _flat(d)]


def explanation_json(e: Explanation) -> str:
    """JSON text of an explanation."""
    text = json.dumps(explanation_dict(e), indent=2, ensure_ascii=False, allow_nan=False)
    return json_visible(text) + "\n"

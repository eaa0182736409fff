"""The report's excluded vendors with their numbers (issue 15, item 3): each one's cost and raw
values next to the reasons, and what the exclusions cost when the cheapest bid is among them."""

from __future__ import annotations

import math
from dataclasses import dataclass

from vendorscore.formatting import amount, shown_diff
from vendorscore.reporting.figure import Figure, money
from vendorscore.scoring.costlines import cheapest_eligible
from vendorscore.scoring.evaluation import Evaluation


@dataclass(frozen=True)
class ExcludedRow:
    """A vendor a gate excluded, with its numbers."""

    id: str
    """The vendor's id."""
    name: str
    """The vendor's name."""
    reasons: tuple[str, ...]
    """Why it was excluded, one sentence per gate it failed."""
    cost: Figure | None
    """Its annual cost in the base currency (None when it quoted no price)."""
    numbers: str
    """Its raw value on each criterion it has one for, ``Cost 1,100,455 EUR; Coverage 96.4 %``."""


def excluded_rows(evaluation: Evaluation) -> tuple[ExcludedRow, ...]:
    """Every excluded vendor: id, name, reasons, its annual cost and its raw values."""
    r = evaluation.ranking
    context = evaluation.context
    costs = {c.id: c for c in r.costs}
    rows = {v.id: i for i, v in enumerate(context.vendors)} if context is not None else {}
    out = []
    for x in r.excluded:
        values = []
        if context is not None and x.id in rows:
            for j, info in enumerate(r.criteria):
                raw = float(context.values[rows[x.id], j])
                if math.isfinite(raw):
                    values.append(f"{info.label} {amount(raw, info.unit)}")
        line = costs.get(x.id)
        out.append(
            ExcludedRow(
                id=x.id,
                name=x.name,
                reasons=tuple(x.reasons),
                cost=None if line is None else money(line.annual, r.currency),
                numbers="; ".join(values),
            )
        )
    return tuple(out)


def exclusion_cost(evaluation: Evaluation) -> str | None:
    """When the cheapest bid is excluded: what it costs, why it is out, and what the cheapest
    eligible bid costs more."""
    r = evaluation.ranking
    if not r.costs:
        return None
    cheapest = min(r.costs, key=lambda c: (c.annual, c.id))
    if not cheapest.excluded:
        return None
    reasons = next((x.reasons for x in r.excluded if x.id == cheapest.id), ())
    why = f" ({reasons[0]})" if reasons else ""
    best = cheapest_eligible(r)
    text = (
        f"The cheapest bid, {cheapest.name} at {amount(cheapest.annual, r.currency)} a year, "
        f"is excluded{why}."
    )
    if best is not None:  # differences between the whole units printed, as the summary's
        more = shown_diff(best.annual, cheapest.annual)
        over = shown_diff(best.contract_total, cheapest.contract_total)
        text += (
            f" The cheapest eligible bid, {best.name}, costs {amount(best.annual, r.currency)}: "
            f"the exclusions cost {amount(more, r.currency)} a year "
            f"({amount(over, r.currency)} over the contract)."
        )
    return text

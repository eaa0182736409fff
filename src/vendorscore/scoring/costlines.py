"""Every priced vendor's cost breakdown (issue 15): the quote, the volume its unit is applied
to, the exchange rate, the setup fee spread over the contract, the run-rate and the contract
total, from ``criteria/cost.py: billing`` (the function the cost criterion prices with), so
the lines add up to the criterion's raw value."""

from __future__ import annotations

from collections.abc import Sequence

from vendorscore.criteria.cost import QUANTITIES, CostCriterion, billing
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.settings import StaffedHours
from vendorscore.models.results import CostLine, Ranking
from vendorscore.models.staffing import Staffing
from vendorscore.models.vendor import Vendor
from vendorscore.scoring.staffing import hours_by_vendor


def cost_lines(
    crit: CriteriaFile,
    vendors: Sequence[Vendor],
    excluded: set[str],
    staffing: Staffing | None,
) -> tuple[CostLine, ...]:
    """The breakdown of every vendor that gives pricing, when the evaluation prices (a cost
    criterion and a workload); a cost past any float is left out (the criterion refuses it)."""
    workload = crit.workload
    if workload is None or not any(isinstance(c, CostCriterion) for c in crit.criteria):
        return ()
    hours: dict[str, StaffedHours] = hours_by_vendor(staffing) if staffing is not None else {}
    figures = {f.vendor: f for f in staffing.vendors} if staffing is not None else {}
    years = workload.term_years
    out = []
    for vendor in vendors:
        pricing = vendor.pricing
        bill = billing(vendor, workload, crit.currency, crit.fx, hours.get(vendor.id))
        if pricing is None or bill is None or not bill.annual < float("inf"):
            continue
        setup = bill.setup_per_year * bill.fx
        staffed = figures.get(vendor.id)
        out.append(
            CostLine(
                id=vendor.id,
                name=vendor.name,
                unit=pricing.unit,
                rate=float(pricing.rate),
                quote_currency=pricing.currency,
                fx=bill.fx,
                fx_as_of=None if pricing.currency == crit.currency else crit.fx_as_of,
                quantity=bill.quantity,
                quantity_unit=QUANTITIES[pricing.unit],
                run_rate=bill.annual - setup,
                setup_fee=float(pricing.setup_fee or 0.0),
                setup_per_year=setup,
                annual=bill.annual,
                contract_years=years,
                contract_total=bill.annual * years,
                excluded=vendor.id in excluded,
                occupancy=None if staffed is None else staffed.occupancy,
                peak_rostered=None if staffed is None else staffed.peak_rostered,
            )
        )
    return tuple(out)


def cheapest_eligible(r: Ranking) -> CostLine | None:
    """The cheapest bid among the vendors that pass the gates (ties: by id)."""
    eligible = [c for c in r.costs if not c.excluded]
    return min(eligible, key=lambda c: (c.annual, c.id)) if eligible else None


def report_order(r: Ranking) -> list[CostLine]:
    """The cost lines as the report lists vendors: ranked in ranking order, then excluded."""
    order = {v.id: k for k, v in enumerate(r.ranking)}
    return sorted(r.costs, key=lambda c: (c.excluded, order.get(c.id, len(order)), c.id))

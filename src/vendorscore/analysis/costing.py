"""How a vendor's annual cost comes about under a staffing model (issue 12), for `explain`:
the hours basis, the billed quantity, the rate, the setup fee and the fx rate, and the flat
formula's figures beside them, as numbers (the views put them in words).

The figures follow ``criteria/cost.py: annual_cost`` step by step from the same inputs (the
staffed and rostered hours ``scoring/staffing.py`` found), so ``(rate × quantity + setup fee
/ contract years) × fx`` is the cost criterion's raw value; the flat figure is
``annual_cost`` itself without the staffed hours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from vendorscore.criteria.cost import annual_cost, flat_hours, vendor_aht
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.settings import Workload
from vendorscore.models.staffing import Staffing, VendorStaffing
from vendorscore.models.vendor import Vendor

QUANTITIES = {
    "per_productive_hour": "staffed hours",
    "per_fte_month": "FTE-months",
    "per_minute": "handled minutes",
    "per_contact": "contacts",
    "per_resolved_contact": "resolved contacts",
}


@dataclass(frozen=True)
class CostDerivation:
    """One vendor's annual cost, step by step (money in ``currency`` until ``fx``)."""

    vendor: str
    name: str
    unit: str  # the pricing unit
    rate: float
    currency: str  # the quote's currency
    contacts: float
    aht_seconds: float
    aht_source: str  # vendor | workload
    model: str  # erlang_c | erlang_a
    service_level: str  # 80/20
    staffed_hours: float  # agent-hours on queue over the year
    occupancy: float  # implied occupancy, %
    shrinkage: float  # %
    rostered_hours: float  # staffed hours / (1 - shrinkage)
    hours_per_fte_month: float | None
    resolution_rate: float | None  # %, per_resolved_contact only
    quantity: float  # what the rate is multiplied by, in ``quantity_unit``
    quantity_unit: str
    usage: float  # rate × quantity
    setup_fee: float
    contract_years: float
    setup_per_year: float  # setup fee / contract years
    fx: float  # base-currency units per one unit of ``currency``
    base_currency: str
    annual: float  # (usage + setup_per_year) × fx: the cost criterion's raw value
    flat_occupancy: float  # the workload's occupancy, %, for the flat formula
    flat_hours: float  # contacts × AHT / 3600 / occupancy
    flat_quantity: float  # the quantity the flat formula bills
    flat_annual: float  # the annual cost by the flat formula


def _quantity(unit: str, contacts: float, aht: float, hours: float, fte_months: float) -> float:
    if unit == "per_productive_hour":
        return hours
    if unit == "per_fte_month":
        return fte_months
    if unit == "per_minute":
        return contacts * aht / 60
    return contacts


def _quantities(
    vendor: Vendor, workload: Workload, figures: VendorStaffing
) -> tuple[float, float, float | None]:
    """What the rate multiplies: from the staffed hours, by the flat formula, and the
    resolution rate (per_resolved_contact only)."""
    assert vendor.pricing is not None
    unit, contacts = vendor.pricing.unit, workload.contacts_per_year
    if unit == "per_resolved_contact":
        rate = vendor.pricing.resolution_rate
        resolved = rate if rate is not None else 100.0
        return contacts * resolved / 100, contacts * resolved / 100, resolved
    aht, _ = vendor_aht(vendor, workload)
    per_fte, kept = workload.hours_per_fte_month, 1 - workload.shrinkage / 100

    def fte_months(rostered: float) -> float:
        return rostered / per_fte if per_fte else math.inf

    flat = flat_hours(workload, aht)
    staffed = _quantity(
        unit, contacts, aht, figures.staffed_hours, fte_months(figures.rostered_hours)
    )
    return staffed, _quantity(unit, contacts, aht, flat, fte_months(flat / kept)), None


def derive(
    vendor: Vendor, name: str, criteria: CriteriaFile, staffing: Staffing
) -> CostDerivation | None:
    """The derivation of one vendor's cost (None without pricing or staffing figures)."""
    workload, pricing = criteria.workload, vendor.pricing
    figures = staffing.of(vendor.id)
    if workload is None or pricing is None or figures is None:
        return None
    aht, source = vendor_aht(vendor, workload)
    quantity, flat_quantity, resolved = _quantities(vendor, workload, figures)
    years = workload.contract_years or 1.0
    setup = pricing.setup_fee / years if pricing.setup_fee else 0.0
    fx = 1.0 if pricing.currency == criteria.currency else criteria.fx.get(pricing.currency)
    fx = math.inf if fx is None else fx
    usage = pricing.rate * quantity
    return CostDerivation(
        vendor=vendor.id,
        name=name,
        unit=pricing.unit,
        rate=pricing.rate,
        currency=pricing.currency,
        contacts=workload.contacts_per_year,
        aht_seconds=aht,
        aht_source=source,
        model=staffing.model,
        service_level=staffing.service_level,
        staffed_hours=figures.staffed_hours,
        occupancy=figures.occupancy,
        shrinkage=workload.shrinkage,
        rostered_hours=figures.rostered_hours,
        hours_per_fte_month=workload.hours_per_fte_month,
        resolution_rate=resolved,
        quantity=quantity,
        quantity_unit=QUANTITIES.get(pricing.unit, pricing.unit),
        usage=usage,
        setup_fee=pricing.setup_fee,
        contract_years=years,
        setup_per_year=setup,
        fx=fx,
        base_currency=criteria.currency,
        annual=(usage + setup) * fx,
        flat_occupancy=workload.occupancy,
        flat_hours=flat_hours(workload, aht),
        flat_quantity=flat_quantity,
        flat_annual=_or_inf(annual_cost(vendor, workload, criteria.currency, criteria.fx)),
    )


def _or_inf(value: float | None) -> float:
    return math.inf if value is None else value

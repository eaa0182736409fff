"""How a vendor's annual cost comes about under a staffing model (issue 12), for `explain`:
the hours basis, the billed quantity, the rate, the setup fee and the fx rate, and the flat
formula's figures beside them, as numbers (the views put them in words).

The parts come from ``criteria/cost.py: billing``, the same function the cost criterion
prices with (given the staffed and rostered hours ``scoring/staffing.py`` found), so
``(rate × quantity + setup fee / contract years) × fx`` is the criterion's raw value; the
flat figures are ``billing`` without the staffed hours.
"""

from __future__ import annotations

from dataclasses import dataclass

from vendorscore.criteria.cost import QUANTITIES, billing, flat_hours, vendor_aht
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.uncertainty import fx_default
from vendorscore.models.measured import spread_of
from vendorscore.models.staffing import Staffing
from vendorscore.models.vendor import Vendor
from vendorscore.scoring.staffing import hours_of


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
    rate_range: tuple[float, float] | None = None  # the quote's range, when it has one
    fx_spread: str | None = None  # the exchange rate's default spread, when it is drawn


def derive(
    vendor: Vendor, name: str, criteria: CriteriaFile, staffing: Staffing
) -> CostDerivation | None:
    """The derivation of one vendor's cost (None without pricing or staffing figures)."""
    workload, pricing = criteria.workload, vendor.pricing
    figures = staffing.of(vendor.id)
    if workload is None or pricing is None or figures is None:
        return None
    aht, source = vendor_aht(vendor, workload)
    bill = billing(vendor, workload, criteria.currency, criteria.fx, hours_of(figures))
    flat = billing(vendor, workload, criteria.currency, criteria.fx)
    assert bill is not None
    assert flat is not None
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
        resolution_rate=bill.resolution_rate,
        quantity=bill.quantity,
        quantity_unit=QUANTITIES.get(pricing.unit, pricing.unit),
        usage=pricing.rate * bill.quantity,
        setup_fee=pricing.setup_fee,
        contract_years=workload.contract_years or 1.0,
        setup_per_year=bill.setup_per_year,
        fx=bill.fx,
        base_currency=criteria.currency,
        annual=bill.annual,
        flat_occupancy=workload.occupancy,
        flat_hours=flat_hours(workload, aht),
        flat_quantity=flat.quantity,
        flat_annual=flat.annual,
        rate_range=_range(pricing.rate),
        fx_spread=_fx_spread(criteria, pricing.currency),
    )


def _fx_spread(criteria: CriteriaFile, currency: str) -> str | None:
    spread = fx_default(criteria.uncertainty, currency)
    return None if spread is None or currency == criteria.currency else spread.text()


def _range(rate: float) -> tuple[float, float] | None:
    spread = spread_of(rate)
    return None if spread is None or spread.exact else spread.ends()

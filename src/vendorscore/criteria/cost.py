"""The `cost` kind: annual cost in the base currency from each vendor's pricing and the
buyer's workload."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from vendorscore.criteria.base import (
    CriterionBase,
    Direction,
    Kind,
    RawContext,
    RawValue,
    Sample,
    per_vendor,
)
from vendorscore.criteria.settings import StaffedHours, Workload
from vendorscore.errors import ScoringError
from vendorscore.models.limits import show_number, within_amount
from vendorscore.models.vendor import Vendor


class CostCriterion(CriterionBase):
    """Annual cost in the base currency, from each vendor's pricing and the workload."""

    kind: Literal["cost"]

    def better(self) -> Direction:
        return "lower"


def vendor_aht(
    vendor: Vendor, workload: Workload, sample: Sample | None = None
) -> tuple[float, str]:
    """The handle time a vendor is priced and staffed at, and where it comes from: its own
    ``kpis.aht_seconds`` under ``aht: vendor``, else the workload's (drawn per sample when
    ``sample`` has draws of it)."""
    if workload.aht == "vendor" and vendor.kpis is not None and vendor.kpis.aht_seconds:
        own = vendor.kpis.aht_seconds
        return (own if sample is None else sample.get("kpis.aht_seconds", own)), "vendor"
    return workload.aht_seconds, "workload"


def flat_hours(workload: Workload, aht: float, contacts: float | None = None) -> float:
    """Productive hours by the flat formula: contacts x AHT / 3600 / occupancy."""
    share = workload.occupancy / 100
    volume = workload.contacts_per_year if contacts is None else contacts
    return volume * aht / 3600 / share if share > 0 else math.inf


QUANTITIES = {  # what each pricing unit's rate is applied to
    "per_productive_hour": "staffed hours",
    "per_fte_month": "FTE-months",
    "per_minute": "handled minutes",
    "per_contact": "contacts",
    "per_resolved_contact": "resolved contacts",
}


@dataclass(frozen=True)
class Billing:
    """What an annual cost is made of: ``(rate x quantity + setup per year) x fx``."""

    quantity: float  # what the rate multiplies: hours, FTE-months, minutes or contacts
    resolution_rate: float | None  # %, per_resolved_contact only
    setup_per_year: float  # setup fee / contract years, in the quote's currency
    fx: float  # base-currency units per unit of the quote's currency (inf without a rate)
    annual: float  # in the base currency


def billing(
    vendor: Vendor,
    workload: Workload,
    currency: str,
    fx: Mapping[str, float],
    staffed: StaffedHours | None = None,
    sample: Sample | None = None,
) -> Billing | None:
    """The annual cost of a vendor and its parts (SPEC §4.1 cost), or None without pricing.

    ``staffed`` carries the hours an interval-by-interval staffing model found for this
    vendor (``workload.model`` erlang_c or erlang_a); without it the flat formula applies.
    ``sample`` (uncertainty analysis) replaces the vendor's figures, the exchange rate, the
    volume and the staffed hours by arrays of draws: the same formula then gives one cost
    per sample. Every input is below 10^15, but a tiny occupancy (or a huge rate times a
    huge volume) can still take the cost past any float: the result is then ``inf``, never
    an exception, and ``within_amount`` tells the caller to refuse it (see ``cost_problem``)."""
    pricing = vendor.pricing
    if pricing is None:
        return None
    draws = sample or Sample()
    contacts: float = workload.contacts_per_year
    if draws.volume is not None:
        contacts = contacts * draws.volume
    aht, _ = vendor_aht(vendor, workload, sample)
    staffed = draws.staffed or staffed
    if staffed is None:
        hours = flat_hours(workload, aht, contacts)
        rostered = hours / (1 - workload.shrinkage / 100)
    else:
        hours, rostered = staffed.productive, staffed.rostered
    unit = pricing.unit
    resolved = None
    if unit == "per_productive_hour":
        quantity = hours
    elif unit == "per_fte_month":
        per_fte = workload.hours_per_fte_month
        quantity = rostered / per_fte if per_fte else math.inf
    elif unit == "per_minute":
        quantity = contacts * aht / 60
    elif unit == "per_contact":
        quantity = contacts
    else:
        stated = pricing.resolution_rate if pricing.resolution_rate is not None else 100.0
        resolved = draws.get("pricing.resolution_rate", stated)
        quantity = contacts * resolved / 100
    amount = draws.get("pricing.rate", pricing.rate) * quantity
    fee = draws.get("pricing.setup_fee", pricing.setup_fee)
    setup = fee / workload.term_years if sample is not None or fee else 0.0
    rate = 1.0 if pricing.currency == currency else fx.get(pricing.currency, math.inf)
    rate = draws.fx.get(pricing.currency, rate)
    return Billing(quantity, resolved, setup, rate, (amount + setup) * rate)


def annual_cost(
    vendor: Vendor,
    workload: Workload,
    currency: str,
    fx: Mapping[str, float],
    staffed: StaffedHours | None = None,
) -> float | None:
    """Annual cost in the base currency, or None without pricing (see ``billing``)."""
    bill = billing(vendor, workload, currency, fx, staffed)
    return None if bill is None else bill.annual


def cost_problem(amount: float | None, currency: str) -> str | None:
    """Why a computed annual cost cannot be scored (None when it can)."""
    if amount is None or within_amount(amount):
        return None
    shown = (
        "is too large to compute"
        if math.isinf(amount)
        else f"comes to {show_number(amount)} {currency}"
    )
    return (
        f"the annual cost {shown}, beyond the limit of 1e15: check the rate, the "
        "fx rate and the workload (occupancy is a percentage from 0 to 100)"
    )


def cost(criterion: CostCriterion, vendor: Vendor, ctx: RawContext) -> RawValue:
    """The vendor's annual cost (the loader has checked that a workload exists)."""
    settings = ctx.settings
    assert settings.workload is not None
    staffed = ctx.staffed.get(vendor.id)
    amount = annual_cost(vendor, settings.workload, settings.currency, settings.fx, staffed)
    problem = cost_problem(amount, settings.currency)
    if problem is not None:
        raise ScoringError(("vendors", vendor.id, "pricing", "rate"), "cost-range", problem)
    return RawValue(amount)


def prices(path: str) -> bool:
    """Whether a vendor field enters its cost (a pricing figure, or its AHT)."""
    return path.startswith("pricing.") or path == "kpis.aht_seconds"


def sampled_cost(criterion: CostCriterion, vendor: Vendor, sample: Sample, ctx: RawContext) -> Any:
    """The vendor's annual cost under the draws (None when none of its inputs vary)."""
    pricing = vendor.pricing
    if pricing is None:
        return None
    own = any(map(prices, sample.fields))
    moves = own or pricing.currency in sample.fx
    if not (moves or sample.volume is not None or sample.staffed is not None):
        return None
    settings = ctx.settings
    assert settings.workload is not None
    staffed = ctx.staffed.get(vendor.id)
    bill = billing(vendor, settings.workload, settings.currency, settings.fx, staffed, sample)
    return None if bill is None else bill.annual


KIND = Kind(
    name="cost",
    model=CostCriterion,
    summary=(
        "annual cost in the base currency: productive hours = contacts × AHT / 3600 / "
        "occupancy (`workload.model: flat`) or the hours an Erlang C/A staffing of every "
        "interval of the year needs; `per_productive_hour` rate × hours; `per_fte_month` "
        "rate × hours / (1 − shrinkage) / hours per FTE-month; `per_minute` rate × contacts "
        "× AHT / 60 (AHT: the vendor's own under `aht: vendor`); `per_contact` rate × "
        "contacts; `per_resolved_contact` rate × contacts × resolution rate; plus setup fee / "
        "contract years; × fx"
    ),
    raw=per_vendor(cost),
    unit=lambda criterion, currency: currency,
    sampled=sampled_cost,
)

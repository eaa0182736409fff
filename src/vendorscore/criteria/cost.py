"""The `cost` kind: annual cost in the base currency from each vendor's pricing and the
buyer's workload."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from vendorscore.criteria.base import (
    CriterionBase,
    Direction,
    Kind,
    RawContext,
    RawValue,
    per_vendor,
)
from vendorscore.criteria.settings import Workload
from vendorscore.models.vendor import Vendor


class CostCriterion(CriterionBase):
    """Annual cost in the base currency, from each vendor's pricing and the workload."""

    kind: Literal["cost"]

    def better(self) -> Direction:
        return "lower"


def annual_cost(
    vendor: Vendor, workload: Workload, currency: str, fx: Mapping[str, float]
) -> float | None:
    """Annual cost in the base currency (SPEC §4.1 cost), or None without pricing."""
    pricing = vendor.pricing
    if pricing is None:
        return None
    contacts = workload.contacts_per_year
    hours = contacts * workload.aht_seconds / 3600 / (workload.occupancy / 100)
    unit = pricing.unit
    if unit == "per_productive_hour":
        amount = pricing.rate * hours
    elif unit == "per_fte_month":
        amount = pricing.rate * hours / (workload.hours_per_fte_month or 0.0)
    elif unit == "per_minute":
        amount = pricing.rate * contacts * workload.aht_seconds / 60
    elif unit == "per_contact":
        amount = pricing.rate * contacts
    else:
        resolved = pricing.resolution_rate if pricing.resolution_rate is not None else 100.0
        amount = pricing.rate * contacts * resolved / 100
    if pricing.setup_fee:
        amount += pricing.setup_fee / (workload.contract_years or 1.0)
    rate = 1.0 if pricing.currency == currency else fx[pricing.currency]
    return amount * rate


def cost(criterion: CostCriterion, vendor: Vendor, ctx: RawContext) -> RawValue:
    """The vendor's annual cost (the loader has checked that a workload exists)."""
    settings = ctx.settings
    assert settings.workload is not None
    return RawValue(annual_cost(vendor, settings.workload, settings.currency, settings.fx))


KIND = Kind(
    name="cost",
    model=CostCriterion,
    summary=(
        "annual cost in the base currency: productive hours = contacts × AHT / 3600 / "
        "occupancy; `per_productive_hour` rate × hours; `per_fte_month` rate × hours / hours "
        "per FTE-month; `per_minute` rate × contacts × AHT / 60; `per_contact` rate × "
        "contacts; `per_resolved_contact` rate × contacts × resolution rate; plus setup fee / "
        "contract years; × fx"
    ),
    raw=per_vendor(cost),
    unit=lambda criterion, currency: currency,
)

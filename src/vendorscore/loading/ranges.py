"""Rules on numbers that only make sense together (called from ``rules.py``): a vendor's
computed annual cost must stay in the range of money, and a percentage written as a fraction
(``occupancy: 0.82`` for 82 %) is a warning, since it would scale a cost by 100."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from vendorscore.criteria.cost import CostCriterion, annual_cost, cost_problem
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.rubric import RubricCriterion
from vendorscore.formatting import fmt_num

if TYPE_CHECKING:
    from vendorscore.loading.rules import Finding, Loc, Located, VendorAt


def cost_range_rules(crit: CriteriaFile, vendors: Sequence[VendorAt]) -> Iterator[Finding]:
    """A vendor whose computed annual cost leaves the range of money (10^15) is an error here,
    so that `rank` never meets a cost it cannot score."""
    workload = crit.workload
    if workload is None or not any(isinstance(c, CostCriterion) for c in crit.criteria):
        return
    for item in vendors:
        pricing = item.vendor.pricing
        if pricing is None or (
            pricing.currency != crit.currency and pricing.currency not in crit.fx
        ):
            continue  # no price, or no fx rate (reported by the pricing rules)
        if pricing.unit == "per_fte_month" and workload.hours_per_fte_month is None:
            continue
        amount = annual_cost(item.vendor, workload, crit.currency, crit.fx)
        problem = cost_problem(amount, crit.currency)
        if problem is not None:
            yield item.at.issue(("pricing", "rate"), "cost-range", problem)


# --- percentages written as fractions (0.82 for 82 %) -------------------------------------

_VENDOR_PERCENTS: tuple[tuple[str, str], ...] = (
    ("pricing", "resolution_rate"),
    ("kpis", "fcr"),
    ("kpis", "csat"),
    ("kpis", "service_level"),
    ("kpis", "attrition"),
    ("kpis", "qa_score"),
)


def _fraction(
    at: Located, loc: Loc, value: object, name: str, upto_one: bool = False
) -> Iterator[Finding]:
    """A warning when a percentage lies in (0, 1), or (0, 1] when ``upto_one``."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return
    if 0 < value < 1 or (upto_one and value == 1):
        meant = round(value * 100, 9)
        hint = f" (if you meant {fmt_num(meant)} %, write {fmt_num(meant)})" if meant else ""
        yield at.issue(
            loc,
            "fraction-percent",
            f"{name} is {fmt_num(value)} %, which looks like a fraction: percentages are "
            f"0-100 in vendorscore{hint}",
            "warning",
        )


def criteria_fraction_rules(crit: CriteriaFile, at: Located) -> Iterator[Finding]:
    """Occupancy (which divides the productive hours) and rubric disagreement thresholds."""
    if crit.workload is not None:
        occupancy = crit.workload.occupancy
        yield from _fraction(at, ("workload", "occupancy"), occupancy, "occupancy", True)
    for index, criterion in enumerate(crit.criteria):
        if isinstance(criterion, RubricCriterion):
            yield from _fraction(
                at,
                ("criteria", index, "disagreement"),
                criterion.disagreement,
                "disagreement",
            )


def vendor_fraction_rules(vendors: Sequence[VendorAt]) -> Iterator[Finding]:
    """The vendors' percentages: resolution rate and KPIs."""
    for item in vendors:
        for section, key in _VENDOR_PERCENTS:
            value = getattr(getattr(item.vendor, section), key, None)
            yield from _fraction(item.at, (section, key), value, key)

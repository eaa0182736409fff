"""Rules on numbers that only make sense together (called from ``rules.py``): a vendor's
computed annual cost must stay in the range of money, and a percentage written as a fraction
(``occupancy: 0.82`` for 82 %) is a warning, since it would scale a cost by 100."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from vendorscore.criteria.base import Ratio
from vendorscore.criteria.cost import CostCriterion, annual_cost, billing, cost_problem
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.numeric import NumericCriterion
from vendorscore.criteria.rubric import RubricCriterion
from vendorscore.criteria.uncertainty import highest_sample, low_end, read_fields
from vendorscore.formatting import fmt_num
from vendorscore.models.fields import VENDOR_PERCENTS, looks_like_fraction, vendor_value
from vendorscore.models.measured import measured_figures, spread_of

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
        if problem is None:
            top = highest_sample(item.vendor, crit)
            bill = billing(item.vendor, workload, crit.currency, crit.fx, None, top)
            high = cost_problem(None if bill is None else bill.annual, crit.currency)
            problem = high and f"at the top of its ranges, {high[4:]}"
        if problem is not None:
            yield item.at.issue(("pricing", "rate"), "cost-range", problem)


# --- percentages written as fractions (0.82 for 82 %) -------------------------------------


def _fraction(
    at: Located, loc: Loc, value: object, name: str, upto_one: bool = False
) -> Iterator[Finding]:
    """A warning when a percentage lies in (0, 1), or (0, 1] when ``upto_one``."""
    if looks_like_fraction(value, upto_one) and isinstance(value, (int, float)):
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
        for section, key in VENDOR_PERCENTS:
            value = getattr(getattr(item.vendor, section), key, None)
            yield from _fraction(item.at, (section, key), value, key)


def unread_spread_rules(crit: CriteriaFile, vendors: Sequence[VendorAt]) -> Iterator[Finding]:
    """A range on a figure no criterion, gate or peak gate reads changes nothing: a warning
    (the buyer may have meant another field)."""
    read = read_fields(crit)
    for item in vendors:
        for loc, path, value in measured_figures(item.vendor):
            spread = spread_of(value)
            if spread is not None and spread.audited and not spread.exact:
                yield item.at.issue(
                    loc,
                    "audited-range",
                    f"{path} is marked audited but written with a range: the range is drawn "
                    "(audited only exempts a figure from the criteria file's defaults)",
                    "warning",
                )
            if spread is None or spread.exact or path in read:
                continue
            yield item.at.issue(
                loc,
                "range-unused",
                f"{item.vendor.id}'s {path} has a range, but no criterion, gate or peak gate "
                "reads it: the uncertainty analysis ignores it",
                "warning",
            )


def ratio_range_rules(crit: CriteriaFile, vendors: Sequence[VendorAt]) -> Iterator[Finding]:
    """Ratio scoring divides by the values: a range reaching 0 or below would fail to score
    in the samples that draw it, so it is an error here, at the vendor's figure."""
    ratio = [
        c for c in crit.criteria if isinstance(c, NumericCriterion) and isinstance(c.scoring, Ratio)
    ]
    for criterion in ratio:
        for item in vendors:
            value = vendor_value(item.vendor, criterion.field)
            if not isinstance(value, (int, float)):
                continue
            low = low_end(value, crit.uncertainty, criterion.field)
            if low is not None and low <= 0 < value:
                loc = tuple(criterion.field.split("."))
                yield item.at.issue(
                    loc,
                    "ratio-range",
                    f"'{criterion.id}' uses ratio scoring, which needs values above 0, and "
                    f"this range reaches {fmt_num(low)}: use min_max or absolute scoring",
                )


def unused_default_rules(
    crit: CriteriaFile, crit_at: Located, vendors: Sequence[VendorAt]
) -> Iterator[Finding]:
    """A default spread that can change nothing is a warning at its key: a field no
    criterion, gate or peak gate reads, the base currency's rate (always 1), a currency no
    vendor quotes, a volume without a cost criterion."""
    read = read_fields(crit)
    quoted = {v.vendor.pricing.currency for v in vendors if v.vendor.pricing is not None}
    has_cost = any(isinstance(c, CostCriterion) for c in crit.criteria)
    for key in crit.uncertainty or {}:
        why = None
        if key.startswith("fx.") and key[3:] == crit.currency:
            why = f"{key[3:]} is the base currency: its rate is 1"
        elif key.startswith("fx.") and key[3:] not in quoted:
            why = f"no vendor quotes in {key[3:]}"
        elif key == "volume" and not has_cost:
            why = "no cost criterion reads the volume"
        elif key.endswith(".*") and not any(p.startswith(key[:-1]) for p in read):
            why = f"no criterion, gate or peak gate reads a {key[:-2]} field"
        elif "." in key and not key.endswith(".*") and key not in read and key[:3] != "fx.":
            why = f"no criterion, gate or peak gate reads {key}"
        if why:
            yield crit_at.issue(
                ("uncertainty", key),
                "uncertainty-unused",
                f"{why}: this spread changes nothing",
                "warning",
            )

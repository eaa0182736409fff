"""Raw values, one function per criterion kind (SPEC §4.1). None means the vendor has no value.

Each function also reports what a gate needs: the required items the vendor lacks.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from vendorscore.models.criteria import (
    CertificationsCriterion,
    CoverageCriterion,
    LanguagesCriterion,
    NumericCriterion,
    RubricCriterion,
    SetCriterion,
    Workload,
)
from vendorscore.models.fields import vendor_value
from vendorscore.models.scores import ScoresFile, score_value
from vendorscore.models.vendor import LEVELS, Vendor, expand_days
from vendorscore.scoring.coverage import Window, coverage_percent

_SEPARATORS = re.compile(r"[\s\-_.]+")


@dataclass(frozen=True)
class RawValue:
    """A vendor's raw value for a criterion and the required items it lacks (for gates)."""

    value: float | None
    lacking: tuple[str, ...] = ()


def normalise_name(name: str) -> str:
    """Names compare case-insensitively, ignoring spaces, '-', '_' and '.' (SPEC §4.1)."""
    return _SEPARATORS.sub("", name).casefold()


def alias_table(listed: Iterable[str], aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Normalised spelling -> the listed name it stands for."""
    table = {normalise_name(name): name for name in listed}
    for name, others in aliases.items():
        for other in others:
            table.setdefault(normalise_name(other), name)
        table.setdefault(normalise_name(name), name)
    return table


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


def _windows(items: Iterable[object]) -> tuple[Window, ...]:
    return tuple(
        (expand_days(w.days), w.start, w.end, w.timezone)  # type: ignore[attr-defined]
        for w in items
    )


def coverage(criterion: CoverageCriterion, vendor: Vendor, year: int) -> RawValue:
    """% of the required minutes of the evaluation year the vendor serves."""
    if vendor.coverage is None:
        return RawValue(None)
    channel = normalise_name(criterion.channel) if criterion.channel else None
    windows = [
        w
        for w in vendor.coverage
        if channel is None
        or w.channels is None
        or channel in {normalise_name(c) for c in w.channels}
    ]
    closed = tuple(sorted(set(vendor.closed or ())))
    value = coverage_percent(
        _windows(criterion.required),
        _windows(windows),
        closed,
        date(year, 1, 1),
        date(year, 12, 31),
    )
    return RawValue(value)


def tag_matches(demand: str, offered: str) -> bool:
    """``es`` matches ``es-MX`` (prefix at a subtag boundary); ``es-MX`` does not match ``es``."""
    want, have = demand.casefold(), offered.casefold()
    return have == want or have.startswith(want + "-")


def languages(criterion: LanguagesCriterion, vendor: Vendor) -> RawValue:
    """% of demand served at ``min_level`` or better; an entry with 0 agents serves nothing."""
    if vendor.languages is None:
        return RawValue(None, tuple(criterion.required))
    floor = LEVELS.index(criterion.min_level)
    offered = [s.code for s in vendor.languages if LEVELS.index(s.level) >= floor and s.agents != 0]
    served = {tag for tag in criterion.demand if any(tag_matches(tag, o) for o in offered)}
    total = sum(criterion.demand.values())
    value = 100.0 * sum(share for tag, share in criterion.demand.items() if tag in served) / total
    lacking = tuple(t for t in criterion.required if not any(tag_matches(t, o) for o in offered))
    return RawValue(value, lacking)


def _points(
    have: Iterable[str],
    points: Mapping[str, float],
    required: Sequence[str],
    aliases: Mapping[str, Sequence[str]],
) -> RawValue:
    table = alias_table([*points, *required], aliases)
    held = {table.get(normalise_name(item), normalise_name(item)) for item in have}
    total = sum(points.values())
    value = 100.0 * sum(p for name, p in points.items() if name in held) / total if total else 0.0
    return RawValue(value, tuple(r for r in required if r not in held))


def item_set(criterion: SetCriterion, vendor: Vendor) -> RawValue:
    """Points of the listed items the vendor has, as % of all points."""
    items = vendor_value(vendor, criterion.field)
    if items is None:
        return RawValue(None, tuple(criterion.required))
    return _points([str(i) for i in items], criterion.points, criterion.required, criterion.aliases)


def certifications(criterion: CertificationsCriterion, vendor: Vendor, on: date) -> RawValue:
    """As `set`, counting certificates active and unexpired on ``on`` (valid through expiry)."""
    if vendor.certifications is None:
        return RawValue(None, tuple(criterion.required))
    valid = [c.name for c in vendor.certificates() if c.valid_on(on)]
    return _points(valid, criterion.points, criterion.required, criterion.aliases)


def numeric(criterion: NumericCriterion, vendor: Vendor) -> RawValue:
    """The number at the criterion's field path."""
    value = vendor_value(vendor, criterion.field)
    return RawValue(None if value is None else float(value))


@dataclass(frozen=True)
class RubricValue:
    """The aggregated score, the evaluators' scores behind it, and whether it was moderated."""

    value: float | None
    scores: tuple[tuple[str, float], ...]
    consensus: bool
    disagreement: bool


def rubric(criterion: RubricCriterion, vendor_id: str, sheets: Sequence[ScoresFile]) -> RubricValue:
    """Mean (or median) of the evaluators' scores; consensus sheets replace the aggregate."""
    scores: list[tuple[str, float]] = []
    agreed: list[float] = []
    for sheet in sheets:
        entry = sheet.scores.get(vendor_id, {}).get(criterion.id)
        if entry is None:
            continue
        if sheet.consensus:
            agreed.append(score_value(entry))
        else:
            scores.append((sheet.evaluator, score_value(entry)))
    values = [v for _, v in scores]
    low, high = criterion.scale
    spread = max(values) - min(values) if len(values) > 1 else 0.0
    flagged = len(values) > 1 and spread >= criterion.disagreement / 100 * (high - low) - 1e-12
    if agreed:
        value: float | None = statistics.fmean(agreed)
    elif values:
        value = (
            statistics.median(values)
            if criterion.aggregate == "median"
            else statistics.fmean(values)
        )
    else:
        value = None
    return RubricValue(value, tuple(sorted(scores)), bool(agreed), flagged)

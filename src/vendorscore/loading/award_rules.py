"""Rules of the criteria file's `award:` section that need the rest of the project: a
segment by language needs a languages criterion, n-1 and the staffing cost model need a
staffing workload, floors name real numeric fields, locks name real vendors and segments."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from vendorscore.criteria.award import (
    SCORE,
    DerivedSegments,
    award_level,
    plan_segments,
    rule_problems,
    segment_problem,
)
from vendorscore.criteria.cost import CostCriterion
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.languages import languages_criterion, serves_at
from vendorscore.criteria.uncertainty import bounds_of
from vendorscore.formatting import fmt_num
from vendorscore.loading.hints import did_you_mean
from vendorscore.models.fields import vendor_field_kind, vendor_value

if TYPE_CHECKING:
    from vendorscore.loading.rules import Finding, Located, VendorAt


def award_rules(crit: CriteriaFile, at: Located) -> Iterator[Finding]:
    """Rules inside one criteria file."""
    award = crit.award
    if award is None:
        return
    if crit.workload is None or not any(isinstance(c, CostCriterion) for c in crit.criteria):
        yield at.issue(
            ("award",), "award-workload", "an award needs a cost criterion and a workload"
        )
    spec = award.segments
    languages = languages_criterion(crit.criteria) is not None
    if isinstance(spec, DerivedSegments) and "language" in spec.by and not languages:
        yield at.issue(
            ("award", "segments", "by"),
            "award-segments",
            "segments by language need a languages criterion (its demand gives the shares)",
        )
    staffed = crit.workload is not None and crit.workload.staffed
    if award.resilience == "n-1" and not staffed:
        yield at.issue(
            ("award", "resilience"),
            "award-staffing",
            "n-1 resilience compares peak headcounts: it needs workload.model erlang_c or erlang_a",
        )
    if award.cost_model == "staffing" and not staffed:
        yield at.issue(
            ("award", "cost_model"),
            "award-staffing",
            "cost_model staffing needs workload.model erlang_c or erlang_a",
        )
    for where, why in rule_problems(award):
        yield at.issue(("award", *where), "award-range", why)
    yield from _field_rules(crit, at)
    yield from _lock_sums(crit, at)
    found = languages_criterion(crit.criteria)
    demand = found.demand if found is not None else None
    planned = plan_segments(award, demand)
    if planned is not None and (problem := segment_problem(planned)) is not None:
        yield at.issue(("award", "segments"), "award-segments", problem)
    ids = None if planned is None else [sid for sid, *_ in planned]
    if ids is not None:
        for vendor, locks in award.locks.items():
            for segment in locks:
                if segment not in ids:
                    yield at.issue(
                        ("award", "locks", vendor, segment),
                        "unknown-segment",
                        f"'{segment}' is not a segment of the award{did_you_mean(segment, ids)}: "
                        f"the segments are {', '.join(ids)}",
                    )


def award_vendor_rules(
    crit: CriteriaFile, at: Located, vendors: Sequence[VendorAt], all_loaded: bool
) -> Iterator[Finding]:
    """Locks name vendors of the project (when every vendor file loaded)."""
    if crit.award is None or not all_loaded:
        return
    for section, bounds in (("floors", crit.award.floors), ("ceilings", crit.award.ceilings)):
        for key in bounds:
            if key == SCORE or vendor_field_kind(key) != "number":
                continue
            given = [vendor_value(item.vendor, key) for item in vendors]
            if vendors and not any(isinstance(v, (int, float)) for v in given):
                yield at.issue(
                    ("award", section, key),
                    "award-field-missing",
                    f"no vendor gives {key}: while this {section[:-1]} is in force no vendor "
                    "can be awarded (a vendor without the field is left out)",
                    "warning",
                )
    yield from _lock_reach(crit, at, vendors)
    known = [item.vendor.id for item in vendors]
    for vendor in crit.award.locks:
        if vendor not in known:
            yield at.issue(
                ("award", "locks", vendor),
                "unknown-vendor",
                f"lock on '{vendor}', which is not a vendor of the project"
                f"{did_you_mean(vendor, known)}",
            )


def _field_rules(crit: CriteriaFile, at: Located) -> Iterator[Finding]:
    """Floors and ceilings name numeric vendor fields (floors may also name the score), and
    stay inside the field's own range (a floor above it could never hold)."""
    award = crit.award
    assert award is not None
    for section, values in (("floors", award.floors), ("ceilings", award.ceilings)):
        for key, value in values.items():
            if key == SCORE and section == "floors":
                continue
            if vendor_field_kind(key) != "number":
                hint = did_you_mean(key, ["score", "kpis.fcr", "kpis.csat", "kpis.attrition"])
                yield at.issue(
                    ("award", section, key),
                    "award-field",
                    f"'{key}' is not a numeric vendor field{hint}: {section} take "
                    + ("score or " if section == "floors" else "")
                    + "a field such as kpis.fcr",
                )
                continue
            field = bounds_of(key)
            never = value > field.high if section == "floors" else value < field.low
            if never:
                edge = field.high if section == "floors" else field.low
                yield at.issue(
                    ("award", section, key),
                    "award-range",
                    f"a {section[:-1]} of {fmt_num(value)} on {key} can never hold: the field "
                    f"goes {'up' if section == 'floors' else 'down'} to {fmt_num(edge)}",
                )


def _lock_sums(crit: CriteriaFile, at: Located) -> Iterator[Finding]:
    """The shares locks hold back in one segment (= and >=) add up to at most 100 %."""
    award = crit.award
    assert award is not None
    held: dict[str, list[tuple[str, float]]] = {}
    for vendor, locks in award.locks.items():
        for segment, lock in locks.items():
            if lock.op != "<=":
                held.setdefault(segment, []).append((vendor, lock.percent))
    for segment, parts in held.items():
        total = sum(p for _, p in parts)
        if total > 100 + 1e-9:
            who = " + ".join(f"{v} {fmt_num(p)}" for v, p in parts)
            yield at.issue(
                ("award", "locks", parts[-1][0], segment),
                "award-locks",
                f"the locks on {segment} hold {who} = {fmt_num(total)} %, more than the segment",
            )


def _lock_reach(crit: CriteriaFile, at: Located, vendors: Sequence[VendorAt]) -> Iterator[Finding]:
    """A lock that asks a vendor for a share of a segment in a language it does not hold at
    the award's level is a warning here (the award names it as the conflict)."""
    award = crit.award
    assert award is not None
    languages = languages_criterion(crit.criteria)
    planned = plan_segments(award, languages.demand if languages is not None else None)
    if planned is None:
        return
    level = award_level(award, languages)
    tags = {sid: tag for sid, _, tag, _ in planned}
    by_id = {item.vendor.id: item.vendor for item in vendors}
    for vid, locks in award.locks.items():
        vendor = by_id.get(vid)
        for sid, lock in locks.items():
            tag = tags.get(sid)
            if vendor is None or tag is None or lock.op == "<=" or lock.percent == 0:
                continue
            if not serves_at(vendor, tag, level)[0]:
                yield at.issue(
                    ("award", "locks", vid, sid),
                    "award-lock-language",
                    f"{vid} does not serve {tag} at {level} or better: this lock cannot be met",
                    "warning",
                )

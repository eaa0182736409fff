"""Rules of the criteria file's `award:` section that need the rest of the project: a
segment by language needs a languages criterion, n-1 and the staffing cost model need a
staffing workload, floors name real numeric fields, locks name real vendors and segments."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from vendorscore.criteria.award import SCORE, DerivedSegments
from vendorscore.criteria.cost import CostCriterion
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.languages import LanguagesCriterion
from vendorscore.loading.hints import did_you_mean
from vendorscore.models.fields import vendor_field_kind

if TYPE_CHECKING:
    from vendorscore.loading.rules import Finding, Located, VendorAt


def segment_ids(crit: CriteriaFile) -> list[str] | None:
    """The ids of the award's segments, as ``award_problem`` derives them (None when they
    cannot be derived)."""
    award = crit.award
    if award is None:
        return None
    spec = award.segments
    if not isinstance(spec, DerivedSegments):
        return [s.id for s in spec]
    languages = next((c for c in crit.criteria if isinstance(c, LanguagesCriterion)), None)
    tags: list[str | None] = [None]
    if "language" in spec.by:
        if languages is None:
            return None
        tags = list(languages.demand)
    channels: list[str | None] = list(spec.channels or {}) if "channel" in spec.by else [None]
    return ["-".join(p for p in (t, c) if p) for t in tags for c in channels]


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
    languages = any(isinstance(c, LanguagesCriterion) for c in crit.criteria)
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
    for section, bounds in (("floors", award.floors), ("ceilings", award.ceilings)):
        for key in bounds:
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
    ids = segment_ids(crit)
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
    known = [item.vendor.id for item in vendors]
    for vendor in crit.award.locks:
        if vendor not in known:
            yield at.issue(
                ("award", "locks", vendor),
                "unknown-vendor",
                f"lock on '{vendor}', which is not a vendor of the project"
                f"{did_you_mean(vendor, known)}",
            )

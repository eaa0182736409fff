"""The `languages` kind: % of contact demand served at a minimum CEFR level."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from vendorscore.criteria.base import (
    CriterionBase,
    Kind,
    RawContext,
    RawValue,
    Sample,
    per_vendor,
    percent_scale,
    percent_unit,
)
from vendorscore.criteria.names import tag_matches
from vendorscore.models.common import LanguageTag, PositiveFloat, empty_list
from vendorscore.models.vendor import LEVELS, Level, Vendor


class LanguagesCriterion(CriterionBase):
    """% of contact demand served at `min_level` or better."""

    kind: Literal["languages"]
    demand: dict[LanguageTag, PositiveFloat] = Field(
        min_length=1, description="Relative shares of contact volume by language tag."
    )
    min_level: Level = Field("B2", description="Lowest level that counts (default B2).")
    required: list[LanguageTag] = Field(
        default_factory=empty_list,
        description="Gate: languages the vendor must serve at min_level.",
    )

    def required_items(self) -> list[str]:
        return list(self.required)


def languages(criterion: LanguagesCriterion, vendor: Vendor, ctx: RawContext) -> RawValue:
    """% of demand served at ``min_level`` or better; an entry with 0 agents serves nothing."""
    if vendor.languages is None:
        return RawValue(None, tuple(criterion.required))
    floor = LEVELS.index(criterion.min_level)
    offered = [s.code for s in vendor.languages if LEVELS.index(s.level) >= floor and s.agents != 0]
    served = {tag for tag in criterion.demand if any(tag_matches(tag, o) for o in offered)}
    total = sum(criterion.demand.values())
    value = 100.0 * sum(share for tag, share in criterion.demand.items() if tag in served) / total
    lacking = tuple(
        _lacking(tag, criterion.min_level, vendor)
        for tag in criterion.required
        if not any(tag_matches(tag, o) for o in offered)
    )
    return RawValue(value, lacking)


def sampled_languages(
    criterion: LanguagesCriterion, vendor: Vendor, sample: Sample, ctx: RawContext
) -> Any:
    """% of demand served when the agent counts vary: an entry serves while its drawn count
    is above 0 (None when no count of this vendor varies)."""
    skills = vendor.languages or []
    keys = [f"languages[{i}].agents" for i in range(len(skills))]
    if not any(k in sample.fields for k in keys):
        return None
    floor = LEVELS.index(criterion.min_level)
    total = sum(criterion.demand.values())
    value: Any = 0.0
    for tag, share in criterion.demand.items():
        served: Any = False
        for key, skill in zip(keys, skills, strict=True):
            if LEVELS.index(skill.level) >= floor and tag_matches(tag, skill.code):
                served = served | (sample.get(key, skill.agents) != 0)
        value = value + served * (100.0 * share / total)
    return value


def languages_criterion(criteria: Sequence[Any]) -> LanguagesCriterion | None:
    """The evaluation's languages criterion (its demand and level), if it has one."""
    return next((c for c in criteria if isinstance(c, LanguagesCriterion)), None)


def serves_at(vendor: Vendor, tag: str, level: Level) -> tuple[bool, int | None]:
    """Whether the vendor serves ``tag`` at ``level`` or better (an entry with 0 agents serves
    nothing), and its agents for it (None when an entry that serves it gives no count)."""
    floor = LEVELS.index(level)
    entries = [
        s
        for s in vendor.languages or ()
        if tag_matches(tag, s.code) and LEVELS.index(s.level) >= floor and s.agents != 0
    ]
    if not entries:
        return False, None
    if any(s.agents is None for s in entries):
        return True, None
    return True, int(sum(s.agents or 0 for s in entries))


def _lacking(tag: str, floor: Level, vendor: Vendor) -> str:
    """A required language the vendor does not serve at ``floor``, with what it does offer:
    ``de at B2 or better (offered at B1)``, ``fr at B2 or better (offered with 0 agents)``."""
    offers = [s for s in vendor.languages or () if tag_matches(tag, s.code)]
    if not offers:
        return tag
    if any(LEVELS.index(s.level) >= LEVELS.index(floor) for s in offers):
        return f"{tag} at {floor} or better (offered with 0 agents)"
    levels = ", ".join(s.level if s.code == tag else f"{s.code} {s.level}" for s in offers)
    return f"{tag} at {floor} or better (offered at {levels})"


def _languages(criterion: LanguagesCriterion) -> Sequence[str]:
    return tuple(dict.fromkeys([*criterion.demand, *criterion.required]))


KIND = Kind(
    name="languages",
    model=LanguagesCriterion,
    summary=(
        "% of demand served at `min_level` or better; `es` matches `es-MX` and `es-419`, "
        "`es-MX` does not match `es`; an entry with `agents: 0` serves nothing"
    ),
    raw=per_vendor(languages),
    unit=percent_unit,
    scale=percent_scale,
    sheet_languages=_languages,
    sampled=sampled_languages,
)

"""The `set` and `certifications` kinds: points for the listed items a vendor has."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from vendorscore.criteria.base import (
    CriterionBase,
    Kind,
    RawContext,
    RawValue,
    per_vendor,
    percent_scale,
    percent_unit,
)
from vendorscore.criteria.names import alias_table, normalise_name
from vendorscore.models.common import NonNegativeFloat, ShortStr, Text, empty_dict, empty_list
from vendorscore.models.fields import vendor_field_kind, vendor_value
from vendorscore.models.vendor import Vendor


class PointsCriterion(CriterionBase):
    """Points for listed items (set and certifications), with required items and aliases."""

    points: dict[ShortStr, NonNegativeFloat] = Field(
        default_factory=empty_dict, description="Points per listed item."
    )
    required: list[Text] = Field(
        default_factory=empty_list, description="Gate: items the vendor must have."
    )
    aliases: dict[ShortStr, list[Text]] = Field(
        default_factory=empty_dict, description="Other spellings of a listed item."
    )

    def required_items(self) -> list[str]:
        return list(self.required)


class SetCriterion(PointsCriterion):
    """Points of the listed items the vendor has, as % of all points."""

    kind: Literal["set"]
    field: ShortStr = Field(description="Dotted path to a list in the vendor file, e.g. channels.")

    @field_validator("field")
    @classmethod
    def _list_path(cls, value: str) -> str:
        if vendor_field_kind(value) != "list":
            raise PydanticCustomError(
                "bad-field",
                "'{field}' is not a list field of the vendor file (e.g. channels, platforms, "
                "sites.country)",
                {"field": value},
            )
        return value


class CertificationsCriterion(PointsCriterion):
    """As `set`, counting only certificates active and unexpired on the evaluation date."""

    kind: Literal["certifications"]


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


def item_set(criterion: SetCriterion, vendor: Vendor, ctx: RawContext) -> RawValue:
    """Points of the listed items the vendor has, as % of all points."""
    items = vendor_value(vendor, criterion.field)
    if items is None:
        return RawValue(None, tuple(criterion.required))
    return _points([str(i) for i in items], criterion.points, criterion.required, criterion.aliases)


def certifications(criterion: CertificationsCriterion, vendor: Vendor, ctx: RawContext) -> RawValue:
    """As `set`, counting certificates active and unexpired on the evaluation date (valid
    through expiry)."""
    if vendor.certifications is None:
        return RawValue(None, tuple(criterion.required))
    valid = [c.name for c in vendor.certificates() if c.valid_on(ctx.on)]
    return _points(valid, criterion.points, criterion.required, criterion.aliases)


def _fields(criterion: SetCriterion) -> Sequence[str]:
    return (criterion.field,)


SET = Kind(
    name="set",
    model=SetCriterion,
    summary=(
        "points held ÷ all points × 100 for the items of a list `field` (channels, platforms, "
        "…); names match ignoring case, spaces, `-`, `_`, `.`, plus `aliases`"
    ),
    raw=per_vendor(item_set),
    unit=percent_unit,
    scale=percent_scale,
    sheet_fields=_fields,
)
CERTIFICATIONS = Kind(
    name="certifications",
    model=CertificationsCriterion,
    summary=(
        "as `set`, over the certificates that are `active` and not expired on the evaluation "
        "date (valid through their expiry day)"
    ),
    raw=per_vendor(certifications),
    unit=percent_unit,
    scale=percent_scale,
)

"""The `numeric` kind: a number read from the vendor file at a dotted field path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from vendorscore.criteria.base import (
    CriterionBase,
    Direction,
    Kind,
    RawContext,
    RawValue,
    Sample,
    per_vendor,
)
from vendorscore.models.common import ShortStr
from vendorscore.models.fields import vendor_field_kind, vendor_value
from vendorscore.models.vendor import Vendor


class NumericCriterion(CriterionBase):
    """A number read from the vendor file at a dotted `field` path."""

    kind: Literal["numeric"]
    field: ShortStr = Field(
        description="Dotted path to a number, e.g. kpis.fcr or metrics.references."
    )
    direction: Direction = Field(description="higher or lower is better.")

    @field_validator("field")
    @classmethod
    def _numeric_path(cls, value: str) -> str:
        kind = vendor_field_kind(value)
        if kind != "number":
            what = "not a field" if kind is None else f"a {kind}, not a number"
            raise PydanticCustomError(
                "bad-field",
                "'{field}' is {what} of the vendor file (numbers live in kpis.*, capacity.*, "
                "pricing.rate, metrics.*)",
                {"field": value, "what": what},
            )
        return value

    def better(self) -> Direction:
        return self.direction


def numeric(criterion: NumericCriterion, vendor: Vendor, ctx: RawContext) -> RawValue:
    """The number at the criterion's field path."""
    value = vendor_value(vendor, criterion.field)
    return RawValue(None if value is None else float(value))


def sampled_numeric(
    criterion: NumericCriterion, vendor: Vendor, sample: Sample, ctx: RawContext
) -> Any:
    """The draws of the field, when it varies for this vendor."""
    return sample.fields.get(criterion.field)


def _fields(criterion: NumericCriterion) -> Sequence[str]:
    return (criterion.field,)


KIND = Kind(
    name="numeric",
    model=NumericCriterion,
    summary=(
        "the number at a dotted `field` path (`kpis.fcr`, `capacity.agents`, `metrics.references`)"
    ),
    raw=per_vendor(numeric),
    unit=lambda criterion, currency: "",
    sheet_fields=_fields,
    sampled=sampled_numeric,
)

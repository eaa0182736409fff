"""The parts of a criteria file that are not criteria: gates, the workload, method options."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from vendorscore.models.common import (
    FiniteFloat,
    PositiveFloat,
    PositivePercent,
    ShortStr,
    StrictModel,
    Text,
)
from vendorscore.models.limits import check_magnitude

GateOp = Literal[">=", ">", "<=", "<", "==", "!=", "in", "not_in", "contains"]
Scalar = FiniteFloat | bool | ShortStr


def _gate_value(value: Any) -> Any:
    """A number out of range is one error here, not one per member of the union below."""
    for item in value if isinstance(value, list) else [value]:
        check_magnitude(item)
    return value


class Gate(StrictModel):
    """A must-have on any vendor field; vendors failing it are excluded."""

    field: ShortStr = Field(description="Dotted path in the vendor file, e.g. capacity.agents.")
    op: GateOp = Field(description="Comparison: >= > <= < == != in not_in contains.")
    value: Annotated[Scalar | list[Scalar], BeforeValidator(_gate_value)] = Field(
        description="What the field is compared with."
    )
    label: Text | None = Field(None, description="How the gate is named in reasons.")


class Workload(StrictModel):
    """The buyer's volume model that turns every pricing unit into an annual cost."""

    contacts_per_year: PositiveFloat = Field(description="Contacts handled per year.")
    aht_seconds: PositiveFloat = Field(description="Average handle time per contact, seconds.")
    occupancy: PositivePercent = Field(
        description="% of productive time spent handling contacts (above 0, up to 100)."
    )
    hours_per_fte_month: PositiveFloat | None = Field(
        None, description="Productive hours in one billed FTE-month (needed for per_fte_month)."
    )
    contract_years: PositiveFloat | None = Field(
        None, description="Years setup fees are spread over (needed when a setup fee is quoted)."
    )


class TopsisOptions(StrictModel):
    """Options of the TOPSIS method."""

    normalization: Literal["vector", "utility"] = Field(
        "vector", description="vector: textbook, on raw values; utility: on the utilities."
    )

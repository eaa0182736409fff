"""The criteria file (SPEC §3): weighted criteria, value functions, gates, workload, fx."""

from __future__ import annotations

from pydantic import Field, ValidationError, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from vendorscore.criteria.award import AwardSettings
from vendorscore.criteria.base import Weight
from vendorscore.criteria.registry import Criterion
from vendorscore.criteria.settings import Gate, TopsisOptions, Workload
from vendorscore.criteria.uncertainty import Defaults, driver_problem
from vendorscore.models.choices import Method
from vendorscore.models.common import (
    Currency,
    FreeText,
    IsoDate,
    PositiveFloat,
    Slug,
    StrictModel,
    Text,
    empty_dict,
    empty_list,
)
from vendorscore.models.spread import SPREADS


class CriteriaFile(StrictModel):
    """An evaluation: weighted criteria, gates and the settings they need."""

    name: Text = Field(description="Name of the evaluation.")
    description: FreeText | None = Field(None, description="Free text shown in reports.")
    client: Text | None = Field(
        None, description="Who the evaluation is for (the report's header and PDF cover)."
    )
    author: Text | None = Field(
        None, description="Who wrote the evaluation (the report's header and PDF cover)."
    )
    version: Text | None = Field(
        None,
        description="The document's version, as text: '1.2', 'draft 3' (the report's header and "
        "PDF cover).",
    )
    evaluation_date: IsoDate | None = Field(
        None, description="Date certificates must be valid on; its year is the coverage year."
    )
    currency: Currency = Field("USD", description="Base currency of the evaluation.")
    fx: dict[Currency, PositiveFloat] = Field(
        default_factory=empty_dict, description="Base-currency units per one unit of each currency."
    )
    fx_as_of: IsoDate | None = Field(None, description="Date of the fx rates (for reports).")
    method: Method = Field("weighted_sum", description="Aggregation method.")
    topsis: TopsisOptions | None = Field(None, description="TOPSIS options.")
    workload: Workload | None = Field(None, description="Needed when a cost criterion exists.")
    groups: dict[Slug, Weight] | None = Field(None, description="Group weights (one level).")
    tie_breakers: list[Slug] = Field(
        default_factory=empty_list, description="Criterion ids compared in order to break ties."
    )
    gates: list[Gate] = Field(
        default_factory=empty_list, description="Must-haves on vendor fields."
    )
    criteria: list[Criterion] = Field(min_length=1, description="The criteria.")
    uncertainty: Defaults | None = Field(
        None,
        description="Default spreads for figures vendors left exact (kpis.*: {plus_minus: 2}), "
        "and the shared drivers fx and volume (in percent).",
    )

    award: AwardSettings | None = Field(
        None, description="The split-award problem `vendorscore award` solves (README)."
    )

    @field_validator("uncertainty")
    @classmethod
    def _spreads_that_count(cls, value: Defaults | None) -> Defaults | None:
        """Each default has a spread, and the drivers' are in percent: errors at their key."""
        errors: list[InitErrorDetails] = []
        for key, spread in (value or {}).items():
            if all(getattr(spread, k) is None for k in (*SPREADS, "sd")):
                problem: tuple[str, str] | None = (
                    "uncertainty-empty",
                    f"'{key}' has no spread: give plus_minus, plus_minus_percent, minus/plus, "
                    "minus_percent/plus_percent or sd",
                )
            else:
                why = driver_problem(key, spread)
                problem = ("uncertainty-driver", why) if why else None
            if problem is not None:
                code, message = problem
                errors.append(
                    InitErrorDetails(type=PydanticCustomError(code, message), loc=(key,), input=key)
                )
        if errors:
            raise ValidationError.from_exception_data("uncertainty", errors)
        return value

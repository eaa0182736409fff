"""The criteria file (SPEC §3): weighted criteria, value functions, gates, workload, fx."""

from __future__ import annotations

import itertools
import math
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    Strict,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vendorscore.formatting import fmt_num
from vendorscore.models.common import (
    Currency,
    FiniteFloat,
    IsoDate,
    LanguageTag,
    NonNegativeFloat,
    Percent,
    PositiveFloat,
    Slug,
    StrictModel,
    Text,
)
from vendorscore.models.fields import vendor_field_kind
from vendorscore.models.vendor import Level, WindowTimes

Direction = Literal["higher", "lower"]
Method = Literal["weighted_sum", "weighted_product", "topsis"]
METHODS: tuple[Method, ...] = ("weighted_sum", "weighted_product", "topsis")


def _weight(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise PydanticCustomError("not-finite", "weight must be a finite number")
        if value < 0:
            raise PydanticCustomError(
                "weight-negative", "weight must be >= 0, got {value}", {"value": fmt_num(value)}
            )
    return value


Weight = Annotated[
    float, BeforeValidator(_weight), WithJsonSchema({"type": "number", "minimum": 0})
]


# --- value functions -----------------------------------------------------------------------


class MinMax(StrictModel):
    """(x - min) / (max - min) over the vendors that passed the gates (relative)."""

    method: Literal["min_max"]


class Ratio(StrictModel):
    """x / max (higher) or min / x (lower): the lowest-price-gets-full-marks formula (relative)."""

    method: Literal["ratio"]


class Absolute(StrictModel):
    """clamp((x - worst) / (best - worst), 0, 1) with fixed bounds: no rank reversal."""

    method: Literal["absolute"]
    best: FiniteFloat | None = Field(None, description="Raw value that earns utility 1.")
    worst: FiniteFloat | None = Field(None, description="Raw value that earns utility 0.")

    @model_validator(mode="after")
    def _distinct(self) -> Absolute:
        if self.best is not None and self.worst is not None and self.best == self.worst:
            raise PydanticCustomError(
                "absolute-bounds",
                "best and worst must differ, both are {v}",
                {"v": fmt_num(self.best)},
            )
        return self


class Piecewise(StrictModel):
    """Linear between the points [x, u], flat beyond the ends."""

    method: Literal["piecewise"]
    points: list[Annotated[tuple[FiniteFloat, FiniteFloat], Strict(False)]] = Field(
        min_length=2, description="[[x1, u1], [x2, u2], ...], x strictly ascending, u in 0..1."
    )

    @field_validator("points")
    @classmethod
    def _ascending(cls, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        for (x0, _), (x1, _) in itertools.pairwise(points):
            if not x1 > x0:
                raise PydanticCustomError(
                    "piecewise-order",
                    "piecewise x values must be strictly ascending, got {a} then {b}",
                    {"a": fmt_num(x0), "b": fmt_num(x1)},
                )
        for _, u in points:
            if not 0 <= u <= 1:
                raise PydanticCustomError(
                    "piecewise-utility",
                    "piecewise utilities must lie in 0..1, got {u}",
                    {"u": fmt_num(u)},
                )
        return points


Scoring = Annotated[MinMax | Ratio | Absolute | Piecewise, Field(discriminator="method")]

# --- criteria ------------------------------------------------------------------------------

Missing = Literal["worst", "exclude", "ignore"]


class CriterionBase(StrictModel):
    """Fields every criterion has."""

    id: Slug = Field(description="Unique criterion id (a slug).")
    label: Text | None = Field(None, description="Display name (default: the id).")
    description: str | None = Field(None, description="What the criterion measures.")
    weight: Weight = Field(description="Relative weight >= 0 (0 = shown but not scored).")
    group: Slug | None = Field(None, description="Group named in `groups`.")
    scoring: Scoring | None = Field(None, description="Value function (default per kind).")
    minimum: FiniteFloat | None = Field(
        None, description="Gate: vendors whose raw value is below this are excluded."
    )
    maximum: FiniteFloat | None = Field(
        None, description="Gate: vendors whose raw value is above this are excluded."
    )
    missing: Missing = Field(
        "worst", description="When a vendor has no value: worst (utility 0), exclude, or ignore."
    )

    @property
    def title(self) -> str:
        """The label, or the id."""
        return self.label or self.id

    def better(self) -> Direction:
        """Whether higher or lower raw values are better."""
        return "higher"

    def required_items(self) -> list[str]:
        """Items a vendor must have (languages, certificates, set members); none by default."""
        return []

    @property
    def has_gate(self) -> bool:
        """True when the criterion excludes vendors by its raw value or by required items."""
        return self.minimum is not None or self.maximum is not None or bool(self.required_items())


class NumericCriterion(CriterionBase):
    """A number read from the vendor file at a dotted `field` path."""

    kind: Literal["numeric"]
    field: str = Field(description="Dotted path to a number, e.g. kpis.fcr or metrics.references.")
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


class CostCriterion(CriterionBase):
    """Annual cost in the base currency, from each vendor's pricing and the workload."""

    kind: Literal["cost"]

    def better(self) -> Direction:
        return "lower"


class CoverageCriterion(CriterionBase):
    """% of the required weekly minutes over the evaluation year that the vendor covers."""

    kind: Literal["coverage"]
    required: list[WindowTimes] = Field(min_length=1, description="The windows the buyer needs.")
    channel: Text | None = Field(
        None, description="Only vendor windows serving this channel count."
    )

    def required_items(self) -> list[str]:
        return []


class LanguagesCriterion(CriterionBase):
    """% of contact demand served at `min_level` or better."""

    kind: Literal["languages"]
    demand: dict[LanguageTag, PositiveFloat] = Field(
        min_length=1, description="Relative shares of contact volume by language tag."
    )
    min_level: Level = Field("B2", description="Lowest level that counts (default B2).")
    required: list[LanguageTag] = Field(
        default_factory=list, description="Gate: languages the vendor must serve at min_level."
    )

    def required_items(self) -> list[str]:
        return list(self.required)


class PointsCriterion(CriterionBase):
    """Points for listed items (set and certifications), with required items and aliases."""

    points: dict[str, NonNegativeFloat] = Field(
        default_factory=dict, description="Points per listed item."
    )
    required: list[Text] = Field(
        default_factory=list, description="Gate: items the vendor must have."
    )
    aliases: dict[str, list[Text]] = Field(
        default_factory=dict, description="Other spellings of a listed item."
    )

    def required_items(self) -> list[str]:
        return list(self.required)


class SetCriterion(PointsCriterion):
    """Points of the listed items the vendor has, as % of all points."""

    kind: Literal["set"]
    field: str = Field(description="Dotted path to a list in the vendor file, e.g. channels.")

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


class RubricCriterion(CriterionBase):
    """Evaluators' scores on a scale, aggregated by mean or median."""

    kind: Literal["rubric"]
    scale: tuple[FiniteFloat, FiniteFloat] = Field(
        (1.0, 5.0),
        strict=False,
        description="[lowest, highest] score on the rubric (default [1, 5]).",
    )
    aggregate: Literal["mean", "median"] = Field("mean", description="How scores combine.")
    disagreement: Percent = Field(
        30.0, description="Flag when evaluators' spread is at least this % of the scale range."
    )

    @field_validator("scale")
    @classmethod
    def _scale(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not value[0] < value[1]:
            raise PydanticCustomError(
                "bad-scale",
                "scale must be [lowest, highest] with lowest < highest, got [{a}, {b}]",
                {"a": fmt_num(value[0]), "b": fmt_num(value[1])},
            )
        return value


Criterion = Annotated[
    NumericCriterion
    | CostCriterion
    | CoverageCriterion
    | LanguagesCriterion
    | SetCriterion
    | CertificationsCriterion
    | RubricCriterion,
    Field(discriminator="kind"),
]
KINDS = ("numeric", "cost", "coverage", "languages", "set", "certifications", "rubric")

# --- the file ------------------------------------------------------------------------------

GateOp = Literal[">=", ">", "<=", "<", "==", "!=", "in", "not_in", "contains"]
Scalar = FiniteFloat | bool | str


class Gate(StrictModel):
    """A must-have on any vendor field; vendors failing it are excluded."""

    field: str = Field(description="Dotted path in the vendor file, e.g. capacity.agents.")
    op: GateOp = Field(description="Comparison: >= > <= < == != in not_in contains.")
    value: Scalar | list[Scalar] = Field(description="What the field is compared with.")
    label: Text | None = Field(None, description="How the gate is named in reasons.")


class Workload(StrictModel):
    """The buyer's volume model that turns every pricing unit into an annual cost."""

    contacts_per_year: PositiveFloat = Field(description="Contacts handled per year.")
    aht_seconds: PositiveFloat = Field(description="Average handle time per contact, seconds.")
    occupancy: Percent = Field(description="% of productive time spent handling contacts.")
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


class CriteriaFile(StrictModel):
    """An evaluation: weighted criteria, gates and the settings they need."""

    name: Text = Field(description="Name of the evaluation.")
    description: str | None = Field(None, description="Free text shown in reports.")
    evaluation_date: IsoDate | None = Field(
        None, description="Date certificates must be valid on; its year is the coverage year."
    )
    currency: Currency = Field("USD", description="Base currency of the evaluation.")
    fx: dict[Currency, PositiveFloat] = Field(
        default_factory=dict, description="Base-currency units per one unit of each currency."
    )
    fx_as_of: IsoDate | None = Field(None, description="Date of the fx rates (for reports).")
    method: Method = Field("weighted_sum", description="Aggregation method.")
    topsis: TopsisOptions | None = Field(None, description="TOPSIS options.")
    workload: Workload | None = Field(None, description="Needed when a cost criterion exists.")
    groups: dict[Slug, Weight] | None = Field(None, description="Group weights (one level).")
    tie_breakers: list[Slug] = Field(
        default_factory=list, description="Criterion ids compared in order to break ties."
    )
    gates: list[Gate] = Field(default_factory=list, description="Must-haves on vendor fields.")
    criteria: list[Criterion] = Field(min_length=1, description="The criteria.")

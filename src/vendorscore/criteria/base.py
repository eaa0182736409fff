"""What every criterion has, the value-function models, and what a criterion kind declares.

A kind (numeric, cost, coverage, …) is one module of this package: its pydantic model, how a
vendor's raw value is read, the raw value's unit, its natural scale (the bounds of absolute
scoring, or None for unbounded values scored min-max by default), and the vendor fields the
response sheet must ask for. ``registry.py`` lists the kinds; everything else (the
discriminated union, the JSON Schema, the sheet columns, the README table) is derived.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    Strict,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vendorscore.criteria.settings import StaffedHours
from vendorscore.formatting import fmt_num
from vendorscore.models.common import FiniteFloat, FreeText, Slug, StrictModel, Text
from vendorscore.models.limits import MAX_MAGNITUDE, check_magnitude
from vendorscore.models.scores import ScoresFile
from vendorscore.models.vendor import Vendor

if TYPE_CHECKING:
    from vendorscore.criteria.file import CriteriaFile

Direction = Literal["higher", "lower"]
Missing = Literal["worst", "exclude", "ignore"]


def _weight(value: Any) -> Any:
    """Weights are finite, >= 0 and below 10^15 (so that any sum of them stays finite)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise PydanticCustomError("not-finite", "weight must be a finite number")
        if value < 0:
            raise PydanticCustomError(
                "weight-negative", "weight must be >= 0, got {value}", {"value": fmt_num(value)}
            )
        check_magnitude(value)
    return value


Weight = Annotated[
    float,
    BeforeValidator(_weight),
    WithJsonSchema({"type": "number", "minimum": 0, "exclusiveMaximum": MAX_MAGNITUDE}),
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


class CriterionBase(StrictModel):
    """Fields every criterion has."""

    if TYPE_CHECKING:
        kind: str  # each kind declares it as a Literal (the union's tag)
    id: Slug = Field(description="Unique criterion id (a slug).")
    label: Text | None = Field(None, description="Display name (default: the id).")
    description: FreeText | None = Field(None, description="What the criterion measures.")
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


# --- what a kind declares ------------------------------------------------------------------


@dataclass(frozen=True)
class RawValue:
    """A vendor's raw value for a criterion and the required items it lacks (for gates)."""

    value: float | None
    lacking: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawContext:
    """What a kind may read besides the vendors: the evaluation's settings, the evaluators'
    score sheets, and the evaluation date."""

    settings: CriteriaFile
    scores: Sequence[ScoresFile]
    on: date
    staffed: Mapping[str, StaffedHours] = field(default_factory=dict)  # by vendor id


RawFunction = Callable[[Any, Sequence[Vendor], RawContext], Sequence[RawValue]]


@dataclass(frozen=True)
class Sample:
    """One vendor's draws within a chunk of uncertainty samples (README). Every number here
    is an array with one entry per sample (numpy, made by ``scoring/uncertain.py``); the
    kinds compute with them by plain arithmetic, so the same code gives the point value and
    the sampled one."""

    fields: Mapping[str, Any] = field(default_factory=dict)  # vendor field path -> draws
    fx: Mapping[str, Any] = field(default_factory=dict)  # quote currency -> sampled rate
    volume: Any = None  # factor on the workload's contacts per year
    staffed: StaffedHours | None = None  # hours at the sampled load (staffing models)
    evaluators: Mapping[str, Any] = field(default_factory=dict)  # rubric id -> drawn score

    def get(self, path: str, point: Any) -> Any:
        """The draws of a vendor field, or its point value when it does not vary."""
        return self.fields.get(path, point)


# (criterion, vendor, its draws, context) -> the raw value per sample, or None when the
# vendor's raw value on this criterion does not vary
SampleFunction = Callable[[Any, Vendor, Sample, RawContext], Any]


def per_vendor(fn: Callable[[Any, Vendor, RawContext], RawValue]) -> RawFunction:
    """A raw-value function over all vendors from one that reads a single vendor."""

    def column(criterion: Any, vendors: Sequence[Vendor], ctx: RawContext) -> list[RawValue]:
        return [fn(criterion, v, ctx) for v in vendors]

    return column


def _no_fields(criterion: Any) -> Sequence[str]:
    return ()


@dataclass(frozen=True)
class Kind:
    """A criterion kind, declared once: everything else about kinds is derived from these."""

    name: str  # the `kind:` tag in the criteria file
    model: type[CriterionBase]
    summary: str  # one line for the README's table of kinds
    # Its raw values over all vendors, in plain Python; None for a kind computed on arrays,
    # whose column is registered by kind in ``scoring/columns.py`` (no numpy here).
    raw: RawFunction | None
    unit: Callable[[Any, str], str]  # (criterion, base currency) -> unit of the raw value
    # The natural [worst, best] range of the raw value (the default bounds of absolute
    # scoring); None for unbounded values, which default to min-max and need explicit bounds.
    scale: Callable[[Any], tuple[float, float]] | None = None
    sheet_fields: Callable[[Any], Sequence[str]] = _no_fields  # vendor fields it reads
    sheet_languages: Callable[[Any], Sequence[str]] = _no_fields  # languages it asks about
    sampled: SampleFunction | None = None  # its raw value under uncertainty draws


def percent_unit(criterion: Any, currency: str) -> str:
    """The unit of kinds whose raw value is a percentage."""
    return "%"


def percent_scale(criterion: Any) -> tuple[float, float]:
    """0..100, the natural scale of percentage kinds."""
    return (0.0, 100.0)

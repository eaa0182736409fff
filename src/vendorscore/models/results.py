"""Results as data: the ranking and everything an output view needs (SPEC §6.1).

Plain frozen dataclasses rather than pydantic models: a 100 000-vendor ranking creates over a
million of them, and they are built from validated values, so validation would only cost time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from vendorscore.models.choices import Method, ScoringMethod
from vendorscore.models.staffing import Staffing


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """One vendor on one criterion: raw value (None when missing), utility, contribution."""

    raw: float | None
    utility: float | None
    contribution: float | None
    low: float | None = None  # the raw value's range, when it comes from uncertain figures
    high: float | None = None


@dataclass(frozen=True, slots=True)
class ScoredVendor:
    """A ranked vendor."""

    rank: int
    id: str
    name: str
    score: float
    criteria: dict[str, CriterionScore]


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A vendor that failed a gate, with every reason."""

    id: str
    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning in the output: a code and a sentence."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class CriterionInfo:
    """How a criterion was scored, for tables and reports."""

    id: str
    label: str
    kind: str
    group: str | None
    nominal_weight: float
    weight: float
    direction: Literal["higher", "lower"]
    scoring: ScoringMethod
    scoring_detail: str
    unit: str


@dataclass(frozen=True, slots=True)
class Inputs:
    """The files that went in (paths as the user gave them) and one digest of their bytes."""

    criteria: str
    vendors: tuple[str, ...]
    scores: tuple[str, ...]
    sha256: str


@dataclass(frozen=True, slots=True)
class RubricDetail:
    """Evaluators' scores behind one rubric value."""

    vendor: str
    criterion: str
    scores: tuple[tuple[str, float], ...]
    value: float | None
    consensus: bool
    disagreement: bool


@dataclass(frozen=True, slots=True)
class CostLine:
    """How one vendor's annual cost is made (excluded vendors too): the quote, the volume the
    unit is applied to, the exchange rate, the setup fee spread over the contract, the total.
    ``run_rate + setup_per_year == annual`` in the base currency."""

    id: str
    name: str
    unit: str  # the pricing unit
    rate: float  # in ``quote_currency`` per unit
    quote_currency: str
    fx: float  # base-currency units per one unit of ``quote_currency``
    fx_as_of: date | None  # the criteria file's fx_as_of; None when quoted in the base currency
    quantity: float  # what the rate is applied to, a year
    quantity_unit: str  # staffed hours | FTE-months | handled minutes | contacts | ...
    run_rate: float  # rate x quantity x fx, a year, base currency
    setup_fee: float  # in ``quote_currency``
    setup_per_year: float  # setup fee / contract years x fx, base currency
    annual: float  # run_rate + setup_per_year (the cost criterion's raw value)
    contract_years: float
    contract_total: float  # annual x contract years
    excluded: bool  # the vendor fails a gate
    occupancy: float | None = None  # implied occupancy, % (staffing models)
    peak_rostered: int | None = None  # the peak interval's rostered headcount (staffing models)


@dataclass(frozen=True)
class Ranking:
    """The outcome of `vendorscore rank`."""

    tool_version: str
    name: str
    inputs: Inputs
    evaluation_date: date
    method: Method
    normalization: str | None
    currency: str
    fx: dict[str, float]
    fx_as_of: date | None
    weights: dict[str, float]
    criteria: tuple[CriterionInfo, ...]
    ranking: tuple[ScoredVendor, ...]
    excluded: tuple[Exclusion, ...]
    warnings: tuple[Notice, ...]
    rubrics: tuple[RubricDetail, ...] = field(default=())
    staffing: Staffing | None = None  # workload.model erlang_c or erlang_a
    costs: tuple[CostLine, ...] = ()  # every priced vendor's cost breakdown, by id

    @property
    def winner(self) -> ScoredVendor | None:
        """The first-ranked vendor, if any passed the gates."""
        return self.ranking[0] if self.ranking else None

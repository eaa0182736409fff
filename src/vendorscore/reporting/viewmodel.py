"""The report's view-model as types: what a report template can use, by name.

Every structure is a frozen dataclass; lists are tuples and mappings read-only, so a template
reads everything and changes nothing. A number the report prints is a ``Figure``: ``{{ x }}``
prints its formatted text, ``{{ x.value }}`` is the number. Texts stay ``str``: the renderer
escapes them for the report's format.

Each field's docstring (the string under it) is its one-line description in the README's
template reference (``python -m vendorscore.cli.reference --write``). The sections with
their own builders keep their types beside them (``sensitivity.py``, ``staffing.py``,
``award.py``, ``excluded.py``, ``vendors.py``); a new section adds one field to
``ReportContext`` and its types in its own module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from vendorscore.reporting.award import AwardSection
from vendorscore.reporting.costs import CostSection
from vendorscore.reporting.cover import Cover
from vendorscore.reporting.excluded import ExcludedRow
from vendorscore.reporting.figure import Figure
from vendorscore.reporting.risks import RiskSection
from vendorscore.reporting.scorecards import Scorecard
from vendorscore.reporting.sensitivity import SensitivitySection
from vendorscore.reporting.staffing import StaffingSection
from vendorscore.reporting.summary import ExecutiveSummary
from vendorscore.reporting.vendors import VendorData


@dataclass(frozen=True)
class Recommendation:
    """The recommendation in words."""

    winner: str | None
    """The winner's name (None when no vendor passed the gates)."""
    text: str
    """Who ranks first and by how much (or why there is no recommendation)."""
    score: Figure | None
    """The winner's score (None without a winner)."""
    runner_up: str | None
    """The runner-up's name (None when fewer than two vendors are ranked)."""
    margin: Figure | None
    """The winner's lead over the runner-up, in points (None without a runner-up)."""
    level: str
    """How robust the choice is: ``robust``, ``moderate`` or ``fragile`` (empty without a
    winner)."""
    summary: str
    """The robustness in a sentence (empty without a winner)."""
    details: tuple[str, ...]
    """The robustness findings, one sentence each."""


@dataclass(frozen=True)
class Column:
    """A criterion column of the ranking table."""

    id: str
    """The criterion's id."""
    label: str
    """The criterion's label."""
    weight: Figure
    """Its effective weight, a share 0-1 (prints ``25.0 %``)."""


@dataclass(frozen=True)
class RankingRow:
    """A ranked vendor's line of the ranking table."""

    rank: int
    """Its rank, 1 for the winner."""
    id: str
    """The vendor's id."""
    name: str
    """The vendor's name."""
    score: Figure
    """Its score (0-100 under the weighted sum)."""
    cells: tuple[Figure, ...]
    """One per column: the points the criterion contributes (weighted sum, one decimal) or
    the utility 0-1 (other methods, two decimals); no number for missing data."""


@dataclass(frozen=True)
class CriterionRow:
    """One ranked vendor on one criterion."""

    id: str
    """The vendor's id."""
    vendor: str
    """The vendor's name."""
    raw: Figure
    """Its raw value in the criterion's unit, with its range when it has one (no number,
    ``missing``, when the vendor gave none)."""
    utility: Figure
    """Its utility 0-1 (no number when left out for missing data)."""


@dataclass(frozen=True)
class CriterionDetail:
    """A criterion and how each vendor scored on it."""

    id: str
    """The criterion's id."""
    label: str
    """Its label."""
    kind: str
    """Its kind (cost, coverage, languages, …)."""
    group: str
    """Its group (``—`` when none)."""
    nominal: Figure
    """The weight stated in the criteria file."""
    weight: Figure
    """The effective weight, a share 0-1."""
    direction: str
    """``higher is better`` or ``lower is better``."""
    scoring: str
    """How raw values became utilities, in words."""
    unit: str
    """The raw values' unit (``—`` when none)."""
    rows: tuple[CriterionRow, ...]
    """One row per ranked vendor, in rank order."""


@dataclass(frozen=True)
class WarningRow:
    """A warning of the evaluation."""

    code: str
    """The warning's code."""
    message: str
    """What it says."""


@dataclass(frozen=True)
class Disagreement:
    """Evaluators who disagree on a rubric score."""

    vendor: str
    """The vendor's name."""
    criterion: str
    """The criterion's label."""
    scores: str
    """Each evaluator's score, ``ana 2, ben 5``."""
    value: Figure
    """The score used."""
    consensus: str
    """Whether a moderated consensus score was used, ``yes`` or ``no``."""


@dataclass(frozen=True)
class AuditInput:
    """An input file."""

    path: str
    """Its path as given."""
    sha256: str
    """The sha256 of its bytes."""


@dataclass(frozen=True)
class FxRate:
    """An exchange rate applied."""

    currency: str
    """The currency converted."""
    rate: Figure
    """What one unit of it is worth in the base currency."""


@dataclass(frozen=True)
class Normalisation:
    """How one criterion's raw values became utilities."""

    criterion: str
    """The criterion's label."""
    scoring: str
    """The value function, in words."""


@dataclass(frozen=True)
class AuditWeight:
    """A criterion's weight as stated and as applied."""

    criterion: str
    """The criterion's label."""
    nominal: Figure
    """The weight stated in the criteria file."""
    effective: Figure
    """The effective weight, a share 0-1 (two decimals of a percent)."""


@dataclass(frozen=True)
class Assumptions:
    """The uncertainty the verdict rests on."""

    drawn: str
    """What was drawn, in words."""
    defaults: tuple[str, ...]
    """The criteria file's default spreads, ``key: spread``."""
    audited: tuple[str, ...]
    """The figures marked audited (exact), ``vendor path``."""


@dataclass(frozen=True)
class Audit:
    """What the report was computed from, for reproducing it."""

    inputs: tuple[AuditInput, ...]
    """Every input file with its sha256."""
    sha256: str
    """One digest of all the inputs."""
    tool_version: str
    """The vendorscore version."""
    evaluation_date: str
    """The evaluation date, YYYY-MM-DD."""
    currency: str
    """The base currency."""
    fx: tuple[FxRate, ...]
    """The exchange rates applied."""
    fx_as_of: str
    """Their as-of date, or ``not stated``."""
    method: str
    """The ranking method, in words."""
    normalisations: tuple[Normalisation, ...]
    """How each criterion was scored, in the order of ``weights``."""
    weights: tuple[AuditWeight, ...]
    """Each criterion's weight, stated and effective."""
    smaa: str
    """The SMAA samples, seed and weight model, in words."""
    uncertainty: Assumptions | None
    """The uncertainty drawn and assumed (None when nothing was uncertain)."""


@dataclass(frozen=True)
class Charts:
    """The charts as inline SVG, drawn and escaped by vendorscore (printed as they are)."""

    contributions: str
    """Each vendor's score stacked by criterion."""
    heat_map: str
    """Each vendor's utility on each weighted criterion."""
    acceptability: str
    """SMAA-2 rank acceptability."""
    stability: str
    """Weight-stability intervals."""
    staffing: str | None
    """Agents needed on queue by hour and week (None without a staffing model)."""


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template can use: each field is a top-level name."""

    title: str
    """The evaluation's name."""
    description: str
    """The evaluation's description (empty when none)."""
    cover: Cover
    """The document fields (client, author, version) for the header and the PDF cover."""
    tool_version: str
    """The vendorscore version."""
    evaluation_date: str
    """The evaluation date, YYYY-MM-DD."""
    generated: str | None
    """When the report was generated (None unless ``--timestamp`` or ``SOURCE_DATE_EPOCH``)."""
    method: str
    """The ranking method's id: ``weighted_sum``, ``weighted_product`` or ``topsis``."""
    method_label: str
    """The ranking method in words."""
    contribution_mode: bool
    """Whether criterion cells are points contributed (the weighted sum) or utilities."""
    column_legend: str
    """What the numbers under the criteria are, in a sentence."""
    summary: ExecutiveSummary
    """The executive summary: the decision in money, risk and robustness."""
    recommendation: Recommendation
    """The recommendation."""
    columns: tuple[Column, ...]
    """The ranking table's criterion columns (every criterion, weight 0 included)."""
    labels: Mapping[str, str]
    """Each criterion's label by id."""
    ranking: tuple[RankingRow, ...]
    """The ranked vendors, winner first."""
    criteria: tuple[CriterionDetail, ...]
    """Every criterion with each vendor's raw value and utility."""
    costs: CostSection | None
    """Every priced vendor's cost breakdown (None when the evaluation prices nothing)."""
    excluded: tuple[ExcludedRow, ...]
    """The excluded vendors with why and their numbers."""
    risks: RiskSection
    """The risk register."""
    scorecards: tuple[Scorecard, ...]
    """A scorecard per vendor: ranked ones in rank order, then the excluded."""
    exclusion_cost: str | None
    """What the exclusions cost, when the cheapest bid is excluded (else None)."""
    warnings: tuple[WarningRow, ...]
    """The evaluation's warnings."""
    sensitivity: SensitivitySection
    """Sensitivity of the ranking to the weights and the data."""
    disagreements: tuple[Disagreement, ...]
    """Rubric scores on which evaluators disagree."""
    audit: Audit
    """What the report was computed from."""
    staffing: StaffingSection | None
    """The staffing section (None under the flat model)."""
    award: AwardSection | None
    """The award section (None without an award)."""
    charts: Charts
    """The charts, as SVG."""
    vendors: tuple[VendorData, ...]
    """Every vendor's own data: the ranked ones in rank order, then the excluded."""
    vendors_by_id: Mapping[str, VendorData]
    """The same records by vendor id (``vendors_by_id[row.id].hq_country``)."""

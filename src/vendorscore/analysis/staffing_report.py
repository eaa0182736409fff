"""What `vendorscore staffing` shows: each vendor's staffing of the year, its annual cost under
the staffing model beside the flat formula's, and the service-level / price trade-off.

Every vendor of the evaluation is shown, sorted by id, whatever the gates say; the peak
gate (``workload.peak_gate``) is the one gate this view judges, since it is made of the
staffing's own figures. Costs are ``criteria/cost.py: annual_cost`` with the staffed hours
(as the cost criterion scores them) and with none (the flat formula).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone

from vendorscore.criteria.cost import CostCriterion, annual_cost, cost_problem
from vendorscore.criteria.file import CriteriaFile
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.criteria.settings import ServiceLevel, StaffedHours, Workload
from vendorscore.errors import ScoringError, UsageError
from vendorscore.models.choices import MAX_SERVICE_LEVELS
from vendorscore.models.results import Inputs
from vendorscore.models.staffing import Staffing, VendorStaffing
from vendorscore.models.vendor import Vendor
from vendorscore.scoring.staffing import hours_by_vendor, hours_of, peak_reason, staff

NEEDS = (
    "`vendorscore staffing` needs a staffed workload: set workload.model: erlang_c or "
    "erlang_a and workload.service_level (e.g. {percent: 80, seconds: 20}), with a cost "
    "criterion"
)


@dataclass(frozen=True)
class VendorRow:
    """One vendor: its staffing, its costs both ways, and the peak-capacity check."""

    id: str
    name: str
    figures: VendorStaffing
    unit: str | None  # the pricing unit; None without pricing (and then no cost)
    cost: float | None  # annual cost in the base currency under the staffing model
    flat_cost: float | None  # the same vendor by the flat formula
    peak_ok: bool  # its declared capacity fields the peak interval's rostered headcount
    peak_reason: str | None  # why not, in the words of the gate
    excluded: bool  # the peak gate is on and it fails it

    @property
    def difference(self) -> float | None:
        """Staffed cost against the flat one, in % (None without both, or a flat cost of 0)."""
        if self.cost is None or self.flat_cost is None or self.flat_cost <= 0:
            return None
        return 100 * (self.cost - self.flat_cost) / self.flat_cost


@dataclass(frozen=True)
class LevelCosts:
    """The year re-staffed at another service-level target: each vendor's hours and cost
    (in the order of ``StaffingReport.vendors``)."""

    service_level: str  # "90/20"
    staffed_hours: tuple[float, ...]
    costs: tuple[float | None, ...]


@dataclass(frozen=True)
class StaffingReport:
    """The staffing command's result."""

    name: str
    inputs: Inputs
    evaluation_date: date
    currency: str
    peak_gate: bool
    staffing: Staffing  # at the workload's own service level
    vendors: tuple[VendorRow, ...]
    levels: tuple[LevelCosts, ...] = ()

    @property
    def excluded(self) -> tuple[VendorRow, ...]:
        """The vendors the peak gate excludes."""
        return tuple(v for v in self.vendors if v.excluded)


def staffed_workload(criteria: CriteriaFile) -> Workload:
    """The workload, when it is staffed and priced; else a ScoringError saying what to set."""
    workload = criteria.workload
    if workload is None:
        raise ScoringError(("workload",), "not-staffed", f"{NEEDS}; there is no workload")
    if not workload.staffed:
        raise ScoringError(
            ("workload", "model"), "not-staffed", f"{NEEDS}; the workload's model is flat"
        )
    if not any(isinstance(c, CostCriterion) for c in criteria.criteria):
        raise ScoringError(("criteria",), "not-staffed", f"{NEEDS}; there is no cost criterion")
    return workload


def _cost(vendor: Vendor, criteria: CriteriaFile, staffed: StaffedHours | None) -> float | None:
    """The annual cost, refused past the limit as the cost criterion refuses it."""
    assert criteria.workload is not None
    amount = annual_cost(vendor, criteria.workload, criteria.currency, criteria.fx, staffed)
    problem = cost_problem(amount, criteria.currency)
    if problem is not None:
        raise ScoringError(("vendors", vendor.id, "pricing", "rate"), "cost-range", problem)
    return amount


def _row(vendor: Vendor, criteria: CriteriaFile, staffing: Staffing, gate: bool) -> VendorRow:
    figures = staffing.of(vendor.id)
    assert figures is not None
    hours = hours_of(figures)
    why = peak_reason(figures, staffing.timezone)
    return VendorRow(
        id=vendor.id,
        name=vendor.name,
        figures=figures,
        unit=vendor.pricing.unit if vendor.pricing is not None else None,
        cost=_cost(vendor, criteria, hours),
        flat_cost=_cost(vendor, criteria, None),
        peak_ok=why is None,
        peak_reason=why,
        excluded=gate and why is not None,
    )


def distinct(levels: Sequence[ServiceLevel]) -> list[ServiceLevel]:
    """The targets in the order given, each once."""
    seen: set[tuple[float, float]] = set()
    out: list[ServiceLevel] = []
    for level in levels:
        key = (level.percent, level.seconds)
        if key not in seen:
            seen.add(key)
            out.append(level)
    return out


def staffing_report(
    inputs: EvaluationInput, levels: Sequence[ServiceLevel] = (), today: date | None = None
) -> StaffingReport:
    """Staff the evaluation year for every vendor (at the workload's target, then at each of
    ``levels``, at most ``MAX_SERVICE_LEVELS``) and price it both ways."""
    criteria = inputs.criteria
    workload = staffed_workload(criteria)
    targets = distinct(levels)
    if len(targets) > MAX_SERVICE_LEVELS:
        raise UsageError(f"at most {MAX_SERVICE_LEVELS} service levels (each re-staffs the year)")
    on = criteria.evaluation_date or today or datetime.now(timezone.utc).date()
    vendors = sorted(inputs.vendors, key=lambda v: v.id)
    staffing = staff(criteria, vendors, on.year, inputs.history)
    rows = tuple(_row(v, criteria, staffing, workload.peak_gate) for v in vendors)
    trade = []
    for level in targets:
        same = level.text() == staffing.service_level
        restaffed = staffing if same else staff(criteria, vendors, on.year, inputs.history, level)
        hours = hours_by_vendor(restaffed)
        trade.append(
            LevelCosts(
                level.text(),
                tuple(hours[v.id].productive for v in vendors),
                tuple(_cost(v, criteria, hours[v.id]) for v in vendors),
            )
        )
    return StaffingReport(
        name=criteria.name,
        inputs=inputs.sources,
        evaluation_date=on,
        currency=criteria.currency,
        peak_gate=workload.peak_gate,
        staffing=staffing,
        vendors=rows,
        levels=tuple(trade),
    )

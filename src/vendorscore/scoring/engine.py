"""The pipeline (SPEC §4): raw values -> gates -> utilities -> aggregate -> rank.

``evaluate`` turns an evaluation's input models into an ``Evaluation``: the numeric matrices the
analysis needs (utilities, weights, raw values of the ranked vendors) and the ``Ranking``
every output view reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import numpy as np
from numpy.typing import NDArray

from vendorscore.criteria.base import RawContext
from vendorscore.criteria.inputs import EvaluationInput
from vendorscore.criteria.registry import Criterion
from vendorscore.criteria.rubric import RubricValue
from vendorscore.errors import ScoringError
from vendorscore.formatting import fmt_num
from vendorscore.models.choices import RELATIVE, Method
from vendorscore.models.results import (
    CriterionInfo,
    Exclusion,
    Notice,
    Ranking,
    RubricDetail,
)
from vendorscore.models.staffing import Staffing
from vendorscore.models.vendor import Vendor
from vendorscore.scoring import gates, methods, staffing
from vendorscore.scoring.columns import raw_column
from vendorscore.scoring.costlines import cost_lines
from vendorscore.scoring.evaluation import Context, Evaluation, fill_worst, row_weights, score
from vendorscore.scoring.sampling import raw_ends
from vendorscore.scoring.scored import scored_vendors
from vendorscore.scoring.setup import describe, effective_weights, unit_of, value_function
from vendorscore.scoring.utility import UtilityProblem, ValueFunction, utilities
from vendorscore.version import __version__

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass
class _RawStage:
    values: Array  # vendors x criteria, NaN where missing
    reasons: list[list[str]]  # per vendor: why it is excluded
    rubrics: list[RubricDetail]
    notices: list[Notice]
    staffing: Staffing | None
    lacking: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)  # per criterion


def _raw_stage(
    inputs: EvaluationInput,
    vendors: Sequence[Vendor],
    units: Sequence[str],
    on: date,
    staffed: Staffing | None,
) -> _RawStage:
    """Raw values of every vendor on every criterion, and the criterion gates they fail."""
    criteria = inputs.criteria.criteria
    stage = _RawStage(
        np.full((len(vendors), len(criteria)), np.nan), [[] for _ in vendors], [], [], staffed
    )
    hours = staffing.hours_by_vendor(staffed) if staffed is not None else {}
    ctx = RawContext(inputs.criteria, inputs.scores, on, hours)
    for j, criterion in enumerate(criteria):
        column = raw_column(criterion)(criterion, vendors, ctx)
        stage.lacking.append(tuple(cell.lacking for cell in column))
        required = bool(criterion.required_items())
        for i, cell in enumerate(column):
            if cell.value is not None:
                stage.values[i, j] = cell.value
            stage.reasons[i] += gates.criterion_gate(
                criterion.title,
                cell.value,
                cell.lacking,
                criterion.minimum,
                criterion.maximum,
                units[j],
                required,
            )
            if cell.value is None and criterion.missing == "exclude" and not criterion.has_gate:
                stage.reasons[i].append(f"{criterion.title}: no value (missing: exclude)")
            if isinstance(cell, RubricValue):
                _rubric_detail(stage, vendors[i].id, criterion.id, cell)
    for i, vendor in enumerate(vendors):
        for gate in inputs.criteria.gates:
            ok, seen = gates.passes(gate, vendor)
            if not ok:
                stage.reasons[i].append(gates.gate_reason(gate, seen))
    workload = inputs.criteria.workload
    if staffed is not None and workload is not None and workload.peak_gate:
        for i, vendor in enumerate(vendors):
            figures = staffed.of(vendor.id)
            why = figures and staffing.peak_reason(figures, staffed.timezone)
            if why:
                stage.reasons[i].append(why)
    return stage


def _rubric_detail(stage: _RawStage, vendor: str, criterion: str, detail: RubricValue) -> None:
    if detail.scores or detail.consensus:
        stage.rubrics.append(
            RubricDetail(
                vendor,
                criterion,
                detail.scores,
                detail.value,
                detail.consensus,
                detail.disagreement,
            )
        )
    if detail.disagreement:
        stage.notices.append(_disagreement(vendor, criterion, detail))


def _disagreement(vendor: str, criterion: str, detail: RubricValue) -> Notice:
    spread = ", ".join(f"{who} {fmt_num(s)}" for who, s in detail.scores)
    moderated = f" (moderated to {fmt_num(detail.value)})" if detail.consensus else ""
    return Notice(
        "evaluator-disagreement",
        f"evaluators disagree on {vendor} / {criterion}: {spread}{moderated}",
    )


def _utility_stage(
    criteria: Sequence[Criterion],
    fns: Sequence[ValueFunction],
    w: Array,
    x: Array,
    ids: Sequence[str],
) -> tuple[Array, Mask, list[Notice]]:
    """Utilities of the ranked vendors, the cells the `ignore` policy drops, and notices."""
    present = ~np.isnan(x)
    used = np.ones_like(present)
    u = np.zeros_like(x)
    notices: list[Notice] = []
    for j, (criterion, fn) in enumerate(zip(criteria, fns, strict=True)):
        try:
            u[:, j], discriminates = utilities(fn, x[:, j], present[:, j])
        except UtilityProblem as problem:
            message = f"'{criterion.id}': {problem}; use min_max or absolute scoring"
            raise ScoringError(("criteria", j, "scoring"), "cannot-score", message) from None
        lacking = ", ".join(ids[int(i)] for i in np.flatnonzero(~present[:, j]))
        if lacking and criterion.missing == "ignore":
            used[~present[:, j], j] = False
            notices.append(
                Notice(
                    "missing-ignore",
                    f"{criterion.title}: no value for {lacking}; "
                    "left out of their score, their other weights renormalised",
                )
            )
        elif lacking:
            notices.append(
                Notice(
                    "missing-worst",
                    f"{criterion.title}: no value for {lacking}; scored as the worst (utility 0)",
                )
            )
        kept = u[used[:, j], j]
        flat = not discriminates or (kept.size > 0 and float(np.ptp(kept)) == 0.0)
        if w[j] > 0 and len(ids) > 1 and flat:
            notices.append(
                Notice(
                    "non-discriminating",
                    f"{criterion.title}: every ranked vendor "
                    f"gets the same utility, so its {w[j] * 100:.1f} % of the "
                    "weight changes no ranking",
                )
            )
    return u, used, notices


def _relative_notice(
    criteria: Sequence[Criterion], fns: Sequence[ValueFunction], w: Array
) -> list[Notice]:
    relative = [
        c.id for c, fn, wj in zip(criteria, fns, w, strict=True) if fn.method in RELATIVE and wj > 0
    ]
    if not relative:
        return []
    verb = "uses" if len(relative) == 1 else "use"
    return [
        Notice(
            "relative-scoring",
            f"{', '.join(relative)} {verb} relative scoring "
            "(min_max or ratio): adding or removing a vendor can change other vendors' "
            "utilities; run `vendorscore sensitivity` for leave-one-out",
        )
    ]


def _ranking_notices(
    method: Method,
    criteria: Sequence[Criterion],
    fns: Sequence[ValueFunction],
    w: Array,
    anyone: bool,
) -> list[Notice]:
    notices = [] if method == "topsis" else _relative_notice(criteria, fns, w)
    if not anyone:
        notices.append(
            Notice("empty-ranking", "no vendor passed the gates: see the excluded vendors")
        )
    return notices


def _product_zero_notices(
    criteria: Sequence[Criterion],
    fns: Sequence[ValueFunction],
    w: Array,
    x: Array,
    u: Array,
    used: Mask,
    ids: Sequence[str],
) -> list[Notice]:
    """Under weighted_product a utility of 0 zeroes the whole score, and min-max always gives
    the worst vendor of a column 0: say so, with what to do instead."""
    notices: list[Notice] = []
    for j, (criterion, fn) in enumerate(zip(criteria, fns, strict=True)):
        if fn.method != "min_max" or w[j] <= 0:
            continue
        zero = ~np.isnan(x[:, j]) & used[:, j] & (u[:, j] <= 0.0)
        if zero.any():
            who = ", ".join(ids[int(i)] for i in np.flatnonzero(zero))
            notices.append(
                Notice(
                    "product-zero",
                    f"{criterion.title}: min-max scoring gives {who} a utility of 0, so "
                    "weighted_product scores them 0 whatever their other criteria; score "
                    "this criterion with absolute bounds (scoring: {method: absolute, best: …, "
                    "worst: …}) or use weighted_sum",
                )
            )
    return notices


def _staffing(inputs: EvaluationInput, vendors: Sequence[Vendor], on: date) -> Staffing | None:
    """The year staffed for every vendor, when the workload's model asks for it."""
    workload = inputs.criteria.workload
    if workload is None or not workload.staffed:
        return None
    return staffing.staff(inputs.criteria, vendors, on.year, inputs.history)


def evaluate(
    inputs: EvaluationInput,
    method: Method | None = None,
    weights: Mapping[str, float] | None = None,
    today: date | None = None,
) -> Evaluation:
    """Score and rank the vendors of an evaluation."""
    crit = inputs.criteria
    method = method or crit.method
    on = crit.evaluation_date or today or datetime.now(timezone.utc).date()
    w = effective_weights(crit, weights or {})
    criteria = tuple(crit.criteria)
    vendors = sorted(inputs.vendors, key=lambda v: v.id)
    units = [unit_of(c, crit.currency) for c in criteria]
    stage = _raw_stage(inputs, vendors, units, on, _staffing(inputs, vendors, on))
    passed = [i for i, why in enumerate(stage.reasons) if not why]
    ids = [vendors[i].id for i in passed]
    x = stage.values[passed]
    fns = [value_function(c) for c in criteria]
    u, used, utility_notices = _utility_stage(criteria, fns, w, x, ids)
    notices = [*inputs.warnings, *stage.notices, *utility_notices]
    notices += _ranking_notices(method, criteria, fns, w, bool(passed))
    if method == "weighted_product":
        notices += _product_zero_notices(criteria, fns, w, x, u, used, ids)
    higher = np.array([fn.higher for fn in fns], dtype=bool)
    on_utilities = bool(crit.topsis and crit.topsis.normalization == "utility")
    breakers = tuple(
        next(j for j, c in enumerate(criteria) if c.id == t) for t in crit.tie_breakers
    )
    raw = fill_worst(x, ~np.isnan(x), higher)
    per_vendor = row_weights(w, used)
    scores = score(method, u, per_vendor, raw, higher, used, on_utilities)
    contrib = methods.contributions(u, per_vendor) if method == "weighted_sum" else None
    names = [vendors[i].name for i in passed]
    # the ranges of the raw values read from uncertain figures (none without them)
    ends = raw_ends(context := _context(inputs, vendors, on, stage, units), passed)
    ranked = scored_vendors(criteria, ids, names, scores, x, u, used, contrib, breakers, ends)
    reasons = zip(vendors, stage.reasons, strict=True)
    excluded = tuple(Exclusion(v.id, v.name, tuple(why)) for v, why in reasons if why)
    ranking = Ranking(
        tool_version=__version__,
        name=crit.name,
        inputs=inputs.sources,
        evaluation_date=on,
        method=method,
        normalization=("utility" if on_utilities else "vector") if method == "topsis" else None,
        currency=crit.currency,
        fx=dict(sorted(crit.fx.items())),
        fx_as_of=crit.fx_as_of,
        weights={c.id: float(w[j]) for j, c in enumerate(criteria)},
        criteria=tuple(_info(c, float(w[j]), fns[j], units[j]) for j, c in enumerate(criteria)),
        ranking=ranked,
        excluded=excluded,
        warnings=tuple(notices),
        rubrics=tuple(stage.rubrics),
        staffing=stage.staffing,
        costs=cost_lines(crit, vendors, {x.id for x in excluded}, stage.staffing),
    )
    matrices = (u, used, raw, higher, on_utilities, breakers, x, tuple(fns))
    return Evaluation(ranking, method, w, tuple(ids), *matrices, context)


def _context(
    inputs: EvaluationInput,
    vendors: Sequence[Vendor],
    on: date,
    stage: _RawStage,
    units: Sequence[str],
) -> Context:
    """What the uncertainty analysis reads besides the matrices."""
    staffed = stage.staffing
    hours = staffing.hours_by_vendor(staffed) if staffed is not None else {}
    raw = RawContext(inputs.criteria, inputs.scores, on, hours)
    lacking = tuple(stage.lacking)
    return Context(inputs, tuple(vendors), raw, stage.values, tuple(units), staffed, lacking)


def _info(c: Criterion, weight: float, fn: ValueFunction, unit: str) -> CriterionInfo:
    return CriterionInfo(
        c.id,
        c.title,
        c.kind,
        c.group,
        c.weight,
        weight,
        c.better(),
        fn.method,
        describe(fn, unit),
        unit,
    )

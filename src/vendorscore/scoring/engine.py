"""The pipeline (SPEC §4): raw values -> gates -> utilities -> aggregate -> rank.

``evaluate`` turns a validated project into an ``Evaluation``: the numeric matrices the
analysis needs (utilities, weights, raw values of the ranked vendors) and the ``Ranking``
every output view reads.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import numpy as np
from numpy.typing import NDArray

from vendorscore import __version__
from vendorscore.errors import InputError, Issue, UsageError
from vendorscore.loading.project import Project
from vendorscore.models.common import fmt_num
from vendorscore.models.criteria import (
    Absolute,
    CertificationsCriterion,
    CostCriterion,
    CoverageCriterion,
    Criterion,
    CriteriaFile,
    LanguagesCriterion,
    MinMax,
    NumericCriterion,
    Piecewise,
    Ratio,
    RubricCriterion,
    SetCriterion,
)
from vendorscore.models.results import (
    CriterionInfo,
    CriterionScore,
    Exclusion,
    Inputs,
    Notice,
    Ranking,
    RubricDetail,
    ScoredVendor,
)
from vendorscore.models.vendor import Vendor
from vendorscore.scoring import gates, methods, raw
from vendorscore.scoring.ranking import rank
from vendorscore.scoring.utility import UtilityProblem, ValueFunction, utilities

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass
class Evaluation:
    """Everything computed for one ranking; the analysis re-scores from these matrices."""

    ranking: Ranking
    method: str
    criteria: tuple[Criterion, ...]
    weights: Array  # effective weights of the criteria, sum 1
    ranked_ids: tuple[str, ...]  # rows of the matrices below, in input (id) order
    utilities: Array  # ranked vendors x criteria
    used: Mask  # False where the `ignore` policy dropped a criterion for a vendor
    raw: Array  # ranked vendors x criteria, missing filled as TOPSIS needs
    higher: Mask  # per criterion: is higher raw better
    topsis_on_utilities: bool
    tie_breakers: tuple[int, ...] = field(default=())


def unit_of(criterion: Criterion, currency: str) -> str:
    """The unit of a criterion's raw value."""
    if isinstance(criterion, CostCriterion):
        return currency
    if isinstance(criterion, (CoverageCriterion, LanguagesCriterion, SetCriterion, CertificationsCriterion)):
        return "%"
    if isinstance(criterion, RubricCriterion):
        return "points"
    return ""


def value_function(criterion: Criterion) -> ValueFunction:
    """The criterion's value function with the defaults of SPEC §4.2 filled in."""
    higher = criterion.better() == "higher"
    scoring = criterion.scoring
    if scoring is None:
        if isinstance(criterion, (NumericCriterion, CostCriterion)):
            return ValueFunction("min_max", higher)
        scoring = Absolute(method="absolute")
    if isinstance(scoring, MinMax):
        return ValueFunction("min_max", higher)
    if isinstance(scoring, Ratio):
        return ValueFunction("ratio", higher)
    if isinstance(scoring, Piecewise):
        xs, us = zip(*scoring.points, strict=True)
        return ValueFunction("piecewise", higher, xs=tuple(xs), us=tuple(us))
    low, high = criterion.scale if isinstance(criterion, RubricCriterion) else (0.0, 100.0)
    best = scoring.best if scoring.best is not None else high
    worst = scoring.worst if scoring.worst is not None else low
    return ValueFunction("absolute", higher, best=best, worst=worst)


def describe(fn: ValueFunction, unit: str) -> str:
    """One line saying how a criterion is scored."""
    if fn.method == "min_max":
        return "min-max over the ranked vendors (relative)"
    if fn.method == "ratio":
        return ("x / highest" if fn.higher else "lowest / x") + " over the ranked vendors (relative)"
    if fn.method == "absolute":
        assert fn.best is not None and fn.worst is not None
        return f"absolute: worst {gates.show(fn.worst, unit)} = 0, best {gates.show(fn.best, unit)} = 1"
    points = ", ".join(f"{fmt_num(x)} → {fmt_num(u)}" for x, u in zip(fn.xs, fn.us, strict=True))
    return f"piecewise: {points}"


def effective_weights(criteria: CriteriaFile, overrides: Mapping[str, float]) -> Array:
    """w_j = group share x share within the group (or share of the total), summing to 1."""
    groups = dict(criteria.groups or {})
    nominal = {c.id: c.weight for c in criteria.criteria}
    for key, value in overrides.items():
        if key in nominal:
            nominal[key] = value
        elif key in groups:
            groups[key] = value
        else:
            raise UsageError(f"--weight {key}=…: no criterion or group with id '{key}'")
    top = {name: w for name, w in groups.items()}
    top.update({c.id: nominal[c.id] for c in criteria.criteria if c.group is None})
    total = sum(top.values())
    if total <= 0:
        raise UsageError("every weight is 0: nothing would be scored")
    out = np.zeros(len(criteria.criteria))
    for j, c in enumerate(criteria.criteria):
        if c.group is None:
            out[j] = nominal[c.id] / total
        else:
            inside = sum(nominal[o.id] for o in criteria.criteria if o.group == c.group)
            out[j] = groups[c.group] / total * (nominal[c.id] / inside) if inside > 0 else 0.0
    if out.sum() <= 0:
        raise UsageError("every criterion weight is 0: nothing would be scored")
    return np.asarray(out / out.sum(), dtype=np.float64)


def digest(project: Project) -> str:
    """sha256 over the digests of the input files, criteria first, then vendor files, then
    score files, each group in order of digest: renaming or reordering files changes nothing."""
    crit = hashlib.sha256(project.criteria_doc.raw).hexdigest()
    others = {id(project.criteria_doc)}
    vendor_docs = {id(v.at.doc): v.at.doc for v in project.vendors if id(v.at.doc) not in others}
    score_docs = {id(s.at.doc): s.at.doc for s in project.scores}
    parts = [crit]
    parts += sorted(hashlib.sha256(d.raw).hexdigest() for d in vendor_docs.values())
    parts += sorted(hashlib.sha256(d.raw).hexdigest() for d in score_docs.values())
    return hashlib.sha256("".join(p + "\n" for p in parts).encode()).hexdigest()


def _raw_values(
    criterion: Criterion, vendors: Sequence[Vendor], project: Project, on: date
) -> tuple[list[raw.RawValue], list[raw.RubricValue]]:
    crit = project.criteria
    sheets = [s.scores for s in project.scores]
    if isinstance(criterion, CostCriterion):
        assert crit.workload is not None
        return [raw.RawValue(raw.annual_cost(v, crit.workload, crit.currency, crit.fx)) for v in vendors], []
    if isinstance(criterion, CoverageCriterion):
        return [raw.coverage(criterion, v, on.year) for v in vendors], []
    if isinstance(criterion, LanguagesCriterion):
        return [raw.languages(criterion, v) for v in vendors], []
    if isinstance(criterion, SetCriterion):
        return [raw.item_set(criterion, v) for v in vendors], []
    if isinstance(criterion, CertificationsCriterion):
        return [raw.certifications(criterion, v, on) for v in vendors], []
    if isinstance(criterion, RubricCriterion):
        details = [raw.rubric(criterion, v.id, sheets) for v in vendors]
        return [raw.RawValue(d.value) for d in details], details
    return [raw.numeric(criterion, v) for v in vendors], []


def evaluate(
    project: Project,
    method: str | None = None,
    weights: Mapping[str, float] | None = None,
    today: date | None = None,
) -> Evaluation:
    """Score and rank the project's vendors."""
    crit = project.criteria
    method = method or crit.method
    on = crit.evaluation_date or today or datetime.now(timezone.utc).date()
    w = effective_weights(crit, weights or {})
    criteria = tuple(crit.criteria)
    vendors = sorted((v.vendor for v in project.vendors), key=lambda v: v.id)
    units = [unit_of(c, crit.currency) for c in criteria]
    notices: list[Notice] = [Notice(i.code, i.message) for i in project.warnings]

    n, m = len(vendors), len(criteria)
    values = np.full((n, m), np.nan)
    reasons: list[list[str]] = [[] for _ in vendors]
    rubrics: list[RubricDetail] = []
    for j, criterion in enumerate(criteria):
        column, details = _raw_values(criterion, vendors, project, on)
        for i, cell in enumerate(column):
            if cell.value is not None:
                values[i, j] = cell.value
            reasons[i] += gates.criterion_gate(
                criterion.title, cell.value, cell.lacking, criterion.minimum, criterion.maximum,
                units[j], bool(criterion.required_items()),
            )
            if cell.value is None and criterion.missing == "exclude" and not criterion.has_gate:
                reasons[i].append(f"{criterion.title}: no value (missing: exclude)")
        for vendor, detail in zip(vendors, details, strict=False):  # details: rubric only
            if detail.scores or detail.consensus:
                rubrics.append(RubricDetail(vendor.id, criterion.id, detail.scores, detail.value, detail.consensus, detail.disagreement))
            if detail.disagreement:
                spread = ", ".join(f"{who} {fmt_num(s)}" for who, s in detail.scores)
                moderated = f" (moderated to {fmt_num(detail.value)})" if detail.consensus else ""
                notices.append(Notice("evaluator-disagreement", f"evaluators disagree on {vendor.id} / {criterion.id}: {spread}{moderated}"))
    for i, vendor in enumerate(vendors):
        for gate in crit.gates:
            ok, seen = gates.passes(gate, vendor)
            if not ok:
                reasons[i].append(gates.gate_reason(gate, seen))

    passed = [i for i in range(n) if not reasons[i]]
    excluded = tuple(Exclusion(vendors[i].id, vendors[i].name, tuple(reasons[i])) for i in range(n) if reasons[i])
    x = values[passed]
    present = ~np.isnan(x)
    used = np.ones_like(present)
    u = np.zeros_like(x)
    fns = [value_function(c) for c in criteria]
    higher = np.array([fn.higher for fn in fns])
    for j, (criterion, fn) in enumerate(zip(criteria, fns, strict=True)):
        try:
            u[:, j], discriminates = utilities(fn, x[:, j], present[:, j])
        except UtilityProblem as problem:
            raise _scoring_issue(project, j, f"'{criterion.id}': {problem}; use min_max or absolute scoring") from None
        lacking = [vendors[passed[i]].id for i in np.flatnonzero(~present[:, j])]
        if lacking and criterion.missing == "ignore":
            used[~present[:, j], j] = False
            notices.append(Notice("missing-ignore", f"{criterion.title}: no value for {', '.join(lacking)}; the criterion is left out of their score and their other weights renormalised"))
        elif lacking:
            notices.append(Notice("missing-worst", f"{criterion.title}: no value for {', '.join(lacking)}; scored as the worst (utility 0)"))
        if w[j] > 0 and len(passed) > 1 and (not discriminates or np.ptp(u[used[:, j], j]) == 0 if used[:, j].any() else False):
            notices.append(Notice("non-discriminating", f"{criterion.title}: every ranked vendor gets the same utility, so its {w[j] * 100:.1f} % of the weight changes no ranking"))

    relative = [c.id for c, fn in zip(criteria, fns, strict=True) if fn.method in {"min_max", "ratio"} and w[criteria.index(c)] > 0]
    if relative and method != "topsis":
        verb = "uses" if len(relative) == 1 else "use"
        notices.append(Notice("relative-scoring", f"{', '.join(relative)} {verb} relative scoring (min_max or ratio): adding or removing a vendor can change other vendors' utilities; run `vendorscore sensitivity` for leave-one-out"))
    if not passed:
        notices.append(Notice("empty-ranking", "no vendor passed the gates: see the excluded vendors"))

    row_weights = _row_weights(w, used)
    on_utilities = bool(crit.topsis and crit.topsis.normalization == "utility")
    topsis_raw = _fill_worst(x, present, higher)
    scores = score(method, u, row_weights, topsis_raw, higher, used, on_utilities)
    contrib = methods.contributions(u, row_weights) if method == "weighted_sum" else None

    breaker_idx = tuple(criteria.index(next(c for c in criteria if c.id == t)) for t in crit.tie_breakers)
    ids = [vendors[i].id for i in passed]
    breakers = [[float(u[r, j]) for j in breaker_idx] for r in range(len(passed))]
    order = rank(ids, [float(s) for s in scores], breakers)
    ranked: list[ScoredVendor] = []
    for r, position in order:
        vendor = vendors[passed[r]]
        cells = {
            c.id: CriterionScore(
                None if not present[r, j] else float(x[r, j]),
                float(u[r, j]) if used[r, j] else None,
                float(contrib[r, j]) if contrib is not None and used[r, j] else None,
            )
            for j, c in enumerate(criteria)
        }
        ranked.append(ScoredVendor(position, vendor.id, vendor.name, float(scores[r]), cells))

    infos = tuple(
        CriterionInfo(c.id, c.title, c.kind, c.group, c.weight, float(w[j]), c.better(), fns[j].method, describe(fns[j], units[j]), units[j])
        for j, c in enumerate(criteria)
    )
    ranking = Ranking(
        tool_version=__version__,
        name=crit.name,
        inputs=Inputs(
            project.criteria_doc.display,
            tuple(dict.fromkeys(v.at.doc.display for v in project.vendors)),
            tuple(s.at.doc.display for s in project.scores),
            digest(project),
        ),
        evaluation_date=on,
        method=method,
        normalization=("utility" if on_utilities else "vector") if method == "topsis" else None,
        currency=crit.currency,
        fx=dict(sorted(crit.fx.items())),
        fx_as_of=crit.fx_as_of,
        weights={c.id: float(w[j]) for j, c in enumerate(criteria)},
        criteria=infos,
        ranking=tuple(ranked),
        excluded=excluded,
        warnings=tuple(notices),
        rubrics=tuple(rubrics),
    )
    return Evaluation(ranking, method, criteria, w, tuple(ids), u, used, topsis_raw, higher, on_utilities, breaker_idx)


def _row_weights(w: Array, used: Mask) -> Array:
    if used.all():
        return w
    rows = np.where(used, w, 0.0)
    sums = rows.sum(axis=1, keepdims=True)
    return np.asarray(np.divide(rows, sums, out=np.zeros_like(rows), where=sums > 0), dtype=np.float64)


def _fill_worst(x: Array, present: Mask, higher: Mask) -> Array:
    """For TOPSIS, a missing raw value becomes the worst value among the others (SPEC §4.4)."""
    filled = x.copy()
    for j in range(x.shape[1]):
        column = x[present[:, j], j]
        worst = (column.min() if higher[j] else column.max()) if column.size else 0.0
        filled[~present[:, j], j] = worst
    return filled


def score(
    method: str, u: Array, weights: Array, raw_values: Array, higher: Mask, used: Mask, on_utilities: bool
) -> Array:
    """Scores 0-100 of every vendor under ``method``."""
    if method == "weighted_sum":
        return methods.weighted_sum(u, weights)
    if method == "weighted_product":
        return methods.weighted_product(u, weights)
    if on_utilities:
        return methods.topsis(u, weights, np.ones_like(higher), used)
    return methods.topsis(raw_values, weights, higher, used)


def _scoring_issue(project: Project, index: int, message: str) -> InputError:
    doc = project.criteria_doc
    line, column = doc.locate(("criteria", index, "scoring"))
    return InputError([Issue(doc.display, line, column, "cannot-score", message)])


def finite(value: float) -> bool:
    """True for a finite float (outputs never carry NaN or infinity)."""
    return math.isfinite(value)
